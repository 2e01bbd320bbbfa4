"""schema.org ``Comment`` data for post pages, linked to the page's ``BlogPosting`` by ``@id``."""

from html import unescape

from django.utils.html import strip_tags

MAX_COMMENTS = 50  # newest first; the full discussion is on the page


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
        "text": unescape(strip_tags(comment.body_html)),
    }
