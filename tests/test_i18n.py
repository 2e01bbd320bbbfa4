import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_german_is_the_default_language(client):
    PostFactory()
    html = client.get("/").content.decode()
    assert '<html lang="de">' in html
    assert "Beiträge" in html


def test_english_is_available_through_the_language_switch(client):
    post = PostFactory()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert "Write a comment" in html or "Leave a comment" in html
    assert "Schreibe einen Kommentar" not in html


def test_legal_pages_footer_and_search_in_english(client):
    from blog.models import PostImage

    post = PostFactory(title="Netzwerk")
    PostImage.objects.create(post=post, caption="Affen", credit="Anderson Mancini")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    for text in ("Legal notice", "Privacy", "Community guidelines", "RSS feed", "Atom feed"):
        assert text in footer, text
    assert "<h1>Legal notice</h1>" in client.get("/impressum/").content.decode()
    privacy = client.get("/datenschutz/").content.decode()
    assert "<h1>Privacy policy</h1>" in privacy and "The view counter" in privacy
    assert "Photo: Anderson Mancini" in client.get(post.get_absolute_url()).content.decode()
    assert (
        "No results for “Quantenschaum”." in client.get("/suche/?q=Quantenschaum").content.decode()
    )


def unfinished_entries(catalogue) -> list[str]:
    """The msgids of a .po file that are fuzzy or lack a translation."""
    entries = catalogue.read_text(encoding="utf-8").strip().split("\n\n")[1:]  # after the header
    unfinished = []
    for entry in entries:
        lines = entry.splitlines()
        if all(line.startswith("#~") for line in lines if line.strip()):
            continue  # obsolete
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        texts, current = {}, None
        for line in lines:
            if line.startswith(("msgid", "msgstr")):
                current, _, value = line.partition(" ")
                texts[current] = value.strip('"')
            elif line.startswith('"') and current:
                texts[current] += line.strip('"')
        translations = [text for key, text in texts.items() if key.startswith("msgstr")]
        if fuzzy or not all(translations):
            unfinished.append(texts.get("msgid"))
    return unfinished


@pytest.mark.slow
def test_every_string_of_the_site_has_an_english_translation(tmp_path):
    """makemessages over a copy of the code: nothing new, nothing fuzzy, nothing untranslated."""
    root = Path(__file__).resolve().parent.parent
    for name in ("blog", "comments", "core", "config", "templates", "locale"):
        shutil.copytree(root / name, tmp_path / name)
    shutil.copy(root / "manage.py", tmp_path)
    catalogue = tmp_path / "locale/en/LC_MESSAGES/django.po"
    assert len(unfinished_entries(catalogue)) == 0
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    entries = catalogue.read_text(encoding="utf-8").count("\nmsgid ")
    assert entries > 300
    assert unfinished_entries(catalogue) == []
