import hashlib
import re

import pytest
from django.contrib.auth import get_user_model

from comments.models import Comment
from tests.factories import CommentFactory
from tests.privacy_support import guest_data, member_data, publish_everything, submit_url

pytestmark = pytest.mark.django_db

CONSENT_ERROR = (
    "Bitte stimme der Speicherung deiner Angaben zu, damit wir deinen Kommentar "
    "veröffentlichen können."
)


@pytest.fixture(autouse=True)
def _publish(monkeypatch, settings):
    publish_everything(monkeypatch, settings)


class TestConsent:
    def test_guests_must_tick_the_box(self, client, post):
        response = client.post(submit_url(post), guest_data(consent=None))
        html = response.content.decode()
        assert response.status_code == 200
        assert CONSENT_ERROR in html
        assert not Comment.objects.exists()

    def test_consent_is_recorded(self, client, post):
        response = client.post(submit_url(post), guest_data())
        assert response.status_code == 302
        assert Comment.objects.get().consent_at is not None

    def test_the_box_is_not_ticked_labelled_and_explained(self, client, post, settings):
        settings.COMMENTS_IP_RETENTION_DAYS = 7
        html = client.get(post.get_absolute_url()).content.decode()
        checkbox = re.search(r'<input type="checkbox" name="consent"[^>]*>', html).group(0)
        assert "checked" not in checkbox
        assert "required" in checkbox
        assert '<label for="id_consent">Ich bin einverstanden' in html
        assert "E-Mail-Adresse (sie wird nie veröffentlicht)" in html
        assert "Deine IP-Adresse bewahren wir 7 Tage auf" in html
        assert '<a href="/datenschutz/">Datenschutzerklärung</a>' in html

    def test_not_asked_when_switched_off(self, client, post, settings):
        settings.COMMENTS_REQUIRE_CONSENT = False
        assert 'name="consent"' not in client.get(post.get_absolute_url()).content.decode()
        response = client.post(submit_url(post), guest_data(consent=None))
        assert response.status_code == 302
        assert Comment.objects.get().consent_at is None

    def test_accounts_are_not_asked(self, client, post):
        user = get_user_model().objects.create_user("autorin", "autorin@gegenverkehr.invalid")
        client.force_login(user)
        html = client.get(post.get_absolute_url()).content.decode()
        assert 'name="consent"' not in html
        assert 'name="notify"' in html
        assert client.post(submit_url(post), member_data()).status_code == 302
        assert Comment.objects.get().user == user


def test_privacy_page(client, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 7
    response = client.get("/datenschutz/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Datenschutzerklärung</h1>" in html
    for text in (
        "Art. 6 Abs. 1 lit. a DSGVO",
        "Art. 6 Abs. 1 lit. f DSGVO",
        "nur 7 Tage lang",
        "Auskunft",
        "löschen zu lassen",
    ):
        assert text in html, text
    # No placeholder for the publisher's details (tests/test_site_settings.py shows them).
    assert "trägt der Verlag" not in html


class TestAddressesStayPrivate:
    EMAIL = "geheim.Adresse@Beispiel-Firma.invalid"

    def hashes(self):
        normalised = self.EMAIL.strip().lower().encode()
        return [
            hashlib.md5(normalised).hexdigest(),  # noqa: S324 (what Gravatar uses)
            hashlib.sha256(normalised).hexdigest(),
        ]

    def test_never_in_the_post_page_nor_the_feeds(self, client, post):
        parent = CommentFactory(
            post=post, author_email=self.EMAIL, author_website="https://beispiel.invalid"
        )
        CommentFactory(parent=parent, author_email=self.EMAIL)
        pages = [
            client.get(post.get_absolute_url()),
            client.get(f"{post.get_absolute_url()}?antwort={parent.pk}"),
            client.get("/feed/"),
            client.get("/feed/atom/"),
        ]
        assert parent.author_name in pages[0].content.decode()  # the comments are there
        for response in pages:
            assert response.status_code == 200
            source = response.content.decode().lower()
            assert self.EMAIL.lower() not in source
            assert "beispiel-firma" not in source
            for digest in self.hashes():
                assert digest not in source

    def test_not_even_after_a_failed_post_of_someone_else(self, client, post):
        CommentFactory(post=post, author_email=self.EMAIL)
        response = client.post(submit_url(post), guest_data(consent=None))
        assert self.EMAIL.lower() not in response.content.decode().lower()
