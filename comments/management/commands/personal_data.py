"""``python manage.py personal_data export|erase EMAIL``: data subject requests (Art. 15/17 DSGVO).

manage.py personal_data export leserin@example.org --output auskunft.json
manage.py personal_data erase leserin@example.org [--remove-text]
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from comments.privacy.personal_data import erase_personal_data, export_personal_data


class Command(BaseCommand):
    help = "Exports (JSON) or erases everything the discussion stores about an e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--output", help="export: write the JSON to this file")
        parser.add_argument(
            "--remove-text",
            action="store_true",
            help="erase: also take the comments off the site and replace their text",
        )

    def handle(self, *args, action, email, output=None, remove_text=False, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Not an e-mail address: {email!r}") from exc
        if action == "export":
            data = json.dumps(export_personal_data(email), ensure_ascii=False, indent=2)
            if output:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(data + "\n")
                self.stdout.write(f"Written to {output}.")
            else:
                self.stdout.write(data)
            return
        counts = erase_personal_data(email, remove_text=remove_text)
        self.stdout.write(
            f"{counts['comments']} comment(s) anonymised, {counts['texts_removed']} text(s) "
            f"removed, {counts['subscriptions']} subscription(s) and {counts['mails']} "
            "mail(s) deleted."
        )
