"""A reader's own held comments, shown to them in place until a moderator decides.

When a comment is held, its author would otherwise see nothing and send it again. As WordPress
does, the author sees it where it will stand, marked „Wartet auf Freischaltung“, and nobody else
does. The browser remembers which comments are its own in a cookie, ``gv_wartend``:

* signed (a reader cannot add other people's comment ids) and HttpOnly;
* scoped to the post's path, so it travels only with that post's pages and the comment form,
  and holds the ids of that post only: at most :data:`MAX_IDS`, the newest kept;
* valid for :data:`MAX_AGE` after the last held comment (a moderator decides long before);
* pruned whenever the reader posts on the post again: ids a moderator decided are dropped, and
  the cookie is deleted when none is left.

The post page is cached for anonymous readers; a page showing a reader's own held comment must
not be, so ``comments.apps`` registers the cookie with :mod:`core.page_cache`, and such a reader
gets the post rendered for them (see :func:`own_pending_rows`, which refuses to add anything to
a page that could be cached). Accounts see their held comments by their user, without a cookie.
Published comments need nothing of this: they are on the page for everyone; rejected or removed
ones simply are no longer shown.
"""

from django.core.signing import BadSignature

from comments import rows
from comments.models import Comment
from core import page_cache

COOKIE = "gv_wartend"
SALT = "comments.own-pending"
MAX_AGE = 7 * 24 * 3600
MAX_IDS = 20


def pending_ids(request) -> list[int]:
    """The ids in this browser's cookie for the requested post (unchecked: any status)."""
    try:
        raw = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE)
    except BadSignature:
        return []
    ids = [int(part) for part in raw.split(".") if part.isdecimal() and len(part) < 12]
    return ids[-MAX_IDS:]


def own_pending_rows(request, post) -> list[rows.CommentRow]:
    """This reader's held comments on ``post`` in path order; none on a cacheable request."""
    if request is None or page_cache.is_cacheable_request(request):
        return []
    ids = pending_ids(request)
    user = getattr(request, "user", None)
    if not ids and not (user and user.is_authenticated):
        return []
    held = Comment.objects.filter(post=post, status=Comment.Status.PENDING)
    if user and user.is_authenticated:
        held = held.filter(pk__in=ids) | held.filter(user=user)
    else:
        held = held.filter(pk__in=ids)
    values = held.order_by("path").values_list(*rows.columns())
    return [rows.CommentRow(row, pending=True) for row in values]


def remember_held(request, response, comment: Comment):
    """After a submission on ``comment``'s post: the cookie holds the ids still held there."""
    ids = pending_ids(request)
    still_held = set(
        Comment.objects.filter(
            pk__in=ids, post_id=comment.post_id, status=Comment.Status.PENDING
        ).values_list("pk", flat=True)
    )
    kept = [pk for pk in ids if pk in still_held and pk != comment.pk]
    if comment.status == Comment.Status.PENDING:
        kept.append(comment.pk)
    path = comment.post.get_absolute_url()
    if not kept:
        if COOKIE in request.COOKIES:
            response.delete_cookie(COOKIE, path=path, samesite="Lax")
        return response
    response.set_signed_cookie(
        COOKIE,
        ".".join(str(pk) for pk in kept[-MAX_IDS:]),
        salt=SALT,
        max_age=MAX_AGE,
        path=path,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
