"""Staff on the live page: replies by the editorial team and the post's author carry a badge,
and a logged-in moderator finds the moderation links under every comment; the states a reader
meets after acting (held comment, notices, own votes, staff links) stay axe-clean."""

import re

import pytest
from django.contrib.auth import get_user_model

from blog.models import Author
from comments.models import Comment
from tests.browser.conftest import VIEWPORTS
from tests.browser.test_accessibility import assert_reader_page_is_accessible, axe_source  # noqa: F401
from tests.factories import CommentFactory, PostFactory, ThesisFactory
from tests.moderation_admin_support import PASSWORD, make_moderator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def discussion_with_staff():
    writer = get_user_model().objects.create_user("mirko", password=PASSWORD, first_name="Mirko")
    post = PostFactory(author=Author.objects.create(name="Mirko Lange", slug="mirko", user=writer))
    question = CommentFactory(post=post, author_name="Anna", body="Wie seht ihr das?")
    by_author = CommentFactory(
        post=post, parent=question, user=writer, author_name="", body="So sehe ich das."
    )
    moderator = make_moderator("mona")
    by_staff = CommentFactory(
        post=post, parent=question, user=moderator, author_name="", body="Bitte sachlich."
    )
    return post, question, by_author, by_staff


@pytest.mark.parametrize("device", VIEWPORTS)
def test_readers_recognise_the_author_and_the_editorial_team(live_server, open_reader, device):
    post, question, by_author, by_staff = discussion_with_staff()
    page = open_reader(device)
    page.goto(f"{live_server.url}{post.get_absolute_url()}#kommentar-{by_author.pk}")
    badge = page.locator(f"#kommentar-{by_author.pk} .comment-badge")
    assert badge.inner_text() == "Autor" and badge.is_visible()
    assert page.locator(f"#kommentar-{by_staff.pk} .comment-badge").inner_text() == "Redaktion"
    assert page.locator(f"#kommentar-{question.pk} .comment-badge").count() == 0
    assert page.locator(".comment-moderation").count() == 0  # readers get no moderation links


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_moderator_edits_or_removes_from_the_live_page(live_server, open_reader, device):
    post, question, by_author, by_staff = discussion_with_staff()
    unruly = CommentFactory(post=post, author_name="Rudi", body="Grenzwertiger Ton hier.")
    page = open_reader(device)
    log_in(page, live_server, "mona")
    page.goto(f"{live_server.url}{post.get_absolute_url()}#kommentar-{unruly.pk}")

    tools = page.locator(f"#kommentar-{unruly.pk} .comment-moderation")
    edit = tools.get_by_role("link", name="Bearbeiten")
    assert edit.is_visible()
    assert edit.get_attribute("href") == f"/admin/comments/comment/{unruly.pk}/change/"
    tools.get_by_role("button", name="Entfernen").click()
    # The admin asks for the guideline clause before it removes anything.
    page.wait_for_url(re.compile(r"/admin/comments/comment/"))
    assert Comment.objects.get(pk=unruly.pk).status == Comment.Status.PUBLISHED
    page.locator('input[name="clause"][value="beleidigung"]').check()
    page.locator('input[name="apply"]').click()
    page.wait_for_selector(".messagelist")
    assert Comment.objects.get(pk=unruly.pk).status == Comment.Status.REMOVED

    page.goto(live_server.url + post.get_absolute_url())
    assert page.get_by_text("Grenzwertiger Ton hier.").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_after_acting_have_no_violations(
    live_server,
    open_reader,
    axe_source,  # noqa: F811
    settings,
    scheme,
):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    post, *_ = discussion_with_staff()
    post.body += "\n\n<!--theses-->\n\nSchluss."
    post.save()
    ThesisFactory(post=post, position=1, title="Erste These")
    page = open_reader(scheme=scheme)
    page.goto(live_server.url + post.get_absolute_url())

    # The reader's own held comment with its notices; own stars and vote.
    page.get_by_role("textbox", name="Kommentar", exact=True).fill(
        "Mehr bei https://example.com/a, https://example.org/b und https://example.net/c."
    )
    page.get_by_role("textbox", name="Name", exact=True).fill("Lena Links")
    page.get_by_role("textbox", name="E-Mail", exact=True).fill("lena@gaeste.gegenverkehr.invalid")
    page.get_by_role("checkbox", name="Ich bin einverstanden").check()
    page.get_by_role("button", name="Kommentar abschicken").click()
    page.wait_for_url(re.compile(r"#kommentar-\d+$"))
    assert page.locator(".comment-pending .notices").is_visible()
    assert_reader_page_is_accessible(page, axe_source)

    page.locator(".rating-stars label").nth(2).click()
    page.get_by_role("button", name="Bewertung abgeben").click()
    page.get_by_role("button", name="Stimme zu – These 1").click()
    page.wait_for_url(re.compile(r"#these-1-abstimmung$"))
    assert page.locator(".rating-own").is_visible()
    assert_reader_page_is_accessible(page, axe_source)

    # A moderator's view: badges and moderation links.
    staff = open_reader(scheme=scheme)
    log_in(staff, live_server, "mona")
    staff.goto(live_server.url + post.get_absolute_url())
    assert staff.locator(".comment-moderation").count() >= 3
    assert_reader_page_is_accessible(staff, axe_source)
