"""schema.org ``Comment`` data for post pages, linked to the page's ``BlogPosting`` by ``@id``."""

from html import unescape

from core import linear

MAX_COMMENTS = 50  # newest first; the full discussion is on the page
# body_html was sanitised by bleach: well-formed, every "<" in the text escaped as "&lt;", only
# quoted attribute values may hold a raw ">". A tag is then "<…>" with quoted values skipped, and
# Django's strip_tags (an HTML parser, ~40 µs a comment) isn't needed.
# A "<" outside quoted values ends an attempt (none occurs inside a tag bleach wrote): on any
# other input, too, an attempt then reads no further than the next such "<".
_TAG = linear.compile(
    r"""<(?:[^<>"']|"[^"]*"|'[^']*')*>""",
    reason="the alternatives differ in their first character, and an attempt stops at the "
    "next '<' outside quotes, which fails at once when it starts one",
)


def comment_graph(url: str, comments: list) -> dict:
    newest = sorted(comments, key=lambda comment: comment.submitted_at, reverse=True)
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": url,
        "commentCount": len(comments),
        "comment": [_comment(url, comment) for comment in newest[:MAX_COMMENTS]],
    }


def _comment(url: str, comment) -> dict:
    return {
        "@type": "Comment",
        "@id": f"{url}#{comment.anchor}",
        "url": f"{url}#{comment.anchor}",
        "author": {"@type": "Person", "name": comment.display_name},
        "dateCreated": comment.submitted_at.isoformat(),
        "text": unescape(_TAG.sub("", comment.body_html)),
    }
