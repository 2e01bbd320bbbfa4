import json
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from comments.models import Comment, OutgoingMail, Subscription
from comments.privacy import admin as privacy_admin
from comments.privacy.personal_data import (
    ERASED_EMAIL,
    ERASED_NAME,
    REMOVED_ON_REQUEST,
    erase_personal_data,
    export_personal_data,
)
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

EMAIL = "vera@beispiel.invalid"


@pytest.fixture
def vera():
    """Two comments of one reader (one with a reply by someone else) and a subscription."""
    first = CommentFactory(
        author_name="Vera Beispiel",
        author_email=EMAIL,
        author_website="https://vera.invalid",
        body="Mein erster Gedanke.",
        ip_address="198.51.100.4",
        user_agent="Firefox",
        consent_at=timezone.now(),
    )
    reply = CommentFactory(parent=first, body="Eine Antwort von jemand anderem.")
    second = CommentFactory(
        post=PostFactory(), author_name="Vera B.", author_email="Vera@Beispiel.invalid"
    )
    Subscription.objects.create(
        email=EMAIL, post=first.post, comment=first, confirmed_at=timezone.now()
    )
    OutgoingMail.objects.create(kind="confirm", to=EMAIL, subject="Bitte bestätigen", body_text="x")
    return first, second, reply


def test_export_holds_everything_about_the_address(vera):
    first, second, reply = vera
    data = json.loads(json.dumps(export_personal_data(EMAIL)))  # JSON all the way down
    assert data["email"] == EMAIL
    assert [c["id"] for c in data["comments"]] == [first.pk, second.pk]
    record = data["comments"][0]
    assert record["post_title"] == first.post.title
    assert record["post_url"].endswith(first.post.get_absolute_url())
    assert record["comment_url"].endswith(f"#kommentar-{first.pk}")
    assert record["text"] == "Mein erster Gedanke."
    assert record["name"] == "Vera Beispiel"
    assert record["website"] == "https://vera.invalid"
    assert record["ip_address"] == "198.51.100.4"
    assert record["consent_at"] and record["submitted_at"]
    assert data["subscriptions"][0]["post_title"] == first.post.title
    assert data["mails"][0]["subject"] == "Bitte bestätigen"
    assert "Eine Antwort von jemand anderem." not in json.dumps(data)


def test_erase_keeping_the_text_and_the_round_trip(vera):
    first, second, reply = vera
    counts = erase_personal_data(EMAIL, remove_text=False)
    assert counts == {"comments": 2, "texts_removed": 0, "subscriptions": 1, "mails": 1}
    first.refresh_from_db()
    assert first.author_name == ERASED_NAME
    assert first.author_email == ERASED_EMAIL
    assert first.author_website == ""
    assert first.ip_address is None and first.user_agent == "" and first.consent_at is None
    assert first.body == "Mein erster Gedanke." and first.is_published
    reply.refresh_from_db()
    assert reply.author_email != ERASED_EMAIL  # other readers keep their data
    after = export_personal_data(EMAIL)
    assert after["comments"] == after["subscriptions"] == after["mails"] == []


def test_erase_removing_the_text(vera, client):
    first, second, reply = vera
    counts = erase_personal_data(EMAIL, remove_text=True)
    assert counts["texts_removed"] == 2
    first.refresh_from_db()
    assert first.status == Comment.Status.DELETED
    assert first.body == REMOVED_ON_REQUEST
    assert REMOVED_ON_REQUEST in first.body_html
    first.post.refresh_from_db()
    assert first.post.comment_count == 1  # the other reader's reply stays and counts
    html = client.get(first.post.get_absolute_url()).content.decode()
    assert "Mein erster Gedanke." not in html
    assert "Vera" not in html
    # The reply keeps its place, below a placeholder where the erased comment stood.
    placeholder = html.index(f'id="kommentar-{first.pk}"')
    assert "Dieser Kommentar wurde vom Verfasser gelöscht." in html[placeholder:]
    assert html.index(f'id="kommentar-{reply.pk}"') > placeholder


