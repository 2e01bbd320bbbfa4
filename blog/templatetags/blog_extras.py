from django import template
from django.conf import settings

from blog import search
from blog.conf import blog_settings
from core.json_ld import ld_json

register = template.Library()
register.filter("ld_json", ld_json)


@register.filter
def highlight(text, terms) -> str:
    """``text`` escaped, words matching the search ``terms`` in ``<mark>`` (search results)."""
    return search.highlight(str(text), terms)


@register.simple_tag
def privacy_facts() -> dict:
    """Figures the privacy page states, read from the settings that decide them."""
    return {
        "csrf_cookie_days": settings.CSRF_COOKIE_AGE // 86400,
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "view_window_minutes": blog_settings.BLOG_VIEW_WINDOW_SECONDS // 60,
        "server_log_days": blog_settings.BLOG_SERVER_LOG_RETENTION_DAYS,
    }
