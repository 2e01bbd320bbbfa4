"""WCAG 2.2 AA checks with axe-core on every kind of reader page, in both colour schemes.

axe-core is a test-only npm dependency of this folder (``npm ci --prefix tests/browser``; ``make
test`` installs it). The pages are checked under their real Content-Security-Policy: axe runs
through Playwright's ``evaluate`` (DevTools protocol), which the page's script-src does not
govern, so the styles and scripts are exactly what readers get.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.models import Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
THESES_POST = "social-media-in-b2b-weiterhin-mehr-ob-als-wie"
MULTI_PAGE_POST = "mit-social-media-nachweisbar-werte-schaffen"


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is missing ({AXE}): run `npm ci --prefix tests/browser` or `make test`."
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def seeded(db):
    call_command("loaddata", "seed", "seed_comments", verbosity=0)


@pytest.fixture(params=["light", "dark"])
def scheme_page(request, browser):
    context = browser.new_context(
        locale="de-DE", color_scheme=request.param, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def audit(page, axe_source) -> list[str]:
    """axe's violations on the current page, one readable line per failing element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}, resultTypes: "
        "['violations']})",
        RULES,
    )
    return [
        f"{violation['id']}: {node['target']} – {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def heading_levels(page) -> list[int]:
    return page.locator("h1, h2, h3, h4, h5, h6").evaluate_all(
        "hs => hs.filter(h => h.getClientRects().length || h.closest('.visually-hidden'))"
        ".map(h => Number(h.tagName[1]))"
    )


def assert_reader_page_is_accessible(page, axe_source):
    levels = heading_levels(page)
    assert levels.count(1) == 1, f"one h1 per page: {levels}"
    assert levels[0] == 1, f"the first heading is the h1: {levels}"
    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not skips, f"heading levels skipped: {skips} in {levels}"
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1, landmark
    assert page.get_by_role("navigation", name="Hauptnavigation").count() == 1
    assert audit(page, axe_source) == []


def post_url(slug):
    return Post.objects.get(slug=slug).get_absolute_url()


def with_example_publisher(url):
    call_command("load_example_publisher", verbosity=0)
    return url


PAGES = {
    "home": lambda: "/",
    "theses post": lambda: post_url(THESES_POST),
    "multi-page post, page 2": lambda: post_url(MULTI_PAGE_POST) + "?seite=2",
    "author": lambda: Post.objects.get(slug=THESES_POST).author.get_absolute_url(),
    "tag": lambda: "/thema/social-media/",
    "archive": lambda: "/archiv/",
    "search": lambda: "/suche/?q=Kommunikation",
    "search without hits": lambda: "/suche/?q=Quantenschaum",
    "search without words": lambda: "/suche/?q=+",
    "guidelines": lambda: "/community-richtlinien/",
    "privacy": lambda: "/datenschutz/",
    "privacy with publisher": lambda: with_example_publisher("/datenschutz/"),
    "imprint": lambda: "/impressum/",
    "imprint with publisher": lambda: with_example_publisher("/impressum/"),
}


@pytest.mark.parametrize("name", PAGES)
def test_reader_page_has_no_violations(live_server, scheme_page, axe_source, seeded, name):
    response = scheme_page.goto(live_server.url + PAGES[name]())
    assert response.status == 200
    assert_reader_page_is_accessible(scheme_page, axe_source)


def test_not_found_page_has_no_violations(live_server, scheme_page, axe_source, seeded):
    response = scheme_page.goto(live_server.url + "/diese-seite-gibt-es-nicht/")
    assert response.status == 404
    assert scheme_page.get_by_role("heading", level=1).inner_text() == "Diese Seite gibt es nicht"
    assert_reader_page_is_accessible(scheme_page, axe_source)


def test_comment_form_with_errors_has_no_violations(
    live_server, scheme_page, axe_source, seeded, settings
):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    page = scheme_page
    page.goto(live_server.url + post_url(THESES_POST))
    # Let the server validate (the browser's own checks would stop an empty form).
    page.locator("form.comment-form").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("textbox", name="E-Mail", exact=True).fill("keine-adresse")
    page.get_by_role("button", name="Kommentar abschicken").click()
    page.wait_for_load_state()

    for label, message in [
        ("Kommentar", "Bitte schreibe einen Kommentar."),
        ("Name", "Bitte gib deinen Namen an."),
        ("E-Mail", "Bitte gib eine gültige E-Mail-Adresse an."),
    ]:
        field = page.get_by_role("textbox", name=label, exact=True)
        assert field.get_attribute("aria-invalid") == "true", label
        described = field.get_attribute("aria-describedby").split()
        texts = [page.locator(f"#{ident}").inner_text() for ident in described]
        assert any(message in text for text in texts), (label, texts)
    consent = page.get_by_role("checkbox", name=re.compile("Ich bin einverstanden"))
    assert consent.get_attribute("aria-invalid") == "true"
    assert_reader_page_is_accessible(page, axe_source)


def test_skip_link_moves_focus_to_the_content(live_server, page, seeded):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("link => link === document.activeElement")
    assert skip.is_visible()
    outline = skip.evaluate("link => getComputedStyle(link).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"
