"""Writes the README's screenshots to docs/screenshots/ (not part of the suite: run it by name).

    .venv/bin/pytest tests/browser/make_screenshots.py

Viewport-sized PNGs (not full pages) keep the files small.
"""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from blog.models import Post
from tests.factories import CommentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
THESES_POST = "social-media-in-b2b-weiterhin-mehr-ob-als-wie"


@pytest.mark.parametrize("device", VIEWPORTS)
def test_write_screenshots(live_server, browser, device, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0  # the script below writes a comment at once
    call_command("loaddata", "seed", "seed_comments", verbosity=0)
    post = Post.objects.get(slug=THESES_POST)
    first = post.comments.order_by("pk").first()
    reply = CommentFactory(
        parent=first,
        author_name="Jana Beispiel",
        body="Genau das erleben wir auch: Die Frage ist längst nicht mehr „ob“, sondern „wie“.",
    )
    CommentFactory(
        parent=reply,
        author_name="Tom Muster",
        body="Wobei „wie“ im Mittelstand oft heißt: mit wem und mit welcher Zeit?",
    )
    # The post's author answers with their account: the reply carries the badge „Autor“.
    author = post.author
    author.user = get_user_model().objects.create_user(author.slug, first_name=author.name)
    author.save()
    CommentFactory(
        parent=reply,
        user=author.user,
        author_name="",
        body="Danke euch beiden – genau diese Frage nach dem „wie“ wollte ich anstoßen.",
    )

    width, height = VIEWPORTS[device]
    context = browser.new_context(
        locale="de-DE", color_scheme="light", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(live_server.url + "/")
        page.screenshot(path=OUT / f"home-{device}.png")
        page.goto(live_server.url + post.get_absolute_url())
        page.screenshot(path=OUT / f"post-{device}.png")
        page.locator(f"#kommentar-{reply.pk}").evaluate("comment => comment.scrollIntoView()")
        page.screenshot(path=OUT / f"discussion-{device}.png")
        # A reader's comment held for the moderation: where they land after sending it.
        page.get_by_role("textbox", name="Kommentar", exact=True).fill(
            "Mehr dazu bei https://example.com/a, https://example.org/b und https://example.net/c."
        )
        page.get_by_role("textbox", name="Name", exact=True).fill("Lena Links")
        page.get_by_role("textbox", name="E-Mail", exact=True).fill("lena@example.invalid")
        page.get_by_role("checkbox", name="Ich bin einverstanden").check()
        page.get_by_role("button", name="Kommentar abschicken").click()
        page.wait_for_url("**#kommentar-*")
        page.screenshot(path=OUT / f"held-{device}.png")
    finally:
        context.close()
