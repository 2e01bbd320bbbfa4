"""Moderators' decisions as people live them, in Chromium.

* A moderator removes a comment that has replies (the admin asks for the guideline clause); a
  reader who opens a reply's permalink sees the reply in the viewport and the placeholder
  above it – desktop and 390 px phone, with and without JavaScript.
* A moderator approves a held reply by clicking through the admin; the reply notification to
  the parent's confirmed subscriber is queued and sent.
"""

import re

import pytest
from django.core import mail

from comments.models import Comment, OutgoingMail, Subscription
from tests.browser.viewport import in_view
from tests.factories import CommentFactory, PostFactory
from tests.moderation_admin_support import PASSWORD, make_moderator
from tests.privacy_support import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("heading", name="Übersicht").wait_for()


def select_in_changelist(page, text, action):
    row = page.locator("#result_list tbody tr", has_text=text)
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reply_keeps_its_place_below_the_removed_comment(
    live_server, browser, page, viewport, javascript
):
    make_moderator("mona")
    post = PostFactory(body="\n\n".join(["Ein langer Absatz über Social Media."] * 40))
    for number in range(6):
        CommentFactory(post=post, body=f"Ein früher Gedanke Nummer {number}.")
    removed = CommentFactory(post=post, author_name="Rudi", body="Ein Ausfall gegen alle.")
    reply = CommentFactory(parent=removed, author_name="Lena", body="Bitte bleib sachlich.")
    for number in range(6):
        CommentFactory(post=post, body=f"Ein späterer Gedanke Nummer {number}.")

    # The moderator removes it in the admin, naming the guideline clause.
    log_in(page, live_server.url, "mona")
    page.goto(live_server.url + "/admin/comments/comment/")
    select_in_changelist(page, "Ein Ausfall gegen alle.", "remove")
    page.get_by_text("1 veröffentlichte Antwort bleibt sichtbar").wait_for()
    page.get_by_label("Beleidigung / grob anstößig", exact=True).check()
    page.get_by_label("Notiz für die Moderation").fill("Pauschal beleidigend.")
    page.get_by_role("button", name="Entfernen").click()
    page.locator(".messagelist").get_by_text("1 Kommentar entfernt.").wait_for()
    assert Comment.objects.get(pk=removed.pk).status == Comment.Status.REMOVED

    # A reader follows the reply's permalink (e.g. from a notification mail).
    context = browser.new_context(locale="de-DE", viewport=viewport, java_script_enabled=javascript)
    try:
        reader = context.new_page()
        reader.goto(f"{live_server.url}/kommentar/{reply.pk}/")
        reader.wait_for_load_state("load")
        assert reader.url.endswith(f"#kommentar-{reply.pk}")
        answer = reader.locator(f"#kommentar-{reply.pk}")
        assert answer.get_by_text("Bitte bleib sachlich.").is_visible()
        reply_box = in_view(reader, answer)
        placeholder = reader.locator(f"#kommentar-{removed.pk}")
        assert placeholder.inner_text().startswith(
            "Dieser Kommentar wurde von der Moderation entfernt"
        )
        assert "Beleidigung / grob anstößig" in placeholder.inner_text()
        placeholder_top = placeholder.evaluate("element => element.getBoundingClientRect().top")
        assert placeholder_top < reply_box["top"]  # above the reply
        assert reader.get_by_text("Ein Ausfall gegen alle.").count() == 0
        assert reader.get_by_role("heading", name="13 Kommentare").count() == 1
    finally:
        context.close()


def test_approving_a_held_reply_in_the_admin_sends_the_reply_notification(live_server, page):
    make_moderator("mona")
    post = PostFactory()
    parent = CommentFactory(
        post=post, author_email="anna@gaeste.gegenverkehr.invalid", body="Mein Gedanke."
    )
    Subscription.objects.create(
        email=parent.author_email, post=post, comment=parent, confirmed_at=parent.submitted_at
    )
    held = CommentFactory(parent=parent, status="pending", body="Eine Antwort, geprüft.")
    assert not OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REPLY).exists()

    log_in(page, live_server.url, "mona")
    page.get_by_role("link", name="1 Kommentar wartet auf Freischaltung").click()
    page.wait_for_url(re.compile(r"/admin/comments/comment/\?status__exact=pending$"))
    select_in_changelist(page, "Eine Antwort, geprüft.", "approve")
    page.locator(".messagelist").get_by_text("1 Kommentar freigeschaltet.").wait_for()

    [queued] = OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REPLY)
    assert (queued.to, queued.comment_id) == ("anna@gaeste.gegenverkehr.invalid", held.pk)
    run_worker()
    [sent] = mail.outbox
    assert sent.to == ["anna@gaeste.gegenverkehr.invalid"]
    assert "Eine Antwort, geprüft." in sent.body
    assert f"/kommentar/{held.pk}/" in sent.body
