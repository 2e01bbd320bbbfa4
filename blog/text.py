"""Plain text from the sanitised article HTML: excerpts for teasers, text for the search index.

Runs over the HTML this project rendered itself (``blog.rendering``), once when a post is saved,
with Python's HTML tokenizer: linear in the length of the text.
"""

from html.parser import HTMLParser

EXCERPT_LENGTH = 280
ELLIPSIS = " …"

# Elements whose end separates blocks of text (paragraphs, list items, headings …).
BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "blockquote", "pre", "figcaption", "figure", "ul", "ol",
    "br", "hr",
}  # fmt: skip


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []

    def handle_data(self, data):
        self._current.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self._end_block()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._end_block()

    handle_startendtag = handle_starttag

    def _end_block(self):
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def close(self):
        super().close()
        self._end_block()


def text_blocks(html: str) -> list[str]:
    """The visible text of ``html``, one string per paragraph-like block, whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.blocks


def html_to_text(html: str) -> str:
    return "\n".join(text_blocks(html))


def truncate(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """``text`` with collapsed whitespace, cut after the last whole word within ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else text[:limit]
    # German sets an ellipsis for omitted words apart; dangling punctuation goes.
    return cut.rstrip(" ,;:–-") + ELLIPSIS


def excerpt(lead: str, body_html: str, limit: int = EXCERPT_LENGTH) -> str:
    """The teaser text: the lead, else the first paragraph of the body, as plain text."""
    if lead.strip():
        return truncate(lead, limit)
    collector = _FirstParagraph()
    collector.feed(body_html)
    collector.close()
    return truncate(collector.text, limit)


class _FirstParagraph(HTMLParser):
    """The text of the first non-empty ``<p>``; stops collecting once it has it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = ""
        self._depth = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not self.text:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self._depth:
            self._depth -= 1
            if not self._depth:
                self.text = " ".join("".join(self._parts).split())
                self._parts = []

    def handle_data(self, data):
        if self._depth and not self.text:
            self._parts.append(data)
