from django.utils.functional import SimpleLazyObject

from blog.models import SiteSettings


def site_settings(request):
    """``site_settings``: the publisher's details, read (cached) only if the page uses them."""
    return {"site_settings": SimpleLazyObject(SiteSettings.load)}
