from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import generic
from taggit.models import Tag

from blog import search
from blog.conf import blog_settings
from blog.models import Author, Post
from blog.post_page import TEMPLATE, post_page_context
from blog.view_counts import record_view
from core import page_cache


class PublishedPostMixin:
    """Readers see published posts only, with what their teasers need in one query."""

    model = Post
    date_field = "published_at"
    month_format = "%m"
    allow_future = False
    paginate_by = blog_settings.BLOG_POSTS_PER_PAGE

    def get_queryset(self):
        return Post.objects.published().for_listing()


class PostArchiveIndexView(PublishedPostMixin, generic.ArchiveIndexView):
    template_name = "blog/post_list.html"
    allow_empty = True


class ArchiveOverviewView(PublishedPostMixin, generic.ArchiveIndexView):
    """Every month with posts, newest first, each with its posts' titles."""

    template_name = "blog/archive.html"
    date_list_period = "month"
    paginate_by = None
    allow_empty = True

    def get_queryset(self):
        return Post.objects.published().only("title", "slug", "published_at", "status")


class PostMonthArchiveView(PublishedPostMixin, generic.MonthArchiveView):
    template_name = "blog/post_archive_month.html"


class PostDateDetailView(PublishedPostMixin, generic.DateDetailView):
    template_name = TEMPLATE
    day_format = "%d"

    def get_queryset(self):
        return Post.objects.published().select_related("author")

    def get(self, request, *args, **kwargs):
        cacheable = page_cache.is_cacheable_request(request)
        if cacheable and (hit := page_cache.cached_page(request)):
            post_id, html = hit
            record_view(request, post_id)
            return HttpResponse(html)
        self.object = self.get_object()
        version = page_cache.current_version(self.object.pk) if cacheable else None
        response = self.render_to_response(self.get_context_data(object=self.object))
        record_view(request, self.object.pk)
        if cacheable:
            post_id = self.object.pk
            response.add_post_render_callback(
                lambda rendered: page_cache.store_page(request, post_id, version, rendered)
            )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(post_page_context(self.request, self.object))
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


class TagView(PublishedPostMixin, generic.ListView):
    template_name = "blog/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags__slug=self.tag.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublishedPostMixin, generic.ListView):
    template_name = "blog/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
