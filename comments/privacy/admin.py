"""Admin actions for data subject requests on the comment list (Art. 15 and 17 DSGVO).

Each action works on the e-mail addresses of the selected comments, i.e. on *every* comment,
subscription and queued mail of those addresses. ``CommentAdmin`` (the moderation room's review
queue) offers them to superusers: ``actions = [..., *privacy_admin.ACTIONS]``.

Erasing asks for confirmation first, like Django's own "delete selected".
"""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comments.privacy.personal_data import (
    ERASED_EMAIL,
    erase_personal_data,
    export_personal_data,
)


def addresses_of(queryset) -> list[str]:
    emails = queryset.values_list("author_email", flat=True)
    return sorted({e.strip().lower() for e in emails if e and e.lower() != ERASED_EMAIL})


@admin.action(
    description=gettext_lazy("Personenbezogene Daten exportieren (JSON)"), permissions=["view"]
)
def export_personal_data_action(modeladmin, request, queryset):
    data = {
        "exported_at": timezone.now().isoformat(),
        "addresses": [export_personal_data(email) for email in addresses_of(queryset)],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="personenbezogene-daten-{stamp}.json"'
    return response


def _erase(modeladmin, request, queryset, *, remove_text: bool, action_name: str):
    emails = addresses_of(queryset)
    if not emails:
        modeladmin.message_user(
            request, _("Die gewählten Kommentare enthalten keine E-Mail-Adressen."), messages.INFO
        )
        return None
    if request.POST.get("post") != "yes":
        return TemplateResponse(
            request,
            "comments/admin/erase_personal_data.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Personenbezogene Daten löschen"),
                "opts": modeladmin.model._meta,
                "emails": emails,
                "remove_text": remove_text,
                "queryset": queryset,
                "action_name": action_name,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )
    totals = {"comments": 0, "texts_removed": 0, "subscriptions": 0, "mails": 0}
    for email in emails:
        erased = erase_personal_data(email, remove_text=remove_text, actor=request.user)
        for key, value in erased.items():
            totals[key] += value
    modeladmin.message_user(
        request,
        _(
            "%(addresses)d Adresse(n): %(comments)d Kommentar(e) anonymisiert, "
            "%(texts_removed)d Text(e) entfernt, %(subscriptions)d Benachrichtigung(en) und "
            "%(mails)d E-Mail(s) gelöscht."
        )
        % {"addresses": len(emails), **totals},
        messages.SUCCESS,
    )
    return None


def _erase_action(name: str, description, *, remove_text: bool):
    """One of the two erase actions: they differ in whether the comments' texts go too."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        return _erase(modeladmin, request, queryset, remove_text=remove_text, action_name=name)

    # The admin knows an action by its function's name; the confirmation page posts it back.
    action.__name__ = action.__qualname__ = name
    return action


erase_personal_data_keep_text = _erase_action(
    "erase_personal_data_keep_text",
    gettext_lazy("Personenbezogene Daten löschen (Text behalten)"),
    remove_text=False,
)
erase_personal_data_remove_text = _erase_action(
    "erase_personal_data_remove_text",
    gettext_lazy("Personenbezogene Daten löschen (Text entfernen)"),
    remove_text=True,
)

ACTIONS = [
    export_personal_data_action,
    erase_personal_data_keep_text,
    erase_personal_data_remove_text,
]
