"""Turns an editor's Markdown into the sanitised HTML stored beside it.

Two marker lines structure a post body: ``PAGE_BREAK`` starts a new page (as in WordPress) and
``THESES_MARKER`` marks where the post's ordered theses appear. Markers are split off before
rendering because the sanitiser drops HTML comments.
"""

import bleach
import markdown

PAGE_BREAK = "<!--nextpage-->"
THESES_MARKER = "<!--theses-->"

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


def render_body(text: str) -> str:
    """Render a body page by page, keeping the marker lines between the rendered parts."""
    return PAGE_BREAK.join(
        THESES_MARKER.join(render_markdown(part) for part in page.split(THESES_MARKER))
        for page in text.split(PAGE_BREAK)
    )
