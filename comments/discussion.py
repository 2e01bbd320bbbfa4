"""A post's discussion as the post page needs it, fetched once per request.

The thesis links near the top of the page and the comment section at its end both read from
the same list, so the whole page costs one comment query however long the discussion is.
"""

from collections import Counter
from functools import cached_property

from comments import tree
from comments.models import Comment
from comments.rows import CommentRow

_REQUEST_CACHE = "_comment_discussions"


class Discussion:
    def __init__(self, post):
        self.post = post

    @cached_property
    def comments(self) -> list[CommentRow]:
        return list(tree.visible(Comment.objects.page_rows(self.post)))

    @property
    def count(self) -> int:
        return len(self.comments)

    @cached_property
    def thesis_counts(self) -> Counter:
        return Counter(c.thesis_id for c in self.comments if c.thesis_id is not None)

    def get(self, pk) -> CommentRow | None:
        return self._by_pk.get(pk)

    @cached_property
    def _by_pk(self) -> dict[int, CommentRow]:
        return {c.pk: c for c in self.comments}

    def thread(self, thesis=None) -> tree.Thread:
        """All comments, or the threads that start with a comment about ``thesis``."""
        if thesis is None:
            return tree.thread(self.comments)
        return tree.thread(self.comments, root=lambda c: c.thesis_id == thesis.pk)


def discussion_for(request, post) -> Discussion:
    """The discussion of ``post``, shared by every template tag rendering this request."""
    if request is None:
        return Discussion(post)
    cache = request.__dict__.setdefault(_REQUEST_CACHE, {})
    if post.pk not in cache:
        cache[post.pk] = Discussion(post)
    return cache[post.pk]
