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
