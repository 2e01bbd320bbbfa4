from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from blog.rendering import PAGE_BREAK
from tests.factories import AuthorFactory, PostFactory, ThesisFactory

pytestmark = pytest.mark.django_db


def test_home_lists_newest_first_with_teaser_author_date_and_tags(client):
    old = PostFactory(title="Älterer Beitrag", published_at=timezone.now() - timedelta(days=10))
    new = PostFactory(title="Neuer Beitrag", lead="Der Vorspann", tags=["B2B"])
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(new.title) < html.index(old.title)
    assert "Der Vorspann" in html
    assert new.author.name in html
    assert 'href="/thema/b2b/"' in html


def test_german_dates(client):
    PostFactory(published_at=datetime(2012, 3, 16, 10, 0, tzinfo=UTC))
    html = client.get("/").content.decode()
    assert "16. März 2012" in html


def test_home_is_paginated(client, settings):
    for _ in range(12):
        PostFactory()
    first = client.get("/")
    assert len(first.context["page_obj"]) == 10
    second = client.get("/?page=2")
    assert second.status_code == 200
    assert len(second.context["page_obj"]) == 2
    assert client.get("/?page=99").status_code == 404


def test_home_query_count_does_not_grow_with_posts(client, settings, django_assert_max_num_queries):
    settings.BLOG_PAGE_CACHE_SECONDS = 0  # every request renders (tests/test_page_cache.py)
    for index in range(2):
        PostFactory(tags=[f"tag{index}"])
    with django_assert_max_num_queries(5) as small:
        client.get("/")
    for index in range(8):
        PostFactory(tags=[f"mehr{index}", "B2B"], author=AuthorFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/")


def test_post_detail_shows_text_author_box_tags_credit_and_footnote(client):
    author = AuthorFactory(name="Dr. Kerstin Hoffmann", bio="berät Unternehmen", contact="Tel. 1")
    post = PostFactory(
        author=author,
        body="Der „Text“ – hier.",
        image_credit="Foto: Anderson Mancini/flickr.com (CC BY-SA 2.0)",
        footnote="\\*B2B: zwischen Unternehmen.",
        tags=["Social Media"],
    )
    html = client.get(post.get_absolute_url()).content.decode()
    for expected in (
        "Der „Text“ – hier.",
        "Dr. Kerstin Hoffmann",
        "berät Unternehmen",
        "Tel. 1",
        "Foto: Anderson Mancini/flickr.com (CC BY-SA 2.0)",
        "*B2B: zwischen Unternehmen.",
        "Social Media",
    ):
        assert expected in html


def test_theses_are_an_ordered_list_with_anchors(client):
    post = PostFactory(body="Einleitung\n\n<!--theses-->\n\nSchluss")
    for position in (2, 1):
        ThesisFactory(post=post, position=position, title=f"Titel {position}")
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.index('id="these-1"') < html.index('id="these-2"')
    assert html.index("Einleitung") < html.index("Titel 1") < html.index("Schluss")


def test_multi_page_post_navigation(client):
    post = PostFactory(body=f"Seite eins.\n\n{PAGE_BREAK}\n\nSeite zwei.")
    first = client.get(post.get_absolute_url()).content.decode()
    assert "Seite eins." in first and "Seite zwei." not in first
    assert "?seite=2" in first
    second = client.get(post.get_absolute_url() + "?seite=2").content.decode()
    assert "Seite zwei." in second and "Seite eins." not in second
    assert "Seite 2 / 2" in second
    assert client.get(post.get_absolute_url() + "?seite=3").status_code == 404
    assert client.get(post.get_absolute_url() + "?seite=x").status_code == 404


@pytest.mark.parametrize(
    "path", ["/2012/03/16/gibt-es-nicht/", "/thema/gibt-es-nicht/", "/autor/x/"]
)
def test_unknown_slugs_answer_404_in_site_design(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_drafts_and_future_posts_are_invisible(client):
    draft = PostFactory(status=Post.Status.DRAFT, title="Geheimer Entwurf")
    future = PostFactory(published_at=timezone.now() + timedelta(days=2), title="Zukunft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404
    home = client.get("/").content.decode()
    assert "Geheimer Entwurf" not in home and "Zukunft" not in home


def test_wrong_date_in_url_answers_404(client):
    post = PostFactory(slug="datum")
    assert client.get("/1999/01/01/datum/").status_code == 404
    assert client.get(post.get_absolute_url()).status_code == 200


def test_tag_author_and_archive_pages(client):
    author = AuthorFactory(name="ICC Werbeagentur", slug="icc")
    post = PostFactory(
        author=author,
        title="Vorsicht, Gegenverkehr!",
        tags=["Kundenservice"],
        published_at=datetime(2011, 5, 4, 12, 0, tzinfo=UTC),
    )
    PostFactory(title="Anderer Beitrag")
    tag_page = client.get("/thema/kundenservice/").content.decode()
    assert post.title in tag_page and "Anderer Beitrag" not in tag_page
    author_page = client.get("/autor/icc/").content.decode()
    assert post.title in author_page and "Anderer Beitrag" not in author_page
    archive = client.get("/archiv/").content.decode()
    assert "Mai 2011" in archive
    month = client.get("/2011/05/")
    assert month.status_code == 200 and post.title in month.content.decode()


def test_server_error_page_renders_in_site_design(client, settings, monkeypatch):
    from blog import views

    monkeypatch.setattr(views.PostArchiveIndexView, "get", lambda *a, **k: 1 / 0)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Da ist etwas schiefgegangen" in response.content.decode()


def teasers(html: str) -> list[str]:
    import re

    return re.findall(r'<article class="teaser">.*?</article>', html, re.S)


def test_every_teaser_shows_an_excerpt_and_its_comment_count(client):
    from tests.factories import CommentFactory

    with_lead = PostFactory(title="Mit Vorspann", lead="Der „Vorspann“ zählt.")
    long_first = "Wort " * 80 + "Ende."
    without_lead = PostFactory(
        title="Ohne Vorspann", lead="", body=f"## Zwischentitel\n\n{long_first}\n\nZweiter Absatz."
    )
    CommentFactory(post=without_lead)
    CommentFactory(post=without_lead)
    html = client.get("/").content.decode()
    cards = {card.split('class="teaser-title">')[1][:200]: card for card in teasers(html)}
    [with_card] = [card for key, card in cards.items() if with_lead.title in key]
    [without_card] = [card for key, card in cards.items() if without_lead.title in key]
    assert '<p class="lead">Der „Vorspann“ zählt.</p>' in with_card
    assert "0 Kommentare" in with_card
    assert "2 Kommentare" in without_card
    excerpt = without_lead.excerpt
    assert excerpt.startswith("Wort Wort") and excerpt.endswith("Wort …")
    assert len(excerpt) <= 282 and "Zwischentitel" not in excerpt and "Zweiter" not in excerpt
    assert f'<p class="lead">{excerpt}</p>' in without_card


def test_excerpts_of_the_seed_posts(client):
    from django.core.management import call_command

    call_command("loaddata", "seed", "seed_comments", verbosity=0)
    html = client.get("/").content.decode()
    cards = teasers(html)
    assert len(cards) == 5
    for card in cards:
        assert '<p class="lead">' in card and "Kommentar" in card
    assert "Wer im Zusammenhang mit Social Media nur an Facebook, Twitter &amp; Co denkt" in html


def test_archive_lists_newest_first(client):
    PostFactory(title="Alt", published_at=datetime(2011, 5, 4, 12, 0, tzinfo=UTC))
    PostFactory(title="Mittel", published_at=datetime(2012, 1, 9, 12, 0, tzinfo=UTC))
    PostFactory(title="Neu", published_at=datetime(2012, 3, 16, 12, 0, tzinfo=UTC))
    PostFactory(title="Neuer", published_at=datetime(2012, 3, 20, 12, 0, tzinfo=UTC))
    html = client.get("/archiv/").content.decode()
    order = [html.index(text) for text in ("März 2012", "Neuer", "Neu<", "Januar 2012", "Mai 2011")]
    assert order == sorted(order)
    month = client.get("/2012/03/").content.decode()
    assert month.index("Neuer") < month.index("Neu<")
