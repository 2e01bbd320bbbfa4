import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.moderation import review
from comments.moderation.base import Action, Decision, Finding
from tests.factories import (
    CommentFactory,
    PostFactory,
    ThesisFactory,
    bulk_comment_threads,
    comment_form_data,
)

pytestmark = pytest.mark.django_db

GUEST = comment_form_data(
    body="Ein Gedanke dazu.",
    author_name="Anna Beispiel",
    author_email="anna@gaeste.gegenverkehr.invalid",
)


@pytest.fixture
def decision(monkeypatch):
    """The moderation outcome for this test (publish unless a test changes it)."""
    holder = {"decision": Decision(Action.PUBLISH)}
    monkeypatch.setattr(review, "review", lambda draft, context: holder["decision"])
    return holder


def submit_url(post):
    return f"{post.get_absolute_url()}kommentare/"


class TestSubmit:
    def test_published_comment_redirects_to_its_anchor(self, client, post, decision):
        response = client.post(submit_url(post), GUEST)
        comment = Comment.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"{post.get_absolute_url()}#kommentar-{comment.pk}"
        assert comment.status == Comment.Status.PUBLISHED
        assert comment.ip_address == "127.0.0.1"

    def test_held_comment_lands_on_itself_shown_to_its_author_only(self, client, post, decision):
        decision["decision"] = Decision(Action.HOLD, (Finding("links"),))
        response = client.post(submit_url(post), GUEST, follow=True)
        comment = Comment.objects.get()
        assert comment.status == Comment.Status.PENDING
        assert response.redirect_chain == [
            (f"{post.get_absolute_url()}#kommentar-{comment.pk}", 302)
        ]
        html = response.content.decode()
        own = html.split(f'id="kommentar-{comment.pk}"')[1].split("</article>")[0]
        assert "Ein Gedanke dazu." in own
        assert "Wartet auf Freischaltung" in own
        assert "Dein Kommentar wartet auf Freischaltung" in own  # the notice, in the comment
        assert 'class="wrap messages"' not in html  # nothing at the top of the page
        assert "Ein Gedanke dazu." not in Client().get(post.get_absolute_url()).content.decode()

    def test_reply(self, client, post, decision):
        parent = CommentFactory(post=post)
        client.post(submit_url(post), {**GUEST, "parent": parent.pk})
        assert Comment.objects.get(parent=parent).path == parent.path + "/000001"

    def test_errors_rerender_the_post_page_with_input_kept(self, client, post, decision):
        response = client.post(
            submit_url(post), {**GUEST, "author_email": "kaputt", "body": "Mein <b>Text</b>"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert post.title in html
        assert "Bitte gib eine gültige E-Mail-Adresse an." in html
        assert 'id="id_author_email_error"' in html
        assert 'aria-describedby="id_author_email_helptext id_author_email_error"' in html
        assert 'aria-invalid="true"' in html
        assert "Mein &lt;b&gt;Text&lt;/b&gt;</textarea>" in html
        assert 'value="Anna Beispiel"' in html
        assert not Comment.objects.exists()

    def test_rejection_names_the_guideline(self, client, post, decision):
        decision["decision"] = Decision(Action.REJECT, (Finding("beleidigung", "Idiot"),))
        response = client.post(submit_url(post), GUEST)
        html = response.content.decode()
        assert "Beleidigung / grob anstößig: „Idiot“" in html
        assert "Ein Gedanke dazu.</textarea>" in html
        assert not Comment.objects.exists()

    def test_reply_errors_keep_the_reply_target(self, client, post, decision):
        parent = CommentFactory(post=post, author_name="Mirko Lange")
        response = client.post(submit_url(post), {**GUEST, "parent": parent.pk, "body": ""})
        html = response.content.decode()
        assert "Antwort an Mirko Lange" in html
        assert f'name="parent" value="{parent.pk}"' in html

    def test_csrf_is_enforced(self, post, decision):
        response = Client(enforce_csrf_checks=True).post(submit_url(post), GUEST)
        assert response.status_code == 403
        assert not Comment.objects.exists()

    def test_get_is_not_allowed(self, client, post):
        assert client.get(submit_url(post)).status_code == 405

    def test_closed_comments_are_never_stored(self, client, decision):
        post = PostFactory(comments_enabled=False)
        response = client.post(submit_url(post), GUEST)
        assert response.status_code == 403
        assert "Die Kommentare zu diesem Beitrag sind geschlossen." in response.content.decode()
        assert not Comment.objects.exists()

    def test_unknown_and_unpublished_posts_are_404(self, client, post, decision):
        url = submit_url(post).replace(post.slug, "gibt-es-nicht")
        assert client.post(url, GUEST).status_code == 404
        draft = PostFactory(status="draft")
        assert client.post(submit_url(draft), GUEST).status_code == 404
        assert not Comment.objects.exists()

    def test_logged_in_reader(self, client, post, decision):
        user = get_user_model().objects.create_user("mirko", password="geheim-123")
        client.force_login(user)
        html = client.get(post.get_absolute_url()).content.decode()
        assert "Angemeldet als mirko." in html
        assert 'action="/admin/logout/"' in html
        assert 'name="author_email"' not in html
        response = client.post(submit_url(post), comment_form_data(body="Als Konto"))
        assert response.status_code == 302
        assert Comment.objects.get().user == user


BAD_INPUTS = [
    {"body": ""},
    {"body": "   "},
    {"body": "x" * 5001},
    {"author_email": "nope"},
    {"author_email": ""},
    {"author_name": ""},
    {"author_name": "x" * 101},
    {"author_website": "javascript:alert(1)"},
    {"author_website": "http://"},
    {"parent": "abc"},
    {"parent": "-1"},
    {"parent": "99999999999999999999999"},
    {"parent": "1.5"},
    {"thesis": "abc"},
    {"thesis": "99999"},
    {"body": "\x00"},
]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda bad: repr(bad)[:40])
def test_bad_input_never_answers_500_or_stores(client, post, decision, bad):
    ThesisFactory(post=post)
    response = client.post(submit_url(post), {**GUEST, **bad})
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_thesis_of_another_post(client, post, decision):
    ThesisFactory(post=post)
    response = client.post(submit_url(post), {**GUEST, "thesis": ThesisFactory().pk})
    assert "Bitte wähle eine der Thesen dieses Beitrags." in response.content.decode()
    assert not Comment.objects.exists()


def test_reply_to_comment_of_another_post(client, post, decision):
    foreign = CommentFactory()
    response = client.post(submit_url(post), {**GUEST, "parent": foreign.pk})
    assert "Auf diesen Kommentar kann nicht geantwortet werden." in response.content.decode()
    assert Comment.objects.count() == 1


class TestPermalink:
    def test_redirects_to_the_anchor(self, client, post):
        comment = CommentFactory(post=post)
        response = client.get(f"/kommentar/{comment.pk}/")
        assert response.status_code == 302
        assert response["Location"] == comment.get_absolute_url()

    @pytest.mark.parametrize("path", ["/kommentar/abc/", "/kommentar/999/", "/kommentar/-1/"])
    def test_unknown_ids_are_404(self, client, path):
        assert client.get(path).status_code == 404

    def test_unpublished_comments_have_no_permalink(self, client, post):
        pending = CommentFactory(post=post, status=Comment.Status.PENDING)
        on_draft = CommentFactory(post=PostFactory(status="draft"))
        assert client.get(pending.get_permalink()).status_code == 404
        assert client.get(on_draft.get_permalink()).status_code == 404


class TestReplyWithoutJavaScript:
    def test_antwort_parameter_renders_reply_form(self, client, post):
        parent = CommentFactory(post=post, author_name="Indianer3c")
        html = client.get(f"{post.get_absolute_url()}?antwort={parent.pk}").content.decode()
        assert "Antwort an Indianer3c" in html
        assert f'name="parent" value="{parent.pk}"' in html
        assert f'<a href="{post.get_absolute_url()}#kommentar-formular" data-cancel-reply>' in html

    @pytest.mark.parametrize("value", ["abc", "999", "", "1e3"])
    def test_unusable_antwort_is_ignored(self, client, post, value):
        response = client.get(f"{post.get_absolute_url()}?antwort={value}")
        assert response.status_code == 200
        assert "Schreibe einen Kommentar" in response.content.decode()

    def test_cannot_reply_to_pending_comment(self, client, post):
        pending = CommentFactory(post=post, status=Comment.Status.PENDING)
        html = client.get(f"{post.get_absolute_url()}?antwort={pending.pk}").content.decode()
        assert ">Schreibe einen Kommentar</h3>" in html
        assert f'name="parent" value="{pending.pk}"' not in html


def test_post_page_queries_do_not_grow_with_comments(client, django_assert_max_num_queries):
    small, large = PostFactory(), PostFactory()
    for post in (small, large):
        ThesisFactory(post=post)
    bulk_comment_threads(small, 10)
    bulk_comment_threads(large, 1000)
    client.get(small.get_absolute_url())  # first visits may warm caches; compare second ones
    client.get(large.get_absolute_url())
    with CaptureQueriesContext(connection) as baseline:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(baseline)):
        response = client.get(large.get_absolute_url())
    assert response.content.decode().count('class="comment"') == 1000
