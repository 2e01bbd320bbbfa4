"""Turns an editor's Markdown into the sanitised HTML stored beside it.

Marker lines structure a post body: ``PAGE_BREAK`` starts a new page (as in WordPress),
``THESES_MARKER`` marks where the post's ordered theses appear and ``<!--bild N-->`` where
image number N of the post appears (``blog.figures``). Markers are split off before rendering
because the sanitiser drops HTML comments.

The sanitiser allows no ``img``: pictures reach a post only as ``PostImage`` rows, from our own
storage, with alternative text, fixed dimensions and renditions. An image in the Markdown
(``![…](…)``) or as raw HTML is dropped, so no page loads anything from elsewhere.
"""

import re

import bleach
import markdown

from core import linear

PAGE_BREAK = "<!--nextpage-->"
THESES_MARKER = "<!--theses-->"
# A line of its own; the rendered HTML keeps the canonical form ``figure_marker(n)``.
# Browsers send form text with CRLF line ends.
FIGURE_LINE = linear.compile(r"^[ \t]*<!--bild ([0-9]{1,3})-->[ \t\r]*$", re.MULTILINE)


def figure_marker(number: int) -> str:
    return f"<!--bild {number}-->"


ARTICLE_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "blockquote", "cite", "q",
    "ul", "ol", "li", "a", "code", "pre", "hr", "figure", "figcaption", "sup", "sub", "abbr",
}  # fmt: skip
ARTICLE_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"], "*": ["id"]}


def render_markdown(text: str) -> str:
    """Render editorial Markdown to sanitised HTML."""
    # No "smarty" extension: the texts carry their own German typography, kept exactly.
    html = markdown.markdown(text, extensions=["extra", "sane_lists"])
    return bleach.clean(
        html,
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        protocols={"http", "https", "mailto"},
        strip=True,
    )


def _render_with_figures(text: str) -> str:
    # split() with one group: text, number, text, number, …, text
    pieces = FIGURE_LINE.split(text)
    html = [render_markdown(pieces[0])]
    for number, rest in zip(pieces[1::2], pieces[2::2], strict=True):
        html += [figure_marker(int(number)), render_markdown(rest)]
    return "".join(html)


def render_body(text: str) -> str:
    """Render a body page by page, keeping the marker lines between the rendered parts."""
    return PAGE_BREAK.join(
        THESES_MARKER.join(_render_with_figures(part) for part in page.split(THESES_MARKER))
        for page in text.split(PAGE_BREAK)
    )
