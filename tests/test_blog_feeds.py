"""Feeds carry the whole article: body, figures, theses and footnote."""

import html as html_lib
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from blog.models import Post, PostImage
from tests.factories import CommentFactory, PostFactory, ThesisFactory
from tests.images_support import image_bytes, upload

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
THESES_SLUG = "social-media-in-b2b-weiterhin-mehr-ob-als-wie"


def rss_entries(client) -> dict[str, str]:
    root = ET.fromstring(client.get("/feed/").content)  # noqa: S314 (our own feed)
    return {item.findtext("title"): item.findtext("description") for item in root.iter("item")}


def atom_entries(client) -> dict[str, ET.Element]:
    root = ET.fromstring(client.get("/feed/atom/").content)  # noqa: S314 (our own feed)
    return {entry.findtext(f"{ATOM}title"): entry for entry in root.iter(f"{ATOM}entry")}


def test_entries_carry_every_page_of_the_article(client):
    post = PostFactory(
        title="Lang",
        lead="Der Vorspann.",
        body="Seite eins mit [Link](https://example.org/).\n\n<!--nextpage-->\n\nSeite zwei.",
        footnote="Eine Fußnote.",
    )
    CommentFactory(post=post, author_email="leserin@privat.invalid")
    description = rss_entries(client)["Lang"]
    for text in (
        "<p><strong>Der Vorspann.</strong></p>",
        '<a href="https://example.org/">Link</a>',
        "Seite eins",
        "Seite zwei",
        "Eine Fußnote.",
        f'href="http://localhost:8000{post.get_absolute_url()}#kommentare"',  # SITE_URL
    ):
        assert text in description, text
    assert "nextpage" not in description
    assert "privat.invalid" not in client.get("/feed/").content.decode()


def test_atom_puts_the_article_into_content(client):
    PostFactory(title="Atom", body="Ganzer **Text**.")
    entry = atom_entries(client)["Atom"]
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<strong>Text</strong>" in content.text
    assert entry.find(f"{ATOM}summary") is None


def test_the_theses_post_entry_lists_its_theses_in_order(client):
    call_command("loaddata", "seed", verbosity=0)
    post = Post.objects.get(slug=THESES_SLUG)
    for description in (
        rss_entries(client)[post.title],
        atom_entries(client)[post.title].find(f"{ATOM}content").text,
    ):
        items = re.findall(r'<li value="(\d+)"><p><strong><a [^>]*>(.*?)</a>', description)
        assert [int(number) for number, _title in items] == list(range(1, 12))
        assert html_lib.unescape(items[0][1]) == "Skepsis ist gesund"
        intro, outro = description.split("<ol>")[0], description.split("</ol>")[1]
        assert "elf Thesen zu Social Media in der B2B-Kommunikation." in intro
        assert "Übrigens: Das Thema Krisen-Kommunikation" in outro
        # The seed photo's caption and credit come along as text.
        assert "Die drei weisen Affen" in description
        assert "Foto: Anderson Mancini/flickr.com (CC BY-SA 2.0)" in description


def test_theses_without_a_marker_follow_the_body(client):
    post = PostFactory(title="Ohne Marke", body="Nur Text.")
    ThesisFactory(post=post, position=1, title="Die erste")
    description = rss_entries(client)["Ohne Marke"]
    assert description.index("Nur Text.") < description.index("Die erste")


def test_figures_in_feeds_have_absolute_urls(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    post = PostFactory(title="Mit Bild")
    PostImage.objects.create(
        post=post, image=upload(content=image_bytes(1000, 500)), alt_text="Ein Bild", credit="Ich"
    )
    description = rss_entries(client)["Mit Bild"]
    assert re.search(
        r'src="http://localhost:8000/media/beitraege/varianten/\w+-960w\.webp"', description
    )
    assert re.search(
        r"srcset=\"http://localhost:8000/media/\S+ 480w, http://localhost:8000/media/", description
    )
    assert "Foto: Ich" in description


def test_feed_queries_do_not_grow_with_posts(client, django_assert_max_num_queries):
    for _ in range(2):
        ThesisFactory(post=PostFactory(tags=["Eins"]))
    with django_assert_max_num_queries(8) as few:
        client.get("/feed/")
    for index in range(6):
        ThesisFactory(post=PostFactory(tags=[f"t{index}"]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/feed/")
