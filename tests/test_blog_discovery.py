import json
import re

import pytest

from blog.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_related_posts_share_tags_and_exclude_drafts(client):
    post = PostFactory(tags=["B2B", "Social Media"])
    best = PostFactory(title="Zwei gemeinsame", tags=["B2B", "Social Media"])
    one = PostFactory(title="Ein gemeinsames", tags=["B2B"])
    PostFactory(title="Kein gemeinsames", tags=["Kochen"])
    PostFactory(title="Entwurf", tags=["B2B"], status=Post.Status.DRAFT)
    assert list(Post.objects.related_to(post)) == [best, one]
    assert list(Post.objects.related_to(post, tags=list(post.tags.all()))) == [best, one]
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Zwei gemeinsame" in html and "Entwurf" not in html and "Kein gemeinsames" not in html


def test_no_related_posts_says_so(client):
    post = PostFactory(tags=["Einzigartig"])
    assert "Keine weiteren Beiträge" in client.get(post.get_absolute_url()).content.decode()


def test_rss_and_atom_feeds_list_published_posts(client):
    PostFactory(title="Im Feed „zitiert“")
    PostFactory(title="Nicht im Feed", status=Post.Status.DRAFT)
    for url in ("/feed/", "/feed/atom/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Im Feed „zitiert“" in body and "Nicht im Feed" not in body


def test_sitemap_lists_published_posts(client):
    post = PostFactory()
    draft = PostFactory(status=Post.Status.DRAFT)
    body = client.get("/sitemap.xml").content.decode()
    assert post.get_absolute_url() in body and draft.get_absolute_url() not in body


def test_post_page_has_canonical_opengraph_and_json_ld(client, settings):
    settings.SITE_URL = "https://gegenverkehr.example"
    post = PostFactory(title='Titel mit </script><script>alert("x")</script>', tags=["B2B"])
    html = client.get(post.get_absolute_url()).content.decode()
    canonical = f"https://gegenverkehr.example{post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) >= 1
    data = json.loads(blocks[0])
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == post.title
    assert data["keywords"] == ["B2B"]
    assert "<script>alert" not in html
