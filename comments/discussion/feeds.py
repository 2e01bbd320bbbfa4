from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from blog.post_page import published_post_or_404
from comments.models import Comment
from core.site import SiteFeed

FEED_LENGTH = 50


class PostCommentsFeed(SiteFeed):
    """The newest published comments of one post (Atom). Never includes e-mail addresses."""

    feed_type = Atom1Feed
    language = "de"

    def get_object(self, request, year, month, day, slug):
        return published_post_or_404(year, month, day, slug)

    def title(self, post):
        return _("Kommentare zu „%(title)s“") % {"title": post.title}

    def link(self, post):
        return f"{post.get_absolute_url()}#kommentare"

    def subtitle(self, post):
        return _("Die neuesten Kommentare auf Gegenverkehr")

    def items(self, post):
        return (
            Comment.objects.visible()
            .filter(post=post)
            .select_related("user", "post")
            .order_by("-submitted_at")[:FEED_LENGTH]
        )

    def item_title(self, comment):
        return _("%(name)s: %(excerpt)s") % {
            "name": comment.display_name,
            "excerpt": Truncator(strip_tags(comment.body_html)).words(10),
        }

    def item_description(self, comment):
        return comment.body_html

    def item_link(self, comment):
        return comment.get_absolute_url()

    def item_author_name(self, comment):
        return comment.display_name

    def item_pubdate(self, comment):
        return comment.submitted_at
