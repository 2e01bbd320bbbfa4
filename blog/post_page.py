"""What a post page shows, in one place for every view that renders it.

The blog's post view renders it for readers; another app's view may render it again, e.g. the
comment form after a failed submission shows the post page with the reader's input and the
errors. Both go through :func:`post_page_context`, so such a page has exactly the context of a
normal visit, and no app needs to import (or subclass) another app's views.
"""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils import timezone

from blog.forms import RatingForm
from blog.models import Post, PostRating, ThesisVote
from blog.structured_data import blog_posting
from blog.view_counts import view_totals

TEMPLATE = "blog/post_detail.html"
PAGE_PARAM = "seite"


def published_post_or_404(year, month, day, slug) -> Post:
    """The published post behind a post URL; drafts, future posts and wrong dates are 404."""
    try:
        published_on = date(int(year), int(month), int(day))
    except (ValueError, OverflowError):  # 2147483648 overflows before it is out of range
        raise Http404("Diesen Beitrag gibt es nicht.") from None
    post = get_object_or_404(Post.objects.published().select_related("author"), slug=slug)
    if timezone.localtime(post.published_at).date() != published_on:
        raise Http404("Diesen Beitrag gibt es nicht.")
    return post


def page_number(request, post: Post) -> int:
    """The page of the post the reader asked for (``?seite=N``); 404 outside the post."""
    raw = request.GET.get(PAGE_PARAM, "1")
    try:
        number = int(raw)
    except ValueError:
        raise Http404("Diese Seite gibt es nicht.") from None
    if not 1 <= number <= post.page_count:
        raise Http404("Diese Seite gibt es nicht.")
    return number


def engagement_context(post: Post, theses: list) -> dict:
    """What the widgets on the post page need, in a fixed number of queries.

    Sets ``tally`` and ``vote_url`` on each thesis in ``theses``. Holds public numbers only.
    """
    # The post URL's own arguments, so the engagement URLs follow whatever it looks like.
    kwargs = resolve(post.get_absolute_url()).kwargs
    if theses:
        tallies = ThesisVote.objects.tallies_for(theses)
        for thesis in theses:
            thesis.tally = tallies.get(thesis.pk, {"agree": 0, "disagree": 0})
            thesis.vote_url = reverse(
                "blog:thesis-vote", kwargs={**kwargs, "position": thesis.position}
            )
    return {
        "views": view_totals(post),
        "rating": PostRating.objects.summary_for(post),
        "rating_form": RatingForm(auto_id="bewertung-%s"),
        "rating_url": reverse("blog:post-rate", kwargs=kwargs),
        "share_url": reverse("blog:post-share", kwargs=kwargs),
    }


def post_page_context(request, post: Post) -> dict:
    """Everything the post page template needs besides the post itself."""
    page = page_number(request, post)
    canonical_url = request.build_absolute_uri(post.get_absolute_url())
    tags = list(post.tags.all())
    theses = list(post.theses.all())
    return {
        "page_number": page,
        "page_range": range(1, post.page_count + 1),
        "sections": post.page_sections(page),
        "theses": theses,
        "tags": tags,
        "related_posts": list(Post.objects.related_to(post, tags=tags)),
        "canonical_url": canonical_url,
        "structured_data": blog_posting(post, canonical_url, tags),
        **engagement_context(post, theses),
    }


def render_post_page(request, post: Post, *, status: int = 200, **extra) -> TemplateResponse:
    """The post page as a reader sees it, plus ``extra`` context (e.g. a bound form)."""
    context = {"object": post, "post": post, **post_page_context(request, post), **extra}
    return TemplateResponse(request, TEMPLATE, context, status=status)
