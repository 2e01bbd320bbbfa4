"""Rating and thesis-vote stuffing: a script that drops its cookie before every vote.

Per post and day only BLOG_VOTERS_PER_NETWORK_DAILY readers of one network (IPv4 /24, IPv6 /64)
count, in addition to the per-IP rate; the count is kept in the database.
"""

from datetime import timedelta

import pytest
from django.test import Client

from blog import engagement, vote_limits
from blog.models import NetworkVoter, PostRating, ThesisVote
from tests.factories import PostFactory, ThesisFactory

pytestmark = pytest.mark.django_db

RATING_REFUSED = "Aus deinem Netzwerk wurden heute schon mehrere Bewertungen dieses Beitrags"
VOTE_REFUSED = "Aus deinem Netzwerk wurden heute schon mehrere Stimmen zu den Thesen"


def inside(html: str, element_id: str, end_tag: str) -> str:
    """The markup of the element with ``element_id`` (up to its first ``end_tag``)."""
    return html.split(f'id="{element_id}"', 1)[1].split(end_tag, 1)[0]


@pytest.fixture
def post():
    post = PostFactory(body="Erster Absatz.\n\n<!--theses-->\n\nLetzter Absatz.")
    ThesisFactory(post=post, position=1)
    ThesisFactory(post=post, position=2)
    return post


def rate(post, address, stars=5, client=None):
    client = client or Client(REMOTE_ADDR=address)
    return client.post(f"{post.get_absolute_url()}bewerten/", {"stars": stars})


def vote(post, position, address, client=None):
    client = client or Client(REMOTE_ADDR=address)
    url = f"{post.get_absolute_url()}thesen/{position}/abstimmen/"
    return client.post(url, {"stimme": "zu"})


def test_one_address_with_a_fresh_cookie_each_time_gets_three_ratings_counted(post):
    """The attack: 30 ratings from one address, a new visitor cookie for each."""
    responses = [rate(post, "198.51.100.7") for _ in range(10)]
    assert all(r.status_code == 302 for r in responses)
    assert PostRating.objects.count() == 3
    # The eleventh reader lands where they rated, and reads why it did not count.
    reader = Client(REMOTE_ADDR="198.51.100.7")
    response = rate(post, "", client=reader)
    assert response["Location"] == f"{post.get_absolute_url()}#bewertung"
    html = reader.get(response["Location"]).content.decode()
    assert RATING_REFUSED in inside(html, "bewertung", "</section>")  # at the widget, not on top
    assert "Ø 5,0 von 5 (3 Bewertungen)" in html
    for _ in range(19):  # from the 21st on, the per-IP rate answers first
        rate(post, "198.51.100.7")
    assert PostRating.objects.count() == 3


def test_the_whole_network_shares_the_limit_other_networks_have_their_own(post):
    for last in range(1, 21):
        rate(post, f"198.51.100.{last}")
    assert PostRating.objects.count() == 3
    for network in range(10):  # ten networks, twenty readers each
        for last in range(1, 21):
            rate(post, f"203.0.{network}.{last}")
    assert PostRating.objects.count() == 3 + 10 * 3


def test_ipv6_readers_count_per_64_network(post):
    for host in range(1, 10):
        rate(post, f"2001:db8:1:2::{host:x}")
    assert PostRating.objects.count() == 3
    rate(post, "2001:db8:1:3::1")
    assert PostRating.objects.count() == 4


def test_thesis_votes_count_three_readers_per_network_and_post(post):
    """The attack: 70 thesis votes from one address; each reader may vote on every thesis."""
    for _ in range(35):
        client = Client(REMOTE_ADDR="198.51.100.7")
        vote(post, 1, "", client=client)
        vote(post, 2, "", client=client)
    assert ThesisVote.objects.count() == 3 * 2
    client = Client(REMOTE_ADDR="198.51.100.8")
    response = vote(post, 1, "", client=client)
    assert response["Location"].endswith("#these-1-abstimmung")
    html = client.get(response["Location"]).content.decode()
    assert VOTE_REFUSED in inside(html, "these-1-abstimmung", "</form>")


def test_a_counted_reader_may_still_change_their_vote(post):
    first = Client(REMOTE_ADDR="198.51.100.7")
    rate(post, "", stars=1, client=first)
    for _ in range(5):
        rate(post, "198.51.100.7")
    response = rate(post, "", stars=4, client=first)
    assert response.status_code == 302
    assert sorted(PostRating.objects.values_list("stars", flat=True)) == [4, 5, 5]
    assert "die frühere gilt nicht mehr" in first.get(response["Location"]).content.decode()


def test_the_limit_is_per_post(post):
    other = PostFactory()
    for _ in range(5):
        rate(post, "198.51.100.7")
        rate(other, "198.51.100.7")
    assert PostRating.objects.filter(post=post).count() == 3
    assert PostRating.objects.filter(post=other).count() == 3


def test_a_new_day_admits_new_readers_and_forgets_the_old_rows(post, monkeypatch):
    for _ in range(5):
        rate(post, "198.51.100.7")
    assert PostRating.objects.count() == 3
    tomorrow = vote_limits.today() + timedelta(days=1)
    monkeypatch.setattr(vote_limits, "today", lambda: tomorrow)
    rate(post, "198.51.100.7")
    assert PostRating.objects.count() == 4
    assert set(NetworkVoter.objects.values_list("day", flat=True)) == {tomorrow}


def test_only_keyed_hashes_are_stored_and_they_change_with_the_day(post, monkeypatch):
    rate(post, "198.51.100.7")
    first = NetworkVoter.objects.get()
    assert "198.51" not in first.network_key and len(first.network_key) == 64
    tomorrow = vote_limits.today() + timedelta(days=1)
    monkeypatch.setattr(vote_limits, "today", lambda: tomorrow)
    rate(post, "198.51.100.7")
    assert NetworkVoter.objects.get().network_key != first.network_key


def test_the_limit_holds_while_the_cache_is_down(post, monkeypatch):
    """The per-IP rate fails open without Redis; the per-network count is in the database."""

    def unavailable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(engagement, "over_limit", unavailable)
    for _ in range(10):
        rate(post, "198.51.100.7")
    assert PostRating.objects.count() == 3


def test_the_limit_can_be_switched_off(post, settings):
    settings.BLOG_VOTERS_PER_NETWORK_DAILY = 0
    for _ in range(5):
        rate(post, "198.51.100.7")
    assert PostRating.objects.count() == 5
