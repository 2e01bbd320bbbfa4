import pytest
from moderation_helpers import rule_action

from comments.moderation.base import Action, Draft, ReviewContext
from comments.moderation.policy import message_for, review
from comments.moderation.threats import ThreatRule

RULE = ThreatRule()


def findings(text: str):
    return RULE.check(Draft(text), ReviewContext())


def action(text: str) -> Action | None:
    return rule_action(RULE, text)


@pytest.mark.parametrize(
    "text",
    [
        # first person, with the target before or after the verb
        "Ich prügel dich windelweich, du Schreiberling.",
        "Wir machen dich kalt, verlass dich drauf.",
        "Dich stech ich ab, wenn ich dich sehe.",
        "Ich werde dich erwürgen.",
        "Ich will euch alle abknallen.",
        "Wir zünden euer Büro an.",
        "Ich schlag dir sämtliche Zähne ein.",
        "Ich brech dir das Genick.",
        # conditional threats: the first person in the subordinate clause
        "Wenn ich dich auf der Messe sehe, schlag ich dich zusammen.",
        "Falls ich den Verfasser erwische, bring ich ihn um.",
        "Sobald ich die Autorin treffe, kriegt sie was aufs Maul.",
        "Wenn du das noch mal schreibst, polier ich dir die Fresse.",
        # impersonal calls for violence
        "Man sollte den Autor erschießen.",
        "Jemand müsste diesen Typen verprügeln.",
        "Erschlagen sollte man solche Berater.",
        "Am besten hängt man die ganze Geschäftsführung auf.",
        "Es wird Zeit, dass jemand der Agentur die Bude abfackelt.",
        # "gehört …" and modal passives
        "Der Typ gehört totgeschlagen.",
        "Diese Blogger gehören alle erschossen.",
        "Solche Leute sollten gesteinigt werden.",
        # imperatives, also to kill oneself
        "Schlagt ihn tot!",
        "Geht zu der Agentur und zündet denen das Büro an.",
        "Häng dich auf.",
        "Geh dich erschießen.",
        "Bring dich doch einfach um.",
        # phrases of their own
        "Dann gnade dir Gott.",
        "Der kriegt eine Kugel in den Kopf.",
        "Strick um den Hals und fertig.",
    ],
)
def test_threats_and_calls_for_violence_are_rejected(text):
    assert action(text) is Action.REJECT, findings(text)
    assert review(Draft(text), ReviewContext()).action is Action.REJECT


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Ich schlage ihn zusammen.", "schlage … zusammen"),
        ("Wenn ich ihn zusammenschlage, merkt er es.", "zusammenschlage"),
        ("Ich werde ihn zusammenschlagen.", "zusammenschlagen"),
        ("Ich habe vor, ihn zusammenzuschlagen.", "zusammenzuschlagen"),
        ("Der gehört zusammengeschlagen.", "zusammengeschlagen"),
        ("Ich schlag ihn tot.", "schlag … tot"),
        ("Wir schlagen euch tot.", "schlagen … tot"),
        ("Man sollte ihn totschlagen.", "totschlagen"),
        ("Man sollte ihn aufhängen.", "aufhängen"),
        ("Man sollte ihn aufknüpfen.", "aufknüpfen"),
        ("Ich hänge ihn auf.", "hänge … auf"),
        ("Der gehört aufgehängt.", "aufgehängt"),
        ("Ich erschieße ihn.", "erschieße"),
        ("Du erschießt niemanden, ich erschieße dich.", "erschieße"),
        ("Ich stech dich ab.", "stech … ab"),
        ("Ich steche euch ab.", "steche … ab"),
        ("Man müsste sie abstechen.", "abstechen"),
    ],
)
def test_inflection_and_separable_verbs(text, form):
    assert action(text) is Action.REJECT, form


