import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.factories import CommentFactory, PostFactory, ThesisFactory
from tests.moderation_admin_support import make_moderator, run_action

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def page(client, post, query=""):
    response = client.get(f"{post.get_absolute_url()}{query}")
    assert response.status_code == 200
    return response.content.decode()


def section(html):
    return html[html.index('id="kommentare"') :]


def render(source, **context):
    request = RequestFactory().get("/")
    return Template("{% load discussion %}" + source).render(
        Context({"request": request, **context})
    )


class TestSection:
    @pytest.mark.parametrize(
        ("count", "heading"), [(0, "0 Kommentare"), (1, "1 Kommentar"), (2, "2 Kommentare")]
    )
    def test_heading_counts(self, client, post, count, heading):
        CommentFactory.create_batch(count, post=post)
        assert f'<h2 id="kommentare-titel">{heading}</h2>' in page(client, post)

    def test_only_published_comments_are_public(self, client, post):
        CommentFactory(post=post, body="Sichtbar")
        for status in ("pending", "rejected", "spam", "removed"):
            CommentFactory(post=post, body=f"Status {status}", status=status)
        html = section(page(client, post))
        assert "Sichtbar" in html
        assert "Status" not in html
        assert "1 Kommentar<" in html

    def test_replies_of_removed_comments_stay_below_a_placeholder(self, client, post):
        top = CommentFactory(post=post, body="Oben")
        reply = CommentFactory(parent=top, body="Entfernt")
        CommentFactory(parent=reply, body="Bleibt")
        moderator = Client()
        moderator.force_login(make_moderator())
        run_action(moderator, "remove", [reply], apply="1", clause="beleidigung")
        html = section(page(client, post))
        assert "Oben" in html and "Bleibt" in html and "Entfernt" not in html
        assert "2 Kommentare</h2>" in html

    def test_german_date_and_time(self, client, post):
        CommentFactory(post=post, submitted_at=datetime(2012, 3, 16, 11, 15, tzinfo=BERLIN))
        html = page(client, post)
        assert "16. März 2012 um 11:15</time>" in html
        assert 'datetime="2012-03-16T11:15:00+01:00"' in html

    def test_comment_parts(self, client, post):
        comment = CommentFactory(
            post=post, author_name="Mirko Lange", author_website="https://talkabout.example"
        )
        html = section(page(client, post))
        assert f'<article class="comment" id="kommentar-{comment.pk}">' in html
        assert '<a href="https://talkabout.example" rel="nofollow ugc">Mirko Lange</a>' in html
        assert f'href="/kommentar/{comment.pk}/"' in html
        assert f'href="#kommentar-{comment.pk}"' in html
        assert f'href="?antwort={comment.pk}#kommentar-formular"' in html
        assert ">Antworten</a>" in html

    def test_author_without_website_is_plain_text(self, client, post):
        CommentFactory(post=post, author_name="Bernhard Scheer")
        assert '<span class="comment-author">Bernhard Scheer</span>' in page(client, post)

    def test_account_comments_show_the_full_name_else_the_user_name(
        self, client, post, django_user_model
    ):
        named = django_user_model.objects.create_user("jhoffmann", first_name="Julia")
        named.last_name = "Hoffmann"
        named.save()
        plain = django_user_model.objects.create_user("leser42")
        CommentFactory(post=post, user=named, author_name="", author_email="")
        CommentFactory(post=post, user=plain, author_name="", author_email="")
        html = section(page(client, post))
        assert '<span class="comment-author">Julia Hoffmann</span>' in html
        assert '<span class="comment-author">leser42</span>' in html

    def test_a_website_that_is_no_web_address_is_not_linked(self, client, post):
        CommentFactory(post=post, author_name="Eve", author_website="javascript:alert(1)")
        html = section(page(client, post))
        assert '<span class="comment-author">Eve</span>' in html
        assert "javascript:" not in html

    def test_nested_lists_follow_depth(self, client, post):
        top = CommentFactory(post=post)
        reply = CommentFactory(parent=top)
        CommentFactory(parent=reply)
        CommentFactory(post=post)
        html = section(page(client, post))
        tree = re.sub(r"<article.*?</article>", "C", html, flags=re.S)
        tree = re.sub(r"<li[^>]*>", "<li>", tree)
        tree = re.sub(r"<ol[^>]*>", "<ol>", tree)
        tree = re.sub(r"\s+", "", tree[tree.index("<ol>") : tree.rindex("</ol>") + 5])
        assert tree == "<ol><li>C<ol><li>C<ol><li>C</li></ol></li></ol></li><li>C</li></ol>"

    def test_deepest_level_is_the_maximum_depth(self, client, post):
        parent = CommentFactory(post=post)
        for _ in range(6):
            parent = CommentFactory(parent=parent)
        html = section(page(client, post))
        assert "comment-level-5" in html
        assert "comment-level-6" not in html
        assert html.count('<ol class="comment-replies">') == 4

    def test_closed_posts_show_no_form(self, client):
        post = PostFactory(comments_enabled=False)
        CommentFactory(post=post)
        html = page(client, post)
        assert "Die Kommentare zu diesem Beitrag sind geschlossen." in html
        assert 'class="comment-form"' not in html
        assert "1 Kommentar<" in html

    def test_guest_form_labels_and_notes(self, client, post):
        html = page(client, post)
        for field in ("body", "author_name", "author_email", "author_website"):
            assert f'<label for="id_{field}">' in html
        assert "Deine E-Mail-Adresse wird nicht veröffentlicht." in html
        assert 'aria-describedby="id_author_email_helptext"' in html
        # Name, e-mail, comment and the consent box.
        assert html.count('<span class="required" aria-hidden="true">*</span>') == 4
        assert (
            'action="' + post.get_absolute_url() + 'kommentare/#kommentar-formular-fehler"' in html
        )

    def test_markup_is_progressively_enhanced(self, client, post):
        CommentFactory(post=post)
        html = section(page(client, post))
        assert "<script" not in html
        assert not re.search(r"\son[a-z]+=", html)
        assert 'data-reply-to="' in html


