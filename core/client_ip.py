"""The client's IP address, taken from X-Forwarded-For only as far as proxies are trusted.

``TRUSTED_PROXY_COUNT`` is the number of reverse proxies in front of the app server that append
to X-Forwarded-For (0: the app server faces the clients directly). Each trusted proxy appends
the address it received the request from, so the client is the ``N``-th entry from the right;
anything left of it was sent by the client and can be forged.
"""

import ipaddress

from core.conf import core_settings

# One person usually controls a whole IPv4 /24 (a home router's neighbours, a cloud subnet) or an
# IPv6 /64 (the smallest prefix a provider hands out): limits meant per person count per network.
IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 64


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


def network_of(ip: str | None) -> str:
    """The network ``ip`` belongs to for per-person limits: its IPv4 /24 or IPv6 /64.

    An IPv4 address mapped into IPv6 counts as IPv4. Anything that is not an address (no
    client address at all) is one network of its own, ``"unknown"``.
    """
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return "unknown"
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    prefix = IPV4_NETWORK_PREFIX if address.version == 4 else IPV6_NETWORK_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def client_network(request) -> str:
    """The network of the request's client (see :func:`network_of`)."""
    return network_of(client_ip(request))