@pytest.mark.parametrize(
    "text",
    [
        "Ich ersch.ieße dich.",
        "Man sollte den Autor AUFHÄNGEN!!!",
        "Ich bring dich uuuuum.",
        "Ich br1ng d1ch um.",
        "Man sollte ihn aufhaengen.",
    ],
)
def test_evasions(text):
    assert action(text) is Action.REJECT


@pytest.mark.parametrize(
    "text",
    [
        # negation between actor and act
        "Man sollte ihn nicht aufhängen, sondern ihm zuhören.",
        "Ich bringe dich nicht um, keine Sorge.",
        "Niemand sollte wegen eines Tweets verprügelt werden.",
        "Wir würden niemals jemanden abstechen.",
        "Man muss den Praktikanten ja nicht gleich erschießen.",
        # past, victims, third persons described
        "Ich wurde nach dem Shitstorm fast zusammengeschlagen.",
        "Ich habe ihn damals fast erwürgt, so wütend war ich.",
        "Gestern wurde in Mexiko wieder ein Journalist erschossen.",
        "Er hat gedroht, sie abzustechen, und wurde verurteilt.",
        # idioms of the trade and similar words
        "Ich schlage vor, dass wir das Budget zusammen planen.",
        "Die Zeit schlagen wir mit Meetings tot.",
        "Wir haben die Kampagne nach zwei Wochen abgeschossen.",
        "Der Algorithmus hat unsere Reichweite gekillt.",
        "Ich plädiere dafür, Social Media bei der Produktentwicklung aufzuhängen.",
        "Wir hängen die Plakate morgen auf.",
        "Die Kosten legen wir auf alle Abteilungen um.",
        "Das Argument schlägt wirklich dem Fass den Boden aus.",
        "Die Konkurrenz hat uns an die Wand gespielt.",
        "Wir zünden nächste Woche die nächste Stufe der Kampagne.",
        "Ich lach mich tot.",
        # discussing violence in general
        "Gewalt gegen Journalisten ist nie eine Lösung.",
        "Die Zahl der Drohungen gegen Community-Manager steigt.",
        "Wer im Netz droht, muss mit einer Anzeige rechnen.",
    ],
)
def test_no_threat(text):
    assert findings(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # reported speech: for a moderator, not rejected
        "Unter unserem Post stand „Man sollte euch alle erschießen“ – wir haben Anzeige erstattet.",
        'Ein Troll schrieb "Ich bring dich um", das haben wir gemeldet.',
        # anger in the subjunctive about a third person
        "Ich könnte den Kollegen erwürgen, wenn er wieder ohne Freigabe postet.",
        # ambiguous entries of the word lists
        "Ich mach dich fertig, warte nur ab.",
        "Ich komme mit dem Baseballschläger vorbei.",
    ],
)
def test_held_not_rejected(text):
    assert action(text) is Action.HOLD, findings(text)
    assert review(Draft(text), ReviewContext(), policy={"strafrecht": "publish"}).action is (
        Action.HOLD
    )


def test_quoted_and_own_threat_together_is_rejected():
    text = "„Man sollte euch erschießen“ schrieb einer. Ich bring dich um, du Troll."
    assert action(text) is Action.REJECT


def test_the_subjunctive_aimed_at_the_reader_is_still_a_threat():
    assert action("Ich würde dich am liebsten abknallen.") is Action.REJECT


def test_message_names_the_threat_as_typed():
    decision = review(Draft("Wenn ich den Autor treffe, schlage ich ihn zusammen!"))
    finding = next(f for f in decision.findings if f.rule == "drohung")
    assert "schlage ich ihn zusammen" in finding.excerpt
    message = message_for(finding)
    assert message.startswith("Dein Kommentar verstößt gegen unsere Community-Richtlinien")
    # The commenter reads the guideline clause the threat rule belongs to, and its advice.
    assert "(Strafrechtlich relevant)" in message
    assert "Drohungen und Aufrufe zu Gewalt sind strafbar" in message


def test_findings_per_comment_are_capped():
    text = " ".join(f"Ich bring dich um, Nummer {i}." for i in range(50))
    assert 1 <= len(findings(text)) <= 5
