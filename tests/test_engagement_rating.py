import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from blog.models import Post, PostRating
from core.visitors import VISITOR_COOKIE
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def rate_url(post):
    return f"{post.get_absolute_url()}bewerten/"


def test_rating_without_javascript_stores_a_hash_and_redirects_with_a_message(client, post):
    response = client.post(rate_url(post), {"stars": "4"})
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#bewertung"

    cookie = response.cookies[VISITOR_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 3600

    rating = PostRating.objects.get()
    assert (rating.post, rating.stars) == (post, 4)
    assert len(rating.visitor_hash) == 64
    raw_id = cookie.value.split(":")[0]
    assert raw_id not in rating.visitor_hash

    html = client.get(response["Location"]).content.decode()
    assert "Danke! Deine Bewertung mit 4 von 5 Sternen ist gezählt." in html
    assert "Ø 4,0 von 5 (1 Bewertung)" in html


def test_post_page_shows_average_and_the_readers_own_stars_to_them_only(
    client, post, django_capture_on_commit_callbacks
):
    for number, stars in enumerate((5, 4, 4, 4)):  # readers of four networks
        Client(REMOTE_ADDR=f"198.51.{number}.1").post(rate_url(post), {"stars": stars})
    Client().get(post.get_absolute_url())  # an anonymous reader: the page is cached now
    with django_capture_on_commit_callbacks(execute=True):  # the cached page moves on commit
        client.post(rate_url(post), {"stars": 4})
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Ø 4,2 von 5 (5 Bewertungen)" in html
    form = rating_form(html)
    assert form.count("checked") == 1
    assert 'value="4" id="bewertung-stars_3" required checked>' in form
    assert "Deine Bewertung: 4 von 5 Sternen." in html
    # Every star is a labelled radio button inside a POST form.
    assert form.count('type="radio"') == 5
    assert form.count("<label for=") == 5
    assert 'method="post"' in html
    # Anyone else – and the cached page – shows public numbers only.
    other = Client().get(post.get_absolute_url()).content.decode()
    assert "Ø 4,2 von 5 (5 Bewertungen)" in other
    assert "checked" not in rating_form(other)
    assert "Deine Bewertung:" not in other


def rating_form(html: str) -> str:
    form = html[html.index('class="rating-form"') :]
    return form[: form.index("</form>")]


def test_no_ratings_yet(client, post):
    assert "Noch keine Bewertungen." in client.get(post.get_absolute_url()).content.decode()


def test_second_vote_replaces_the_first(client, post):
    client.post(rate_url(post), {"stars": 2})
    response = client.post(rate_url(post), {"stars": 5}, follow=True)
    assert PostRating.objects.count() == 1
    assert PostRating.objects.get().stars == 5
    html = response.content.decode()
    assert "Deine Bewertung ist jetzt 5 von 5 Sternen; die frühere gilt nicht mehr." in html
    assert "Ø 5,0 von 5 (1 Bewertung)" in html


def test_two_visitors_give_two_ratings(post):
    Client().post(rate_url(post), {"stars": 3})
    Client().post(rate_url(post), {"stars": 4})
    assert PostRating.objects.count() == 2
    assert PostRating.objects.summary_for(post) == {"average": 3.5, "count": 2}


def test_tampered_cookie_starts_a_new_visitor(client, post):
    client.cookies[VISITOR_COOKIE] = "forged-value"
    response = client.post(rate_url(post), {"stars": 3})
    assert response.status_code == 302
    assert response.cookies[VISITOR_COOKIE].value != "forged-value"
    assert PostRating.objects.count() == 1


@pytest.mark.parametrize(
    "data", [{"stars": "0"}, {"stars": "6"}, {"stars": "x"}, {}, {"stars": ""}]
)
def test_invalid_stars_are_refused_with_a_german_message(client, post, data):
    response = client.post(rate_url(post), data)
    assert response.status_code == 400
    assert "Bitte wähle 1 bis 5 Sterne." in response.content.decode()
    assert PostRating.objects.count() == 0
    assert VISITOR_COOKIE not in response.cookies


def test_unknown_draft_future_and_misdated_posts_are_404(client, post):
    draft = PostFactory(status=Post.Status.DRAFT)
    future = PostFactory(published_at=timezone.now() + timedelta(days=3))
    local = timezone.localtime(post.published_at) - timedelta(days=1)
    urls = [
        rate_url(draft),
        rate_url(future),
        f"/{local:%Y/%m/%d}/{post.slug}/bewerten/",
        f"/2020/13/40/{post.slug}/bewerten/",
        "/2020/01/01/gibt-es-nicht/bewerten/",
    ]
    for url in urls:
        assert client.post(url, {"stars": 3}).status_code == 404, url
    assert PostRating.objects.count() == 0


def test_get_is_not_allowed(client, post):
    assert client.get(rate_url(post)).status_code == 405


def test_csrf_is_enforced(post):
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(rate_url(post), {"stars": 5}).status_code == 403
    assert PostRating.objects.count() == 0

    html = csrf_client.get(post.get_absolute_url()).content.decode()
    form = html[html.index('class="rating-form"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = csrf_client.post(rate_url(post), {"stars": 5, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert PostRating.objects.count() == 1


def test_per_ip_limit_stops_cookie_clearing_floods(post, settings):
    settings.BLOG_RATING_RATE = (3, 3600)
    for _ in range(3):
        assert Client().post(rate_url(post), {"stars": 1}).status_code == 302
    flooding = Client()
    response = flooding.post(rate_url(post), {"stars": 1}, follow=True)
    assert PostRating.objects.count() == 3
    assert "sehr viele Bewertungen" in response.content.decode()
    # Another address is not affected.
    Client(REMOTE_ADDR="198.51.100.50").post(rate_url(post), {"stars": 5})
    assert PostRating.objects.count() == 4


def test_rating_still_works_when_the_cache_is_down(client, post, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    monkeypatch.setattr(cache, "incr", broken)
    assert client.post(rate_url(post), {"stars": 4}).status_code == 302
    assert PostRating.objects.count() == 1


def test_constraints_hold_in_the_database(post):
    from django.db import IntegrityError, transaction

    PostRating.objects.create(post=post, visitor_hash="a" * 64, stars=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostRating.objects.create(post=post, visitor_hash="a" * 64, stars=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostRating.objects.create(post=post, visitor_hash="b" * 64, stars=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostRating.objects.create(post=post, visitor_hash="c" * 64, stars=0)
