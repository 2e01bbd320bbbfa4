import re

import pytest

from comments.models import Comment
from comments.moderation import review
from comments.moderation.base import Action, Decision
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def publish_everything(monkeypatch, settings):
    # The live server runs in this process: the journey tests the page, not the rules, nor
    # the minimum fill-in time (a script types faster than anyone; see test_moderation_spam).
    monkeypatch.setattr(review, "review", lambda draft, context: Decision(Action.PUBLISH))
    settings.COMMENTS_MIN_FILL_SECONDS = 0


def field(page, label):
    return page.get_by_role("textbox", name=label, exact=True)


def write(page, body, name="Anna Beispiel", email="anna@gaeste.gegenverkehr.invalid"):
    field(page, "Kommentar").fill(body)
    field(page, "Name").fill(name)
    field(page, "E-Mail").fill(email)
    page.get_by_role("checkbox", name="Ich bin einverstanden").check()  # guests consent
    page.get_by_role("button", name="Kommentar abschicken").click()


def test_guest_comments_and_replies_inline(live_server, page, publish_everything):
    post = PostFactory()
    page.goto(live_server.url + post.get_absolute_url())
    assert page.get_by_role("heading", name="0 Kommentare").is_visible()

    write(page, "Ein guter Gedanke zur B2B-Kommunikation.")
    first = Comment.objects.get()
    page.wait_for_url(re.compile(rf"#kommentar-{first.pk}$"))
    assert page.get_by_role("heading", name="1 Kommentar").is_visible()

    comment = page.locator(f"#kommentar-{first.pk}")
    comment.get_by_role("link", name="Antworten").click()
    # The script moved the form right under the comment and set the parent.
    assert page.locator(f"li:has(> #kommentar-{first.pk}) > #kommentar-formular").count() == 1
    assert page.locator("#kommentar-formular-titel").inner_text() == "Antwort an Anna Beispiel"
    assert page.locator("input[name=parent]").input_value() == str(first.pk)
    write(page, "Da stimme ich zu.", name="Ben")

    reply = Comment.objects.get(parent=first)
    page.wait_for_url(re.compile(rf"#kommentar-{reply.pk}$"))
    nested = page.locator(
        f"li:has(> #kommentar-{first.pk}) > ol.comment-replies > li > #kommentar-{reply.pk}"
    )
    assert nested.is_visible()
    assert "Da stimme ich zu." in nested.inner_text()
    assert page.get_by_role("heading", name="2 Kommentare").is_visible()


def test_cancelling_an_inline_reply_puts_the_form_back(live_server, page, publish_everything):
    post = PostFactory()
    page.goto(live_server.url + post.get_absolute_url())
    write(page, "Erster Kommentar.")
    first = Comment.objects.get()
    page.locator(f"#kommentar-{first.pk}").get_by_role("link", name="Antworten").click()
    page.get_by_role("link", name="Antwort abbrechen").click()
    assert page.locator("#kommentar-formular-titel").inner_text() == "Schreibe einen Kommentar"
    assert page.locator("input[name=parent]").input_value() == ""
    assert page.locator(f"li:has(> #kommentar-{first.pk}) > #kommentar-formular").count() == 0


def test_replying_works_without_javascript(live_server, browser, publish_everything):
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        post = PostFactory()
        page.goto(live_server.url + post.get_absolute_url())
        write(page, "Ohne Skript geschrieben.", name="Carla")
        first = Comment.objects.get()
        page.locator(f"#kommentar-{first.pk}").get_by_role("link", name="Antworten").click()
        page.wait_for_url(re.compile(rf"\?antwort={first.pk}#kommentar-formular$"))
        assert page.locator("#kommentar-formular-titel").inner_text() == "Antwort an Carla"
        write(page, "Antwort ohne Skript.", name="Dirk")
        reply = Comment.objects.get(parent=first)
        page.wait_for_url(re.compile(rf"#kommentar-{reply.pk}$"))
        assert page.locator(f"li:has(> #kommentar-{first.pk}) #kommentar-{reply.pk}").is_visible()
    finally:
        context.close()


def test_errors_keep_the_input(live_server, page, publish_everything):
    post = PostFactory()
    page.goto(live_server.url + post.get_absolute_url())
    field(page, "Kommentar").fill("Mein wichtiger Text")
    field(page, "Name").fill("Eva")
    field(page, "E-Mail").fill("eva@gaeste.gegenverkehr.invalid")
    field(page, "Website").fill("ftp://eva.example")
    page.get_by_role("checkbox", name="Ich bin einverstanden").check()
    page.get_by_role("button", name="Kommentar abschicken").click()
    page.wait_for_load_state()
    assert (
        page.locator("#id_author_website_error")
        .get_by_text("mit http:// oder https://")
        .is_visible()
    )
    assert field(page, "Kommentar").input_value() == "Mein wichtiger Text"
    assert not Comment.objects.exists()
