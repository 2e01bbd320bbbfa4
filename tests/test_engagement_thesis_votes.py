import re

import pytest
from django.test import Client

from blog.models import Post, ThesisVote
from blog.rendering import PAGE_BREAK
from tests.factories import PostFactory, ThesisFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thesis(db):
    post = PostFactory(body="Einleitung\n\n<!--theses-->\n\nSchluss")
    ThesisFactory(post=post, position=1, title="Skepsis ist gesund")
    return ThesisFactory(post=post, position=2, title="Dialog braucht Zeit")


def vote_url(thesis):
    return f"{thesis.post.get_absolute_url()}thesen/{thesis.position}/abstimmen/"


def test_each_thesis_has_a_no_javascript_vote_form_with_tally(client, thesis):
    html = client.get(thesis.post.get_absolute_url()).content.decode()
    assert html.count('class="thesis-vote"') == 2
    assert f'action="{vote_url(thesis)}"' in html
    assert 'name="stimme" value="zu"' in html
    assert 'name="stimme" value="anders"' in html
    assert "0 stimmen zu · 0 sehen es anders" in html
    # The form sits at the end of its thesis item.
    item = html[html.index('id="these-2"') :]
    item = item[: item.index("</li>")]
    assert item.rstrip().endswith("</form>")


def test_voting_redirects_to_the_thesis_with_a_message(client, thesis):
    response = client.post(vote_url(thesis), {"stimme": "zu"})
    assert response.status_code == 302
    # The vote form of that thesis, where the outcome is shown.
    assert response["Location"] == f"{thesis.post.get_absolute_url()}#these-2-abstimmung"
    vote = ThesisVote.objects.get()
    assert (vote.thesis, vote.agrees, len(vote.visitor_hash)) == (thesis, True, 64)
    html = client.get(response["Location"]).content.decode()
    form = html[html.index('id="these-2-abstimmung"') :]
    form = form[: form.index("</form>")]
    assert "Danke! Deine Stimme zu These 2 ist gezählt: Du stimmst zu." in form
    assert "1 stimmt zu · 0 sehen es anders" in form


def test_changing_the_vote_keeps_one_row(client, thesis):
    client.post(vote_url(thesis), {"stimme": "zu"})
    response = client.post(vote_url(thesis), {"stimme": "anders"}, follow=True)
    assert ThesisVote.objects.count() == 1
    assert ThesisVote.objects.get().agrees is False
    html = response.content.decode()
    assert "Deine Stimme zu These 2 ist geändert: Du siehst es anders." in html
    assert "0 stimmen zu · 1 sieht es anders" in html


def test_votes_of_several_visitors_are_tallied(thesis):
    for choice in ("zu", "zu", "anders"):
        Client().post(vote_url(thesis), {"stimme": choice})
    html = Client().get(thesis.post.get_absolute_url()).content.decode()
    assert "2 stimmen zu · 1 sieht es anders" in html
    assert "0 stimmen zu · 0 sehen es anders" in html  # thesis 1 untouched


def test_the_same_visitor_can_vote_on_every_thesis(client, thesis):
    first = thesis.post.theses.get(position=1)
    client.post(vote_url(first), {"stimme": "anders"})
    client.post(vote_url(thesis), {"stimme": "zu"})
    assert ThesisVote.objects.count() == 2
    assert ThesisVote.objects.values("visitor_hash").distinct().count() == 1


def vote_form(html: str, position: int) -> str:
    form = html[html.index(f'id="these-{position}-abstimmung"') :]
    return form[: form.index("</form>")]


def test_the_reader_sees_their_own_vote_and_nobody_else_does(
    client, thesis, django_capture_on_commit_callbacks
):
    post_url = thesis.post.get_absolute_url()
    Client().get(post_url)  # an anonymous reader: the page is cached now
    with django_capture_on_commit_callbacks(execute=True):  # the cached page moves on commit
        client.post(vote_url(thesis), {"stimme": "zu"})
    own = vote_form(client.get(post_url).content.decode(), 2)
    assert "Deine Stimme: Du stimmst zu." in own
    assert 'value="zu" aria-pressed="true"' in own
    assert 'value="anders" aria-pressed="false"' in own
    assert "Deine Stimme" not in vote_form(client.get(post_url).content.decode(), 1)
    # Anyone else – and the cached page – shows the tally only.
    other = vote_form(Client().get(post_url).content.decode(), 2)
    assert "1 stimmt zu" in other
    for marker in ("checked", "aria-pressed", "disabled", "Deine Stimme"):
        assert marker not in other


