import os
import shutil

import pytest

from tests.factories import AuthorFactory, PostFactory
from tests.moderation_admin_support import make_moderator


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty caches, shared and process-local: nothing may leak."""
    from django.core.cache import cache

    from core.local_memory import forget_all

    cache.clear()
    forget_all()
    yield
    cache.clear()
    forget_all()


@pytest.fixture
def clock(monkeypatch):
    """The monotonic clock of the process-local caches, set by the test: ``clock[0] += s``."""
    from core import local_memory

    now = [1000.0]
    monkeypatch.setattr(local_memory.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def moderator(db):
    """A moderator made the way operators make one (``manage.py createmoderator``)."""
    return make_moderator()


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def author(db):
    return AuthorFactory()


@pytest.fixture
def post(db):
    return PostFactory()


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is required for browser tests: apt-get install -y chromium")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
    # test itself (creating rows, reading results) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def pytest_collection_modifyitems(config, items):
    """Leave out what cannot run here instead of skipping it.

    The system test runs only when asked for by name (``-m system``), never by accident; tests
    marked ``postgresql`` belong to the run on PostgreSQL (CI runs the suite on both databases).
    """
    from django.db import connection

    system_asked = "system" in (config.getoption("markexpr") or "")
    on_postgresql = connection.vendor == "postgresql"

    def runs_here(item) -> bool:
        if item.get_closest_marker("system") is not None and not system_asked:
            return False
        return item.get_closest_marker("postgresql") is None or on_postgresql

    kept = [item for item in items if runs_here(item)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if not runs_here(i)])
        items[:] = kept
