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

from blog import canonical
from blog.canonical import NumberParam
from blog.figures import post_figures, with_figures
from blog.forms import RatingForm, ThesisVoteForm
from blog.models import Post, PostRating, ThesisVote
from blog.structured_data import blog_posting
from blog.view_counts import view_totals
from core import page_cache
from core.site import absolute_url
from core.visitors import VISITOR_COOKIE, visitor_key

TEMPLATE = "blog/post_detail.html"
PAGE_PARAM = "seite"
# The comments about one thesis (the discussion's ``?these=N``; comments reads the same name).
THESIS_PARAM = "these"
# The query parameters that select what a post page shows (blog.canonical): all else is ignored
# by the page cache, and a reply form (``?antwort=``) is never cached.
QUERY_PARAMS = (
    NumberParam(PAGE_PARAM, default=1),
    NumberParam(THESIS_PARAM, drop_invalid=True),
)
# Set (for the post's path) when a reader rates the post or votes on a thesis: their pages of
# that post are then rendered for them and show their own choices (never from the cache).
VOTED_COOKIE = "gv_abgestimmt"


def thesis_vote_anchor(thesis) -> str:
    """The id of a thesis's vote form, where the outcome of a vote is shown."""
    return f"{thesis.anchor}-abstimmung"


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
    number = canonical.number(request.GET.get(PAGE_PARAM, "1"))
    if number is None or number > post.page_count:
        raise Http404("Diese Seite gibt es nicht.")
    return number


def engagement_context(post: Post, theses: list, request=None) -> dict:
    """What the widgets on the post page need, in a fixed number of queries.

    Sets ``tally``, ``vote_url``, ``vote_anchor`` and ``own_vote`` on each thesis in
    ``theses``. Public numbers only, but for a page rendered for one reader (see
    :func:`own_choices`): then also their own stars and votes.
    """
    # The post URL's own arguments, so the engagement URLs follow whatever it looks like.
    kwargs = resolve(post.get_absolute_url()).kwargs
    own_stars, own_votes = own_choices(request, post, theses)
    if theses:
        tallies = ThesisVote.objects.tallies_for(theses)
        for thesis in theses:
            thesis.tally = tallies.get(thesis.pk, {"agree": 0, "disagree": 0})
            thesis.vote_url = reverse(
                "blog:thesis-vote", kwargs={**kwargs, "position": thesis.position}
            )
            thesis.vote_anchor = thesis_vote_anchor(thesis)
            thesis.own_vote = own_votes.get(thesis.pk)
    return {
        "views": view_totals(post),
        "rating": PostRating.objects.summary_for(post),
        "own_stars": own_stars,
        "rating_form": RatingForm(
            auto_id="bewertung-%s", initial={"stars": own_stars} if own_stars else None
        ),
        "rating_url": reverse("blog:post-rate", kwargs=kwargs),
        "share_url": reverse("blog:post-share", kwargs=kwargs),
    }


def own_choices(request, post: Post, theses: list) -> tuple[int | None, dict[int, str]]:
    """The reader's own stars and thesis votes (``"zu"``/``"anders"`` per thesis id).

    Only on a page rendered for this one reader: never on a request whose page may be cached
    (their choices would reach everyone), and only with a visitor cookie (nothing to look up
    without one). Readers who voted on the post carry :data:`VOTED_COOKIE`, which keeps their
    pages of it out of the cache.
    """
    if request is None or VISITOR_COOKIE not in request.COOKIES:
        return None, {}
    if page_cache.is_cacheable_request(request):
        return None, {}
    visitor_hash, new_id = visitor_key(request)
    if new_id is not None:
        return None, {}  # the cookie was invalid: no votes under a fresh id
    stars = (
        PostRating.objects.filter(post=post, visitor_hash=visitor_hash)
        .values_list("stars", flat=True)
        .first()
    )
    votes = {}
    if theses:
        votes = {
            thesis_id: (ThesisVoteForm.AGREE if agrees else ThesisVoteForm.DISAGREE)
            for thesis_id, agrees in ThesisVote.objects.filter(
                thesis__in=theses, visitor_hash=visitor_hash
            ).values_list("thesis_id", "agrees")
        }
    return stars, votes


def post_page_context(request, post: Post) -> dict:
    """Everything the post page template needs besides the post itself."""
    page = page_number(request, post)
    # From SITE_URL, never from the request's Host: the page is cached for every reader.
    canonical_url = absolute_url(post.get_absolute_url())
    tags = list(post.tags.all())
    theses = list(post.theses.all())
    images = list(post.images.all())
    figures, unplaced_figures = post_figures(post, images)
    return {
        "page_number": page,
        "page_range": range(1, post.page_count + 1),
        "sections": [with_figures(section, figures) for section in post.page_sections(page)],
        "lead_figures": unplaced_figures if page == 1 else [],
        "theses": theses,
        "tags": tags,
        "related_posts": list(Post.objects.related_to(post, tags=tags)),
        "canonical_url": canonical_url,
        "structured_data": blog_posting(post, canonical_url, tags, image_urls(images)),
        **engagement_context(post, theses, request),
    }


def image_urls(images) -> list[str]:
    """Absolute URLs of the post's pictures, widest rendition each (structured data)."""
    return [
        absolute_url(image.image.storage.url(image.renditions[-1]["name"]))
        for image in images
        if image.renditions
    ]


def render_post_page(request, post: Post, *, status: int = 200, **extra) -> TemplateResponse:
    """The post page as a reader sees it, plus ``extra`` context (e.g. a bound form)."""
    context = {"object": post, "post": post, **post_page_context(request, post), **extra}
    return TemplateResponse(request, TEMPLATE, context, status=status)
