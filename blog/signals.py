from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from blog.models import Post, Thesis
from core import page_cache


@receiver(pre_save, sender=Post)
@receiver(pre_save, sender=Thesis)
def render_html_for_fixtures(sender, instance, raw, **kwargs):
    # loaddata saves raw rows and bypasses save(), so fixtures carry only the Markdown.
    if raw:
        instance.render_html()


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
def invalidate_post_pages(sender, instance, **kwargs):
    page_cache.bump_post_version(instance.pk)


@receiver(post_save, sender=Thesis)
@receiver(post_delete, sender=Thesis)
def invalidate_thesis_post_pages(sender, instance, **kwargs):
    page_cache.bump_post_version(instance.post_id)
