import logging

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from blog import images, search_index
from blog.models import Author, Post, PostImage, SearchEntry, SiteSettings, Thesis
from core import page_cache

logger = logging.getLogger(__name__)


@receiver(pre_save, sender=Post)
@receiver(pre_save, sender=Thesis)
def render_html_for_fixtures(sender, instance, raw, **kwargs):
    # loaddata saves raw rows and bypasses save(), so fixtures carry only the Markdown.
    if raw:
        instance.render_html()


# The page cache: every change to what a page shows bumps its version. page_cache bumps after
# the commit of the transaction the change is made in (an admin save with its inlines and tags
# is one transaction), never before readers can see the change.


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
def invalidate_post_pages(sender, instance, **kwargs):
    page_cache.bump_post_version(instance.pk)


@receiver(post_save, sender=Thesis)
@receiver(post_delete, sender=Thesis)
@receiver(post_save, sender=PostImage)
@receiver(post_delete, sender=PostImage)
def invalidate_parent_post_pages(sender, instance, **kwargs):
    page_cache.bump_post_version(instance.post_id)


@receiver(post_save, sender=TaggedItem)
@receiver(post_delete, sender=TaggedItem)
def invalidate_tagged_post_pages(sender, instance, **kwargs):
    if instance.content_type_id == ContentType.objects.get_for_model(Post).pk:
        page_cache.bump_post_version(instance.object_id)


@receiver(post_save, sender=Tag)
@receiver(post_save, sender=Author)
def invalidate_pages_naming(sender, instance, created, **kwargs):
    """A tag or author renamed: the pages of their posts and the listings name them."""
    if not created:
        posts = Post.objects.filter(tags=instance) if sender is Tag else instance.posts.all()
        for post_id in posts.values_list("pk", flat=True):
            page_cache.bump_post_version(post_id)


@receiver(post_delete, sender=PostImage)
def delete_image_files(sender, instance, **kwargs):
    # Also when the post goes and takes its images along (no delete() per row then).
    names, storage = instance.stored_files(), instance.image.storage
    transaction.on_commit(lambda: images.delete_files(storage, names))


# The search index: rebuilt in the transaction of whatever changed what readers search. ---------


@receiver(post_save, sender=Post)
def index_saved_post(sender, instance, **kwargs):
    search_index.index_post(instance.pk)


def _post_goes_too(origin) -> bool:
    """Whether a deletion started at a post (its theses, images and tags go with it)."""
    return isinstance(origin, Post) or getattr(origin, "model", None) is Post


@receiver(post_save, sender=Thesis)
@receiver(post_delete, sender=Thesis)
@receiver(post_save, sender=PostImage)
@receiver(post_delete, sender=PostImage)
def index_parent_post(sender, instance, origin=None, **kwargs):
    if not _post_goes_too(origin):
        search_index.index_post(instance.post_id)


@receiver(post_save, sender=TaggedItem)
@receiver(post_delete, sender=TaggedItem)
def index_tagged_post(sender, instance, origin=None, **kwargs):
    if _post_goes_too(origin):
        return
    if instance.content_type_id == ContentType.objects.get_for_model(Post).pk:
        search_index.index_post(instance.object_id)


@receiver(post_save, sender=Tag)
def index_posts_of_renamed_tag(sender, instance, created, **kwargs):
    if not created:
        search_index.index_posts(Post.objects.filter(tags=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Author)
def index_posts_of_author(sender, instance, created, **kwargs):
    if not created:
        search_index.index_posts(instance.posts.values_list("pk", flat=True))


def index_posts_without_entry(sender, using, **kwargs):
    """After ``migrate``: posts that predate the search index (or a restore) get their entry."""
    if SearchEntry._meta.db_table in connections[using].introspection.table_names():
        search_index.index_missing()


# Site settings: the footer of every page and the legal pages show them. ------------------------


@receiver(post_save, sender=SiteSettings)
def site_settings_changed(sender, instance, **kwargs):
    transaction.on_commit(refresh_site_settings)


def refresh_site_settings() -> None:
    """Drop the cached settings and every cached page that shows them (every footer)."""
    try:
        cache.delete(SiteSettings.CACHE_KEY)
    except Exception:
        logger.exception("Cached site settings not dropped: cache unavailable.")
    page_cache.bump_site()
