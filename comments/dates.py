"""How the discussion writes a moment for readers, e.g. the end of a suspension."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def format_until(moment) -> str:
    """``30. November 2026, 14:00 Uhr`` in the site's time zone."""
    local = timezone.localtime(moment)
    return _("%(date)s, %(time)s Uhr") % {
        "date": formats.date_format(local, "j. F Y"),
        "time": formats.time_format(local, "H:i"),
    }
