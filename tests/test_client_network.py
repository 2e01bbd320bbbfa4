"""Per-person limits count per network: an IPv4 /24 or an IPv6 /64."""

import pytest
from django.test import RequestFactory

from core.client_ip import client_network, network_of


@pytest.mark.parametrize(
    ("ip", "network"),
    [
        ("198.51.100.7", "198.51.100.0/24"),
        ("198.51.100.254", "198.51.100.0/24"),
        ("198.51.101.7", "198.51.101.0/24"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("::ffff:198.51.100.7", "198.51.100.0/24"),  # IPv4 mapped into IPv6 is IPv4
        (" 198.51.100.7 ", "198.51.100.0/24"),
    ],
)
def test_addresses_of_one_network_share_it(ip, network):
    assert network_of(ip) == network


@pytest.mark.parametrize("value", [None, "", "kein-ip", "300.1.1.1", "198.51.100.0/24", "\x00"])
def test_anything_that_is_not_an_address_is_one_network_of_its_own(value):
    assert network_of(value) == "unknown"


def test_the_request_network_follows_the_trusted_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.77"
    )
    assert client_network(request) == "198.51.100.0/24"
