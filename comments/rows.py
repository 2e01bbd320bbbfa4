"""A post's comments as light rows, the way the post page reads them.

Building a model instance per comment (with its user and thesis attached) was most of a long
discussion's page time. The page needs a dozen columns per comment and none of the model's
behaviour, so ``CommentQuerySet.page_rows()`` reads them with ``values_list`` into these rows:
one query, in path order, about a quarter of the cost per comment.

A comment that is no longer published but has published replies stays in the thread as a
placeholder (:class:`PlaceholderRow`): its replies keep their place and their context, and
nothing of its text or author reaches the page.
"""

from django.contrib.auth import get_user_model


def display_name(author_name: str, first_name: str, last_name: str, username: str) -> str:
    """A guest's name, else the account's full name, else its user name."""
    return author_name or f"{first_name} {last_name}".strip() or username


def plain_web_address(url: str) -> str:
    """``url`` if it is a plain web address, else "" (no javascript:, data: … links)."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def columns() -> tuple[str, ...]:
    username = f"user__{get_user_model().USERNAME_FIELD}"
    return (
        "pk",
        "path",
        "thesis_id",
        "thesis__position",
        "thesis__title",
        "author_name",
        "author_website",
        "user__first_name",
        "user__last_name",
        username,
        "body_html",
        "submitted_at",
        "moderator_edited_at",
        # Who wrote it, for the badges of staff and the post's author.
        "user_id",
        "user__is_staff",
    )


class CommentRow:
    """What the post page shows of one comment: a published one, or (``pending``) a reader's
    own comment that waits for a moderator and is shown to its author only."""

    is_placeholder = False

    __slots__ = (
        "pk",
        "path",
        "thesis_id",
        "thesis_position",
        "thesis_title",
        "display_name",
        "website",
        "body_html",
        "submitted_at",
        "moderator_edited_at",
        "user_id",
        "is_staff",
        "pending",
    )

    def __init__(self, values: tuple, *, pending: bool = False):
        (
            self.pk,
            self.path,
            self.thesis_id,
            self.thesis_position,
            self.thesis_title,
            author_name,
            website,
            first_name,
            last_name,
            username,
            self.body_html,
            self.submitted_at,
            self.moderator_edited_at,
            self.user_id,
            is_staff,
        ) = values
        self.is_staff = bool(is_staff)
        self.pending = pending
        self.display_name = display_name(
            author_name, first_name or "", last_name or "", username or ""
        )
        self.website = plain_web_address(website)

    @property
    def anchor(self) -> str:
        return f"kommentar-{self.pk}"

    def __repr__(self) -> str:
        return f"<CommentRow {self.pk} {self.path}>"


PLACEHOLDER_COLUMNS = ("pk", "path", "thesis_id", "status", "removal_clause")


class PlaceholderRow:
    """A comment that is no longer published but keeps its published replies' place.

    Only its place in the tree (``pk``, ``path``, ``thesis_id`` for the thesis filter), its
    status (which placeholder text) and the guideline clause of a removal: no text, no author.
    """

    is_placeholder = True
    pending = False

    __slots__ = ("pk", "path", "thesis_id", "status", "removal_clause")

    def __init__(self, values: tuple):
        self.pk, self.path, self.thesis_id, self.status, self.removal_clause = values

    @property
    def anchor(self) -> str:
        return f"kommentar-{self.pk}"

    def __repr__(self) -> str:
        return f"<PlaceholderRow {self.pk} {self.path} {self.status}>"
