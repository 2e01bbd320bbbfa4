import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from comments.models import Comment
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_post_comments_feed_lists_published_comments_without_emails(client):
    post = PostFactory()
    CommentFactory(post=post, body="Öffentlich sichtbar.", author_email="geheim@example.org")
    CommentFactory(post=post, body="Wartet noch.", status=Comment.Status.PENDING)
    CommentFactory(body="Anderer Beitrag.")
    response = client.get(f"{post.get_absolute_url()}kommentare/feed/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Öffentlich sichtbar." in body
    assert "Wartet noch." not in body and "Anderer Beitrag." not in body
    assert "geheim@example.org" not in body


def test_feed_of_unknown_or_misdated_post_is_404(client):
    post = PostFactory(slug="echt")
    assert client.get("/2001/01/01/echt/kommentare/feed/").status_code == 404
    assert client.get("/2001/01/01/gibt-es-nicht/kommentare/feed/").status_code == 404
    assert client.get(f"{post.get_absolute_url()}kommentare/feed/").status_code == 200


def test_structured_data_describes_comments_as_schema_org(client):
    post = PostFactory()
    CommentFactory(post=post, author_name="Indianer3c", body='Gibt es </script> "Erfahrungen"?')
    request = RequestFactory().get(post.get_absolute_url())
    html = Template("{% load discussion %}{% comments_structured_data post %}").render(
        Context({"post": post, "request": request, "canonical_url": "https://x.example/p/"})
    )
    payload = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html, re.S)
    assert payload and "</script>" not in payload.group(1)
    data = json.loads(payload.group(1))
    assert data["@id"] == "https://x.example/p/"
    assert data["commentCount"] == 1
    (comment,) = data["comment"]
    assert comment["@type"] == "Comment"
    assert comment["author"] == {"@type": "Person", "name": "Indianer3c"}
    assert comment["text"].strip() == 'Gibt es </script> "Erfahrungen"?'


def test_post_page_carries_comment_structured_data(client):
    post = PostFactory()
    CommentFactory(post=post, author_name="Bernhard Scheer", body="Kann nur zustimmen.")
    html = client.get(post.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    comments = [c for block in blocks for c in json.loads(block).get("comment", [])]
    assert [c["author"]["name"] for c in comments] == ["Bernhard Scheer"]


def test_structured_data_text_is_what_the_reader_typed_without_markup():
    from comments.discussion.structured_data import comment_graph

    comment = CommentFactory(
        body="Siehe https://example.org/?a>b&c – <b>fett</b> ist 1 < 2.\n\nZweiter Absatz."
    )
    assert "<a href=" in comment.body_html  # linkified, with a ">" inside the quoted URL
    (data,) = comment_graph("https://x.example/p/", Comment.objects.page_rows(comment.post))[
        "comment"
    ]
    assert "href" not in data["text"] and "nofollow" not in data["text"]
    assert "Siehe https://example.org/?a>b&c – <b>fett</b> ist 1 < 2." in data["text"]
    assert "Zweiter Absatz." in data["text"]
