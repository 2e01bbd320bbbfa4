"""Admin login throttling (django-axes): per username and network, with a cool-off, in German.

The attack: 30 wrong passwords in a few seconds, then the right one was accepted.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.moderation_admin_support import PASSWORD, make_moderator
from tests.test_redis_cache import clock, fresh_breakers, redis_server, site_cache  # noqa: F401

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.7"
LOCKED = "Zu viele fehlgeschlagene Anmeldeversuche."


@pytest.fixture
def mona():
    return make_moderator("mona", "mona@gegenverkehr.invalid")


@pytest.fixture
def tom():
    return make_moderator("tom", "tom@gegenverkehr.invalid")


def log_in(address, username, password=PASSWORD, **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    return client, response


def logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def attack(username="mona", address=ATTACKER, times=30, **headers):
    for number in range(times):
        log_in(address, username, f"falsch-{number}", **headers)


def test_thirty_wrong_passwords_lock_the_username_out_from_that_network(mona):
    attack()
    client, response = log_in(ATTACKER, "mona")
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html and "für 15 Minuten gesperrt" in html
    assert 'name="password"' in html  # the message is on the login page itself
    assert not logged_in(client)
    # Another address of the same network is the same network.
    client, response = log_in("198.51.100.200", "mona")
    assert response.status_code == 429 and not logged_in(client)


def test_the_same_moderator_logs_in_from_another_network(mona):
    attack()
    client, response = log_in("203.0.113.5", "mona")
    assert response.status_code == 302 and logged_in(client)


def test_another_moderator_logs_in_from_the_attackers_network(mona, tom):
    attack()
    client, response = log_in("198.51.100.8", "tom")
    assert response.status_code == 302 and logged_in(client)


def test_after_the_cool_off_the_right_password_works_again(mona):
    attack()
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    client, response = log_in(ATTACKER, "mona")
    assert response.status_code == 302 and logged_in(client)


def test_a_few_typos_do_not_lock_and_a_login_resets_the_count(mona):
    attack(times=4)
    client, response = log_in(ATTACKER, "mona")
    assert response.status_code == 302 and logged_in(client)
    assert not AccessAttempt.objects.exists()
    attack(times=4)
    client, response = log_in(ATTACKER, "mona")
    assert response.status_code == 302


def test_an_ipv6_attacker_cannot_rotate_addresses_within_a_64(mona):
    for host in range(1, 31):
        log_in(f"2001:db8:1:2::{host:x}", "mona", f"falsch-{host}")
    _client, response = log_in("2001:db8:1:2::ffff", "mona")
    assert response.status_code == 429
    client, response = log_in("2001:db8:1:3::1", "mona")
    assert response.status_code == 302 and logged_in(client)


def test_behind_the_trusted_proxy_the_client_network_counts(mona, tom, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    attack(address=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.77, {ATTACKER}")
    _client, response = log_in(proxy, "mona", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert response.status_code == 429
    # Everyone else comes through the same proxy and is not affected.
    client, response = log_in(proxy, "mona", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert response.status_code == 302 and logged_in(client)
    # A forged X-Forwarded-For entry left of the proxy's does not move the attacker elsewhere.
    _client, response = log_in(proxy, "mona", HTTP_X_FORWARDED_FOR=f"203.0.113.5, {ATTACKER}")
    assert response.status_code == 429


def test_no_full_address_is_stored(mona):
    attack(times=3)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.0"}


def test_throttling_works_while_redis_is_down(mona, site_cache, clock):  # noqa: F811
    site_cache.stop()
    attack(times=10)
    _client, response = log_in(ATTACKER, "mona")
    assert response.status_code == 429
    client, response = log_in("203.0.113.5", "mona")
    assert response.status_code == 302 and logged_in(client)
