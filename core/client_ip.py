"""The client's IP address, taken from X-Forwarded-For only as far as proxies are trusted.

``TRUSTED_PROXY_COUNT`` is the number of reverse proxies in front of the app server that append
to X-Forwarded-For (0: the app server faces the clients directly). Each trusted proxy appends
the address it received the request from, so the client is the ``N``-th entry from the right;
anything left of it was sent by the client and can be forged.
"""

import ipaddress

from core.conf import core_settings


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    hops = core_settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < hops:
        # Fewer entries than trusted proxies: the request bypassed them or they are misconfigured.
        return remote
    return _valid_ip(forwarded[-hops]) or remote
