import re

import pytest
from django.core import signing

from comments.models import Comment, ModerationLogEntry
from comments.privacy.personal_data import ERASED_EMAIL, ERASED_NAME
from comments.privacy.self_delete import DELETED_BY_AUTHOR, self_delete_url
from tests.factories import CommentFactory
from tests.privacy_support import guest_data, publish_everything, submit_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _publish(monkeypatch, settings):
    publish_everything(monkeypatch, settings)


def delete_path(comment) -> str:
    return self_delete_url(comment, absolute=False)


def issued_minutes_ago(monkeypatch, comment, minutes) -> str:
    """A delete link as it was issued ``minutes`` ago."""
    now = signing.time.time()
    with monkeypatch.context() as patched:
        patched.setattr(signing.time, "time", lambda: now - minutes * 60)
        return delete_path(comment)


def test_the_link_is_shown_after_posting(client, post, settings):
    settings.COMMENTS_SELF_DELETE_MINUTES = 60
    response = client.post(submit_url(post), guest_data(), follow=True)
    html = response.content.decode()
    comment = Comment.objects.get()
    link = re.search(r'<a href="(/kommentar/loeschen/[^"]+/)">löschen</a>', html)
    assert link, html
    assert "in den nächsten 60 Minuten" in html
    assert client.get(link.group(1)).context["comment"] == comment


def test_get_asks_post_deletes_a_comment_without_replies(client, post):
    comment = CommentFactory(post=post, body="Das nehme ich zurück.")
    page = client.get(delete_path(comment))
    assert page.status_code == 200
    assert "Ja, Kommentar löschen" in page.content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()  # a GET changes nothing

    response = client.post(delete_path(comment), follow=True)
    assert response.redirect_chain[-1][0] == f"{post.get_absolute_url()}#kommentare"
    assert "Dein Kommentar wurde gelöscht." in response.content.decode()
    assert not Comment.objects.filter(pk=comment.pk).exists()
    post.refresh_from_db()
    assert post.comment_count == 0


def test_with_replies_the_text_and_author_go_but_the_replies_stay(client, post):
    comment = CommentFactory(post=post, body="Das nehme ich zurück.", ip_address="192.0.2.1")
    reply = CommentFactory(parent=comment, body="Eine Antwort, die bleiben soll.")
    client.post(delete_path(comment))
    comment.refresh_from_db()
    assert comment.body == DELETED_BY_AUTHOR
    assert comment.author_name == ERASED_NAME and comment.author_email == ERASED_EMAIL
    assert comment.ip_address is None
    assert comment.status == Comment.Status.DELETED
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Das nehme ich zurück." not in html
    assert reply.body in html
    # A placeholder where it stood; the reply below it, counted.
    thread = html[html.index(f'id="kommentar-{comment.pk}"') :]
    assert thread.startswith(f'id="kommentar-{comment.pk}"><p class="comment-placeholder-text">')
    assert "Dieser Kommentar wurde vom Verfasser gelöscht." in thread.split("</article>")[0]
    assert f'id="kommentar-{reply.pk}"' in thread
    post.refresh_from_db()
    assert post.comment_count == 1
    # Logged without the author's name.
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.actor) == ("author_delete", None)
    assert entry.target_repr == f"Kommentar #{comment.pk} auf „{post.title}“"
    # The link cannot be used a second time.
    assert client.post(delete_path(comment)).status_code == 400


def test_within_the_window(client, monkeypatch, settings):
    settings.COMMENTS_SELF_DELETE_MINUTES = 60
    comment = CommentFactory()
    client.post(issued_minutes_ago(monkeypatch, comment, 59))
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_after_the_window(client, monkeypatch, settings):
    settings.COMMENTS_SELF_DELETE_MINUTES = 60
    comment = CommentFactory()
    path = issued_minutes_ago(monkeypatch, comment, 61)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        assert "Die Zeit zum Löschen ist abgelaufen." in response.content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_forged_link(client):
    comment = CommentFactory()
    path = delete_path(comment)
    forged = path.replace(path.split("/")[-2], path.split("/")[-2][:-2] + "xx")
    response = client.post(forged)
    assert response.status_code == 400
    assert "Dieser Löschlink ist ungültig" in response.content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_link_for_one_comment_does_not_fit_another(client):
    comment = CommentFactory()
    token = signing.dumps({"c": comment.pk + 1, "at": 0}, salt="comments.self-delete")
    CommentFactory(post=comment.post)
    assert client.post(f"/kommentar/loeschen/{token}/").status_code == 400
    assert Comment.objects.count() == 2


def test_a_deleted_comment_stays_deleted_whatever_a_moderator_does(client, post, mod_client):
    from tests.moderation_admin_support import run_action

    comment = CommentFactory(post=post, body="Zurückgezogen.")
    CommentFactory(parent=comment, body="Eine Antwort.")
    client.post(delete_path(comment))
    for action in ("approve", "reject", "mark_spam"):
        run_action(mod_client, action, [comment])
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert ModerationLogEntry.objects.filter(actor__isnull=False).count() == 0
    page = mod_client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="body"' not in page  # nothing left to edit
