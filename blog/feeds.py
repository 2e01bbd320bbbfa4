"""RSS and Atom feeds of the newest posts, each entry carrying the whole article.

An entry holds what the post page shows as the article: the lead, every page of the body with
its figures (absolute image URLs), the theses as an ordered list where the body places them,
and the footnote — the same sanitised HTML, rendered once when the post was saved. Feed readers
then show the article itself; the discussion stays on the site, linked at the end.
"""

from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from blog.conf import blog_settings
from blog.figures import post_figures, with_figures
from blog.models import Post
from blog.rendering import THESES_MARKER
from core.site import SiteFeed


class ArticleAtom1Feed(Atom1Feed):
    """Atom with the article in ``<content>`` rather than ``<summary>``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("content", item["description"], {"type": "html"})


class LatestPostsFeed(SiteFeed):
    title = "Gegenverkehr"
    link = "/"
    description = _("Neue Beiträge über Social Media in der B2B-Kommunikation")
    language = "de"
    description_template = "blog/feed_entry.html"

    def items(self):
        return (
            Post.objects.published()
            .select_related("author")
            .prefetch_related("tags", "theses", "images")[: blog_settings.BLOG_POSTS_PER_PAGE]
        )

    def get_context_data(self, **kwargs):
        post, request = kwargs["item"], kwargs["request"]
        figures, unplaced = post_figures(post, post.images.all(), request.build_absolute_uri)
        body = "".join(post.pages)
        return {
            "post": post,
            "lead_figures": unplaced,
            "sections": [with_figures(part, figures) for part in body.split(THESES_MARKER)],
            "theses": list(post.theses.all()),
            "theses_after_body": THESES_MARKER not in body,
            "post_url": request.build_absolute_uri(post.get_absolute_url()),
        }

    def item_title(self, item):
        return item.title

    def item_author_name(self, item):
        return item.author.name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = ArticleAtom1Feed
    subtitle = LatestPostsFeed.description
