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
