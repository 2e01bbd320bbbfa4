"""The moderators' review queue: held and reported comments first, decisions in bulk.

Every status change and every edit goes through :mod:`comments.moderation.decisions` (counts,
audit entry, resolved reports, reply mails; the page cache after the commit). Removing asks for
the guideline clause (and an optional note) and says how many published replies stay on the
page under a placeholder. Reader reports, the refused drafts and the audit log's neighbours
(suspensions, watched words) live here and in :mod:`comments.moderation.admin_records`.

``comments/admin.py`` registers :class:`CommentAdmin` with the privacy room's data-subject
actions; this room does not import that room.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.conf import comments_settings
from comments.models import Comment, RefusedDraft, Report, Suspension
from comments.moderation import (
    audit,
    clauses,
    decisions,
    policy,
    precision,
    refusals,
    reports,
    sanctions,
    spam,
)

Status = Comment.Status

EXTRA_FLAGS = [(spam.FIRST_COMMENT_RULE, _("Erster Kommentar (Gast)"))]


def rule_label(code: str) -> str:
    rule = policy.rule_for(code)
    if rule is not None and rule.label:
        return rule.label
    return str(dict(EXTRA_FLAGS).get(code, code))


def rule_precision_rows(now=None) -> list[dict]:
    """Every rule (and any other code the decisions name) with its figures, the ones
    moderators overturn often first, then the least precise, then those without decisions."""
    figures = precision.per_rule(now=now)
    known = [code for code, _label in FlaggedRuleFilter.choices_of_rules()]
    codes = dict.fromkeys([*known, *figures])
    rows = []
    for code in codes:
        row = figures.get(code) or precision.RulePrecision(code)
        rows.append({"code": code, "label": rule_label(code), "figures": row})

    def order(row):
        figures = row["figures"]
        value = figures.precision
        return (
            not figures.often_overturned,
            value is None and not figures.wrongly_refused,
            1.0 if value is None else value,
            -figures.decided,
            str(row["label"]),
        )

    return sorted(rows, key=order)


# Filters --------------------------------------------------------------------------------


class FlaggedRuleFilter(admin.SimpleListFilter):
    """Filters by one moderation rule inside a comma-joined list of rule codes."""

    title = _("Regel")
    parameter_name = "regel"
    field_name = "flagged_rules"

    @staticmethod
    def choices_of_rules():
        return [*policy.rule_choices(), *EXTRA_FLAGS]

    def lookups(self, request, model_admin):
        return self.choices_of_rules()

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        name = self.field_name
        return queryset.filter(
            Q(**{name: code})
            | Q(**{f"{name}__startswith": f"{code},"})
            | Q(**{f"{name}__endswith": f",{code}"})
            | Q(**{f"{name}__contains": f",{code},"})
        )


class YesNoFilter(admin.SimpleListFilter):
    """„Ja“ / „Nein“: rows matching ``yes`` or not."""

    yes: Q

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nein", _("Nein"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(self.yes)
        if self.value() == "nein":
            return queryset.exclude(self.yes)
        return queryset


class ReportedFilter(YesNoFilter):
    """Comments with open reports (resolved and dismissed ones no longer count)."""

    title = _("Gemeldet")
    parameter_name = "gemeldet"
    yes = Q(report_count__gt=0)


# The suspension step of the bulk action -------------------------------------------------


class SuspendAuthorsForm(forms.Form):
    duration = forms.ChoiceField(
        label=_("Dauer"),
        choices=Suspension.Duration.choices,
        initial=Suspension.Duration.DAY,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Grund"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Wird der gesperrten Person im Kommentarformular angezeigt."),
    )
    include_ip = forms.BooleanField(
        label=_("Auch die IP-Adresse sperren"),
        required=False,
        help_text=_(
            "Trifft alle, die denselben Anschluss nutzen – in Firmennetzen womöglich viele."
        ),
    )


def _authors(comments) -> dict:
    """One entry per author: account if any, else e-mail address; the newest comment's IP."""
    authors = {}
    for comment in sorted(comments, key=lambda c: c.submitted_at, reverse=True):
        if comment.user_id:
            key = ("user", comment.user_id)
        else:
            key = ("email", comment.author_email.strip().lower())
        if key[1] and key not in authors:
            authors[key] = comment
    return authors


# The removal step of the bulk action, and the change form --------------------------------


def note_field(rows: int) -> forms.CharField:
    return forms.CharField(
        label=_("Notiz für die Moderation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": rows, "cols": 60}),
        help_text=_("Nur im Moderationsprotokoll zu sehen."),
    )


