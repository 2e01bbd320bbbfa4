from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from blog.conf import blog_settings
from blog.models import Post


class LatestPostsFeed(Feed):
    title = "Gegenverkehr"
    link = "/"
    description = _("Neue Beiträge über Social Media in der B2B-Kommunikation")
    language = "de"

    def items(self):
        posts = Post.objects.published().select_related("author")
        return posts[: blog_settings.BLOG_POSTS_PER_PAGE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead or item.pages[0]

    def item_author_name(self, item):
        return item.author.name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description
