"""Recommending a post by mail, as a spammer tries it: links in disguise, one recipient written
many ways. The ordinary use is in test_engagement_share.py."""

import pytest
from django.test import Client

from core.addresses import mailbox_key
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return PostFactory()


def share(post, client=None, **fields):
    data = {"recipient": "kollegin@example.org", "sender_name": "Jan", "note": "", **fields}
    return (client or Client()).post(f"{post.get_absolute_url()}empfehlen/", data)


@pytest.mark.parametrize(
    "note",
    [
        "Schau auf пример.рф vorbei",  # an IDN domain in Unicode
        "Gewinnen auf xn--e1afmkfd.xn--p1ai",  # the same in Punycode
        "Jetzt ｗｗｗ．ｅｖｉｌ．ｃｏｍ besuchen",  # fullwidth letters and full stops
        "Mehr bei evil。com",  # the ideographic full stop
        "Mehr bei evil｡com",  # its halfwidth form
        "Sofort: 198.51.100.7/gewinn",  # a bare IPv4 address
        "Bestellen auf bücher.de",
        "Auf evil.com.22 nachsehen",  # a numeric label after the domain
        "Frag an jan@ｅｘａｍｐｌｅ．ｏｒｇ",
    ],
)
def test_links_in_disguise_are_refused_and_nothing_is_sent(post, mailoutbox, note):
    response = share(post, note=note)
    assert response.status_code == 200
    assert "keine Links oder Web- und E-Mail-Adressen" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize("name", ["Jan von evil。com", "ｗｗｗ．ｅｖｉｌ．ｃｏｍ", "198.51.100.7"])
def test_links_in_disguise_in_the_sender_name_are_refused(post, mailoutbox, name):
    response = share(post, sender_name=name)
    assert "keine Links oder Adressen" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "note",
    [
        "Das ist z. B. für Dr. Meier interessant, s. S. 3 bzw. Version 2.0 usw.",
        "„Das ist gut.“ Sagte sie am 3.5.2024 – mit 1.000.000 Lesern.",
        "Kapitel 1.2.3 und Abschnitt 4.5 lohnen sich…",
    ],
)
def test_ordinary_text_with_dots_and_numbers_is_no_link(post, mailoutbox, note):
    assert share(post, note=note).status_code == 302
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "variant",
    [
        "same+1@example.org",
        "s.ame@example.org",
        "S.A.M.E+werbung@EXAMPLE.ORG",
        "sa.me+2@Example.Org",
    ],
)
def test_the_per_recipient_limit_counts_the_mailbox_not_the_spelling(
    post, mailoutbox, settings, variant
):
    settings.BLOG_SHARE_RATE_PER_RECIPIENT = (3, 24 * 3600)
    for index in range(3):
        sender = Client(REMOTE_ADDR=f"198.51.{index}.1")
        assert share(post, sender, recipient="same@example.org").status_code == 302
    response = share(post, Client(REMOTE_ADDR="203.0.113.9"), recipient=variant)
    assert response.status_code == 429
    assert "An diese Adresse gingen heute schon mehrere Empfehlungen" in response.content.decode()
    assert len(mailoutbox) == 3


def test_gmail_and_googlemail_are_one_mailbox(post, mailoutbox, settings):
    settings.BLOG_SHARE_RATE_PER_RECIPIENT = (1, 24 * 3600)
    assert share(post, Client(REMOTE_ADDR="198.51.1.1"), recipient="j.doe@gmail.com").status_code
    response = share(post, Client(REMOTE_ADDR="198.51.2.1"), recipient="jdoe+x@googlemail.com")
    assert response.status_code == 429
    assert len(mailoutbox) == 1


def test_other_mailboxes_keep_their_own_limit(post, mailoutbox, settings):
    settings.BLOG_SHARE_RATE_PER_RECIPIENT = (1, 24 * 3600)
    assert share(post, Client(REMOTE_ADDR="198.51.1.1"), recipient="same@example.org")
    for other in ["other@example.org", "same@example.net", "same@beispiel.example"]:
        assert share(post, Client(REMOTE_ADDR="198.51.2.1"), recipient=other).status_code == 302
    assert len(mailoutbox) == 4


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("Same+Tag@Example.ORG", "same@example.org"),
        ("s.a.m.e@example.org", "same@example.org"),
        ("jan@bücher.de", "jan@xn--bcher-kva.de"),
        ("jan@xn--bcher-kva.de", "jan@xn--bcher-kva.de"),
        ("jan@beispiel。de", "jan@beispiel.de"),
        ("j.an@googlemail.com", "jan@gmail.com"),
        ("kein-at-zeichen", "kein-at-zeichen"),
    ],
)
def test_mailbox_key(address, key):
    assert mailbox_key(address) == key
