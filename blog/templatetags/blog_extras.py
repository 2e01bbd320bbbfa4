import json

from django import template
from django.conf import settings
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from blog import search
from blog.conf import setting

register = template.Library()


@register.filter
def ld_json(data) -> str:
    """A JSON-LD block; escaped like ``json_script`` so no text can close the script element."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


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
        # The default is the view counter's own (blog/view_counts.py).
        "view_window_minutes": getattr(settings, "BLOG_VIEW_WINDOW_SECONDS", 30 * 60) // 60,
        "server_log_days": setting("BLOG_SERVER_LOG_RETENTION_DAYS"),
    }
