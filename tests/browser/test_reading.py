import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THESES_POST = "Social Media in B2B: Weiterhin mehr „ob“ als „wie“?"


def test_reader_follows_the_theses_post_and_sees_eleven_theses(live_server, page):
    call_command("loaddata", "seed", verbosity=0)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=THESES_POST).first.click()
    page.wait_for_url(re.compile(r"/2012/03/\d\d/"))
    assert page.locator("h1").inner_text() == THESES_POST
    theses = page.locator("ol.theses > li")
    assert theses.count() == 11
    ids = theses.evaluate_all("items => items.map(item => item.id)")
    assert ids == [f"these-{n}" for n in range(1, 12)]
    assert theses.nth(0).locator("h2").inner_text().endswith("Skepsis ist gesund")


def test_reader_pages_through_a_multi_page_article(live_server, page):
    call_command("loaddata", "seed", verbosity=0)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("Mit Social Media nachweisbar Werte schaffen")).click()
    assert page.get_by_text("Seite 1 / 2").first.is_visible()
    page.get_by_role("link", name="Nächste Seite").first.click()
    assert "seite=2" in page.url
    assert page.get_by_text("Seite 2 / 2").first.is_visible()
