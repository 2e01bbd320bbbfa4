"""The seed articles' original reader comments, loaded with ``loaddata seed seed_comments``."""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from blog.models import Post
from comments.models import Comment

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "comments" / "fixtures" / "seed_comments.json"
THESES_POST = "Social Media in B2B: Weiterhin mehr „ob“ als „wie“?"
T3N_POST = "Mit Social Media nachweisbar Werte schaffen"


@pytest.fixture
def seeded(db):
    call_command("loaddata", "seed", "seed_comments", verbosity=0)


def post_titled(start):
    return Post.objects.get(title__startswith=start)


def test_every_guest_has_a_reserved_address():
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        assert row["fields"]["author_email"].endswith("@gaeste.gegenverkehr.invalid")
        assert row["fields"]["ip_address"] is None


def test_theses_post_keeps_its_one_comment(seeded):
    post = post_titled(THESES_POST)
    (comment,) = Comment.objects.for_post(post)
    assert comment.author_name == "Anonym"
    assert comment.body == (
        "Vielen Dank für diesen großartigen Text. Sie sprechen mir aus der Seele."
    )
    assert comment.submitted_at == datetime(2012, 3, 16, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    assert post.comment_count == 1


def test_t3n_post_keeps_its_thread(seeded):
    post = post_titled(T3N_POST)
    comments = list(Comment.objects.for_post(post))
    assert [c.author_name for c in comments] == [
        "Indianer3c",
        "Mirko Lange",
        "Christian Buggisch",
        "Bernhard Scheer",
    ]
    indianer, mirko, buggisch, scheer = comments
    assert mirko.parent == indianer and mirko.depth == 2
    assert mirko.body.startswith("@Indianer3c Ja klar gibt es Erfahrungen im b2b Bereich.")
    # Typos are part of the record.
    assert "fangen an zu dirskutieren" in mirko.body
    assert "B2B-Unternehmemn" in mirko.body
    assert mirko.body.count("\n\n") == 2
    assert scheer.body.endswith("„counts the bottom line“.\n\nBernhard Scheer")
    assert all(c.submitted_at > post.published_at for c in comments)
    assert [c.submitted_at for c in comments] == sorted(c.submitted_at for c in comments)
    assert post.comment_count == 4


def test_body_html_is_rendered_on_load(seeded):
    buggisch = Comment.objects.get(author_name="Christian Buggisch")
    assert (
        '(<a href="http://www.facebook.com/dateveg" rel="nofollow ugc noopener">'
        "http://www.facebook.com/dateveg</a>)"
    ) in buggisch.body_html
    mirko = Comment.objects.get(author_name="Mirko Lange")
    assert mirko.body_html.count("<p>") == 3


def test_loading_twice_duplicates_nothing(seeded):
    call_command("loaddata", "seed_comments", verbosity=0)
    call_command("loaddata", "seed", verbosity=0)  # a post reloaded after its comments
    assert Comment.objects.count() == 5
    assert post_titled(THESES_POST).comment_count == 1
    assert post_titled(T3N_POST).comment_count == 4


def test_seed_comments_show_on_the_page(seeded, client):
    post = post_titled(THESES_POST)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "16. März 2012 um 11:15" in html
    assert "Sie sprechen mir aus der Seele." in html
    assert '<h2 id="kommentare-titel">1 Kommentar</h2>' in html
