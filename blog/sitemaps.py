from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap

from blog.models import Post
from core.conf import core_settings


class PostSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Post.objects.published()

    def lastmod(self, post):
        return post.updated_at

    # The public address (SITE_URL), never the request's Host header.
    def get_domain(self, site=None):
        return urlsplit(core_settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(core_settings.SITE_URL).scheme
