"""The post admin's change form as a browser posts it, for tests that save a post there."""

from django.utils import timezone


def post_change_data(post, images=(), **fields):
    """The change form of ``post`` with the image inline rows ``images`` (dicts of inline
    fields: ``id`` for existing rows, ``image`` an upload) and no theses; ``fields`` override."""
    data = {
        "title": post.title,
        "slug": post.slug,
        "kicker": post.kicker,
        "lead": post.lead,
        "body": post.body,
        "author": post.author_id,
        "tags": "",
        "status": post.status,
        "published_at_0": timezone.localtime(post.published_at).strftime("%d.%m.%Y"),
        "published_at_1": timezone.localtime(post.published_at).strftime("%H:%M:%S"),
        "comments_enabled": "on",
        "image_credit": post.image_credit,
        "footnote": post.footnote,
        "source": post.source,
        "theses-TOTAL_FORMS": "0",
        "theses-INITIAL_FORMS": "0",
        "theses-MIN_NUM_FORMS": "0",
        "theses-MAX_NUM_FORMS": "1000",
        "images-TOTAL_FORMS": str(len(images)),
        "images-INITIAL_FORMS": str(sum(1 for row in images if row.get("id"))),
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, row in enumerate(images):
        prefix = f"images-{index}-"
        data[prefix + "post"] = post.pk
        for name in ("id", "image", "alt_text", "caption", "credit", "position"):
            data[prefix + name] = row.get(name, "")
        if row.get("DELETE"):
            data[prefix + "DELETE"] = "on"
    return data