def test_the_voters_marker_keeps_their_pages_of_that_post_out_of_the_cache(client, thesis):
    post_url = thesis.post.get_absolute_url()
    response = client.post(vote_url(thesis), {"stimme": "anders"})
    marker = response.cookies["gv_abgestimmt"]
    assert marker["path"] == post_url
    assert marker["httponly"]
    client.get(post_url)  # the voter's own page is rendered for them ...
    other = Client().get(post_url).content.decode()  # ... and never stored for others
    assert "Deine Stimme" not in other
    assert "aria-pressed" not in other


def test_tallies_for_all_theses_take_one_query(thesis, django_assert_num_queries):
    theses = list(thesis.post.theses.all())
    ThesisVote.objects.create(thesis=theses[0], visitor_hash="a" * 64, agrees=False)
    ThesisVote.objects.create(thesis=theses[1], visitor_hash="a" * 64, agrees=True)
    ThesisVote.objects.create(thesis=theses[1], visitor_hash="b" * 64, agrees=True)
    with django_assert_num_queries(1):
        tallies = ThesisVote.objects.tallies_for(theses)
    assert tallies == {
        theses[0].pk: {"agree": 0, "disagree": 1},
        theses[1].pk: {"agree": 2, "disagree": 0},
    }


def test_theses_on_a_later_page_redirect_there(client):
    post = PostFactory(body=f"Seite eins\n\n{PAGE_BREAK}\n\nSeite zwei\n\n<!--theses-->")
    thesis = ThesisFactory(post=post, position=1)
    response = client.post(vote_url(thesis), {"stimme": "anders"})
    assert response["Location"] == f"{post.get_absolute_url()}?seite=2#these-1-abstimmung"


@pytest.mark.parametrize("data", [{}, {"stimme": ""}, {"stimme": "vielleicht"}, {"agrees": "1"}])
def test_invalid_choice_is_a_400_with_message(client, thesis, data):
    response = client.post(vote_url(thesis), data)
    assert response.status_code == 400
    assert "Bitte wähle „Stimme zu“ oder „Sehe ich anders“." in response.content.decode()
    assert ThesisVote.objects.count() == 0


def test_unknown_thesis_and_draft_posts_are_404(client, thesis):
    post_url = thesis.post.get_absolute_url()
    assert client.post(f"{post_url}thesen/9/abstimmen/", {"stimme": "zu"}).status_code == 404
    draft = PostFactory(status=Post.Status.DRAFT)
    draft_thesis = ThesisFactory(post=draft, position=1)
    assert client.post(vote_url(draft_thesis), {"stimme": "zu"}).status_code == 404
    assert client.get(vote_url(thesis)).status_code == 405
    assert ThesisVote.objects.count() == 0


def test_csrf_is_enforced(thesis):
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(vote_url(thesis), {"stimme": "zu"}).status_code == 403
    html = csrf_client.get(thesis.post.get_absolute_url()).content.decode()
    form = html[html.index('class="thesis-vote"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = csrf_client.post(vote_url(thesis), {"stimme": "zu", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ThesisVote.objects.count() == 1


def test_per_ip_limit(thesis, settings):
    settings.BLOG_THESIS_VOTE_RATE = (2, 3600)
    for _ in range(2):
        Client().post(vote_url(thesis), {"stimme": "zu"})
    response = Client().post(vote_url(thesis), {"stimme": "zu"}, follow=True)
    assert "sehr viele Stimmen" in response.content.decode()
    assert ThesisVote.objects.count() == 2


def test_constraint_allows_one_vote_per_visitor_and_thesis(thesis):
    from django.db import IntegrityError, transaction

    ThesisVote.objects.create(thesis=thesis, visitor_hash="a" * 64, agrees=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThesisVote.objects.create(thesis=thesis, visitor_hash="a" * 64, agrees=False)
