"""A guest writes an insult: the form names the guideline and keeps the text (real rules)."""

import pytest

from comments.models import Comment
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSULT = "Wer so etwas schreibt, ist ein Vollidiot."


@pytest.fixture
def quick_readers(settings):
    # A script fills the form in milliseconds; the fill-in time has its own tests.
    settings.COMMENTS_MIN_FILL_SECONDS = 0


def field(page, label):
    return page.get_by_role("textbox", name=label, exact=True)


def test_insult_is_refused_with_the_guideline_named_and_the_text_kept(
    live_server, page, quick_readers
):
    post = PostFactory()
    page.goto(live_server.url + post.get_absolute_url())
    assert page.get_by_role("link", name="Community-Richtlinien").first.is_visible()
    field(page, "Kommentar").fill(INSULT)
    field(page, "Name").fill("Rudi Rüpel")
    field(page, "E-Mail").fill("rudi@gaeste.gegenverkehr.invalid")
    consent = page.locator("input[name=consent]")
    if consent.count():
        consent.check()
    page.get_by_role("button", name="Kommentar abschicken").click()
    page.wait_for_load_state()

    alert = page.locator("#kommentar-formular-fehler")
    assert alert.is_visible()
    message = alert.inner_text()
    assert "Community-Richtlinien" in message and "Beleidigung" in message
    assert "„Vollidiot“" in message
    assert field(page, "Kommentar").input_value() == INSULT
    assert field(page, "Name").input_value() == "Rudi Rüpel"
    assert not Comment.objects.exists()

    page.get_by_role("link", name="Community-Richtlinien").first.click()
    page.wait_for_url("**/community-richtlinien/")
    assert page.get_by_role("heading", name="Community-Richtlinien", level=1).is_visible()
