import pytest

from comments.moderation.base import Action, Draft, ReviewContext
from comments.moderation.watched import WatchedWordsRule

RULE = WatchedWordsRule()
CONTEXT = ReviewContext(
    watched_words=(
        ("Schwurbler", "reject"),
        ("Konkurrenzprodukt", "hold"),
        ("*coin", "hold"),
        ("Spam-Marke", "HOLD"),
    )
)


def findings(text: str, context: ReviewContext = CONTEXT):
    return RULE.check(Draft(text), context)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Der Autor ist ein Schwurbler.", Action.REJECT),
        ("Lauter Schwurbler hier", Action.REJECT),
        ("S-c-h-w-u-r-b-l-e-r", Action.REJECT),
        ("SCHWUUURBLER", Action.REJECT),
        ("Schwurbl3r", Action.REJECT),
        ("Das Konkurrenzprodukt ist besser.", Action.HOLD),
        ("Die Konkurrenzprodukte sind besser.", Action.HOLD),
        ("Kauft Shitcoin!", Action.HOLD),
        ("Die Spam-Marke wieder", Action.HOLD),
        ("Die Spammarke wieder", Action.HOLD),
    ],
)
def test_watched_words(text, action):
    result = findings(text)
    assert result and result[0].rule == "beobachtet"
    assert result[0].action is action


@pytest.mark.parametrize("text", ["Schwurbel-Alarm", "Konkurrenz belebt das Geschäft", "Coinbase"])
def test_other_words_pass(text):
    assert not findings(text)


def test_no_watched_words_no_findings():
    assert not findings("Schwurbler", ReviewContext())


def test_stricter_action_wins_for_duplicates():
    context = ReviewContext(watched_words=(("Wort", "hold"), ("Wort", "reject")))
    assert findings("Ein Wort", context)[0].action is Action.REJECT


def test_unknown_action_falls_back_to_hold():
    context = ReviewContext(watched_words=(("Wort", "löschen"),))
    assert findings("Ein Wort", context)[0].action is Action.HOLD
