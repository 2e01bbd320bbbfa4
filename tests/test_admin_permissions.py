"""Least privilege: the "Moderation" group and the createmoderator command."""

import io
from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from comments.models import ModerationLogEntry
from tests.factories import CommentFactory, ThesisFactory
from tests.moderation_admin_support import PASSWORD, make_moderator

pytestmark = pytest.mark.django_db


class TestGroup:
    def test_created_by_the_migration_with_exactly_these_permissions(self):
        group = Group.objects.get(name="Moderation")
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == {
            "comments.view_comment",
            "comments.change_comment",
            "comments.view_report",
            "comments.change_report",
            "comments.add_suspension",
            "comments.change_suspension",
            "comments.view_suspension",
            "comments.add_watchedword",
            "comments.change_watchedword",
            "comments.delete_watchedword",
            "comments.view_watchedword",
            "comments.view_moderationlogentry",
            "comments.view_refuseddraft",
            "comments.change_refuseddraft",
            "blog.view_post",
            "blog.view_thesis",
            "blog.view_author",
        }

    def test_the_live_list_matches_the_migration(self):
        from comments.moderation import moderators

        migration = import_module("comments.migrations.0006_moderation_group_refused_drafts")
        assert moderators.PERMISSIONS == migration.PERMISSIONS

    def test_createmoderator_recreates_a_deleted_group(self):
        Group.objects.filter(name="Moderation").delete()
        moderator = make_moderator()
        group = moderator.groups.get()
        assert group.name == "Moderation"
        assert group.permissions.count() == 17


class TestCreateModerator:
    def test_creates_a_staff_account_in_the_group(self, moderator):
        assert moderator.is_staff and not moderator.is_superuser
        assert moderator.email == "moderation@gegenverkehr.invalid"
        assert list(moderator.groups.values_list("name", flat=True)) == ["Moderation"]
        assert moderator.check_password(PASSWORD)

    def test_refuses_an_existing_name(self, moderator):
        with pytest.raises(CommandError, match="gibt es schon"):
            make_moderator()

    def test_refuses_a_weak_password(self):
        with pytest.raises(CommandError):
            call_command(
                "createmoderator", "neu", "--email", "n@example.invalid", "--password", "123"
            )

    def test_asks_for_the_password_twice(self, monkeypatch):
        from comments.management.commands import createmoderator

        answers = iter(["Lang-und-sicher-2026", "Lang-und-sicher-2026"])
        monkeypatch.setattr(createmoderator.getpass, "getpass", lambda prompt: next(answers))
        monkeypatch.setattr(
            createmoderator.Command, "stdin_is_interactive", staticmethod(lambda: True)
        )
        out = io.StringIO()
        call_command("createmoderator", "gefragt", "--email", "g@example.invalid", stdout=out)
        assert "angelegt" in out.getvalue()

    def test_mismatching_passwords(self, monkeypatch):
        from comments.management.commands import createmoderator

        answers = iter(["Lang-und-sicher-2026", "anders"])
        monkeypatch.setattr(createmoderator.getpass, "getpass", lambda prompt: next(answers))
        monkeypatch.setattr(
            createmoderator.Command, "stdin_is_interactive", staticmethod(lambda: True)
        )
        with pytest.raises(CommandError, match="stimmen nicht überein"):
            call_command("createmoderator", "gefragt", "--email", "g@example.invalid")


class TestAccess:
    def test_anonymous_visitors_are_sent_to_the_login(self, client):
        for path in ("/admin/", "/admin/comments/comment/", "/admin/comments/suspension/"):
            response = client.get(path)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")

    def test_moderator_works_the_queue(self, mod_client):
        CommentFactory()
        assert mod_client.get("/admin/comments/comment/").status_code == 200
        for path in (
            "/admin/comments/report/",
            "/admin/comments/suspension/",
            "/admin/comments/suspension/add/",
            "/admin/comments/watchedword/",
            "/admin/comments/watchedword/add/",
            "/admin/comments/moderationlogentry/",
        ):
            assert mod_client.get(path).status_code == 200, path

    @pytest.mark.parametrize(
        "path",
        [
            "/admin/auth/user/",
            "/admin/auth/user/add/",
            "/admin/auth/group/",
            "/admin/blog/post/add/",
            "/admin/blog/postrating/",
        ],
    )
    def test_moderator_cannot_open_users_groups_or_add_posts(self, mod_client, path):
        assert mod_client.get(path).status_code == 403

    def test_moderator_can_view_but_not_change_posts(self, mod_client, post):
        ThesisFactory(post=post)
        assert mod_client.get("/admin/blog/post/").status_code == 200
        html = mod_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
        assert 'name="title"' not in html  # read-only view
        response = mod_client.post(f"/admin/blog/post/{post.pk}/change/", {"title": "Gekapert"})
        assert response.status_code == 403
        post.refresh_from_db()
        assert post.title != "Gekapert"

    def test_moderator_cannot_delete_comments_or_suspensions(self, mod_client):
        comment = CommentFactory()
        assert mod_client.get(f"/admin/comments/comment/{comment.pk}/delete/").status_code == 403
        html = mod_client.get("/admin/comments/comment/").content.decode()
        assert "delete_selected" not in html

    def test_privacy_actions_are_for_superusers_only(self, mod_client, admin_client):
        CommentFactory()
        assert (
            "erase_personal_data_remove_text"
            not in mod_client.get("/admin/comments/comment/").content.decode()
        )
        assert (
            "erase_personal_data_remove_text"
            in admin_client.get("/admin/comments/comment/").content.decode()
        )

    def test_log_is_read_only_even_for_superusers(self, admin_client):
        entry = ModerationLogEntry.objects.create(
            action="approve", target_type="comments.comment", target_id="1", target_repr="x"
        )
        assert admin_client.get("/admin/comments/moderationlogentry/add/").status_code == 403
        base = f"/admin/comments/moderationlogentry/{entry.pk}"
        assert admin_client.get(f"{base}/delete/").status_code == 403
        html = admin_client.get(f"{base}/change/").content.decode()
        assert 'type="submit" value="Sichern"' not in html and 'name="_save"' not in html
        assert admin_client.post(f"{base}/change/", {"reason": "geändert"}).status_code == 403

    def test_index_shows_the_waiting_comments(self, mod_client):
        CommentFactory(status="pending")
        CommentFactory(status="pending")
        CommentFactory()
        html = mod_client.get("/admin/").content.decode()
        assert "2 Kommentare warten auf Freischaltung" in html
        assert "/admin/comments/comment/?status__exact=pending" in html

    def test_index_singular_and_empty(self, mod_client):
        html = mod_client.get("/admin/").content.decode()
        assert "Keine Kommentare warten auf Freischaltung." in html
        CommentFactory(status="pending")
        assert "1 Kommentar wartet auf Freischaltung" in mod_client.get("/admin/").content.decode()
