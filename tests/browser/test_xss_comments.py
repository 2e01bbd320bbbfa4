"""A sample of the XSS corpus in real Chromium: no dialog may open, on the page or in admin."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PostFactory, bulk_comment_threads
from tests.test_comments_xss import PAYLOADS, as_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = PAYLOADS[::7]


@pytest.fixture
def dialogs(page):
    opened = []

    def record(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


@pytest.fixture
def hostile_post(db):
    post = PostFactory()
    bulk_comment_threads(post, len(SAMPLE), each=lambda i: as_fields(SAMPLE[i]))
    return post


def test_no_dialog_on_the_post_page(live_server, page, dialogs, hostile_post):
    page.goto(live_server.url + hostile_post.get_absolute_url())
    page.wait_for_load_state("networkidle")
    comments = page.locator("article.comment")
    assert comments.count() == len(SAMPLE)
    # Hover and click through the comments: handlers like onmouseover must not exist either.
    for index in range(0, comments.count(), 10):
        comments.nth(index).hover()
    page.mouse.wheel(0, 20_000)
    assert dialogs == []


def test_no_dialog_in_the_admin_change_list(live_server, page, dialogs, hostile_post):
    get_user_model().objects.create_superuser("admin", "admin@example.invalid", "geheim-123")
    page.goto(live_server.url + "/admin/login/?next=/admin/comments/comment/%3Fall%3D")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill("geheim-123")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/comments/comment/**")
    page.wait_for_load_state("networkidle")
    assert page.locator("#result_list tbody tr").count() > 0
    assert dialogs == []
