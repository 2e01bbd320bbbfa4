import pytest

from comments.moderation.base import Action, Draft, ReviewContext
from comments.moderation.disrespect import DisrespectRule
from comments.moderation.policy import review

RULE = DisrespectRule()


def excerpts(text: str) -> list[str]:
    return [f.excerpt for f in RULE.check(Draft(text), ReviewContext())]


@pytest.mark.parametrize(
    "text",
    [
        # telling someone to shut up or go away
        "Halt einfach mal die Klappe, Jens.",
        "Halten Sie doch bitte den Mund, Herr Lange.",
        "Klappe halten, Frau Doktor.",
        "Niemand hat dich um deine Meinung gefragt.",
        "Schreiben Sie lieber nichts mehr zu dem Thema.",
        "Hör auf zu kommentieren, das erträgt keiner.",
        "Verschon uns mit deinen Weisheiten.",
        "Geh woanders trollen.",
        # denying intelligence, talking down
        "Bei Ihnen ist wirklich Hopfen und Malz verloren.",
        "Du hast doch nicht alle Tassen im Schrank.",
        "Denken ist echt nicht so dein Ding, was?",
        "Lernen Sie erstmal lesen, bevor Sie kommentieren.",
        "Du hast überhaupt keine Ahnung vom Vertrieb.",
        "Ihnen fehlt offenbar jeder Verstand für das Thema.",
        "Mit Ihnen zu reden ist unter meiner Würde.",
        "Geh zurück in den Sandkasten.",
        "Das verstehst du nicht, Kleiner.",
        "Schätzchen, das ist Strategie, nicht Kaffeeklatsch.",
        # name-calling without a listed insult
        "Du Dummschwätzer hast den Text nicht gelesen.",
        "Sie Blender verkaufen heiße Luft.",
        "Der Autor ist ein eitler Selbstdarsteller.",
        "Frau Hoffmann ist eine Märchentante.",
        "Was für ein Wichtigtuer!",
        "Was bist du nur für ein Schleimer.",
        "Was ist dieser Berater eigentlich bloß für ein Schwätzer?",
        "So ein Heuchler, dieser Berater.",
        "Schwätzer wie Sie braucht die Branche nicht.",
        "Laberbacke.",
        "Sie erbärmliche Person.",
        "Du bist so peinlich.",
        "Sind Sie wirklich so ahnungslos?",
        # evasions
        "Du Schwäääätzer.",
        "Halt die K.l.a.p.p.e.",
    ],
)
def test_personal_attacks_are_found(text):
    assert excerpts(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Der Artikel ist lächerlich, die Zahlen sind peinlich.",
        "Diese ganzen Blender auf LinkedIn nerven mich.",
        "Sie sind kein Schwätzer, Herr Lange, das weiß ich.",
        "Der Autor ist ein erfahrener Berater.",
        "Kleiner Tipp: UTM-Parameter helfen enorm.",
        "Die Geschäftsführung hält lieber den Mund, wenn es um Social Media geht.",
        "Haltet die Augen offen, der nächste Shitstorm kommt bestimmt.",
        "Lassen Sie uns in Ruhe darüber reden.",
        "Dann gehen die Kunden eben woanders hin.",
        "Ich gehe im Herbst zurück an die Uni.",
        "Ich habe keine Ahnung, wie wir das messen sollen.",
        "Mein Chef sagt immer „Halt die Klappe und arbeite“ – so viel zur Kultur.",
        "Unsere Facebook-Seite ist ein hoffnungsloser Fall.",
        "Sie haben den richtigen Beruf gewählt, Frau Hoffmann.",
        "Blender ist ein 3D-Programm, das wir für Produktvideos nutzen, und es ist großartig.",
    ],
)
def test_fair_criticism_is_not_an_attack(text):
    assert excerpts(text) == []


def test_it_only_ever_holds():
    decision = review(Draft("Halt einfach die Klappe, du Sesselfurzer."), ReviewContext())
    assert decision.action is Action.HOLD
    assert decision.rules == ("respekt",)


def test_excerpt_is_what_the_commenter_typed():
    assert any("Dummschwätzer" in e for e in excerpts("Was für ein Dummschwätzer."))


@pytest.mark.parametrize(
    "text",
    [
        "Mit dir kann man nicht reden, du bist ein hoffnungsloser Fall.",
        "Hast du den Artikel überhaupt verstanden oder nur die Bilder angeguckt?",
        "Haben Sie den Text überhaupt gelesen?",
    ],
)
def test_attacks_after_a_negated_clause_and_rhetorical_questions(text):
    assert RULE.check(Draft(text), ReviewContext()), text


@pytest.mark.parametrize(
    "text",
    [
        "Die Lügenpresse schreibt doch eh, was sie will.",
        "Diese Volksverräter in Berlin.",
        "Typisch Gutmenschen, immer die Moralkeule.",
        "Nur Schlafschafe glauben diese Zahlen.",
        "Politikergesindel!",
    ],
)
def test_fighting_words_are_held_wherever_they_stand(text):
    assert RULE.check(Draft(text), ReviewContext()), text
    assert review(Draft(text)).action is Action.HOLD


@pytest.mark.parametrize(
    "text",
    ["Die Pressestelle hat gelogen.", "Ein Mensch mit gutem Herz.", "Das Schaf im Stall schläft."],
)
def test_ordinary_words_near_fighting_words_pass(text):
    assert not RULE.check(Draft(text), ReviewContext()), text