def check_reason(form, clause_field: str, note_field: str) -> None:
    """A removal names a clause; „Anderer Grund“ needs the note to say which."""
    clause = form.cleaned_data.get(clause_field)
    if not clause:
        form.add_error(clause_field, _("Bitte gib an, gegen welche Regel der Kommentar verstößt."))
    elif clause == clauses.OTHER and not form.cleaned_data.get(note_field, "").strip():
        form.add_error(note_field, _("Bitte nenne den Grund in der Notiz."))


class RemovalForm(forms.Form):
    """Why comments are taken down: a guideline clause (shown on the placeholder), a note."""

    clause = forms.ChoiceField(
        label=_("Verstoß gegen"),
        choices=clauses.removal_choices,
        widget=forms.RadioSelect,
        help_text=_("Steht im Platzhalter, der an der Stelle des Kommentars bleibt."),
    )
    note = note_field(rows=3)

    def clean(self):
        cleaned = super().clean()
        if "clause" not in self.errors:
            check_reason(self, "clause", "note")
        return cleaned


class CommentChangeForm(forms.ModelForm):
    """The comment change form, with the reason a status change to "removed" asks for."""

    reason_clause = forms.ChoiceField(
        label=_("Verstoß gegen"),
        required=False,
        choices=lambda: [("", "–"), *clauses.removal_choices()],
        help_text=_("Beim Entfernen anzugeben; steht im Platzhalter des Kommentars."),
    )
    reason_note = note_field(rows=2)

    class Meta:
        model = Comment
        # The admin adds the other fields of its fieldsets (with its own form field options).
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None:
            # "Deleted" is the author's own act (or their erasure request), never a moderator's.
            status.choices = [c for c in status.choices if c[0] != Status.DELETED]

    def clean(self):
        cleaned = super().clean()
        if "status" in self.changed_data and cleaned.get("status") == Status.REMOVED:
            check_reason(self, "reason_clause", "reason_note")
        return cleaned


# What a moderator may edit on the change form besides the status.
EDITABLE_FIELDS = ("author_name", "author_email", "author_website", "body", "thesis")


def replies_message(count: int) -> str:
    return ngettext(
        "%(count)d veröffentlichte Antwort bleibt sichtbar, darüber steht ein Platzhalter.",
        "%(count)d veröffentlichte Antworten bleiben sichtbar, darüber steht ein Platzhalter.",
        count,
    ) % {"count": count}


def reports_message(count: int) -> str:
    return ngettext(
        "%(count)d Meldung ist damit erledigt.", "%(count)d Meldungen sind damit erledigt.", count
    ) % {"count": count}


