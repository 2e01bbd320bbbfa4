"""Staff on the live page: badges on replies by the editorial team or the post's author, and
moderation links for logged-in moderators (never on a page anonymous readers get)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from comments.models import Comment
from tests.factories import AuthorFactory, CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def account(username, **fields):
    return get_user_model().objects.create_user(username, password="geheim-123", **fields)


def header(html: str, comment) -> str:
    start = html.index(f'id="kommentar-{comment.pk}"')
    return html[start : html.index("</header>", start)]


def test_replies_by_the_author_and_by_staff_carry_a_badge(client, moderator):
    writer = account("mirko")
    post = PostFactory(author=AuthorFactory(user=writer))
    guest = CommentFactory(post=post, author_name="Anna")
    by_author = CommentFactory(post=post, parent=guest, user=writer, author_name="")
    by_staff = CommentFactory(post=post, parent=guest, user=moderator, author_name="")
    by_reader = CommentFactory(post=post, user=account("lena"), author_name="")
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<span class="comment-badge">Autor</span>' in header(html, by_author)
    assert '<span class="comment-badge">Redaktion</span>' in header(html, by_staff)
    for unmarked in (guest, by_reader):
        assert "comment-badge" not in header(html, unmarked)


def test_the_author_badge_belongs_to_their_own_posts_only(client):
    writer = account("mirko", is_staff=True)
    AuthorFactory(user=writer)
    someone_elses = PostFactory()
    comment = CommentFactory(post=someone_elses, user=writer, author_name="")
    html = client.get(someone_elses.get_absolute_url()).content.decode()
    assert '<span class="comment-badge">Redaktion</span>' in header(html, comment)


def test_moderators_see_links_to_edit_and_remove(mod_client, post):
    comment = CommentFactory(post=post, body="Grenzwertig.")
    html = mod_client.get(post.get_absolute_url()).content.decode()
    tools = html[html.index('<form class="comment-moderation"') :]
    tools = tools[: tools.index("</form>")]
    assert f'<a href="/admin/comments/comment/{comment.pk}/change/">Bearbeiten</a>' in tools
    assert f'name="_selected_action" value="{comment.pk}"' in tools
    assert '<button type="submit" class="link-button">Entfernen</button>' in tools
    # „Entfernen“ posts the admin's own removal action, as a moderator would there: it asks for
    # the guideline clause first, then removes.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', tools).group(1)
    action = {
        "csrfmiddlewaretoken": token,
        "action": "remove",
        "index": "0",
        "_selected_action": str(comment.pk),
    }
    asked = mod_client.post("/admin/comments/comment/", action)
    assert asked.status_code == 200
    assert 'name="clause"' in asked.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED
    done = mod_client.post(
        "/admin/comments/comment/", {**action, "apply": "1", "clause": "beleidigung"}
    )
    assert done.status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.REMOVED


def test_readers_never_see_moderation_links(client, post):
    CommentFactory(post=post)
    assert "comment-moderation" not in client.get(post.get_absolute_url()).content.decode()
    reader = Client()
    reader.force_login(account("lena"))
    assert "comment-moderation" not in reader.get(post.get_absolute_url()).content.decode()
    # Staff without the right to change comments get no links either.
    staff = Client()
    staff.force_login(account("technik", is_staff=True))
    assert "comment-moderation" not in staff.get(post.get_absolute_url()).content.decode()
