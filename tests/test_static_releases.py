"""Static files across a rolling release (core/static.py, core/middleware.py).

Two releases serve side by side during a rollout, sharing ``STATIC_ROOT`` on a host: a server
keeps its own manifest, finds the hashed files the other release collected after it started,
and serves them as immutable; nothing else becomes reachable that way.
"""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from core import page_cache
from core.static import is_hashed_name

pytestmark = pytest.mark.django_db

HASHED = "css/site.0123456789ab.css"


@pytest.fixture
def static_root(settings, tmp_path):
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True)
    settings.STATIC_ROOT = root
    settings.STATIC_URL = "/static/"
    # As in production: WhiteNoise lists STATIC_ROOT once, no finders, no autorefresh.
    settings.DEBUG = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    return root


def test_hashed_names_are_recognised():
    assert is_hashed_name("/static/css/site.0123456789ab.css")
    assert is_hashed_name("/static/css/site.0123456789ab.css.gz")
    assert not is_hashed_name("/static/css/site.css")
    assert not is_hashed_name("/static/css/0123456789ab.css")  # no name before the hash
    assert not is_hashed_name("/static/css/site.0123456789AB.css")
    assert not is_hashed_name("/static/css/site.0123456789.css")


def test_a_hashed_file_added_after_start_is_served_as_immutable(static_root):
    client = Client()
    assert client.get(f"/static/{HASHED}").status_code == 404  # the server has started
    (static_root / HASHED).write_text("body { color: black; }")
    response = client.get(f"/static/{HASHED}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"body { color: black; }"
    assert "immutable" in response["Cache-Control"]


def test_nothing_but_hashed_files_inside_static_root_is_found_late(static_root, tmp_path):
    client = Client()
    assert client.get("/static/css/later.css").status_code == 404
    (static_root / "css" / "later.css").write_text("unhashed")
    (tmp_path / "secret.0123456789ab.txt").write_text("outside")
    (static_root / "css" / "dir.0123456789ab.css").mkdir()
    for path in (
        "/static/css/later.css",  # unhashed: may change, WhiteNoise knows it from its start only
        "/static/../secret.0123456789ab.txt",
        "/static/css/../../secret.0123456789ab.txt",
        "/static/css/dir.0123456789ab.css",
    ):
        assert client.get(path).status_code == 404, path


@pytest.mark.slow
def test_each_release_keeps_its_manifest_and_its_cache_keys(settings, tmp_path):
    """collectstatic of two releases into one STATIC_ROOT: both releases' files stay, each
    release reads only its own manifest, and their page-cache keys differ."""
    settings.STATIC_ROOT = tmp_path / "shared-static"
    manifests = []
    for release, css in (("one", "a { color: red; }"), ("two", "a { color: blue; }")):
        source = tmp_path / f"source-{release}"
        (source / "css").mkdir(parents=True)
        (source / "css" / "site.css").write_text(css)
        settings.STATICFILES_DIRS = [source]
        settings.STATIC_MANIFEST_ROOT = tmp_path / f"release-{release}"
        settings.STORAGES = {  # a new release: a new process, a new storage
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "core.static.ReleaseStaticFilesStorage"},
        }
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / f"release-{release}" / "staticfiles.json").read_text())
        manifests.append((manifest["paths"]["css/site.css"], page_cache.release()))
    (first, first_release), (second, second_release) = manifests
    assert first != second
    assert first_release != second_release
    assert (settings.STATIC_ROOT / first).exists() and (settings.STATIC_ROOT / second).exists()
    assert not (settings.STATIC_ROOT / "staticfiles.json").exists()
