import pytest

from comments.moderation.base import Draft, ReviewContext
from comments.moderation.criminal import CriminalRule

RULE = CriminalRule()


def excerpts(text: str) -> list[str]:
    return [f.excerpt for f in RULE.check(Draft(text), ReviewContext())]


@pytest.mark.parametrize(
    "text",
    [
        "Ich bring dich um!",
        "Ich bringe dich um, wenn du das noch mal schreibst.",
        "ich werde dich abstechen",
        "Wir machen euch kalt.",
        "Ich knall dich ab.",
        "Ich weiß, wo du wohnst.",
        "Wir wissen, wo deine Kinder zur Schule gehen.",
        "Man sollte diese Manager alle erschießen.",
        "Jemand müsste die alle aufknüpfen.",
        "Der gehört aufgehängt.",
        "Solche Leute gehören an die Wand gestellt.",
        "Deine Tage sind gezählt.",
        "Ich hoffe, du verreckst.",
        "Ich wünsche dir den Tod.",
        "Asylheim anzünden!",
        "Die Moschee sollte man abfackeln.",
        "Sieg Heil!",
        "Heil Hitler",
        "Meine Ehre heißt Treue",
        "Blut und Ehre",
        "Alles für Deutschland",
        "Ein Volk, ein Reich, ein Führer",
        "Deutschland erwache!",
        "卐",
        "Alles Gute ᛋᛋ",
        "ϟϟ-Runen",
        "Grüße 88",
        "Heil 88!",
        "Mit kameradschaftlichem Gruß, HH und 88",
        "Danke.\n88",
        "14/88",
        "Der Holocaust hat nie stattgefunden.",
        "Den Holocaust gab es nicht.",
        "Hitler hatte recht.",
    ],
)
def test_criminal_content(text):
    assert excerpts(text), text


@pytest.mark.parametrize(
    "text",
    [
        "S1eg H3il",
        "S i e g  H e i l",
        "H.e.i.l H.i.t.l.e.r",
        "1ch br1ng d1ch um!",
        "ICH WEISS WO DU WOHNST",
        "Ich weiss, wo du wohnst",
        "Meine Ehre heisst Treue",
    ],
)
def test_evasion(text):
    assert excerpts(text), text


@pytest.mark.parametrize(
    "text",
    [
        "88 Prozent der Befragten nutzen XING.",
        "Die Zahl 88 ist in unserem Preismodell kein Zufall? Doch, Zufall.",
        "Wir haben 88 Mitarbeiter.",
        "Seite 88 der Studie",
        "Das kostet 88 Euro.",
        "Grüße aus HH",
        "Unser Büro in HH-Altona",
        "Tel. 040 8888 1234",
        "Der Kill-Switch fehlt.",
        "Das Killerfeature ist das Monitoring.",
        "Ich könnte mich totlachen.",
        "Ich lach mich tot.",
        "Man sollte nicht Geld verbrennen.",
        "Wir sollten die Kosten auf die Kunden umlegen.",
        "Man sollte die Plakate aufhängen.",
        "Ich rufe dich um 8 an.",
        "Ich bringe dich um 9 zum Bahnhof.",
        "Das Projekt ist tot.",
        "Die Kampagne hat alle umgehauen.",
        "Diese Idee schlägt alles.",
        "Ein Shitstorm kann eine Marke töten.",
        "Der Holocaust ist das dunkelste Kapitel unserer Geschichte.",
        "Hitler und die Propaganda sind Thema im Geschichtsunterricht.",
        "Der Vergaser meines Autos ist kaputt.",
        "Wir haben den Vertrag gekillt.",
        "Jedem das Seine.",
        "Wir müssen die alten Zöpfe abschneiden.",
    ],
)
def test_not_criminal(text):
    assert not excerpts(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Man muss den Praktikanten ja nicht gleich erschießen, nur weil mal ein Tippfehler "
        "im Tweet ist.",
        "Man sollte die Zeit nicht totschlagen.",
        "Wir haben die Zeit bis zum Launch totgeschlagen.",
        "Man sollte die Zeit nicht mit Reichweite totschlagen.",
        "Ich bring dich doch nicht um, wegen eines Tweets.",
        "Den sollte man keinesfalls an die Wand stellen.",
    ],
)
def test_negations_and_idioms_are_no_threats(text):
    assert not excerpts(text), text


def test_a_threat_only_quoted_is_held_as_reported_speech():
    from comments.moderation.base import Action

    text = "Ein Satz wie „Man sollte euch alle erschießen“ gehört sofort gelöscht."
    assert [f.action for f in RULE.check(Draft(text), ReviewContext())] == [Action.HOLD]
    text = "„Ich bring dich um“ – das hab ich ernst gemeint: Ich bring dich um."
    assert [f.action for f in RULE.check(Draft(text), ReviewContext())] == [None]


def test_denial_is_found_although_it_is_a_negation():
    assert excerpts("Den Holocaust gab es nie.")
    assert excerpts("Der Holocaust hat nie stattgefunden.")
