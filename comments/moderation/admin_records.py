"""Admin for suspensions, watched words and the (read-only) moderation audit log.

Imported by :mod:`comments.admin` with the review queue. Every change made here writes an
audit entry.
"""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.models import ModerationLogEntry, Suspension, WatchedWord
from comments.moderation import audit, sanctions

# Suspensions ------------------------------------------------------------------------------


class SuspensionStateFilter(admin.SimpleListFilter):
    title = _("Zustand")
    parameter_name = "zustand"

    def lookups(self, request, model_admin):
        return [("aktiv", _("Aktiv")), ("abgelaufen", _("Abgelaufen oder aufgehoben"))]

    def queryset(self, request, queryset):
        if self.value() == "aktiv":
            return queryset.active()
        if self.value() == "abgelaufen":
            return queryset.expired()
        return queryset


class SuspensionForm(forms.ModelForm):
    duration = forms.ChoiceField(
        label=_("Dauer"),
        required=False,
        choices=[("", _("Ende selbst angeben (unten)")), *Suspension.Duration.choices],
        help_text=_("Ab jetzt gerechnet; ersetzt das Ende unten."),
    )

    class Meta:
        model = Suspension
        fields = ["user", "email", "ip_address", "duration", "until", "reason"]

    def clean(self):
        cleaned = super().clean()
        duration = cleaned.get("duration")
        if duration:
            cleaned["until"] = sanctions.until_for(duration)
            self.instance.until = cleaned["until"]
        return cleaned


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    form = SuspensionForm
    list_display = ["target", "reason_excerpt", "expiry", "created_by", "created_at"]
    list_filter = [SuspensionStateFilter, "created_at"]
    list_select_related = ["user", "created_by"]
    search_fields = ["email", "ip_address", "user__username", "user__email", "reason"]
    raw_id_fields = ["user"]
    readonly_fields = ["expiry", "created_by", "created_at", "lifted_at"]
    actions = ["lift"]
    date_hierarchy = "created_at"

    def get_fields(self, request, obj=None):
        fields = ["user", "email", "ip_address", "duration", "until", "reason"]
        if obj is None:
            return fields
        return [*fields, "expiry", "created_by", "created_at", "lifted_at"]

    @admin.display(description=_("Gesperrt"))
    def target(self, suspension):
        return suspension.target_label

    @admin.display(description=_("Grund"))
    def reason_excerpt(self, suspension):
        return Truncator(suspension.reason).chars(60)

    @admin.display(description=_("Ablauf"), ordering="until")
    def expiry(self, suspension):
        return suspension.expiry_label

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        details = {"fields": list(form.changed_data)}
        if obj.until is not None:
            details["until"] = obj.until.isoformat()
        action = audit.Action.SUSPENSION_CHANGE if change else audit.Action.SUSPEND
        audit.log(request.user, action, obj, reason=obj.reason, details=details)

    @admin.action(description=_("Sperre aufheben"), permissions=["change"])
    def lift(self, request, queryset):
        now = timezone.now()
        lifted = list(queryset.active(now))
        Suspension.objects.filter(pk__in=[s.pk for s in lifted]).update(lifted_at=now)
        for suspension in lifted:
            suspension.lifted_at = now
        audit.log_many(request.user, audit.Action.LIFT, lifted)
        count = len(lifted)
        self.message_user(
            request,
            ngettext("%(count)d Sperre aufgehoben.", "%(count)d Sperren aufgehoben.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )


# Watched words ----------------------------------------------------------------------------


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "action", "note", "created_by", "created_at"]
    list_filter = ["action"]
    list_select_related = ["created_by"]
    search_fields = ["word", "note"]
    fields = ["word", "action", "note"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        action = audit.Action.WATCH_CHANGE if change else audit.Action.WATCH_ADD
        audit.log(
            request.user,
            action,
            obj,
            details={"word": obj.word, "action": obj.action, "fields": list(form.changed_data)},
        )

    def delete_model(self, request, obj):
        audit.log(request.user, audit.Action.WATCH_DELETE, obj, details=_word_details(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        words = list(queryset)
        audit.log_many(request.user, audit.Action.WATCH_DELETE, words)
        super().delete_queryset(request, queryset)


def _word_details(word: WatchedWord) -> dict:
    return {"word": word.word, "action": word.action}


# The audit log ----------------------------------------------------------------------------


def type_label(target_type: str) -> str:
    """``comments.comment`` as moderators say it: „Kommentar“."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return target_type
    return str(model._meta.verbose_name)


class TargetTypeFilter(admin.SimpleListFilter):
    title = _("Art")
    parameter_name = "art"

    def lookups(self, request, model_admin):
        types = (
            ModerationLogEntry.objects.order_by().values_list("target_type", flat=True).distinct()
        )
        return sorted(((t, type_label(t)) for t in types), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(target_type=self.value())
        return queryset


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "action", "target_link", "reason_excerpt"]
    list_filter = ["action", TargetTypeFilter, "created_at"]
    list_select_related = ["actor"]
    search_fields = ["target_repr", "target_id", "reason", "actor__username"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "actor_name",
        "action",
        "target_kind",
        "target_link",
        "reason",
        "details",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Wer"), ordering="actor__username")
    def actor_name(self, entry):
        if entry.actor is None:
            return _("automatisch")
        return entry.actor.get_full_name() or entry.actor.get_username()

    @admin.display(description=_("Art"))
    def target_kind(self, entry):
        return type_label(entry.target_type)

    @admin.display(description=_("Betroffen"))
    def target_link(self, entry):
        app_label, _dot, model = entry.target_type.partition(".")
        try:
            url = reverse(f"admin:{app_label}_{model}_change", args=[entry.target_id])
        except NoReverseMatch:
            return entry.target_repr
        return format_html('<a href="{}">{}</a>', url, entry.target_repr)

    @admin.display(description=_("Grund"))
    def reason_excerpt(self, entry):
        return Truncator(entry.reason).chars(60)
