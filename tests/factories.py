"""Small factories for tests; fixtures are only for the real seed content."""

from datetime import timedelta

import factory
from django.utils import timezone

from blog.models import Author, Post, Thesis


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Autorin {n}")
    slug = factory.Sequence(lambda n: f"autorin-{n}")
    bio = "Schreibt über Kommunikation."


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Beitrag Nummer {n}")
    slug = factory.Sequence(lambda n: f"beitrag-{n}")
    lead = "Ein kurzer Vorspann."
    body = "Ein Absatz über Social Media in der B2B-Kommunikation."
    author = factory.SubFactory(AuthorFactory)
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class ThesisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thesis

    post = factory.SubFactory(PostFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"These {n + 1}")
    body = "Begründung der These."


class CommentFactory(factory.django.DjangoModelFactory):
    """A published guest comment; pass ``parent=`` for a reply (same post is taken from it).

    Stored the way the comment form stores one (``decisions.submit``): counts, reply mails and
    the page cache follow as on the site. Status changes in tests go through the admin.
    """

    class Meta:
        model = "comments.Comment"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from comments.moderation import decisions

        return decisions.submit(model_class(*args, **kwargs))

    post = factory.LazyAttribute(lambda o: o.parent.post if o.parent else PostFactory())
    parent = None
    author_name = factory.Sequence(lambda n: f"Leserin {n}")
    author_email = factory.Sequence(lambda n: f"leserin{n}@gaeste.gegenverkehr.invalid")
    body = "Ein kluger Gedanke zur B2B-Kommunikation."
    status = "published"


def bulk_comment_threads(post, count, *, depths=(1, 2, 3, 4, 5, 3, 2), each=None, **fields):
    """``count`` published comments on ``post``, threaded up to depth 5, in a few INSERTs.

    ``depths`` repeats as the depth of consecutive comments (each at most one deeper than the
    one before); paths and parents follow from it as the model would assign them. ``each(i)``
    may return extra fields for the i-th comment.
    """
    from comments.models import Comment  # the factories above need the blog app only

    counters, levels = [], {}
    for index in range(count):
        depth = depths[index % len(depths)]
        number = counters[depth - 1] + 1 if len(counters) >= depth else 1
        counters = [*counters[: depth - 1], number]
        comment = CommentFactory.build(post=post, **fields, **(each(index) if each else {}))
        comment.path = "/".join(f"{n:06d}" for n in counters)
        comment.depth = depth
        comment.render_html()
        levels.setdefault(depth, []).append(comment)
    by_path = {}
    for depth in sorted(levels):  # parents first, so their ids are known
        for comment in levels[depth]:
            parent = by_path.get(comment.path.rpartition("/")[0])
            comment.parent_id = parent.pk if parent else None
        Comment.objects.bulk_create(levels[depth], batch_size=500)
        by_path.update((c.path, c) for c in levels[depth])
    Comment.objects.refresh_post_count(post)
    return sorted((c for group in levels.values() for c in group), key=lambda c: c.path)


def form_started(seconds_ago: float = 600) -> dict:
    """The signed form start time the spam protection expects, as if shown ``seconds_ago``."""
    from comments.moderation import spam

    return {spam.TIMESTAMP_FIELD: spam.issue_token(first_seen=spam.clock() - seconds_ago)}


def comment_form_data(**fields) -> dict:
    """Valid POST data for the comment form as a browser sends it: ``fields`` plus the hidden
    form start time (well in the past) and the guest's consent (ignored for accounts)."""
    return {"consent": "on", **form_started(), **fields}
