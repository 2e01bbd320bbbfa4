"""The community guidelines page and how the comment form points to it."""

import pytest

pytestmark = pytest.mark.django_db


def test_guidelines_page(client):
    response = client.get("/community-richtlinien/")
    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert '<h1 id="richtlinien-titel">Community-Richtlinien</h1>' in html
    for clause in (
        "hitzige Debatten sind willkommen",
        "Beleidigungen und grob anstößige Äußerungen",
        "Rassistische",
        "Strafrechtlich relevante Inhalte",
        "ohne Erlaubnis der Urheberin oder des Urhebers",
        "Keine Werbeplattform",
        "nicht in erster Linie der Werbung dient",
        "vorübergehend oder dauerhaft sperren",
        "respektiere, dass andere",
    ):
        assert clause in html, clause
    assert "<script" not in html.split("<main")[1]


def test_comment_form_links_the_guidelines_above_the_form(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    notice = html.index('<p class="comment-guidelines">')
    assert notice < html.index('<form class="comment-form"')
    assert (
        'Bitte beachte unsere <a href="/community-richtlinien/">Community-Richtlinien</a>' in html
    )
