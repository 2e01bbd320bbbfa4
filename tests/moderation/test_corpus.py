import pytest
from moderation_helpers import (
    ARTICLE,
    SEED_COMMENTS,
    WATCHED,
    acceptable_corpus,
    violating_corpus,
)

from comments.moderation.base import Action, Draft, ReviewContext
from comments.moderation.policy import review

ACCEPTABLE = acceptable_corpus()
VIOLATING = violating_corpus()
CONTEXTS = {
    "empty": ReviewContext(),
    "article": ReviewContext(post_text=ARTICLE),
    "article+comments": ReviewContext(
        post_text=ARTICLE, recent_comment_texts=tuple(SEED_COMMENTS.values())[:3]
    ),
}


def test_corpus_sizes():
    assert len(ACCEPTABLE) >= 40
    assert len(VIOLATING) >= 40
    codes = {code for code, _ in VIOLATING}
    assert codes == {
        "beleidigung",
        "rassismus",
        "strafrecht",
        "urheberrecht",
        "werbung",
        "beobachtet",
    }


# Acceptable comments a rule holds for a moderator on purpose (never rejects), with the reason.
KNOWN_HOLDS = {
    # The statistical score holds a piece that addresses nobody when it is this sure
    # (COMMENTS_OFFENSIVE_UNADDRESSED_MARGIN; the trade-off is measured in bench/README.md).
    "Ich hasse dieses Buzzword-Geschwurbel.": "beleidigung_score",
}


def known_hold(text: str) -> str | None:
    return next((rule for start, rule in KNOWN_HOLDS.items() if text.startswith(start)), None)


@pytest.mark.parametrize("context", ["empty", "article"])
@pytest.mark.parametrize("text", ACCEPTABLE)
def test_acceptable_comments_publish(text, context):
    decision = review(Draft(text), CONTEXTS[context])
    rule = known_hold(text)
    if rule is None:
        assert decision.action is Action.PUBLISH, decision.findings
    else:
        assert decision.action is Action.HOLD and decision.rules == (rule,), decision.findings


def test_known_holds_are_few_and_in_the_corpus():
    # Every entry names a comment of the corpus, and together they stay under 5 %.
    assert all(any(text.startswith(start) for text in ACCEPTABLE) for start in KNOWN_HOLDS)
    assert 1 <= sum(known_hold(text) is not None for text in ACCEPTABLE) <= len(ACCEPTABLE) // 20


@pytest.mark.parametrize(("code", "text"), VIOLATING)
def test_violating_comments_are_stopped(code, text):
    decision = review(Draft(text), ReviewContext(post_text=ARTICLE, watched_words=WATCHED))
    assert decision.action in (Action.HOLD, Action.REJECT)
    assert code in decision.rules, decision.findings


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@pytest.mark.parametrize("name", sorted(SEED_COMMENTS))
def test_seed_comments_publish(name, context):
    # A comment is never compared with itself: leave it out of the recent comments.
    ctx = CONTEXTS[context]
    recent = tuple(t for t in ctx.recent_comment_texts if t != SEED_COMMENTS[name])
    ctx = ReviewContext(post_text=ctx.post_text, recent_comment_texts=recent)
    decision = review(Draft(SEED_COMMENTS[name], name=name), ctx)
    assert decision.action is Action.PUBLISH, decision.findings


def test_buggisch_with_his_own_website_still_publishes():
    draft = Draft(SEED_COMMENTS["christian_buggisch"], website="http://www.datev.de")
    assert review(draft, CONTEXTS["article"]).action is Action.PUBLISH
