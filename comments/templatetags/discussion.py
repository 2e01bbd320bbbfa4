"""Template tags that pull the discussion into the blog's post page.

``{% comment_section post %}`` renders the comments and the form; the comment view re-renders
the post page with a bound ``comment_form`` in the context after a failed submission, and the
section shows that form (with the reader's input and the errors) instead of a fresh one.
``{% thesis_comments_link thesis %}`` links to the comments about one thesis.
"""

from django import template
from django.http import QueryDict
from django.utils.safestring import mark_safe

from comments.discussion import discussion_for
from comments.forms import CommentForm
from comments.structured_data import comment_graph
from comments.thread_html import render_thread
from core.json_ld import ld_json

register = template.Library()

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


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, post):
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
    thread = discussion.thread(thesis)
    return {
        "post": post,
        "post_url": post.get_absolute_url(),
        "form_url": f"{post.get_absolute_url()}kommentare/",
        "thread": thread,
        "thread_html": mark_safe(render_thread(thread)),  # noqa: S308 - values escaped there
        "count": discussion.count,
        "thesis_filter": thesis,
        "all_comments_query": _query(request, **{THESIS_PARAM: None}),
        "form": form,
        "reply_to": form.reply_to,
        "comments_open": post.comments_open,
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("comments/thesis_comments_link.html", takes_context=True)
def thesis_comments_link(context, thesis):
    request = context.get("request")
    discussion = discussion_for(request, thesis.post)
    return {
        "thesis": thesis,
        "count": discussion.thesis_counts[thesis.pk],
        "query": _query(request, **{THESIS_PARAM: thesis.position}),
    }


@register.simple_tag(takes_context=True)
def comments_structured_data(context, post):
    """schema.org ``Comment`` data for the post's newest comments, as a JSON-LD block."""
    request = context.get("request")
    discussion = discussion_for(request, post)
    url = context.get("canonical_url") or post.get_absolute_url()
    return ld_json(comment_graph(url, discussion.comments))
