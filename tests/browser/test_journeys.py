"""Reader journeys in Chromium that the other browser tests do not cover yet.

Already covered elsewhere and not repeated here: paging through a multi-page article and the
theses post (test_reading), commenting as a guest and replying inline or without JavaScript
(test_comment_journey), a refused comment naming the guideline (test_moderation_journey), a
moderator approving in the admin (test_admin_approve).
"""

import re

import pytest
from django.core.management import call_command

from blog.models import PostRating, ThesisVote
from comments.models import Comment, Report
from tests.factories import CommentFactory, PostFactory, ThesisFactory, bulk_comment_threads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THESES_POST = "Social Media in B2B: Weiterhin mehr „ob“ als „wie“?"
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhalterung"


@pytest.fixture
def quick_readers(settings):
    # A script fills the form in milliseconds; the fill-in time has its own tests.
    settings.COMMENTS_MIN_FILL_SECONDS = 0


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def field(page, label):
    return page.get_by_role("textbox", name=label, exact=True)


def focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def test_thesis_anchor_targets_and_scrolls_to_the_thesis(live_server, page):
    call_command("loaddata", "seed", verbosity=0)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=THESES_POST).first.click()
    page.locator('a.thesis-anchor[href="#these-5"]').click()

    page.wait_for_url(re.compile(r"#these-5$"))
    assert page.evaluate("document.querySelector(':target').id") == "these-5"
    thesis = page.locator("#these-5")
    assert (
        thesis.get_by_role("heading", level=2).inner_text().endswith("Es geht nicht nur um Kunden")
    )
    top = thesis.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < 100  # scrolled to the top of the window, not just somewhere on it

    # A fresh visit of the address lands there too.
    page.goto(page.url.split("#")[0] + "#these-9")
    assert page.evaluate("document.querySelector(':target').id") == "these-9"
    assert page.locator("#these-9").evaluate("e => e.getBoundingClientRect().top") < 100


def test_guest_with_three_links_is_held_and_told_so(live_server, page, quick_readers):
    post = PostFactory()
    CommentFactory(post=post, body="Schon sichtbar.")
    page.goto(live_server.url + post.get_absolute_url())
    field(page, "Kommentar").fill(
        "Mehr dazu bei https://example.com/a, https://example.org/b und https://example.net/c."
    )
    field(page, "Name").fill("Lena Links")
    field(page, "E-Mail").fill("lena@gaeste.gegenverkehr.invalid")
    page.get_by_role("checkbox", name="Ich bin einverstanden").check()
    page.get_by_role("button", name="Kommentar abschicken").click()

    held = Comment.objects.get(author_name="Lena Links")
    assert held.status == Comment.Status.PENDING
    # The reader lands on their own comment, shown to them alone until a moderator decides.
    page.wait_for_url(re.compile(rf"#kommentar-{held.pk}$"))
    notice = page.locator(f"#kommentar-{held.pk} .notices").get_by_text(
        "Dein Kommentar wartet auf Freischaltung"
    )
    assert notice.is_visible()
    assert page.get_by_role("heading", name="1 Kommentar").count() == 1  # not counted yet


def test_reader_reports_a_comment(live_server, page):
    comment = CommentFactory(body="Kauft alle bei uns, nur heute billig!")
    page.goto(live_server.url + comment.post.get_absolute_url())
    page.locator(f"#kommentar-{comment.pk}").get_by_role("link", name="Melden").click()

    page.wait_for_url(re.compile(rf"/kommentar/{comment.pk}/melden/$"))
    assert page.get_by_role("heading", name="Kommentar melden", level=1).is_visible()
    assert "Kauft alle bei uns" in page.locator(".comment-report-quote").inner_text()
    page.get_by_role("radio", name="Werbung/Spam").check()
    page.get_by_role("textbox", name="Erläuterung (freiwillig)").fill("Reine Werbung.")
    page.get_by_role("button", name="Kommentar melden").click()

    page.wait_for_url(re.compile(rf"#kommentar-{comment.pk}$"))
    assert page.get_by_text("Danke für deine Meldung.").is_visible()
    report = Report.objects.get()
    assert (report.comment_id, report.reason, report.text) == (
        comment.pk,
        Report.Reason.ADVERTISING,
        "Reine Werbung.",
    )


