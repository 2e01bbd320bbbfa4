from django.contrib import admin
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from comments.models import Comment


class FlaggedRuleFilter(admin.SimpleListFilter):
    """Filters by one moderation rule inside the comma-joined ``flagged_rules``."""

    title = _("Regel")
    parameter_name = "regel"

    def lookups(self, request, model_admin):
        joined = Comment.objects.exclude(flagged_rules="").values_list("flagged_rules", flat=True)
        codes = sorted({code for value in joined.distinct() for code in value.split(",")})
        return [(code, code) for code in codes]

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


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "author_name", "post", "status", "flagged_rules", "submitted_at"]
    list_filter = ["status", FlaggedRuleFilter, "submitted_at"]
    search_fields = ["body", "author_name", "author_email", "ip_address"]
    list_select_related = ["post"]
    date_hierarchy = "submitted_at"
    raw_id_fields = ["thesis"]
    # The place in the tree is fixed at submission: moving a comment would break its path.
    readonly_fields = [
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
    fields = [
        "thesis",
        "author_name",
        "author_email",
        "author_website",
        "body",
        "status",
        *readonly_fields,
    ]

    @admin.display(description=_("Kommentar"))
    def excerpt(self, comment):
        # Plain text: the admin escapes it like any other value.
        return Truncator(comment.body).chars(80)

    def has_add_permission(self, request):
        # Comments come from readers; their place in the tree is assigned on submission.
        return False