def test_erase_anonymises_account_comments():
    user = get_user_model().objects.create_user("vera", EMAIL)
    comment = CommentFactory(user=user, author_name="Vera", author_email=EMAIL)
    erase_personal_data(EMAIL)
    comment.refresh_from_db()
    assert comment.user is None and comment.author_name == ERASED_NAME


class TestCommand:
    def test_export_to_a_file(self, vera, tmp_path):
        target = tmp_path / "auskunft.json"
        call_command("personal_data", "export", EMAIL, "--output", str(target), stdout=StringIO())
        data = json.loads(target.read_text(encoding="utf-8"))
        assert len(data["comments"]) == 2

    def test_export_to_stdout_and_erase(self, vera):
        out = StringIO()
        call_command("personal_data", "export", EMAIL, stdout=out)
        assert json.loads(out.getvalue())["email"] == EMAIL
        out = StringIO()
        call_command("personal_data", "erase", EMAIL, "--remove-text", stdout=out)
        assert "2 comment(s) anonymised, 2 text(s) removed" in out.getvalue()
        assert not Comment.objects.filter(author_email__iexact=EMAIL).exists()


class TestAdminActions:
    @pytest.fixture
    def request_for(self):
        superuser = get_user_model().objects.create_superuser("admin", "admin@x.invalid", "pw")

        def build(data=None):
            request = RequestFactory().post("/admin/comments/comment/", data or {})
            request.user = superuser
            request.session = {}
            request._messages = FallbackStorage(request)
            return request

        return build

    @pytest.fixture
    def model_admin(self):
        return admin.site._registry[Comment]

    def test_export_downloads_json_for_the_selected_addresses(self, vera, request_for, model_admin):
        first, second, reply = vera
        selected = Comment.objects.filter(pk__in=[first.pk, reply.pk])
        response = privacy_admin.export_personal_data_action(model_admin, request_for(), selected)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        data = json.loads(response.content)
        assert sorted(a["email"] for a in data["addresses"]) == sorted(
            [EMAIL, reply.author_email.lower()]
        )

    def test_erase_asks_first_then_erases(self, vera, request_for, model_admin):
        first, *_ = vera
        selected = Comment.objects.filter(pk=first.pk)
        action = privacy_admin.erase_personal_data_remove_text
        page = action(model_admin, request_for(), selected)
        page.render()
        assert EMAIL in page.content.decode()
        assert 'name="post" value="yes"' in page.content.decode()
        assert Comment.objects.filter(author_email=EMAIL).exists()

        request = request_for({"post": "yes"})
        assert action(model_admin, request, selected) is None
        assert not Comment.objects.filter(author_email__iexact=EMAIL).exists()
        assert [str(m) for m in request._messages][0].startswith("1 Adresse(n): 2 Kommentar(e)")

    def test_actions_are_described_in_german(self):
        labels = [str(action.short_description) for action in privacy_admin.ACTIONS]
        assert labels == [
            "Personenbezogene Daten exportieren (JSON)",
            "Personenbezogene Daten löschen (Text behalten)",
            "Personenbezogene Daten löschen (Text entfernen)",
        ]


def test_moderators_edits_are_exported_and_erased_with_the_names_in_the_log(vera, mod_client):
    from comments.models import CommentRevision, ModerationLogEntry
    from tests.moderation_admin_support import change_status

    first, _second, _reply = vera
    change_status(mod_client, first, "published", body="Von der Moderation gekürzt.")
    [edit] = export_personal_data(EMAIL)["comments"][0]["edits"]
    assert edit["changes"]["body"] == {
        "before": "Mein erster Gedanke.",
        "after": "Von der Moderation gekürzt.",
    }
    entry = ModerationLogEntry.objects.get()
    assert "Vera" in entry.target_repr
    erase_personal_data(EMAIL)
    assert not CommentRevision.objects.exists()
    entry.refresh_from_db()
    assert entry.target_repr == f"Kommentar #{first.pk} auf „{first.post.title}“"
