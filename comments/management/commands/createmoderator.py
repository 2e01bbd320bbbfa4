"""``manage.py createmoderator USERNAME --email … [--password …]``: a staff account for the
review queue, in the "Moderation" group (least privilege: no users, no groups, posts read-only).
Without ``--password`` the password is asked for twice on the terminal."""

import getpass
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comments.moderation import moderators


class Command(BaseCommand):
    help = "Legt ein Moderationskonto an (Mitarbeiterstatus, Gruppe „Moderation“)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--password",
            help="Passwort; ohne diese Angabe wird es zweimal abgefragt.",
        )

    def handle(self, *args, username, email, password=None, **options):
        User = get_user_model()
        if User._default_manager.filter(**{User.USERNAME_FIELD: username}).exists():
            raise CommandError(f"Das Konto „{username}“ gibt es schon.")
        user = User(**{User.USERNAME_FIELD: username}, email=email, is_staff=True)
        if password is None:
            password = self._ask_password()
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(moderators.ensure_group())
        self.stdout.write(self.style.SUCCESS(f"Moderationskonto „{username}“ angelegt."))

    def _ask_password(self) -> str:
        if not self.stdin_is_interactive():
            raise CommandError("Bitte --password angeben (keine interaktive Eingabe möglich).")
        first = getpass.getpass("Passwort: ")
        second = getpass.getpass("Passwort (wiederholen): ")
        if first != second:
            raise CommandError("Die Passwörter stimmen nicht überein.")
        if not first:
            raise CommandError("Das Passwort darf nicht leer sein.")
        return first

    @staticmethod
    def stdin_is_interactive() -> bool:
        return hasattr(sys.stdin, "isatty") and sys.stdin.isatty()
