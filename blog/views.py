from django.db.models import Min
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import generic
from taggit.models import Tag

from blog import canonical, search
from blog.canonical import NumberParam
from blog.conf import blog_settings
from blog.models import Author, Post
from blog.post_page import QUERY_PARAMS, TEMPLATE, THESIS_PARAM, post_page_context
from blog.view_counts import record_view
from core import page_cache

REPLY_PARAM = "antwort"  # the discussion's reply form: per reader, never cached
LISTING_PARAMS = (NumberParam("page", default=1),)


class PublishedPostMixin:
    """Readers see published posts only, with what their teasers need in one query."""

    model = Post
    date_field = "published_at"
    month_format = "%m"
    allow_future = False
    paginate_by = blog_settings.BLOG_POSTS_PER_PAGE

    def get_queryset(self):
        return Post.objects.published().for_listing()


class CachedPageMixin:
    """Anonymous readers' GETs answered from the page cache (:mod:`core.page_cache`).

    The page's address is made canonical first (:mod:`blog.canonical`): other forms of the
    query parameters in ``query_params`` are redirected, all other parameters are ignored, and
    the page is rendered from the canonical query only, so the cache key names everything the
    page shows. A page of the listings scope is stored no longer than until the next scheduled
    post appears. Subclasses that show one post override :meth:`get` (the post page).
    """

    query_params = LISTING_PARAMS

    def canonical_path(self) -> str:
        """The page's canonical path; the request's path by default (fixed URLs, slugs)."""
        return self.request.path

    def cache_key(self, request) -> str | None:
        """Sets ``self.canonical``; the page cache key if this request may use the cache."""
        self.canonical = canonical.canonical(request.GET, self.query_params)
        if self.canonical.redirect is not None or not page_cache.is_cacheable_request(request):
            return None
        return page_cache.page_key(request, self.canonical.query)

    def get(self, request, *args, **kwargs):
        key = self.cache_key(request)
        path = self.canonical_path()
        if self.canonical.redirect is not None or path != request.path:
            redirect_query = self.canonical.redirect
            return canonical.redirect(
                path, request.GET.urlencode() if redirect_query is None else redirect_query
            )
        if key is None:
            return super().get(request, *args, **kwargs)
        if hit := page_cache.cached_page(request, key):
            return HttpResponse(hit[1])
        request.GET = QueryDict(self.canonical.query)
        versions = page_cache.versions_before_render(page_cache.LISTINGS)
        response = super().get(request, *args, **kwargs)
        if versions is None:  # the cache is unavailable: nothing will be stored
            return response
        expires_at = next_publication()
        response.add_post_render_callback(
            lambda rendered: page_cache.store_page(
                request, key, page_cache.LISTINGS, versions, rendered, expires_at=expires_at
            )
        )
        return response


def next_publication() -> float | None:
    """When the next scheduled post appears (a Unix time): listings must show it then."""
    first = Post.objects.filter(
        status=Post.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(first=Min("published_at"))["first"]
    return None if first is None else first.timestamp()


class PostArchiveIndexView(CachedPageMixin, PublishedPostMixin, generic.ArchiveIndexView):
    template_name = "blog/post_list.html"
    allow_empty = True


def index_page(request, page):
    """``/seite/N/`` from earlier releases: the home page's pages are ``/?page=N``."""
    return canonical.redirect(reverse("blog:index"), "" if page <= 1 else f"page={page}")


class ArchiveOverviewView(CachedPageMixin, PublishedPostMixin, generic.ArchiveIndexView):
    """Every month with posts, newest first, each with its posts' titles."""

    template_name = "blog/archive.html"
    date_list_period = "month"
    paginate_by = None
    allow_empty = True
    query_params = ()

    def get_queryset(self):
        return Post.objects.published().only("title", "slug", "published_at", "status")


class PostMonthArchiveView(CachedPageMixin, PublishedPostMixin, generic.MonthArchiveView):
    template_name = "blog/post_archive_month.html"

    def canonical_path(self) -> str:
        """``/YYYY/MM/``: other spellings of the month redirect, impossible ones are 404."""
        year, month = (canonical.number(str(self.kwargs[name])) for name in ("year", "month"))
        if year is None or month is None or not 1 <= month <= 12 or year > 9999:
            raise Http404("Diesen Monat gibt es nicht.")
        return reverse(
            "blog:archive-month", kwargs={"year": f"{year:04d}", "month": f"{month:02d}"}
        )


class PostDateDetailView(CachedPageMixin, PublishedPostMixin, generic.DateDetailView):
    template_name = TEMPLATE
    day_format = "%d"
    query_params = QUERY_PARAMS

    def get_queryset(self):
        return Post.objects.published().select_related("author")

    def cache_key(self, request):
        key = super().cache_key(request)
        return None if REPLY_PARAM in request.GET else key

    def get(self, request, *args, **kwargs):
        key = self.cache_key(request)
        if key is not None and (hit := page_cache.cached_page(request, key)):
            post_id, html = hit
            record_view(request, post_id)
            return HttpResponse(html)
        # The versions are read before the post: a change committed while the page renders
        # then makes it stale. Which post the path shows is known from an earlier visit;
        # else the post is read again after its versions (a page's first render only).
        scope = page_cache.known_scope(key) if key else None
        versions = page_cache.versions_before_render(scope) if scope else None
        self.object = self.get_object()
        if key and scope != page_cache.post_scope(self.object.pk):
            scope = page_cache.post_scope(self.object.pk)
            versions = page_cache.versions_before_render(scope)
            self.object = self.get_object()
        query = self.canonical.redirect
        if request.path != self.object.get_absolute_url() or query is not None:
            query = request.GET.urlencode() if query is None else query
            return canonical.redirect(self.object.get_absolute_url(), query)
        if key:
            request.GET = QueryDict(self.canonical.query)
        context = self.get_context_data(object=self.object)
        if THESIS_PARAM in request.GET and not context["thesis_selected"]:
            # No such thesis: the page would show every comment, as without the parameter.
            query = request.GET.copy()
            query.pop(THESIS_PARAM)
            return canonical.redirect(request.path, query.urlencode())
        response = self.render_to_response(context)
        record_view(request, self.object.pk)
        if key:
            post_id = self.object.pk
            response.add_post_render_callback(
                lambda rendered: page_cache.store_page(
                    request, key, scope, versions, rendered, post_id=post_id
                )
            )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(post_page_context(self.request, self.object))
        selected = canonical.number(self.request.GET.get(THESIS_PARAM, ""))
        context["thesis_selected"] = any(t.position == selected for t in context["theses"])
        return context


class SearchView(PublishedPostMixin, generic.ListView):
    """Results for ``?q=``, with a passage around the first match of each (matches marked)."""

    template_name = "blog/search.html"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")[: search.MAX_QUERY_LENGTH].strip()
        self.terms = search.query_terms(self.query)
        return (
            Post.objects.published()
            .search(self.query)
            .select_related("author", "search_entry")
            .prefetch_related("tags")
            .defer("body", "body_html", "footnote", "footnote_html")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query, searched="q" in self.request.GET, terms=self.terms, **kwargs
        )
        for post in context["page_obj"] or ():
            post.snippet = search.snippet(post.search_entry.text, self.terms)
        return context


class ImprintView(generic.TemplateView):
    """The Impressum, from the publisher's details in the admin (``SiteSettings``)."""

    template_name = "blog/imprint.html"


class TagView(CachedPageMixin, PublishedPostMixin, generic.ListView):
    template_name = "blog/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags__slug=self.tag.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(CachedPageMixin, PublishedPostMixin, generic.ListView):
    template_name = "blog/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
