"""The publisher's details: edited in the admin, shown on Impressum, privacy page and footer."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from blog.models import SiteSettings
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "publisher_name": "Muster Medien GmbH",
    "represented_by": "Erika Beispiel",
    "street": "Hafenstraße 7",
    "postal_code": "50667",
    "city": "Köln",
    "country": "Deutschland",
    "email": "redaktion@muster-medien.invalid",
    "phone": "+49 221 000000",
    "register_court": "Amtsgericht Köln",
    "register_number": "HRB 99999",
    "vat_id": "DE999999999",
    "editor_name": "Max Beispiel",
    "editor_address": "Redaktionsweg 3\n50668 Köln",
    "privacy_officer": "Dana Schutz, datenschutz@muster-medien.invalid",
    "supervisory_authority": "Landesbeauftragte für Datenschutz NRW, Düsseldorf",
    "hosting_provider": "Rechenzentrum Beispiel AG, Frankfurt am Main",
    "declines_consumer_arbitration": "on",
}
PLACEHOLDERS = ("trägt der Verlag", "[", "TODO", "None", "Platzhalter", "Musterstraße")


def enter_details(admin_client, capture, **overrides):
    data = {**DETAILS, **overrides}
    with capture(execute=True):
        response = admin_client.post("/admin/blog/sitesettings/1/change/", data)
    assert response.status_code == 302, response.context["errors"]


def test_the_admin_has_one_record_and_no_add_or_delete(admin_client):
    response = admin_client.get("/admin/blog/sitesettings/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/blog/sitesettings/1/change/"
    form = admin_client.get(response["Location"]).content.decode()
    assert "Verantwortlich nach § 18 Abs. 2 MStV" in form
    assert admin_client.get("/admin/blog/sitesettings/add/").status_code == 403
    assert admin_client.get("/admin/blog/sitesettings/1/delete/").status_code == 403
    assert SiteSettings.objects.count() == 1


def test_imprint_shows_what_the_admin_entered(
    admin_client, client, django_capture_on_commit_callbacks
):
    enter_details(admin_client, django_capture_on_commit_callbacks)
    response = client.get("/impressum/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Angaben gemäß § 5 DDG",
        "Muster Medien GmbH<br>Hafenstraße 7<br>50667 Köln<br>Deutschland",
        "Vertreten durch: Erika Beispiel",
        'href="mailto:redaktion@muster-medien.invalid"',
        'href="tel:+49221000000"',
        "Registergericht: Amtsgericht Köln, Registernummer: HRB 99999",
        "§ 27a Umsatzsteuergesetz: DE999999999",
        "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV",
        "Max Beispiel<br>Redaktionsweg 3<br>50668 Köln",
        "Verbraucherschlichtungsstelle teilzunehmen",
    ):
        assert text in html, text


def test_imprint_leaves_out_what_is_missing(client):
    html = client.get("/impressum/").content.decode()
    assert "<h1>Impressum</h1>" in html
    for absent in ("§ 5 DDG", "§ 18 Abs. 2 MStV", "Registergericht", "Umsatzsteuer", "mailto:"):
        assert absent not in html, absent
    for placeholder in PLACEHOLDERS[:1] + PLACEHOLDERS[2:]:
        assert placeholder not in html


def test_editor_without_own_address_gets_the_publishers(
    admin_client, client, django_capture_on_commit_callbacks
):
    enter_details(admin_client, django_capture_on_commit_callbacks, editor_address="", vat_id="")
    html = client.get("/impressum/").content.decode()
    assert "Max Beispiel<br>Hafenstraße 7<br>50667 Köln" in html
    assert "Umsatzsteuer" not in html


def test_privacy_page_names_the_controller_and_covers_every_processing(
    admin_client, client, django_capture_on_commit_callbacks
):
    enter_details(admin_client, django_capture_on_commit_callbacks)
    html = client.get("/datenschutz/").content.decode()
    for text in (
        "Muster Medien GmbH<br>Hafenstraße 7",
        'href="mailto:redaktion@muster-medien.invalid"',
        "Dana Schutz",
        "Rechenzentrum Beispiel AG",
        "Landesbeauftragte für Datenschutz NRW",
        # what is processed, and how long
        "Protokolle löschen wir nach spätestens 7 Tagen",
        "<code>gv_besucher</code>",
        "<code>csrftoken</code>",
        "Der Aufrufzähler",
        "jeden Tag durch einen neuen ersetzt",
        "innerhalb von 30 Minuten",
        "Beiträge per E-Mail empfehlen",
        "Benachrichtigungen über Antworten",
        "Bestätigungslink",
        "Mit einem Konto",
        "nur 7 Tage lang",
        "nach 30 Tagen",
        # refused drafts and moderators' edits
        "oder Konto – 14 Tage lang",
        "bewahren wir die ursprüngliche Fassung auf",
        "Art. 77 DSGVO",
        "§ 25 Abs. 2 Nr. 2 TDDDG",
    ):
        assert text in html, text
    assert "trägt der Verlag" not in html


def test_privacy_page_without_details_says_nothing_wrong(client):
    html = client.get("/datenschutz/").content.decode()
    assert "Wer verantwortlich ist" not in html
    assert "Für uns zuständig ist" not in html
    assert "Schreib dazu einfach an die Redaktion" in html
    assert "trägt der Verlag" not in html


class TestFooterAndHead:
    def test_every_page_links_the_legal_pages_and_feeds(self, client):
        post = PostFactory()
        for url in (
            "/",
            post.get_absolute_url(),
            "/archiv/",
            "/suche/",
            "/impressum/",
            "/datenschutz/",
            "/community-richtlinien/",
            "/gibt-es-nicht/",
        ):
            html = client.get(url).content.decode()
            footer = html[html.index('<footer class="site-footer">') :]
            for href in (
                'href="/impressum/"',
                'href="/datenschutz/"',
                'href="/community-richtlinien/"',
                'href="/feed/"',
                'href="/feed/atom/"',
            ):
                assert href in footer, (url, href)
            head = html[: html.index("</head>")]
            assert '<link rel="alternate" type="application/rss+xml"' in head
            assert '<link rel="alternate" type="application/atom+xml"' in head
            assert 'rel="icon"' in head

    def test_post_pages_offer_their_comment_feed(self, client):
        post = PostFactory()
        html = client.get(post.get_absolute_url()).content.decode()
        feed = f"{post.get_absolute_url()}kommentare/feed/"
        assert 'type="application/atom+xml" title="Kommentare zu' in html
        assert html.count(f'href="{feed}"') == 2  # head and footer
        assert client.get(feed).status_code == 200

    def test_favicons_answer(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/x-icon"
        assert b"".join(response).startswith(b"\x00\x00\x01\x00")  # ICO header

    def test_footer_names_the_publisher_and_cached_pages_follow_a_change(
        self, admin_client, client, django_capture_on_commit_callbacks
    ):
        post = PostFactory()
        first = client.get(post.get_absolute_url()).content.decode()
        assert "Ein Angebot von" not in first
        enter_details(admin_client, django_capture_on_commit_callbacks)
        # The post page was in the page cache; saving the details made it stale.
        html = client.get(post.get_absolute_url()).content.decode()
        assert "Ein Angebot von Muster Medien GmbH." in html
        enter_details(admin_client, django_capture_on_commit_callbacks, publisher_name="Neu AG")
        assert "Ein Angebot von Neu AG." in client.get(post.get_absolute_url()).content.decode()


class TestSettingsAreCached:
    def test_one_query_then_none(self, django_assert_num_queries):
        with django_assert_num_queries(1):
            SiteSettings.load()
        with django_assert_num_queries(0):
            SiteSettings.load()

    def test_pages_without_details_do_not_read_them(self, client, django_assert_max_num_queries):
        # The footer asks for the publisher's name: cached after the first page.
        client.get("/suche/")
        with django_assert_max_num_queries(0):
            client.get("/suche/")

    def test_a_missing_row_is_recreated(self, client):
        SiteSettings.objects.all().delete()
        assert client.get("/impressum/").status_code == 200
        assert SiteSettings.objects.count() == 1


class TestDeployCheck:
    def run_check(self):
        call_command("check", deploy=True, tags=["publisher"], fail_level="WARNING", verbosity=0)

    def test_warns_while_details_are_missing(self):
        with pytest.raises(SystemCheckError) as raised:
            self.run_check()
        message = str(raised.value)
        assert "blog.W001" in message
        assert "Anbieter" in message and "Verantwortlich nach § 18 Abs. 2 MStV" in message

    def test_names_only_what_is_missing(self):
        SiteSettings.objects.filter(pk=1).update(
            **{
                key: value
                for key, value in DETAILS.items()
                if key not in ("phone", "declines_consumer_arbitration")
            }
        )
        with pytest.raises(SystemCheckError) as raised:
            self.run_check()
        assert "missing: Telefon." in str(raised.value)

    def test_clean_once_complete(self, admin_client, django_capture_on_commit_callbacks):
        enter_details(admin_client, django_capture_on_commit_callbacks)
        self.run_check()

    def test_not_part_of_the_ordinary_checks(self):
        call_command("check", fail_level="WARNING", verbosity=0)


def test_example_publisher_for_development_never_overwrites(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_example_publisher", verbosity=0)
    assert "(fiktiv)" in SiteSettings.load().publisher_name
    enter_details(admin_client, django_capture_on_commit_callbacks)
    call_command("load_example_publisher", verbosity=0)
    assert SiteSettings.load().publisher_name == "Muster Medien GmbH"


def test_details_come_from_the_database_while_the_cache_is_down(client, monkeypatch):
    from django.core.cache import cache

    SiteSettings.objects.filter(pk=1).update(publisher_name="Muster Medien GmbH")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "set", "add", "delete", "incr", "get_many", "set_many"):
        monkeypatch.setattr(cache, method, down)
    response = client.get("/impressum/")
    assert response.status_code == 200
    assert "Muster Medien GmbH" in response.content.decode()
