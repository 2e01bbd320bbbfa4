"""A publisher puts the site online, a reader finds their way: legal pages, footer, images,
teasers and search, in Chromium."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from blog.models import PostImage
from tests.browser.test_accessibility import audit
from tests.browser.viewport import in_view
from tests.factories import PostFactory
from tests.images_support import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ein-langes-Passwort-fuer-Tests-42"


def log_in_as_editor(page, live_server):
    get_user_model().objects.create_superuser("verlag", "verlag@example.invalid", PASSWORD)
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Benutzername").fill("verlag")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_footer_links_lead_to_the_legal_pages_and_feeds(live_server, page):
    PostFactory()
    page.goto(live_server.url + "/")
    footer = page.get_by_role("contentinfo")
    for name, url, heading in [
        ("Impressum", "/impressum/", "Impressum"),
        ("Datenschutz", "/datenschutz/", "Datenschutzerklärung"),
        ("Community-Richtlinien", "/community-richtlinien/", None),
    ]:
        link = footer.get_by_role("link", name=name, exact=True)
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        in_view(page, link)
        link.click()
        page.wait_for_url(live_server.url + url)
        if heading:
            assert page.get_by_role("heading", level=1).inner_text() == heading
        current = page.get_by_role("contentinfo").get_by_role("link", name=name, exact=True)
        assert current.get_attribute("aria-current") == "page"
    for name, content_type in [("RSS-Feed", "rss+xml"), ("Atom-Feed", "atom+xml")]:
        href = footer.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(live_server.url + href)
        assert response.status == 200 and content_type in response.headers["content-type"]
    favicon = page.request.get(live_server.url + "/favicon.ico")
    assert favicon.status == 200
    svg = page.locator("link[rel=icon][type='image/svg+xml']").get_attribute("href")
    assert page.request.get(live_server.url + svg).status == 200


def test_publisher_enters_details_in_the_admin_and_readers_see_them(live_server, page):
    log_in_as_editor(page, live_server)
    page.goto(live_server.url + "/admin/blog/sitesettings/")
    page.wait_for_url(re.compile(r"/admin/blog/sitesettings/1/change/$"))
    page.get_by_label(re.compile(r"^Anbieter:?$")).fill("Muster Medien GmbH")
    page.get_by_label("Straße und Hausnummer").fill("Hafenstraße 7")
    page.get_by_label("Postleitzahl").fill("50667")
    page.get_by_label(re.compile(r"^Ort:?$")).fill("Köln")
    page.get_by_label("E-Mail").fill("redaktion@muster-medien.invalid")
    page.get_by_label("Telefon").fill("+49 221 000000")
    page.get_by_label("Verantwortlich nach § 18 Abs. 2 MStV").fill("Max Beispiel")
    page.get_by_role("button", name="Sichern", exact=True).click()
    message = page.locator(".messagelist")
    assert "erfolgreich geändert" in message.inner_text()
    in_view(page, message)

    page.goto(live_server.url + "/impressum/")
    provider = page.locator(".imprint-address")
    assert provider.inner_text().splitlines() == [
        "Muster Medien GmbH",
        "Hafenstraße 7",
        "50667 Köln",
    ]
    assert provider.is_visible()
    assert page.get_by_role("link", name="redaktion@muster-medien.invalid").is_visible()
    assert page.get_by_role(
        "heading", name="Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV"
    ).is_visible()
    assert page.get_by_text("Max Beispiel").is_visible()
    assert "Ein Angebot von Muster Medien GmbH." in page.get_by_role("contentinfo").inner_text()

    page.goto(live_server.url + "/datenschutz/")
    controller = page.locator(".privacy-controller")
    assert controller.is_visible() and "Muster Medien GmbH" in controller.inner_text()


def test_editor_uploads_an_image_and_readers_see_the_figure(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SERVE_MEDIA = True
    post = PostFactory(body="Erster Absatz.\n\n<!--bild 1-->\n\nZweiter Absatz.")
    photo = tmp_path / "affen.jpg"
    photo.write_bytes(image_bytes(1600, 1000))

    log_in_as_editor(page, live_server)
    page.goto(live_server.url + f"/admin/blog/post/{post.pk}/change/")
    page.locator(".add-row").get_by_text("Bild hinzufügen", exact=True).click()
    page.locator("input[name='images-0-image']").set_input_files(str(photo))
    page.locator("input[name='images-0-alt_text']").fill("Drei Affenfiguren nebeneinander")
    page.locator("input[name='images-0-caption']").fill("Die drei weisen Affen")
    page.locator("input[name='images-0-credit']").fill("Anderson Mancini/flickr.com (CC BY-SA 2.0)")
    page.get_by_role("button", name="Sichern", exact=True).click()
    assert "erfolgreich geändert" in page.locator(".messagelist").inner_text()
    assert PostImage.objects.get(post=post).renditions

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + post.get_absolute_url())
    figure = page.locator("figure.figure")
    figure.scroll_into_view_if_needed()
    image = figure.locator("img")
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    assert (image.get_attribute("width"), image.get_attribute("height")) == ("960", "600")
    assert image.get_attribute("alt") == "Drei Affenfiguren nebeneinander"
    # The browser chose a rendition for the column, not the original upload.
    assert re.search(r"-\d+w\.webp$", image.evaluate("img => img.currentSrc"))
    box = image.bounding_box()
    assert abs(box["width"] / box["height"] - 1.6) < 0.02  # the space kept matches the picture
    caption = figure.locator("figcaption")
    assert caption.is_visible()
    in_view(page, caption)
    assert caption.inner_text().splitlines() == [
        "Die drei weisen Affen",
        "Foto: Anderson Mancini/flickr.com (CC BY-SA 2.0)",
    ]
    text = page.locator(".post-body").inner_text()
    assert (
        text.index("Erster Absatz.") < text.index("Die drei weisen Affen") < text.index("Zweiter")
    )
    assert audit(page, _axe()) == []


def test_teasers_show_an_excerpt_and_the_comment_count(live_server, page):
    call_command("loaddata", "seed", "seed_comments", verbosity=0)
    page.goto(live_server.url + "/")
    teasers = page.locator("article.teaser")
    assert teasers.count() == 5
    for index in range(5):
        teaser = teasers.nth(index)
        teaser.scroll_into_view_if_needed()
        excerpt = teaser.locator("p.lead")
        assert excerpt.is_visible() and len(excerpt.inner_text()) > 40
        count = teaser.get_by_role("link", name=re.compile(r"^\d+ Kommentare?$"))
        assert count.is_visible()
    first = teasers.first.locator("p.lead").inner_text()
    assert first.startswith("Wer im Zusammenhang mit Social Media nur an Facebook")


def test_reader_searches_for_an_author_and_sees_the_words_marked(live_server, page):
    call_command("loaddata", "seed", verbosity=0)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Suche").first.click()
    page.get_by_label("Beiträge durchsuchen").fill("Kerstin Hoffmann")
    page.get_by_role("button", name="Suchen").click()
    status = page.get_by_role("status")
    assert status.inner_text() == "1 Treffer für „Kerstin Hoffmann“"
    in_view(page, status)
    marks = page.locator("article.teaser mark")
    assert marks.all_inner_texts() == ["Kerstin", "Hoffmann"]
    assert marks.first.is_visible()
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")

    page.get_by_label("Beiträge durchsuchen").fill("Telefon Vertrieb")
    page.get_by_role("button", name="Suchen").click()
    snippet = page.locator("article.teaser p.snippet")
    assert snippet.is_visible()
    assert snippet.locator("mark").all_inner_texts() == ["Telefons", "Vertrieb"]

    page.get_by_label("Beiträge durchsuchen").fill("<b>Quantenschaum</b>")
    page.get_by_role("button", name="Suchen").click()
    status = page.get_by_role("status").inner_text()
    assert status.startswith("Keine Treffer für „<b>Quantenschaum</b>“")


def _axe():
    from pathlib import Path

    return (Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js").read_text()
