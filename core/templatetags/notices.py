"""Messages where they belong (library name ``notices``; see :mod:`core.notices`).

``{% general_notices %}`` shows the messages without a target (``base.html``, at the top);
``{% notices "bewertung" %}`` shows those for the element with that id, inside it.
"""

from django import template

from core.notices import notices_for

register = template.Library()


@register.inclusion_tag("includes/notices.html", takes_context=True)
def general_notices(context) -> dict:
    return {"notices": notices_for(context.get("request")).general, "general": True}


@register.inclusion_tag("includes/notices.html", takes_context=True)
def notices(context, target) -> dict:
    return {"notices": notices_for(context.get("request")).at(str(target)), "general": False}
