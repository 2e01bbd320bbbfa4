"""Writes the README's screenshots to docs/screenshots/ (not part of the suite: run it by name).

    .venv/bin/pytest tests/browser/make_screenshots.py

Viewport-sized PNGs (not full pages) keep the files small.
"""

from pathlib import Path

import pytest
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
def test_write_screenshots(live_server, browser, device):
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
        page.locator("#kommentare").evaluate("section => section.scrollIntoView()")
        page.screenshot(path=OUT / f"discussion-{device}.png")
    finally:
        context.close()