def test_reply_form_moves_inline_and_focus_follows(live_server, page):
    post = PostFactory()
    first = CommentFactory(post=post, author_name="Anna")
    CommentFactory(post=post, author_name="Bert")
    page.goto(live_server.url + post.get_absolute_url())

    reply = page.locator(f"#kommentar-{first.pk}").get_by_role("link", name="Antworten")
    reply.focus()
    page.keyboard.press("Enter")
    assert page.locator(f"li:has(> #kommentar-{first.pk}) > #kommentar-formular").count() == 1
    assert focused(field(page, "Kommentar"))
    assert page.locator("#kommentar-formular-titel").inner_text() == "Antwort an Anna"

    page.get_by_role("link", name="Antwort abbrechen").click()
    assert page.locator(f"li:has(> #kommentar-{first.pk}) > #kommentar-formular").count() == 0
    assert focused(reply)
    assert page.locator("input[name=parent]").input_value() == ""


def test_rating_voting_and_reporting_work_without_javascript(live_server, no_js_page):
    page = no_js_page
    post = PostFactory(body="Einleitung.\n\n<!--theses-->\n\nSchluss.")
    ThesisFactory(post=post, position=1, title="Erste These")
    comment = CommentFactory(post=post, body="Ein Kommentar zum Melden.")
    page.goto(live_server.url + post.get_absolute_url())

    # Rating: the stars are labels of radio buttons.
    page.locator(".rating-stars label").nth(3).click()
    page.get_by_role("button", name="Bewertung abgeben").click()
    page.wait_for_url(re.compile(r"#bewertung$"))
    assert page.get_by_text("Danke! Deine Bewertung mit 4 von 5 Sternen ist gezählt.").is_visible()
    assert PostRating.objects.get().stars == 4

    # Thesis vote: two submit buttons.
    page.get_by_role("button", name="Stimme zu – These 1").click()
    page.wait_for_url(re.compile(r"#these-1-abstimmung$"))
    voted = "Danke! Deine Stimme zu These 1 ist gezählt: Du stimmst zu."
    assert page.get_by_text(voted).is_visible()
    assert ThesisVote.objects.get().agrees

    # Report: a link to a small form.
    page.locator(f"#kommentar-{comment.pk}").get_by_role("link", name="Melden").click()
    page.get_by_role("radio", name="Beleidigend").check()
    page.get_by_role("button", name="Kommentar melden").click()
    page.wait_for_url(re.compile(rf"#kommentar-{comment.pk}$"))
    assert page.get_by_text("Danke für deine Meldung.").is_visible()
    assert Report.objects.get().reason == Report.Reason.INSULT


@pytest.fixture
def deep_thread_post(db):
    post = PostFactory(
        title="Ein Beitrag mit einer langen Diskussion über Unternehmenskommunikation"
    )
    bodies = [
        f"Ein {LONG_WORD} und ein Link https://example.com/{'sehr-lang-' * 12}ende.",
        "Ich sehe das anders – im Mittelstand zählt das Gespräch mehr als die Reichweite.",
        "> Zitat aus dem Beitrag\n\nDem stimme ich zu.",
    ]
    bulk_comment_threads(
        post, 30, depths=(1, 2, 3, 4, 5, 5, 4, 3, 2), each=lambda i: {"body": bodies[i % 3]}
    )
    return post


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_nothing_scrolls_sideways_at_320_pixels(live_server, browser, deep_thread_post):
    call_command("loaddata", "seed", verbosity=0)
    context = browser.new_context(locale="de-DE", viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        assert scroll_width(page) <= 320

        page.goto(live_server.url + deep_thread_post.get_absolute_url())
        assert page.locator(".comment-level-5").count() > 0
        assert scroll_width(page) <= 320
        deepest = page.locator(".comment-level-5 > .comment").first
        box = deepest.bounding_box()
        assert box["x"] + box["width"] <= 320
        assert box["width"] >= 180  # still room to read at the fifth level

        # The comment form, inline under the deepest comment and with errors.
        deepest.get_by_role("link", name="Antworten").click()
        assert scroll_width(page) <= 320
        page.locator("form.comment-form").evaluate("form => { form.noValidate = true; }")
        page.get_by_role("button", name="Kommentar abschicken").click()
        page.wait_for_load_state()
        assert page.locator(".comment-form .errorlist").count() > 0
        assert scroll_width(page) <= 320
    finally:
        context.close()
