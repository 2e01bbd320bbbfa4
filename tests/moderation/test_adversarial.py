"""Hostile comment bodies are reviewed in bounded time, through the comment form's path.

The bound is generous (it must catch the exponential class of bug, where one comment of
~100 characters kept a worker busy for more than 30 s, not time the machine): a review
that has not finished after ``BOUND_SECONDS`` is interrupted and the test fails with the
input. The figures (median, worst case) are in ``bench/moderation.py``.
"""

import signal
import time
from contextlib import contextmanager

import pytest
from adversarial import adversarial_inputs
from moderation_helpers import ARTICLE, WATCHED

from comments.conf import comments_settings
from comments.discussion.forms import CommentForm
from comments.models import WatchedWord
from comments.moderation.base import Action
from comments.moderation.review import review_submission
from tests.factories import PostFactory, comment_form_data

pytestmark = pytest.mark.django_db

BOUND_SECONDS = 2.0
# Inputs per family (spread evenly over each family): the whole test stays well under 30 s
# on two shared cores; bench/moderation.py runs every input.
PER_FAMILY = 90
# The report of the ReDoS: "http://example.com/" and "a/" × 40, about 100 characters.
NESTED_URL = "http://example.com/" + "a/" * 40


def max_length() -> int:
    return comments_settings.COMMENTS_MAX_LENGTH


class TooSlow(Exception):
    pass


@contextmanager
def within(seconds: float, what: str):
    """Interrupt the block after ``seconds`` (the regex engine checks for signals)."""

    def interrupt(signum, frame):
        raise TooSlow(f"{what} took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def article_post():
    """A post with the seed article and watched words, reviewed once: a worker loads the
    word-list trees and the statistical model with its first comment, not with each."""
    for word, action in WATCHED:
        WatchedWord.objects.create(word=word, action=action)
    post = PostFactory(body=ARTICLE)
    review_submission(post=post, body="Aufwärmen: www.example.de, 49 €, 0800 123456, Idiot")
    return post


def test_the_reported_nested_url_is_reviewed_in_bounded_time(article_post):
    data = comment_form_data(
        body=NESTED_URL, author_name="Gast", author_email="gast@example.invalid"
    )
    form = CommentForm(data, post=article_post, ip_address="192.0.2.1")
    with within(BOUND_SECONDS, "the comment form on the reported input"):
        form.is_valid()
    assert form.decision is not None
    assert form.decision.action is Action.HOLD  # a link and little else: advertising
    assert form.decision.findings[0].excerpt == NESTED_URL[:80]  # as typed, shortened


def test_the_generator_reaches_the_form_limit_and_every_family():
    inputs = list(adversarial_inputs(size=max_length(), per_family=PER_FAMILY))
    assert {family for family, _, _ in inputs} == {
        "nested-url",
        "run",
        "alternation",
        "near-miss",
        "pattern",
        "mix",
    }
    assert all(len(text) == max_length() for _, _, text in inputs)
    assert len({text for _, _, text in inputs}) == len(inputs)


def test_adversarial_inputs_are_reviewed_in_bounded_time(article_post):
    slowest = (0.0, "")
    for family, label, text in adversarial_inputs(size=max_length(), per_family=PER_FAMILY):
        started = time.perf_counter()
        with within(BOUND_SECONDS, f"{family}: {label}"):
            review_submission(
                post=article_post, body=text, name="Gast", email="gast@example.invalid"
            )
        slowest = max(slowest, (time.perf_counter() - started, f"{family}: {label}"))
    assert slowest[0] < BOUND_SECONDS, slowest