class TestTheses:
    @pytest.fixture
    def theses(self, post):
        return [ThesisFactory(post=post, position=n, title=f"Titel {n}") for n in (1, 2, 3)]

    def test_comment_about_a_thesis_links_to_it(self, client, post, theses):
        CommentFactory(post=post, thesis=theses[1])
        html = section(page(client, post))
        assert '<p class="comment-thesis">zu <a href="#these-2">These 2: Titel 2</a></p>' in html

    def test_thesis_links_count_per_thesis(self, post, theses):
        CommentFactory.create_batch(3, post=post, thesis=theses[0])
        CommentFactory(post=post, thesis=theses[1])
        CommentFactory(post=post, thesis=theses[1], status="pending")
        html = render(
            "{% for t in theses %}{% thesis_comments_link t %}{% endfor %}", theses=theses
        )
        assert '<a href="?these=1#kommentare">3 Kommentare zu dieser These</a>' in html
        assert '<a href="?these=2#kommentare">1 Kommentar zu dieser These</a>' in html
        assert '<a href="?these=3#kommentare">Noch keine Kommentare zu dieser These</a>' in html

    def test_thesis_counts_and_section_share_one_query(self, post, theses):
        CommentFactory.create_batch(3, post=post, thesis=theses[0])
        source = "{% for t in theses %}{% thesis_comments_link t %}{% endfor %}"
        with CaptureQueriesContext(connection) as queries:
            render(source + "{% comment_section post %}", theses=theses, post=post)
        comment_queries = [q for q in queries if 'FROM "comments_comment"' in q["sql"]]
        assert len(comment_queries) == 1

    def test_filter_by_thesis(self, client, post, theses):
        about = CommentFactory(post=post, thesis=theses[0], body="Zur ersten These")
        CommentFactory(parent=about, body="Antwort ohne These")
        CommentFactory(post=post, body="Allgemein")
        html = section(page(client, post, "?these=1"))
        assert "Zur ersten These" in html and "Antwort ohne These" in html
        assert "Allgemein" not in html
        assert "2 Kommentare zu These 1: Titel 1" in html
        assert '<a href="?#kommentare">Alle Kommentare anzeigen</a>' in html
        assert f'<option value="{theses[0].pk}" selected>' in html

    @pytest.mark.parametrize("value", ["abc", "99", ""])
    def test_unknown_thesis_filter_shows_everything(self, client, post, theses, value):
        CommentFactory(post=post, body="Allgemein")
        # Redirected to the page without the filter (one address per page, blog.canonical).
        response = client.get(f"{post.get_absolute_url()}?these={value}", follow=True)
        assert response.redirect_chain == [(post.get_absolute_url(), 301)]
        assert "Allgemein" in section(response.content.decode())


def test_static_assets_exist():
    static = Path(settings.BASE_DIR) / "static"
    script = (static / "js" / "comments.js").read_text()
    assert "kommentar-formular" in script and "innerHTML" not in script
    assert ".comment-replies" in (static / "css" / "comments.css").read_text()
