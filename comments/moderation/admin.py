"""The moderators' review queue: held and reported comments first, decisions in bulk.

Every status change goes through :func:`comments.moderation.decisions.decide` (``set_status``
plus one audit entry per comment). Suspensions, watched words and the audit log live in
:mod:`comments.moderation.admin_records`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.models import Comment, Report, Suspension
from comments.moderation import audit, decisions, policy, sanctions, spam
from comments.privacy import admin as privacy_admin

Status = Comment.Status

EXTRA_FLAGS = [(spam.FIRST_COMMENT_RULE, _("Erster Kommentar (Gast)"))]


def rule_label(code: str) -> str:
    rule = policy.rule_for(code)
    if rule is not None and rule.label:
        return rule.label
    return str(dict(EXTRA_FLAGS).get(code, code))


# Filters --------------------------------------------------------------------------------


class FlaggedRuleFilter(admin.SimpleListFilter):
    """Filters by one moderation rule inside the comma-joined ``flagged_rules``."""

    title = _("Regel")
    parameter_name = "regel"

    def lookups(self, request, model_admin):
        return [*policy.rule_choices(), *EXTRA_FLAGS]

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        return queryset.filter(
            Q(flagged_rules=code)
            | Q(flagged_rules__startswith=f"{code},")
            | Q(flagged_rules__endswith=f",{code}")
            | Q(flagged_rules__contains=f",{code},")
        )


class ReportedFilter(admin.SimpleListFilter):
    title = _("Gemeldet")
    parameter_name = "gemeldet"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nein", _("Nein"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(report_count__gt=0)
        if self.value() == "nein":
            return queryset.filter(report_count=0)
        return queryset


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


# Inline and admin -----------------------------------------------------------------------


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["reason", "text", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
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
        # Data subject requests (DSGVO export/erasure): offered to superusers only, see below.
        *privacy_admin.ACTIONS,
    ]
    # The place in the tree is fixed at submission: moving a comment would break its path.
    readonly_fields = [
        "rendered_body",
        "context",
        "findings",
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
    ]
    fieldsets = [
        (None, {"fields": ["status", "rendered_body", "context", "findings"]}),
        (_("Autorin oder Autor"), {"fields": ["author_name", "author_email", "author_website"]}),
        (_("Text bearbeiten"), {"fields": ["body", "thesis"], "classes": ["collapse"]}),
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
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        reports = (
            Report.objects.filter(comment=OuterRef("pk"))
            .order_by()
            .values("comment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        # Not super(): it orders before the annotations the ordering needs exist.
        queryset = (
            self.model._default_manager.get_queryset()
            .annotate(report_count=Coalesce(Subquery(reports, output_field=IntegerField()), 0))
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
        if not request.user.is_superuser:
            # Exporting or erasing everything an address wrote is not a moderation decision.
            for action in privacy_admin.ACTIONS:
                actions.pop(action.__name__, None)
        return actions

    def has_add_permission(self, request):
        # Comments come from readers; their place in the tree is assigned on submission.
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
                    comment.get_absolute_url() if comment.is_published else post.get_absolute_url(),
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

    def save_model(self, request, obj, form, change):
        new_status = obj.status
        status_changed = change and "status" in form.changed_data
        if status_changed:
            obj.status = form.initial["status"]  # the status changes through decide() below
        super().save_model(request, obj, form, change)
        if status_changed:
            decisions.decide([obj.pk], new_status, request.user)
            obj.status = new_status
        edited = [name for name in form.changed_data if name != "status"]
        if change and edited:
            audit.log(request.user, audit.Action.EDIT, obj, details={"fields": edited})

    # Bulk actions ---------------------------------------------------------------------

    def _decide(self, request, queryset, status, singular, plural, *, with_replies=False):
        ids = list(queryset.values_list("pk", flat=True))
        changed = decisions.decide(ids, status, request.user, with_replies=with_replies)
        count = len(changed)
        self.message_user(
            request,
            ngettext(singular, plural, count) % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )

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

    @admin.action(description=_("Entfernen"), permissions=["change"])
    def remove(self, request, queryset):
        self._decide(
            request,
            queryset,
            Status.REMOVED,
            "%(count)d Kommentar entfernt.",
            "%(count)d Kommentare entfernt.",
        )

    def has_suspend_permission(self, request):
        return request.user.has_perm("comments.add_suspension")

    @admin.action(description=_("Verfasser/in sperren …"), permissions=["suspend"])
    def suspend_authors(self, request, queryset):
        comments = list(queryset.select_related("user"))
        form = SuspendAuthorsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._suspend(request, comments, form.cleaned_data)
            return None  # back to the change list
        context = {
            **self.admin_site.each_context(request),
            "title": _("Verfasserinnen und Verfasser sperren"),
            "opts": self.model._meta,
            "form": form,
            "comments": comments,
            "authors": list(_authors(comments).values()),
            "action_name": "suspend_authors",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/comments/comment/suspend_authors.html", context)

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


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["comment_excerpt", "reason", "text", "created_at"]
    list_filter = ["reason", "created_at"]
    list_select_related = ["comment"]
    search_fields = ["text", "comment__body"]
    fields = ["comment_link", "reason", "text", "created_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

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
