import pytest

from comments.moderation.base import Draft, ReviewContext
from comments.moderation.racism import RacismRule

RULE = RacismRule()


def excerpts(text: str) -> list[str]:
    return [f.excerpt for f in RULE.check(Draft(text), ReviewContext())]


@pytest.mark.parametrize(
    "text",
    [
        "Flüchtlinge sind Ungeziefer.",
        "Die Juden sind doch alle Parasiten.",
        "Ausländer sind Tiere, nichts anderes.",
        "Muslime sind minderwertig.",
        "Die Amerikaner sind Abschaum.",
        "Schwule sind krank und keine Menschen.",
        "Ausländer raus!",
        "Raus mit den Türken!",
        "Tod den Juden",
        "Juden sollte man vergasen.",
        "Dieses Ausländerpack",
        "Flüchtlingsgesindel",
        "Kanakenpack",
        "Überfremdung",
        "Umvolkung ist real.",
        "Neger",
        "Nigger",
        "Zigeuner",
        "Schlitzaugen",
    ],
)
def test_racist_statements(text):
    assert excerpts(text), text


@pytest.mark.parametrize(
    "text",
    [
        "N3g3r",
        "N.i.g.g.e.r",
        "Ü b e r f r e m d u n g",
        "FLÜCHTLINGE SIND UNGEZIEFER",
        "Fluechtlinge sind Ungeziiiefer",
        "Ausl4ender r4us",
        "Kan4ken",
    ],
)
def test_evasion(text):
    assert excerpts(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Niger und Nigeria sind wichtige Märkte in Westafrika.",
        "Die Negev-Wüste",
        "Zigeunerschnitzel steht noch auf mancher Speisekarte.",
        "Frauen sind keine Tiere, sondern Kundinnen.",
        "Flüchtlinge sind nicht kriminell, das zeigen die Zahlen.",
        "Die Chinesen sind beim Thema KI weit vorne.",
        "Polen sind wichtige Handelspartner.",
        "Die Türken haben eine starke Start-up-Szene.",
        "Wir haben viele Mitarbeiter mit Migrationshintergrund.",
        "Ausländer, die hier arbeiten, zahlen Steuern.",
        "Die Deutschen sind Weltmeister im Bedenkentragen.",
        "Schwarze Zahlen schreiben wir erst seit 2011.",
        "Die Russen sind beim Gas ein schwieriger Partner.",
        "Die Amerikaner sind bei Social Media uns drei Jahre voraus.",
        "Tierisch gut, diese Kampagne.",
        "Das Rudel der Wettbewerber",
    ],
)
def test_not_racist(text):
    assert not excerpts(text), text


def actions(text: str) -> list:
    return [f.action for f in RULE.check(Draft(text), ReviewContext())]


@pytest.mark.parametrize(
    "text",
    [
        "Flüchtlinge sind keine Menschen zweiter Klasse.",
        "Muslime sind keine Menschen dritter Klasse, sie sind Kollegen.",
    ],
)
def test_negated_statements_are_no_statements(text):
    assert not excerpts(text), text


def test_a_statement_only_quoted_is_held_as_reported_speech():
    from comments.moderation.base import Action

    assert actions("„Ausländer raus“ – solche Parolen lesen wir hier leider oft.") == [Action.HOLD]
    assert actions("Sätze wie „Flüchtlinge sind Ungeziefer“ zeigen wir an.") == [Action.HOLD]
    # Said in one's own words as well: rejected.
    assert actions("„Ausländer raus“, sag ich doch: Ausländer raus!") == [None]
