"""HTML and counts for fixture rows (``loaddata``), which bypass ``save()`` and the service.

Everything else readers can see changes through :mod:`comments.moderation.decisions`.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from blog.models import Post
from comments.models import Comment


@receiver(pre_save, sender=Comment)
def render_html_for_fixtures(sender, instance, raw, **kwargs):
    # loaddata saves raw rows and bypasses save(): fixtures carry the text, path and depth only.
    if raw:
        instance.render_html()


@receiver(post_save, sender=Comment)
def count_fixture_comments(sender, instance, raw, **kwargs):
    if raw:
        Comment.objects.refresh_post_count(instance.post_id)


@receiver(post_save, sender=Post)
def recount_loaded_post(sender, instance, raw, **kwargs):
    # A post fixture loaded after its comments carries a stale comment_count.
    if raw:
        Comment.objects.refresh_post_count(instance.pk)
