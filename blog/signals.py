from django.db.models.signals import pre_save
from django.dispatch import receiver

from blog.models import Post, Thesis


@receiver(pre_save, sender=Post)
@receiver(pre_save, sender=Thesis)
def render_html_for_fixtures(sender, instance, raw, **kwargs):
    # loaddata saves raw rows and bypasses save(), so fixtures carry only the Markdown.
    if raw:
        instance.render_html()
