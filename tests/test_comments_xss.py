"""Every XSS payload of the corpus in tests/data/xss, in every field a reader fills, is inert."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from comments.models import Comment
from comments.moderation import review
from comments.moderation.base import Action, Decision
from tests.factories import bulk_comment_threads, comment_form_data

pytestmark = pytest.mark.django_db

XSS_DIR = Path(__file__).resolve().parent / "data" / "xss"


def load_payloads() -> list[str]:
    """Every distinct payload; a missing corpus is an error, never an empty list."""
    files = sorted(XSS_DIR.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"The XSS corpus is missing: no *.txt in {XSS_DIR}")
    payloads = []
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip() and line not in payloads:
                payloads.append(line)
    return payloads


PAYLOADS = load_payloads()
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


class ActiveContent(HTMLParser):
    """Collects what a browser would execute: script elements, handlers, script URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed", "svg", "math", "img", "style"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value:
                compact = "".join(ch for ch in value if ch.isprintable() and not ch.isspace())
                if compact.lower().startswith(DANGEROUS_SCHEMES):
                    self.found.append(f"{tag} {name}={value!r}")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found


def discussion_html(html: str) -> str:
    start = html.index('<section class="discussion"')
    return html[start : html.index("</main>")]


def as_fields(payload):
    return {"author_name": payload[:100], "author_website": payload[:200], "body": payload}


def test_corpus_is_there():
    assert len(PAYLOADS) > 600


def test_stored_payloads_render_inert_on_the_post_page(client, post):
    bulk_comment_threads(post, len(PAYLOADS), each=lambda i: as_fields(PAYLOADS[i]))
    html = discussion_html(client.get(post.get_absolute_url()).content.decode())
    assert html.count('class="comment"') == len(PAYLOADS)
    assert "<script" not in html.lower()
    assert active_content(html) == []


@pytest.mark.slow
def test_submitted_payloads_render_inert_when_the_form_is_shown_again(
    client, post, monkeypatch, settings
):
    # Held, so the page shown again stays small; stored comments are covered above.
    monkeypatch.setattr(review, "review", lambda draft, context: Decision(Action.HOLD))
    settings.COMMENTS_RATE_LIMITS = {"ip": None, "email": None}  # hundreds of posts in a row
    url = f"{post.get_absolute_url()}kommentare/"
    for payload in PAYLOADS:
        response = client.post(
            url,
            comment_form_data(
                body=payload,
                author_name=payload[:100],
                author_email="xss@gaeste.gegenverkehr.invalid",
                author_website=payload[:200],
            ),
        )
        assert response.status_code in (200, 302), payload
        if response.status_code == 200:
            html = discussion_html(response.content.decode())
            assert active_content(html) == [], payload
    for comment in Comment.objects.all():
        assert comment.website == comment.author_website  # only web addresses got through
        assert active_content(comment.body_html) == [], comment.body


def test_payloads_are_inert_in_the_admin_change_list(client, post):
    admin = get_user_model().objects.create_superuser("admin", "a@example.invalid", "pw")
    bulk_comment_threads(post, 300, each=lambda i: as_fields(PAYLOADS[i]))
    client.force_login(admin)
    html = client.get("/admin/comments/comment/?all=").content.decode()
    table = html[html.index('id="result_list"') : html.index("</table>")]
    assert "<script" not in table.lower()
    assert active_content(table) == []
