import pytest
from moderation_helpers import rule_action

from comments.moderation.base import Action, Draft, ReviewContext
from comments.moderation.exclusion import ExclusionRule
from comments.moderation.policy import review

RULE = ExclusionRule()


def findings(text: str):
    return RULE.check(Draft(text), ReviewContext())


def action(text: str) -> Action | None:
    return rule_action(RULE, text)


@pytest.mark.parametrize(
    "text",
    [
        # expulsion and shutting out
        "Die Syrer sollen endlich zurück in ihre Heimat.",
        "Schickt die Afghanen heim, und zwar alle.",
        "Flüchtlinge abschieben, sofort!",
        "Alle Rumänen gehören ausgewiesen.",
        "Muslime gehören nicht nach Deutschland.",
        "Araber haben in unseren Firmen nichts verloren.",
        "Ausländer haben bei uns nichts zu suchen.",
        "Für Migranten sollte es hier keine Wohnungen geben.",
        "Jagt die Bulgaren über die Grenze!",
        "Raus aus Deutschland mit den Türken.",
        "Deutschland den Deutschen!",
        # dehumanisation
        "Die Roma hausen wie die Tiere.",
        "Flüchtlinge vermehren sich wie Kaninchen.",
        "Asylbewerber sind doch keine Menschen.",
        "Für mich sind Juden Menschen zweiter Klasse.",
        "Muslime sind eine Plage für dieses Land.",
        "Das Gesindel aus Nordafrika benimmt sich wie Tiere.",
    ],
)
def test_exclusion_is_rejected(text):
    assert action(text) is Action.REJECT, findings(text)
    assert review(Draft(text), ReviewContext()).action is Action.REJECT


@pytest.mark.parametrize(
    "text",
    [
        # collective blame: for a moderator
        "Die Bulgaren sind doch alle Betrüger.",
        "Alle Araber sind potenzielle Terroristen.",
        "Inder sind faul, sorry, ist so.",
        "Die Polen klauen doch alle.",
        "Die Juden kontrollieren die Medien.",
        "Typisch Türken, nie pünktlich.",
        "Die Presse ist fest in der Hand der Juden.",
        # formulas without a named group
        "Die sollen bleiben, wo sie herkommen.",
        "Die gehören alle abgeschoben.",
        # distancing or quoted: a moderator tells rebuttal from hatred
        "Das Vorurteil, Rumänen sollten alle abgeschoben werden, ist menschenverachtend.",
        "Unter dem Post stand „Ausländer haben hier nichts verloren“, wir haben gelöscht.",
    ],
)
def test_blame_formulas_and_reported_speech_are_held(text):
    assert action(text) is Action.HOLD, findings(text)


@pytest.mark.parametrize(
    "text",
    [
        "Flüchtlinge sind keine Menschen zweiter Klasse.",
        "Nicht alle Polen sind Diebe.",
        "Die Rumänen sind nicht kriminell, das ist Unsinn.",
        "Viele Syrer wurden abgeschoben, obwohl sie hier Arbeit hatten.",
        "Viele Inder gehen nach dem Studium zurück in ihre Heimat.",
        "Viele Geflüchtete finden keine Wohnung.",
        "Wir haben sechs Fachkräfte aus Indien eingestellt.",
        "Die Amerikaner sind beim Social Selling weiter als wir.",
        "Die chinesische Regierung zensiert WeChat.",
        "Werbung hat hier nichts verloren.",
        "Unsere Kunden laufen weg wie die Ratten vom sinkenden Schiff.",
        "Flüchtlinge werden behandelt wie Tiere, das ist eine Schande.",
        "Typisch deutsche Bürokratie, drei Freigaben pro Tweet.",
        "Die Debatte über Abschiebungen hat auf unserer Seite nichts verloren.",
        "Wir sollten den Kunden zuhören und nicht zurück in alte Muster fallen.",
        "Die polnischen Kollegen sollten ihre Gruppe weiterführen.",
    ],
)
def test_no_exclusion(text):
    assert findings(text) == []


def test_evasions_of_the_group_noun():
    assert action("Die Ausläääänder sollen zurück in ihre Heimat.") is Action.REJECT
    assert action("Die AUSLÄNDER sollen zurück in ihre Heimat.") is Action.REJECT
    assert action("Die Auslaender sollen zurück in ihre Heimat.") is Action.REJECT


def test_message_is_german_and_names_the_statement():
    decision = review(Draft("Die Syrer sollen endlich zurück in ihre Heimat."))
    finding = next(f for f in decision.findings if f.rule == "ausgrenzung")
    assert "zurück in ihre Heimat" in finding.excerpt
    assert "Ausgrenzung" in RULE.label


@pytest.mark.parametrize(
    "text",
    [
        "Wer Ali heißt, braucht sich bei uns gar nicht erst zu bewerben.",
        "Bewerber mit Namen wie Mehmet sortieren wir gleich aus.",
        "Leute mit Kopftuch haben in unserem Vertrieb nichts verloren.",
    ],
)
def test_groups_named_by_a_mark_of_their_members(text):
    assert action(text) is Action.REJECT, findings(text)


def test_a_failure_blamed_on_a_group_is_held():
    assert action("Kein Wunder, dass das nicht klappt, wenn man Schwarze einstellt.") is (
        Action.HOLD
    )


@pytest.mark.parametrize(
    "text",
    [
        "Wer Müller heißt, ist nicht automatisch Handwerker.",
        "Kein Wunder, dass die Syrer hier so gut ankommen, sie sind top ausgebildet.",
        "Frauen mit Kopftuch haben es auf dem Arbeitsmarkt schwer, das zeigen Studien.",
        "Bewerber mit Namen wie Ali werden seltener eingeladen, das ist belegt und falsch.",
    ],
)
def test_marks_and_frames_without_exclusion(text):
    assert action(text) is None, findings(text)
