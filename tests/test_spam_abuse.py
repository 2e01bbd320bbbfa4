"""Spam protection as an attacker tries it: one form value replayed by many clients, the site
made to mail confirmation requests to someone else's address."""

import re
import threading

import pytest
from django.core.cache import cache
from django.test import Client

from comments.models import Comment, OutgoingMail, Subscription
from comments.moderation import review, spam
from comments.moderation.base import Action, Decision, Finding
from tests.factories import PostFactory, comment_form_data
from tests.test_redis_cache import clock, fresh_breakers, redis_server, site_cache  # noqa: F401

pytestmark = pytest.mark.django_db

USED = "Dieses Formular wurde schon einmal abgeschickt."
SENT_NOTE = "Wir haben dir eine E-Mail geschickt: Bitte bestätige darin"


@pytest.fixture(autouse=True)
def decision(monkeypatch):
    """Publish everything unless a test says otherwise (the rules have tests of their own)."""
    chosen = {"decision": Decision(Action.PUBLISH)}
    monkeypatch.setattr(review, "review", lambda draft, context: chosen["decision"])
    return chosen


@pytest.fixture
def post():
    return PostFactory()


def url(post):
    return f"{post.get_absolute_url()}kommentare/"


def token_in(html):
    return re.search(rf'name="{spam.TIMESTAMP_FIELD}" value="([^"]+)"', html).group(1)


def guest(number, **fields):
    return comment_form_data(
        **{
            "body": f"Gedanke Nummer {number} zur Sache.",
            "author_name": f"Gast {number}",
            "author_email": f"gast{number}@example.org",
            **fields,
        }
    )


# One form value, many submissions --------------------------------------------------------------


def test_a_form_value_replayed_by_six_clients_posts_once(post):
    token = comment_form_data()[spam.TIMESTAMP_FIELD]
    responses = [
        Client(REMOTE_ADDR=f"198.51.{n}.1").post(url(post), guest(n, form_started=token))
        for n in range(6)
    ]
    assert responses[0].status_code == 302
    for response in responses[1:]:
        html = response.content.decode()
        assert response.status_code == 200 and USED in html
        assert "Gedanke Nummer" in html  # the input is kept
    assert Comment.objects.count() == 1


def test_the_form_shown_after_a_replay_needs_the_fill_in_time_again(post):
    token = comment_form_data()[spam.TIMESTAMP_FIELD]
    Client().post(url(post), guest(1, form_started=token))
    html = Client().post(url(post), guest(2, form_started=token)).content.decode()
    fresh = token_in(html)
    first_seen, _nonce = spam.read_token(fresh)
    assert abs(first_seen - spam.clock()) < 5  # a replayer waits like a new reader
    response = Client().post(url(post), guest(2, form_started=fresh))
    assert "Das ging sehr schnell" in response.content.decode()


def test_six_concurrent_uses_of_one_value_let_exactly_one_through():
    """``cache.add`` decides; run against Redis when REDIS_URL is set."""
    _first_seen, nonce = spam.read_token(comment_form_data()[spam.TIMESTAMP_FIELD])
    barrier = threading.Barrier(6)
    outcomes = []

    class Form:
        data = {}

        def add_prefix(self, name):
            return name

    def use():
        barrier.wait()
        try:
            spam._use_once(Form(), nonce, 0)
            outcomes.append("posted")
        except Exception as error:  # noqa: BLE001
            outcomes.append(getattr(error, "code", repr(error)))

    threads = [threading.Thread(target=use) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["form_used"] * 5 + ["posted"]


def test_a_comment_refused_by_moderation_is_sent_again_with_the_form_shown(post, decision):
    """The first value is used up by the refused submission; the form shown carries a fresh
    one with the same first-seen time, so the reader fixes the text and sends at once."""
    decision["decision"] = Decision(
        Action.REJECT, (Finding("beleidigung", "Idiot", Action.REJECT),)
    )
    client = Client()
    data = guest(1)
    response = client.post(url(post), data)
    html = response.content.decode()
    assert response.status_code == 200 and "Gedanke Nummer 1" in html
    fresh = token_in(html)
    assert fresh != data[spam.TIMESTAMP_FIELD]
    assert spam.read_token(fresh)[0] == spam.read_token(data[spam.TIMESTAMP_FIELD])[0]
    decision["decision"] = Decision(Action.PUBLISH)
    response = client.post(url(post), {**data, spam.TIMESTAMP_FIELD: fresh})
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_a_reader_posts_while_redis_is_down_and_replays_are_not_caught_then(
    post,
    site_cache,  # noqa: F811
    clock,  # noqa: F811
):
    """Posting never depends on the cache: without Redis the value's use is not recorded."""
    token = comment_form_data()[spam.TIMESTAMP_FIELD]
    site_cache.stop()
    assert Client().post(url(post), guest(1, form_started=token)).status_code == 302
    assert Client().post(url(post), guest(2, form_started=token)).status_code == 302
    assert Comment.objects.count() == 2


def test_a_used_value_stays_used_in_redis(post, site_cache):  # noqa: F811
    token = comment_form_data()[spam.TIMESTAMP_FIELD]
    assert Client().post(url(post), guest(1, form_started=token)).status_code == 302
    assert USED in Client().post(url(post), guest(2, form_started=token)).content.decode()


# Confirmation mails to someone else's address ------------------------------------------------


def subscribe_as(post, number, email, client=None):
    client = client or Client(REMOTE_ADDR=f"198.51.{number}.1")
    data = guest(number, author_email=email, notify="on")
    response = client.post(url(post), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def confirmation_mails():
    return OutgoingMail.objects.filter(kind=OutgoingMail.Kind.CONFIRMATION).count()


def test_confirmation_mails_per_mailbox_and_day_are_limited(post):
    """The attack: anyone can name anyone's address and tick the box, as often as they like."""
    variants = [
        "opfer@example.org",
        "Opfer+1@example.org",
        "o.p.f.e.r@example.org",
        "OPFER+spam@EXAMPLE.ORG",
        "opfer+2@example.org",
        "op.fer@example.org",
    ]
    pages = [subscribe_as(post, n, email) for n, email in enumerate(variants)]
    assert confirmation_mails() == 3
    assert Subscription.objects.count() == 6  # stored, but unconfirmed and unmailed
    # Every submitter reads the same: nothing tells whether a mail went out.
    assert all(SENT_NOTE in page for page in pages)
    # Other mailboxes are not affected.
    subscribe_as(post, 9, "jemand@example.org")
    assert confirmation_mails() == 4


def test_the_limit_says_nothing_about_a_confirmed_subscriber(post):
    subscribe_as(post, 1, "opfer@example.org")
    Subscription.objects.update(confirmed_at="2024-01-01T00:00:00Z")
    for number in range(2, 6):
        page = subscribe_as(post, number, "opfer@example.org")
        assert SENT_NOTE in page
    assert confirmation_mails() == 3


def test_the_limit_counts_the_outbox_and_holds_without_redis(post, monkeypatch):
    def unavailable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "incr", unavailable)
    for number in range(5):
        subscribe_as(post, number, f"opfer+{number}@example.org")
    assert confirmation_mails() == 3


def test_the_limit_is_a_setting(post, settings):
    settings.COMMENTS_CONFIRMATION_MAILS_PER_DAY = 1
    subscribe_as(post, 1, "opfer@example.org")
    subscribe_as(post, 2, "opfer@example.org")
    assert confirmation_mails() == 1
