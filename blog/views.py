from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views import generic
from taggit.models import Tag

from blog import page_cache, search
from blog.engagement import engagement_context
from blog.figures import post_figures, with_figures
from blog.models import Author, Post
from blog.structured_data import blog_posting
from blog.view_counts import record_view


class PublishedPostMixin:
    """Readers see published posts only, with what their teasers need in one query."""

    model = Post
    date_field = "published_at"
    month_format = "%m"
    allow_future = False
    paginate_by = settings.BLOG_POSTS_PER_PAGE

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
    template_name = "blog/post_detail.html"
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
        post = self.object
        page = self._page_number(post)
        canonical_url = self.request.build_absolute_uri(post.get_absolute_url())
        tags = list(post.tags.all())
        theses = list(post.theses.all())
        images = list(post.images.all())
        figures, unplaced_figures = post_figures(post, images)
        context.update(
            page_number=page,
            page_range=range(1, post.page_count + 1),
            sections=[with_figures(section, figures) for section in post.page_sections(page)],
            lead_figures=unplaced_figures if page == 1 else [],
            theses=theses,
            tags=tags,
            related_posts=list(Post.objects.related_to(post, tags=tags)),
            canonical_url=canonical_url,
            structured_data=blog_posting(post, canonical_url, tags, self._image_urls(images)),
            **engagement_context(post, theses),
        )
        return context

    def _image_urls(self, images) -> list[str]:
        """Absolute URLs of the post's pictures, widest rendition each (structured data)."""
        return [
            self.request.build_absolute_uri(image.image.storage.url(image.renditions[-1]["name"]))
            for image in images
            if image.renditions
        ]

    def _page_number(self, post: Post) -> int:
        raw = self.request.GET.get("seite", "1")
        try:
            number = int(raw)
        except ValueError:
            raise Http404("Diese Seite gibt es nicht.") from None
        if not 1 <= number <= post.page_count:
            raise Http404("Diese Seite gibt es nicht.")
        return number


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


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: context processors may touch the failing database.
    return HttpResponseServerError(loader.render_to_string("500.html"))
