"""Fills the publisher's details with a clearly fictitious example, for development only.

`make run` calls it so that Impressum and privacy page look complete locally. It never
overwrites details someone has entered: it fills the record only while it is empty.
"""

from django.core.management.base import BaseCommand

from blog.models import SiteSettings

EXAMPLE = {
    "publisher_name": "Beispielverlag Gegenverkehr GmbH (fiktiv)",
    "represented_by": "Erika Mustermann (Geschäftsführerin, fiktiv)",
    "street": "Musterstraße 1",
    "postal_code": "12345",
    "city": "Musterstadt",
    "country": "Deutschland",
    "email": "impressum@gegenverkehr.example",
    "phone": "+49 000 0000000 (fiktiv)",
    "register_court": "Amtsgericht Musterstadt (fiktiv)",
    "register_number": "HRB 00000",
    "vat_id": "DE000000000 (fiktiv)",
    "editor_name": "Max Mustermann (fiktiv)",
    "hosting_provider": "Beispiel-Hosting AG (fiktiv), Serverweg 2, 12345 Musterstadt",
}


class Command(BaseCommand):
    help = "Fill empty publisher details with a fictitious example (development only)."

    def handle(self, *args, **options):
        record = SiteSettings.load()
        if any(getattr(record, field).strip() for field in EXAMPLE):
            self.stdout.write("Publisher details already entered; nothing changed.")
            return
        record = SiteSettings.objects.get(pk=SiteSettings.SINGLETON_ID)
        for field, value in EXAMPLE.items():
            setattr(record, field, value)
        record.save()
        self.stdout.write("Fictitious example publisher entered (development only).")
