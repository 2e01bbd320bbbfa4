import re
import smtplib

import pytest
from django.core.cache import cache
from django.test import Client

from blog import engagement
from blog.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def share_url(post):
    return f"{post.get_absolute_url()}empfehlen/"


def form_data(**overrides):
    data = {
        "recipient": "kollegin@example.org",
        "sender_name": "Jan Beispiel",
        "note": "Das passt zu unserem Gespräch über Blogs im Mittelstand.",
        "website": "",
    }
    data.update(overrides)
    return data


def test_post_page_links_to_the_share_page(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="{share_url(post)}"' in html
    assert "Beitrag per E-Mail empfehlen" in html


def test_share_page_has_a_labelled_form_and_a_hidden_honeypot(client, post):
    response = client.get(share_url(post))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("recipient", "sender_name", "note", "website"):
        assert f'<label for="id_{name}">' in html
    assert '<p class="honeypot" hidden>' in html
    assert 'method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "noindex" in html


def test_sending_mails_title_link_and_marked_note_as_plain_text(client, post, mailoutbox, settings):
    response = client.post(share_url(post), form_data())
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#empfehlen"

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["kollegin@example.org"]
    assert mail.cc == [] and mail.bcc == []
    assert mail.from_email == settings.DEFAULT_FROM_EMAIL
    assert mail.subject == f"Leseempfehlung: {post.title}"
    assert getattr(mail, "alternatives", []) == []
    assert mail.content_subtype == "plain"
    assert f"„{post.title}“" in mail.body
    assert f"http://localhost:8000{post.get_absolute_url()}" in mail.body  # SITE_URL
    assert "Jan Beispiel empfiehlt dir diesen Beitrag" in mail.body
    assert "Notiz von Jan Beispiel (nicht von der Redaktion):" in mail.body
    assert "Das passt zu unserem Gespräch über Blogs im Mittelstand." in mail.body

    html = client.get(response["Location"]).content.decode()
    assert "Danke! Deine Empfehlung ist unterwegs." in html


def test_note_is_optional(client, post, mailoutbox):
    client.post(share_url(post), form_data(note=""))
    assert len(mailoutbox) == 1
    assert "Notiz von" not in mailoutbox[0].body


def test_html_in_the_note_is_reduced_to_plain_text(client, post, mailoutbox):
    note = "<b>Wichtig</b> für dich<script>alert(1)</script>\r\nZweite Zeile\x07"
    client.post(share_url(post), form_data(note=note))
    body = mailoutbox[0].body
    assert "Wichtig für dichalert(1)\nZweite Zeile" in body
    assert "<" not in body and ">" not in body
    assert "\x07" not in body and "\r" not in body


@pytest.mark.parametrize(
    "note",
    [
        "Schau mal: https://spam.example/kaufen",
        "Mehr auf www.spam.example",
        "Günstig bei spam-shop.de bestellen",
        "Schreib mir an jan@example.org",
        "ftp://host/datei",
    ],
)
def test_notes_with_links_are_refused_and_input_is_kept(client, post, mailoutbox, note):
    response = client.post(share_url(post), form_data(note=note))
    html = response.content.decode()
    assert response.status_code == 200
    assert "keine Links oder Web- und E-Mail-Adressen" in html
    assert mailoutbox == []
    assert 'value="kollegin@example.org"' in html
    assert 'value="Jan Beispiel"' in html


def test_ordinary_german_abbreviations_are_not_links(client, post, mailoutbox):
    note = "Das ist z. B. für Dr. Meier interessant, s. S. 3 bzw. Version 2.0 usw."
    assert client.post(share_url(post), form_data(note=note)).status_code == 302
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("note", "x" * 501, "höchstens 500 Zeichen"),
        ("recipient", "a@example.org, b@example.org", "gültige E-Mail-Adresse"),
        ("recipient", "a@example.org\nBcc: b@example.org", "gültige E-Mail-Adresse"),
        ("recipient", "", "Dieses Feld ist zwingend erforderlich."),
        ("sender_name", "", "Dieses Feld ist zwingend erforderlich."),
        ("sender_name", "Gewinn auf win.example", "keine Links oder Adressen"),
        ("sender_name", "Jan\r\nBcc: opfer@example.org", "keine Links oder Adressen"),
    ],
)
def test_invalid_input_is_refused(client, post, mailoutbox, field, value, message):
    response = client.post(share_url(post), form_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert mailoutbox == []


def test_sender_name_loses_line_breaks(client, post, mailoutbox):
    client.post(share_url(post), form_data(sender_name="Jan\r\n  Beispiel"))
    assert "Jan Beispiel empfiehlt" in mailoutbox[0].body


def test_filled_honeypot_sends_nothing_but_looks_like_success(client, post, mailoutbox):
    response = client.post(share_url(post), form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert mailoutbox == []


def test_rate_limit_per_ip(client, post, mailoutbox, settings):
    settings.BLOG_SHARE_RATE_PER_IP = (5, 3600)
    for index in range(5):
        response = client.post(share_url(post), form_data(recipient=f"r{index}@example.org"))
        assert response.status_code == 302
    response = client.post(share_url(post), form_data(recipient="r9@example.org"))
    assert response.status_code == 429
    assert "schon mehrere Empfehlungen verschickt" in response.content.decode()
    assert len(mailoutbox) == 5
    # The limit applies per address: another sender still gets through.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(share_url(post), form_data(recipient="r9@example.org")).status_code == 302
    assert len(mailoutbox) == 6


def test_rate_limit_per_recipient_across_senders(post, mailoutbox, settings):
    settings.BLOG_SHARE_RATE_PER_RECIPIENT = (3, 24 * 3600)
    for index in range(3):
        sender = Client(REMOTE_ADDR=f"198.51.100.{index + 1}")
        assert sender.post(share_url(post), form_data()).status_code == 302
    sender = Client(REMOTE_ADDR="198.51.100.99")
    response = sender.post(share_url(post), form_data(recipient="KOLLEGIN@example.org"))
    assert response.status_code == 429
    assert "An diese Adresse gingen heute schon mehrere Empfehlungen" in response.content.decode()
    assert len(mailoutbox) == 3


def test_smtp_failure_shows_a_german_error_and_keeps_the_input(client, post, monkeypatch):
    def failing(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(engagement, "send_mail", failing)
    response = client.post(share_url(post), form_data())
    html = response.content.decode()
    assert response.status_code == 503
    assert "Die E-Mail konnte gerade nicht verschickt werden." in html
    assert 'value="kollegin@example.org"' in html
    assert "Das passt zu unserem Gespräch über Blogs im Mittelstand." in html


def test_without_the_cache_no_mail_goes_out(client, post, mailoutbox, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "incr", broken)
    response = client.post(share_url(post), form_data())
    assert response.status_code == 503
    assert "Der Versand ist gerade nicht möglich." in response.content.decode()
    assert mailoutbox == []


def test_csrf_is_enforced(post, mailoutbox):
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(share_url(post), form_data()).status_code == 403
    assert mailoutbox == []
    html = csrf_client.get(share_url(post)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = csrf_client.post(share_url(post), form_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_unknown_and_draft_posts_are_404(client, mailoutbox):
    draft = PostFactory(status=Post.Status.DRAFT)
    assert client.get(share_url(draft)).status_code == 404
    assert client.post(share_url(draft), form_data()).status_code == 404
    assert client.get("/2020/01/01/gibt-es-nicht/empfehlen/").status_code == 404
    assert mailoutbox == []
