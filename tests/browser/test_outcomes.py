"""Every outcome appears where the reader acted, on a desktop and a 390 px phone, with and
without JavaScript: checked by the element's box against the viewport after the navigation,
not by its presence in the HTML.

Journeys: a rejected comment (the focused error summary, one message), a held comment (the
reader's own comment in place, „Wartet auf Freischaltung“, for them alone), a published
comment, and the widgets (rating, thesis vote, report, recommendation) with their message and
the reader's own choices. The real moderation rules run; only the minimum fill-in time is off
(a script types faster than anyone; see test_moderation_spam).
"""

import re

import pytest

from blog.models import PostRating, ThesisVote
from comments.models import Comment, Report
from tests.browser.conftest import VIEWPORTS
from tests.browser.viewport import in_view
from tests.factories import CommentFactory, PostFactory, ThesisFactory, bulk_comment_threads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READERS = [
    pytest.param(device, js, id=f"{device}-{'js' if js else 'no-js'}")
    for device in VIEWPORTS
    for js in (True, False)
]
INSULT = "Du bist ein Vollidiot, wenn du das glaubst."
THREE_LINKS = (
    "Mehr dazu bei https://example.com/a, https://example.org/b und https://example.net/c."
)
PARAGRAPH = "Ein Absatz über Social Media in der B2B-Kommunikation, mit etwas mehr Text darin. " * 6


