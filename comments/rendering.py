"""Turns a comment as typed into the sanitised HTML stored beside it.

Readers write plain text with a few optional tags, as in WordPress: blank lines start paragraphs,
single line breaks stay line breaks, bare URLs become links. Anything outside the allow-list is
escaped, so it shows as typed and can never run. The result is computed once, at save time.
"""

import re

import bleach
from bleach.linkifier import Linker

from core import linear

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "blockquote", "code", "a", "ul", "ol", "li"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Chunks that already are block elements are not wrapped in <p> and keep their line breaks.
_BLOCK_START = linear.compile(r"^<(blockquote|ul|ol|p)[\s>]", re.IGNORECASE)
_LIST_START = linear.compile(r"^<(ul|ol)[\s>]", re.IGNORECASE)
_BLANK_LINES = linear.compile(r"\n\s*\n")


def _set_rel(attrs, new=False):
    # Applies to links the reader typed as well as to linkified URLs.
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_set_rel], parse_email=False)


def paragraphs(text: str) -> str:
    """Wrap blank-line separated chunks in <p>, single line breaks become <br>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    chunks = [chunk.strip() for chunk in _BLANK_LINES.split(text) if chunk.strip()]
    html = []
    for chunk in chunks:
        if _LIST_START.match(chunk):
            html.append(chunk)  # line breaks between list items are markup, not text
        elif _BLOCK_START.match(chunk):
            html.append(chunk.replace("\n", "<br>\n"))
        else:
            html.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(html)


def render_comment(text: str) -> str:
    """The safe HTML of a comment body."""
    cleaned = bleach.clean(
        paragraphs(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=False,
        strip_comments=True,
    )
    return _linker.linkify(cleaned)
