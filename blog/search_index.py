"""Keeps each post's ``SearchEntry`` in step with what readers can search.

``index_post()`` rebuilds one post's entry from the database; the receivers in
``blog.signals`` call it whenever a post, its theses, images or tags, or its author change, so
the entry is written in the same transaction as the change. ``index_missing()`` fills entries
that do not exist yet (after ``migrate`` on a database with posts).
"""

from blog import search
from blog.models import Post, SearchEntry
from blog.text import html_to_text


def _entry_fields(post: Post) -> dict:
    tags = [tag.name for tag in post.tags.all()]
    theses = list(post.theses.all())
    captions = [image.caption for image in post.images.all() if image.caption]
    headings = [post.title, post.kicker, post.author.name, *tags]
    headings += [thesis.title for thesis in theses] + captions
    text_parts = [post.lead, html_to_text(post.body_html)]
    for thesis in theses:
        text_parts += [f"{thesis.position}. {thesis.title}", html_to_text(thesis.body_html)]
    text_parts += captions
    text = "\n".join(part for part in text_parts if part.strip())
    return {
        "heading_terms": search.document(headings),
        "terms": search.document([*headings, text]),
        "text": text,
    }


def index_post(post_id: int) -> None:
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None:
        return
    SearchEntry.objects.update_or_create(post=post, defaults=_entry_fields(post))


def index_posts(post_ids) -> None:
    for post_id in post_ids:
        index_post(post_id)


def index_missing() -> int:
    missing = list(Post.objects.filter(search_entry__isnull=True).values_list("pk", flat=True))
    index_posts(missing)
    return len(missing)
