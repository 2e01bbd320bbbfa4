"""Login throttling with django-axes: who is locked out, and what they read.

Failed logins are counted per **username and network** (``AXES_LOCKOUT_PARAMETERS``): an
attacker who guesses passwords for one moderator locks out only that username, and only from
the attacker's network. The same moderator logs in from anywhere else, and the other moderators
log in from the attacker's network too, so nobody can lock the whole team out.

The network is the client's address (:func:`core.client_ip.client_ip`, behind the trusted
proxies) reduced to its IPv4 /24 or IPv6 /64, written as that network's first address (axes
stores an IP address). Counting exact addresses would give an attacker a fresh count for every
address of an IPv6 /64, i.e. unlimited guesses; per network, the site counts a person the way
its other limits do (:func:`core.client_ip.network_of`). It also keeps no full address.

Axes counts in the database, so throttling works while Redis is down.
"""

import ipaddress

from axes.helpers import get_cool_off
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.client_ip import client_ip, network_of

LOCKED_STATUS = 429


def lockout_address(request) -> str | None:
    """The address axes counts a login attempt by: the first address of the client's network."""
    network = network_of(client_ip(request))
    if network == "unknown":
        return None
    return str(ipaddress.ip_network(network).network_address)


def lockout_message(request) -> str:
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    return _(
        "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung mit diesem Benutzernamen ist "
        "von deinem Netzwerk aus für %(minutes)d Minuten gesperrt."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the lockout as its error (429); plain text elsewhere."""
    message = lockout_message(request)
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form.errors[NON_FIELD_ERRORS] = form.error_class([message])
        response = TemplateResponse(
            request, original_response.template_name, context, status=LOCKED_STATUS
        )
        return response.render()
    return HttpResponse(message, status=LOCKED_STATUS, content_type="text/plain; charset=utf-8")
