"""schema.org data as a JSON-LD ``<script>`` block."""

import json

from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe


def ld_json(data) -> SafeString:
    """A JSON-LD block; escaped like ``json_script`` so no text can close the script element."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
