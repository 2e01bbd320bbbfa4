"""The discussion section of the post page, and the post's discussion behind it.

The template tags in ``comments/templatetags/discussion.py`` call these functions:
``{% comment_section post %}`` renders the comments and the form; the comment view re-renders
the post page with a bound ``comment_form`` in the context after a failed submission, and the
section shows that form (with the reader's input and the errors) instead of a fresh one.
``{% thesis_comments_link thesis %}`` links to the comments about one thesis;
``{% comments_structured_data post %}`` adds the newest comments as JSON-LD.

The thesis links near the top of the page and the comment section at its end all read from one
:class:`Discussion` per request, so the whole page costs one comment query however long the
discussion is.
"""

from collections import Counter
from functools import cached_property

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from comments import tree
from comments.discussion.forms import CommentForm
from comments.discussion.own_comments import own_pending_rows
from comments.discussion.structured_data import comment_graph
from comments.discussion.thread_html import StaffLinks, render_thread
from comments.models import Comment
from comments.rows import CommentRow, PlaceholderRow
from core import page_cache
from core.json_ld import ld_json
from core.notices import notices_for

_REQUEST_CACHE = "_comment_discussions"


class Discussion:
    def __init__(self, post):
        self.post = post

    @cached_property
    def comments(self) -> list[CommentRow]:
        """The published comments, in path order: what readers read and what is counted."""
        return Comment.objects.page_rows(self.post)

    @cached_property
    def rows(self) -> list[CommentRow | PlaceholderRow]:
        """The thread as shown: the published comments and a placeholder for each of their
        ancestors that is no longer published (a second query only if there are any)."""
        missing = tree.missing_ancestors(self.comments)
        if not missing:
            return self.comments
        placeholders = Comment.objects.placeholder_rows(self.post, missing)
        return tree.merged(self.comments, placeholders)

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

    def thread(self, thesis=None, own_pending=()) -> tree.Thread:
        """All comments, or the threads that start with a comment about ``thesis``.

        ``own_pending``: the reader's own held comments (path order), shown where they will
        stand; they count nowhere else (heading, thesis counts, structured data).
        """
        rows = self.rows
        if own_pending:
            rows = list(tree.with_pending(rows, own_pending))
        if thesis is None:
            return tree.thread(rows)
        return tree.thread(rows, root=lambda c: c.thesis_id == thesis.pk)


def discussion_for(request, post) -> Discussion:
    """The discussion of ``post``, shared by every template tag rendering this request."""
    if request is None:
        return Discussion(post)
    cache = request.__dict__.setdefault(_REQUEST_CACHE, {})
    if post.pk not in cache:
        cache[post.pk] = Discussion(post)
    return cache[post.pk]


# The post page's parts --------------------------------------------------------------------

REPLY_PARAM = "antwort"
THESIS_PARAM = "these"


def _int_param(request, name) -> int | None:
    if request is None:
        return None
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return None


def _theses(context, post) -> list:
    theses = context.get("theses")
    return list(post.theses.all()) if theses is None else list(theses)


def _query(request, **params) -> str:
    """The current query string with ``params`` replaced (None drops a parameter)."""
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query.pop(REPLY_PARAM, None)
    for name, value in params.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def comment_section(context, post) -> dict:
    """The comments (all, or those about ``?these=N``) and the form (a reply with ``?antwort=``)."""
    request = context.get("request")
    discussion = discussion_for(request, post)
    theses = _theses(context, post)

    position = _int_param(request, THESIS_PARAM)
    thesis = next((t for t in theses if t.position == position), None)
    form = context.get("comment_form")
    if form is None:
        reply_to = discussion.get(_int_param(request, REPLY_PARAM))
        form = CommentForm(
            post=post,
            user=getattr(request, "user", None),
            reply_to=reply_to,
            theses=theses,
            initial={"thesis": thesis.pk} if thesis else None,
        )
    thread = discussion.thread(thesis, own_pending_rows(request, post))
    thread_html = render_thread(
        thread,
        author_user_id=post.author.user_id,
        notes=_comment_notes(request, thread),
        staff=_staff_links(request, context),
    )
    return {
        "post": post,
        "post_url": post.get_absolute_url(),
        # The page answering a failed submission opens at the error summary: the browser
        # scrolls to it and focuses it (it is focusable), also without JavaScript. (A fragment
        # naming another element would stop the summary's autofocus.)
        "form_url": f"{post.get_absolute_url()}kommentare/#kommentar-formular-fehler",
        "thread": thread,
        "thread_html": mark_safe(thread_html),  # noqa: S308 - values escaped there
        "count": discussion.count,
        # Under the thesis filter: the comments shown; placeholders and the reader's own held
        # comments are not counted.
        "thread_count": sum(
            not (node.comment.is_placeholder or node.comment.pending) for node in thread
        ),
        "thesis_filter": thesis,
        "all_comments_query": _query(request, **{THESIS_PARAM: None}),
        "form": form,
        "reply_to": form.reply_to,
        "comments_open": post.comments_open,
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
    }


def _comment_notes(request, thread) -> dict[int, str]:
    """Notices addressed to comments on this page (``kommentar-N``), as HTML per comment id."""
    notices = notices_for(request)
    targets = notices.targets()
    if not targets:
        return {}
    notes = {}
    for node in thread:
        found = notices.at(node.comment.anchor) if node.comment.anchor in targets else None
        if found:
            notes[node.comment.pk] = render_to_string(
                "includes/notices.html", {"notices": found, "general": False}
            )
    return notes


def _staff_links(request, context) -> StaffLinks | None:
    """The moderation links for logged-in staff who may change comments; never cached."""
    user = getattr(request, "user", None)
    if user is None or not user.is_staff or not user.has_perm("comments.change_comment"):
        return None
    if page_cache.is_cacheable_request(request):
        return None
    return StaffLinks(context.get("csrf_token"))


def thesis_comments_link(context, thesis) -> dict:
    """How many comments are about ``thesis``, linking to them."""
    request = context.get("request")
    discussion = discussion_for(request, thesis.post)
    return {
        "thesis": thesis,
        "count": discussion.thesis_counts[thesis.pk],
        "query": _query(request, **{THESIS_PARAM: thesis.position}),
    }


def comments_structured_data(context, post):
    """schema.org ``Comment`` data for the post's newest comments, as a JSON-LD block."""
    request = context.get("request")
    discussion = discussion_for(request, post)
    url = context.get("canonical_url") or post.get_absolute_url()
    return ld_json(comment_graph(url, discussion.comments))