@pytest.fixture(autouse=True)
def quick_readers(settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0


def long_post(theses: int = 0):
    """A post whose widgets and form are thousands of pixels below the top of the page."""
    body = "\n\n".join([PARAGRAPH] * 12)
    if theses:
        body += "\n\n<!--theses-->\n\n" + PARAGRAPH
    post = PostFactory(body=body)
    for position in range(1, theses + 1):
        ThesisFactory(post=post, position=position, title=f"These Nummer {position}")
    bulk_comment_threads(post, 12, each=lambda i: {"body": PARAGRAPH})
    return post


def scrolled(page) -> float:
    return page.evaluate("scrollY")


def no_message_at_the_top(page):
    assert page.locator(".wrap.messages").count() == 0


def write(page, body, name, *, email=None, submit=True):
    page.get_by_role("textbox", name="Kommentar", exact=True).fill(body)
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    page.get_by_role("textbox", name="E-Mail", exact=True).fill(
        email or f"{name.split()[0].lower()}@gaeste.gegenverkehr.invalid"
    )
    page.get_by_role("checkbox", name="Ich bin einverstanden").check()
    if submit:
        page.get_by_role("button", name="Kommentar abschicken").click()
        page.wait_for_load_state()


@pytest.mark.parametrize(("device", "js"), READERS)
def test_a_rejected_comment_opens_at_the_focused_error_summary(
    live_server, open_reader, device, js
):
    post = long_post()
    page = open_reader(device, js)
    page.goto(live_server.url + post.get_absolute_url())
    write(page, INSULT, "Rudi Rüpel")

    box = in_view(page, "#kommentar-formular-fehler")
    assert scrolled(page) > 2000  # the form is far down the page: the browser went there
    assert page.evaluate("document.activeElement.id") == "kommentar-formular-fehler"
    summary = page.locator("#kommentar-formular-fehler")
    messages = summary.locator("li")
    assert messages.count() == 1  # one outcome, one message
    message = messages.inner_text()
    assert "Beleidigung / grob anstößig: „Vollidiot“" in message
    assert message.count("„") == 1
    for held_wording in ("könnte", "frei", "geprüft"):
        assert held_wording not in message
    assert page.get_by_role("textbox", name="Kommentar", exact=True).input_value() == INSULT
    assert box["height"] > 0
    assert not Comment.objects.filter(author_name="Rudi Rüpel").exists()


@pytest.mark.parametrize(("device", "js"), READERS)
def test_field_errors_are_summarised_in_view_and_link_to_their_field(
    live_server, open_reader, device, js
):
    post = long_post()
    page = open_reader(device, js)
    page.goto(live_server.url + post.get_absolute_url())
    page.locator("form.comment-form").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("textbox", name="Kommentar", exact=True).fill("Mein wichtiger Text")
    page.get_by_role("button", name="Kommentar abschicken").click()
    page.wait_for_load_state()

    in_view(page, "#kommentar-formular-fehler")
    assert page.evaluate("document.activeElement.id") == "kommentar-formular-fehler"
    page.locator("#kommentar-formular-fehler").get_by_role(
        "link", name="Bitte gib deinen Namen an."
    ).click()
    assert page.evaluate("document.activeElement.id") == "id_author_name" or page.url.endswith(
        "#id_author_name"
    )
    in_view(page, "#id_author_name")


@pytest.mark.parametrize(("device", "js"), READERS)
def test_a_held_comment_is_shown_to_its_author_in_place(live_server, open_reader, device, js):
    post = long_post()
    parent = Comment.objects.filter(post=post, depth=1).order_by("path")[1]
    page = open_reader(device, js)
    page.goto(f"{live_server.url}{post.get_absolute_url()}?antwort={parent.pk}#kommentar-formular")
    write(page, THREE_LINKS, "Lena Links")

    held = Comment.objects.get(author_name="Lena Links")
    assert held.status == Comment.Status.PENDING
    page.wait_for_url(re.compile(rf"#kommentar-{held.pk}$"))
    own = f"#kommentar-{held.pk}"
    in_view(page, f"{own} .comment-status")
    in_view(page, f"{own} .notices")
    assert page.locator(f"{own} .comment-status").inner_text().endswith("Wartet auf Freischaltung")
    assert "bevor er für alle erscheint" in page.locator(f"{own} .notices").inner_text()
    assert page.locator(f"li:has(> #kommentar-{parent.pk}) {own}").count() == 1  # in place
    no_message_at_the_top(page)

    # Still there when the author comes back; nobody else sees it.
    page.goto(live_server.url + post.get_absolute_url())
    assert page.locator(f"{own} .comment-status").is_visible()
    other = open_reader(device, js)
    other.goto(live_server.url + post.get_absolute_url())
    assert other.locator(own).count() == 0
    assert other.get_by_text("Mehr dazu bei").count() == 0


@pytest.mark.parametrize(("device", "js"), READERS)
def test_a_published_comment_is_in_view_with_its_notice(live_server, open_reader, device, js):
    post = long_post()
    page = open_reader(device, js)
    page.goto(live_server.url + post.get_absolute_url())
    write(page, "Ein guter Gedanke zur Kommunikation im Mittelstand.", "Paul Beispiel")

    comment = Comment.objects.get(author_name="Paul Beispiel")
    assert comment.status == Comment.Status.PUBLISHED
    page.wait_for_url(re.compile(rf"#kommentar-{comment.pk}$"))
    in_view(page, f"#kommentar-{comment.pk} .comment-author")
    in_view(page, f"#kommentar-{comment.pk} .notices")
    notice = page.locator(f"#kommentar-{comment.pk} .notices")
    assert notice.get_by_role("link", name="löschen").is_visible()
    no_message_at_the_top(page)


@pytest.mark.parametrize(("device", "js"), READERS)
def test_widgets_answer_where_the_reader_used_them(live_server, open_reader, device, js):
    post = long_post(theses=3)
    reported = Comment.objects.filter(post=post).order_by("path")[5]
    page = open_reader(device, js)
    page.goto(live_server.url + post.get_absolute_url())

    # Rating: the message and the reader's own stars, in the rating box.
    page.locator(".rating-stars label").nth(3).click()
    page.get_by_role("button", name="Bewertung abgeben").click()
    page.wait_for_url(re.compile(r"#bewertung$"))
    in_view(page, "#bewertung .notices")
    assert "4 von 5 Sternen ist gezählt" in page.locator("#bewertung .notices").inner_text()
    assert (
        page.locator("#bewertung .rating-own").inner_text() == "Deine Bewertung: 4 von 5 Sternen."
    )
    assert page.locator("#bewertung-stars_3").is_checked()
    no_message_at_the_top(page)
    assert PostRating.objects.get().stars == 4

    # Thesis vote: at the vote form of that thesis, which marks the reader's choice.
    page.get_by_role("button", name="Sehe ich anders – These 2").click()
    page.wait_for_url(re.compile(r"#these-2-abstimmung$"))
    in_view(page, "#these-2-abstimmung .notices")
    assert (
        "These 2 ist gezählt: Du siehst es anders"
        in page.locator("#these-2-abstimmung .notices").inner_text()
    )
    pressed = page.get_by_role("button", name="Sehe ich anders – These 2", pressed=True)
    assert pressed.count() == 1
    no_message_at_the_top(page)
    assert ThesisVote.objects.get().agrees is False

    # Report: back at the reported comment, with the thanks inside it.
    page.locator(f"#kommentar-{reported.pk}").get_by_role("link", name="Melden").click()
    page.get_by_role("radio", name="Beleidigend").check()
    page.get_by_role("button", name="Kommentar melden").click()
    page.wait_for_url(re.compile(rf"#kommentar-{reported.pk}$"))
    in_view(page, f"#kommentar-{reported.pk} .notices")
    assert (
        "Danke für deine Meldung."
        in page.locator(f"#kommentar-{reported.pk} .notices").inner_text()
    )
    no_message_at_the_top(page)
    assert Report.objects.get().comment_id == reported.pk

    # Recommendation: back at the link the reader used.
    page.get_by_role("link", name="Beitrag per E-Mail empfehlen").click()
    page.get_by_label("E-Mail-Adresse der Empfängerin oder des Empfängers").fill(
        "kollegin@firma.invalid"
    )
    page.get_by_label("Dein Name").fill("Paul")
    page.get_by_role("button", name=re.compile("senden|Empfehlung", re.I)).click()
    page.wait_for_url(re.compile(r"#empfehlen$"))
    in_view(page, "#empfehlen .notices")
    assert "Deine Empfehlung ist unterwegs" in page.locator("#empfehlen .notices").inner_text()
    no_message_at_the_top(page)

    # Coming back later: the reader's own choices, for them alone.
    page.goto(live_server.url + post.get_absolute_url())
    assert page.locator("#bewertung .rating-own").is_visible()
    assert page.get_by_role("button", name="Sehe ich anders – These 2", pressed=True).count() == 1
    other = open_reader(device, js)
    other.goto(live_server.url + post.get_absolute_url())
    assert other.locator(".rating-own, .thesis-own-vote, [aria-pressed]").count() == 0
    assert other.locator("#bewertung-stars_3").is_checked() is False


@pytest.mark.parametrize("device", VIEWPORTS)
def test_escape_cancels_an_inline_reply_and_returns_to_the_reply_link(
    live_server, open_reader, device
):
    post = PostFactory()
    first = CommentFactory(post=post, author_name="Anna")
    CommentFactory(post=post, author_name="Bert")
    page = open_reader(device)
    page.goto(live_server.url + post.get_absolute_url())

    reply = page.locator(f"#kommentar-{first.pk}").get_by_role("link", name="Antworten")
    reply.focus()
    page.keyboard.press("Enter")
    assert page.locator(f"li:has(> #kommentar-{first.pk}) > #kommentar-formular").count() == 1
    page.keyboard.type("Ein halber Gedanke")
    page.keyboard.press("Escape")

    assert page.locator(f"li:has(> #kommentar-{first.pk}) > #kommentar-formular").count() == 0
    assert reply.evaluate("link => link === document.activeElement")
    assert page.locator("input[name=parent]").input_value() == ""
    assert page.locator("#kommentar-formular-titel").inner_text() == "Schreibe einen Kommentar"
    # Nothing typed is lost.
    assert page.get_by_role("textbox", name="Kommentar", exact=True).input_value() == (
        "Ein halber Gedanke"
    )
    in_view(page, f"#kommentar-{first.pk} .comment-reply")


@pytest.mark.parametrize("device", VIEWPORTS)
def test_name_email_and_website_are_remembered_when_the_reader_opts_in(
    live_server, open_reader, device
):
    first_post, second_post = PostFactory(), PostFactory()
    page = open_reader(device)
    page.goto(live_server.url + first_post.get_absolute_url())
    remember = page.get_by_role("checkbox", name=re.compile("in diesem Browser speichern"))
    assert remember.is_visible() and not remember.is_checked()
    page.get_by_role("textbox", name="Website", exact=True).fill("https://rita.example")
    write(page, "Ein Gedanke, den ich gern teile.", "Rita Reger", submit=False)
    remember.check()
    page.get_by_role("button", name="Kommentar abschicken").click()
    page.wait_for_url(re.compile(r"#kommentar-\d+$"))

    page.goto(live_server.url + second_post.get_absolute_url())  # a cached page
    assert page.get_by_role("textbox", name="Name", exact=True).input_value() == "Rita Reger"
    assert (
        page.get_by_role("textbox", name="E-Mail", exact=True).input_value()
        == "rita@gaeste.gegenverkehr.invalid"
    )
    assert (
        page.get_by_role("textbox", name="Website", exact=True).input_value()
        == "https://rita.example"
    )
    assert remember.is_checked()
    # The page itself does not carry them; another reader gets empty fields.
    assert "rita@gaeste" not in page.content().split('<form class="comment-form"')[0]
    other = open_reader(device)
    other.goto(live_server.url + second_post.get_absolute_url())
    assert other.get_by_role("textbox", name="Name", exact=True).input_value() == ""


def test_without_javascript_the_remember_box_is_not_offered(live_server, open_reader):
    post = PostFactory()
    page = open_reader("phone", js=False)
    page.goto(live_server.url + post.get_absolute_url())
    assert page.locator("input[name=remember]").count() == 1
    assert not page.locator("input[name=remember]").is_visible()