# Inline and admin -----------------------------------------------------------------------


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["reason", "text", "created_at", "status", "closed_by", "closed_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class CommentAdmin(admin.ModelAdmin):
    """The review queue; ``comments/admin.py`` registers it (with the privacy actions)."""

    form = CommentChangeForm
    list_display = [
        "excerpt",
        "author",
        "post_link",
        "status",
        "fired_rules",
        "report_count",
        "submitted_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = [
        "status",
        FlaggedRuleFilter,
        ReportedFilter,
        ("post", admin.RelatedOnlyFieldListFilter),
        ("thesis", admin.RelatedOnlyFieldListFilter),
        "submitted_at",
    ]
    search_fields = ["body", "author_name", "author_email", "ip_address"]
    list_select_related = ["post", "user"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 50
    date_hierarchy = "submitted_at"
    raw_id_fields = ["thesis"]
    inlines = [ReportInline]
    actions = [
        "approve",
        "approve_with_replies",
        "reject",
        "mark_spam",
        "remove",
        "suspend_authors",
    ]
    # Offered to superusers only (data subject requests are not moderation decisions).
    superuser_actions = ()
    # The place in the tree is fixed at submission: moving a comment would break its path.
    readonly_fields = [
        "rendered_body",
        "context",
        "findings",
        "replies",
        "edits",
        "post",
        "parent",
        "user",
        "path",
        "depth",
        "submitted_at",
        "ip_address",
        "user_agent",
        "moderation",
        "flagged_rules",
        "stored_clause",
        "moderator_edited_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "status",
                    "reason_clause",
                    "reason_note",
                    "rendered_body",
                    "context",
                    "replies",
                    "findings",
                ]
            },
        ),
        (_("Autorin oder Autor"), {"fields": ["author_name", "author_email", "author_website"]}),
        (
            _("Text bearbeiten"),
            {"fields": ["body", "thesis", "edits"], "classes": ["collapse"]},
        ),
        (
            _("Technische Angaben"),
            {
                "fields": [
                    "post",
                    "parent",
                    "user",
                    "ip_address",
                    "user_agent",
                    "submitted_at",
                    "path",
                    "depth",
                    "flagged_rules",
                    "moderation",
                    "stored_clause",
                    "moderator_edited_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_urls(self):
        rules = path(
            "regeln/",
            self.admin_site.admin_view(self.rule_precision_view),
            name="comments_comment_rule_precision",
        )
        return [rules, *super().get_urls()]

    def rule_precision_view(self, request):
        """Per rule: how many of its holds moderators approved or confirmed, recently."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Regeln: Entscheidungen der Moderation"),
            "days": comments_settings.COMMENTS_RULE_PRECISION_DAYS,
            "warning_percent": round(100 * comments_settings.COMMENTS_RULE_PRECISION_WARNING),
            "minimum": comments_settings.COMMENTS_RULE_PRECISION_MIN_DECISIONS,
            "rows": rule_precision_rows(),
        }
        return TemplateResponse(request, "admin/comments/comment/rule_precision.html", context)

    def get_queryset(self, request):
        open_reports = (
            Report.objects.open()
            .filter(comment=OuterRef("pk"))
            .order_by()
            .values("comment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        # Not super(): it orders before the annotations the ordering needs exist.
        queryset = (
            self.model._default_manager.get_queryset()
            .annotate(report_count=Coalesce(Subquery(open_reports, output_field=IntegerField()), 0))
            .annotate(
                # The queue: held comments, then reported ones still online, then the rest.
                queue_rank=Case(
                    When(status=Status.PENDING, then=Value(0)),
                    When(report_count__gt=0, status=Status.PUBLISHED, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
        )
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["queue_rank", "-report_count", "-submitted_at"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Moderators remove comments (kept for the record); deleting would also drop replies.
        actions.pop("delete_selected", None)
        if request.user.is_superuser:
            for action in self.superuser_actions:
                actions[action.__name__] = self.get_action(action)
        return actions

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Status.DELETED:
            # Its author deleted it (or had it erased): final, and nothing left to edit.
            fields += ["status", "author_name", "author_email", "author_website", "body", "thesis"]
        return fields

    def has_add_permission(self, request):
        # Comments come from readers; their place in the tree is assigned on submission.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a row would take its replies with it: moderators remove instead, and the
        # privacy actions erase; both keep the thread intact.
        return False

    # List columns ---------------------------------------------------------------------

    @admin.display(description=_("Kommentar"))
    def excerpt(self, comment):
        # Plain text: the admin escapes it like any other value.
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("Von"), ordering="author_name")
    def author(self, comment):
        return format_html(
            "{}<br><small>{}</small>", comment.display_name, comment.author_email or "–"
        )

    @admin.display(description=_("Beitrag"), ordering="post__title")
    def post_link(self, comment):
        title = Truncator(comment.post.title).chars(50)
        if comment.post.published_at is None:
            return title
        return format_html('<a href="{}">{}</a>', comment.post.get_absolute_url(), title)

    @admin.display(description=_("Angeschlagen"))
    def fired_rules(self, comment):
        record = comment.moderation or {}
        rows = [
            (rule_label(f.get("rule", "")), Truncator(f.get("excerpt", "")).chars(60))
            for f in record.get("findings", [])[:5]
        ]
        parts = [format_html_join(mark_safe("<br>"), "{}: „{}“", rows)] if rows else []
        if "reports" in record:
            parts.append(
                format_html(
                    "{}",
                    ngettext(
                        "nach %(count)d Meldung ausgeblendet",
                        "nach %(count)d Meldungen ausgeblendet",
                        record["reports"].get("count", 0),
                    )
                    % {"count": record["reports"].get("count", 0)},
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts)) or "–"

    @admin.display(description=_("Meldungen"), ordering="report_count")
    def report_count(self, comment):
        return comment.report_count

    # Change view ----------------------------------------------------------------------

    @admin.display(description=_("So erscheint der Kommentar"))
    def rendered_body(self, comment):
        # body_html is the bleach-sanitised rendering the post page shows; never the raw body.
        safe_html = mark_safe(comment.body_html)  # noqa: S308
        return format_html('<div class="comment-body">{}</div>', safe_html)

    @admin.display(description=_("Zusammenhang"))
    def context(self, comment):
        post = comment.post
        lines = []
        if post.published_at is not None:
            lines.append(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Beitrag:"),
                    comment.get_absolute_url()
                    if comment.is_published or self._replies(comment)
                    else post.get_absolute_url(),
                    post.title,
                )
            )
        else:
            lines.append(format_html("{} {}", _("Beitrag:"), post.title))
        if comment.thesis_id:
            lines.append(format_html("{} {}", _("These:"), str(comment.thesis)))
        if comment.parent_id:
            parent = comment.parent
            lines.append(
                format_html(
                    '{} <a href="{}">{}: {}</a> ({})',
                    _("Antwort auf:"),
                    reverse("admin:comments_comment_change", args=[parent.pk]),
                    parent.display_name,
                    Truncator(parent.body).chars(120),
                    parent.get_status_display(),
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description=_("Moderation"))
    def findings(self, comment):
        return self.fired_rules(comment)

    def _replies(self, comment) -> int:
        if comment.pk is None:
            return 0
        if not hasattr(comment, "_published_replies"):
            comment._published_replies = decisions.published_replies([comment])
        return comment._published_replies

    @admin.display(description=_("Antworten"))
    def replies(self, comment):
        count = self._replies(comment)
        if not count:
            return _("Keine veröffentlichten Antworten.")
        text = ngettext(
            "%(count)d veröffentlichte Antwort.", "%(count)d veröffentlichte Antworten.", count
        ) % {"count": count}
        if comment.is_published:
            return format_html(
                "{} {}",
                text,
                _("Wird der Kommentar entfernt, bleiben sie unter einem Platzhalter."),
            )
        return format_html("{} {}", text, _("Sie stehen unter einem Platzhalter."))

    @admin.display(description=_("Verstoß gegen"))
    def stored_clause(self, comment):
        return clauses.clause_label(comment.removal_clause) or comment.removal_clause or "–"

    @admin.display(description=_("Bearbeitungen durch die Moderation"))
    def edits(self, comment):
        if comment.pk is None:
            return "–"
        revisions = comment.revisions.select_related("edited_by")
        rows = [
            (
                timezone.localtime(revision.edited_at).strftime("%d.%m.%Y %H:%M"),
                revision.edited_by.get_username() if revision.edited_by else "–",
                field,
                change["before"],
            )
            for revision in revisions
            for field, change in revision.changes.items()
        ]
        if not rows:
            return "–"
        return format_html_join(mark_safe("<br>"), "{} ({}), {} vorher: „{}“", rows)

    def save_model(self, request, obj, form, change):
        if not change:
            return  # comments are never added here (has_add_permission)
        new_status = obj.status
        status_changed = "status" in form.changed_data
        obj.status = form.initial["status"]  # the status changes through the service below
        edited = [name for name in form.changed_data if name in EDITABLE_FIELDS]
        if edited:
            decisions.edit(
                obj, original={n: form.initial.get(n) for n in edited}, actor=request.user
            )
        if status_changed:
            data = form.cleaned_data
            outcome = decisions.change_status(
                [obj],
                new_status,
                actor=request.user,
                clause=data.get("reason_clause", ""),
                note=data.get("reason_note", ""),
            )
            obj.status = new_status
            if outcome.replies_shown:
                self.message_user(request, replies_message(outcome.replies_shown), messages.INFO)
            if outcome.reports_resolved:
                self.message_user(request, reports_message(outcome.reports_resolved), messages.INFO)

    # Bulk actions ---------------------------------------------------------------------

    def _decide(self, request, queryset, status, singular, plural, **options):
        ids = list(queryset.values_list("pk", flat=True))
        outcome = decisions.change_status(ids, status, actor=request.user, **options)
        count = len(outcome)
        self.message_user(
            request,
            ngettext(singular, plural, count) % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )
        if outcome.replies_shown:
            self.message_user(request, replies_message(outcome.replies_shown), messages.INFO)
        if outcome.reports_resolved:
            self.message_user(request, reports_message(outcome.reports_resolved), messages.INFO)

    @admin.action(description=_("Freischalten"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            Status.PUBLISHED,
            "%(count)d Kommentar freigeschaltet.",
            "%(count)d Kommentare freigeschaltet.",
        )

    @admin.action(
        description=_("Freischalten inkl. zurückgehaltener Antworten"), permissions=["change"]
    )
    def approve_with_replies(self, request, queryset):
        self._decide(
            request,
            queryset,
            Status.PUBLISHED,
            "%(count)d Kommentar freigeschaltet (mit Antworten).",
            "%(count)d Kommentare freigeschaltet (mit Antworten).",
            with_replies=True,
        )

    @admin.action(description=_("Ablehnen"), permissions=["change"])
    def reject(self, request, queryset):
        self._decide(
            request,
            queryset,
            Status.REJECTED,
            "%(count)d Kommentar abgelehnt.",
            "%(count)d Kommentare abgelehnt.",
        )

    @admin.action(description=_("Als Spam markieren"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._decide(
            request,
            queryset,
            Status.SPAM,
            "%(count)d Kommentar als Spam markiert.",
            "%(count)d Kommentare als Spam markiert.",
        )

    @admin.action(description=_("Entfernen …"), permissions=["change"])
    def remove(self, request, queryset):
        """Asks for the clause (and a note) and shows what stays, then removes."""
        comments = list(
            queryset.exclude(status__in=[Status.REMOVED, Status.DELETED]).select_related(
                "post", "user"
            )
        )
        form = RemovalForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._decide(
                request,
                Comment.objects.filter(pk__in=[c.pk for c in comments]),
                Status.REMOVED,
                "%(count)d Kommentar entfernt.",
                "%(count)d Kommentare entfernt.",
                clause=form.cleaned_data["clause"],
                note=form.cleaned_data["note"],
            )
            return None  # back to the change list
        if not comments:
            self.message_user(request, _("Die gewählten Kommentare sind schon entfernt."))
            return None
        replies = decisions.replies_below(comments)
        return self._action_page(
            request,
            "remove",
            form,
            comments,
            title=_("Kommentare entfernen"),
            submit_label=_("Entfernen"),
            choice_field="clause",
            comments=[(comment, replies[comment.pk]) for comment in comments],
            replies_shown=sum(replies.values()),
        )

    def _action_page(self, request, action_name, form, selected, **context):
        """The intermediate page of a bulk action that asks for more (a reason, a duration)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "selected": [comment.pk for comment in selected],
            "action_name": action_name,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
            **context,
        }
        template = f"admin/comments/comment/{action_name}.html"
        return TemplateResponse(request, template, context)

    def has_suspend_permission(self, request):
        return request.user.has_perm("comments.add_suspension")

    @admin.action(description=_("Verfasser/in sperren …"), permissions=["suspend"])
    def suspend_authors(self, request, queryset):
        comments = list(queryset.select_related("user"))
        form = SuspendAuthorsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._suspend(request, comments, form.cleaned_data)
            return None  # back to the change list
        return self._action_page(
            request,
            "suspend_authors",
            form,
            comments,
            title=_("Verfasserinnen und Verfasser sperren"),
            submit_label=_("Sperren"),
            choice_field="duration",
            authors=list(_authors(comments).values()),
        )

    def _suspend(self, request, comments, data):
        created = []
        for comment in _authors(comments).values():
            suspension = sanctions.suspend(
                actor=request.user,
                duration=data["duration"],
                reason=data["reason"],
                user=comment.user,
                email=comment.author_email,
                ip=comment.ip_address if data["include_ip"] else None,
            )
            audit.log(
                request.user,
                audit.Action.SUSPEND,
                suspension,
                reason=data["reason"],
                details={
                    "duration": data["duration"],
                    "comments": sorted(c.pk for c in comments if _same_author(c, comment)),
                },
            )
            created.append(suspension)
        count = len(created)
        self.message_user(
            request,
            ngettext("%(count)d Sperre eingerichtet.", "%(count)d Sperren eingerichtet.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )


def _same_author(a: Comment, b: Comment) -> bool:
    if a.user_id or b.user_id:
        return a.user_id == b.user_id
    return a.author_email.lower() == b.author_email.lower()


class ReportStateFilter(admin.SimpleListFilter):
    """Open reports by default: resolved and dismissed ones leave the working list."""

    title = _("Zustand")
    parameter_name = "zustand"

    def lookups(self, request, model_admin):
        return [
            (None, _("Offen")),
            ("erledigt", Report.Status.RESOLVED.label),
            ("verworfen", Report.Status.DISMISSED.label),
            ("alle", _("Alle")),
        ]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value} if value else {}, [self.parameter_name]
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        states = {
            None: Report.Status.OPEN,
            "erledigt": Report.Status.RESOLVED,
            "verworfen": Report.Status.DISMISSED,
        }
        value = self.value()
        if value == "alle":
            return queryset
        return queryset.filter(status=states.get(value, Report.Status.OPEN))


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "comment_excerpt",
        "reason",
        "text",
        "created_at",
        "status",
        "closed_by",
        "closed_at",
    ]
    list_filter = [ReportStateFilter, "reason", "created_at"]
    list_select_related = ["comment", "closed_by"]
    search_fields = ["text", "comment__body"]
    fields = ["comment_link", "reason", "text", "created_at", "status", "closed_by", "closed_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"
    actions = ["dismiss"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # dismissed, never deleted: the record of what readers reported stays

    @admin.display(description=_("Kommentar"))
    def comment_excerpt(self, report):
        return Truncator(report.comment.body).chars(80)

    @admin.display(description=_("Kommentar"))
    def comment_link(self, report):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:comments_comment_change", args=[report.comment_id]),
            Truncator(report.comment.body).chars(120),
        )

    @admin.action(description=_("Meldungen verwerfen (unbegründet)"), permissions=["change"])
    def dismiss(self, request, queryset):
        closed = reports.dismiss(queryset, request.user)
        count = len(closed)
        self.message_user(
            request,
            ngettext("%(count)d Meldung verworfen.", "%(count)d Meldungen verworfen.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )
        hidden = sorted({r.comment_id for r in closed if r.comment.status == Status.PENDING})
        if hidden:
            self.message_user(
                request,
                _(
                    "Noch ausgeblendet: Kommentar %(ids)s. Schalte ihn in der Kommentarliste "
                    "frei, wenn er online gehört."
                )
                % {"ids": ", ".join(f"#{pk}" for pk in hidden)},
                messages.WARNING,
            )


# Refused drafts ---------------------------------------------------------------------------


class RefusedRuleFilter(FlaggedRuleFilter):
    field_name = "rules"

    def lookups(self, request, model_admin):
        return policy.rule_choices()


class WronglyRefusedFilter(YesNoFilter):
    title = _("Zu Unrecht abgewiesen")
    parameter_name = "zu_unrecht"
    yes = Q(wrongly_refused_at__isnull=False)


@admin.register(RefusedDraft)
class RefusedDraftAdmin(admin.ModelAdmin):
    """What the form refused in the last days (read-only), to find the rules' false positives."""

    list_display = [
        "refused_at",
        "excerpt",
        "what_fired",
        "post_title",
        "wrongly_refused",
    ]
    list_display_links = ["excerpt"]
    list_filter = [WronglyRefusedFilter, RefusedRuleFilter, "refused_at"]
    list_select_related = ["post"]
    search_fields = ["body"]
    date_hierarchy = "refused_at"
    fields = [
        "refused_at",
        "body",
        "what_fired",
        "post",
        "parent",
        "thesis",
        "wrongly_refused_at",
        "wrongly_refused_by",
    ]
    readonly_fields = fields
    actions = ["mark_wrongly_refused"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # read-only: the one change is the action below

    def has_delete_permission(self, request, obj=None):
        return False  # purged after COMMENTS_REFUSED_DRAFT_DAYS

    def has_mark_permission(self, request):
        return request.user.has_perm("comments.change_refuseddraft")

    @admin.display(description=_("Text"))
    def excerpt(self, draft):
        return Truncator(draft.body).chars(100)

    @admin.display(description=_("Angeschlagen"))
    def what_fired(self, draft):
        rows = [
            (rule_label(f.get("rule", "")), Truncator(f.get("excerpt", "")).chars(60))
            for f in draft.findings[:5]
        ]
        return format_html_join(mark_safe("<br>"), "{}: „{}“", rows) or "–"

    @admin.display(description=_("Beitrag"), ordering="post__title")
    def post_title(self, draft):
        return Truncator(draft.post.title).chars(50)

    @admin.display(description=_("Zu Unrecht abgewiesen"), boolean=True)
    def wrongly_refused(self, draft):
        return draft.is_wrongly_refused

    @admin.action(description=_("Als „zu Unrecht abgewiesen“ markieren"), permissions=["mark"])
    def mark_wrongly_refused(self, request, queryset):
        marked = refusals.mark_wrongly_refused(queryset, request.user)
        count = len(marked)
        self.message_user(
            request,
            ngettext(
                "%(count)d Kommentar als zu Unrecht abgewiesen markiert.",
                "%(count)d Kommentare als zu Unrecht abgewiesen markiert.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )
