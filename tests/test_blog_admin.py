import pytest

from tests.factories import PostFactory, ThesisFactory

pytestmark = pytest.mark.django_db


def test_post_admin_pages_open_with_thesis_inline(admin_client):
    post = PostFactory()
    ThesisFactory(post=post, position=1, title="Skepsis ist gesund")
    assert admin_client.get("/admin/blog/post/").status_code == 200
    change = admin_client.get(f"/admin/blog/post/{post.pk}/change/")
    assert change.status_code == 200
    assert "Skepsis ist gesund" in change.content.decode()
    assert admin_client.get("/admin/blog/post/?q=Beitrag").status_code == 200
    assert admin_client.get("/admin/blog/author/").status_code == 200
    assert admin_client.get("/admin/blog/post/add/").status_code == 200


def test_admin_requires_login(client):
    response = client.get("/admin/blog/post/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
