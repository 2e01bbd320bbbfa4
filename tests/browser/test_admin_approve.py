"""A moderator made with createmoderator approves a held comment in the admin; readers see it."""

import re

import pytest

from comments.models import Comment, ModerationLogEntry
from tests.factories import CommentFactory, PostFactory
from tests.moderation_admin_support import PASSWORD, make_moderator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_moderator_approves_a_held_comment(live_server, page):
    make_moderator("mona")
    post = PostFactory()
    CommentFactory(post=post, body="Schon sichtbar.")
    held = CommentFactory(post=post, body="Ein zurückgehaltener Gedanke.", status="pending")

    page.goto(live_server.url + post.get_absolute_url())
    assert page.get_by_text("Ein zurückgehaltener Gedanke.").count() == 0

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Benutzername").fill("mona")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="1 Kommentar wartet auf Freischaltung").click()
    page.wait_for_url(re.compile(r"/admin/comments/comment/\?status__exact=pending$"))

    row = page.locator("#result_list tbody tr", has_text="Ein zurückgehaltener Gedanke.")
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("approve")
    page.locator("button[name=index]").click()
    page.locator(".messagelist").get_by_text("1 Kommentar freigeschaltet.").wait_for()

    held.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED
    entry = ModerationLogEntry.objects.get()
    assert (entry.actor.username, entry.action) == ("mona", "approve")

    page.goto(live_server.url + post.get_absolute_url())
    assert (
        page.locator(f"#kommentar-{held.pk}")
        .get_by_text("Ein zurückgehaltener Gedanke.")
        .is_visible()
    )
    assert page.get_by_role("heading", name="2 Kommentare").is_visible()
