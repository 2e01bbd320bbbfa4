from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit import admin as taggit_admin
from taggit.models import Tag

from blog.models import (
    Author,
    Post,
    PostImage,
    PostRating,
    PostViewCount,
    SiteSettings,
    Thesis,
    ThesisVote,
)

# Far above any real thesis number, below the field's maximum (32767).
_RENUMBER_OFFSET = 10000


class ThesisInlineForm(forms.ModelForm):
    """The number is a plain form field: the formset assigns ``position`` when saving."""

    number = forms.IntegerField(
        label=_("Nummer"),
        min_value=1,
        max_value=999,
        required=False,
        widget=forms.NumberInput(attrs={"size": 3, "class": "vIntegerField"}),
    )

    class Meta:
        model = Thesis
        fields = ["number", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["number"].initial = self.instance.position


class ThesisFormSet(BaseInlineFormSet):
    """Reordering by numbers: the theses are sorted by the number entered and saved as 1…n.

    Swapping two numbers, typing the same number twice or leaving gaps all work: ties keep
    the previous order, theses without a number go last, and the numbers are always gapless.
    Saving moves the post's theses out of the way first, so the unique (post, position)
    constraint never sees an intermediate duplicate.
    """

    def save(self, commit=True):
        instances = super().save(commit=False)
        if not commit:
            return instances
        with transaction.atomic():
            for thesis in self.deleted_objects:
                thesis.delete()
            ordered = self._ordered_theses()
            Thesis.objects.filter(post=self.instance).update(
                position=F("position") + _RENUMBER_OFFSET
            )
            for number, thesis in enumerate(ordered, start=1):
                thesis.position = number
                thesis.post = self.instance
                thesis.save()
        return instances

    def _ordered_theses(self) -> list:
        deleted = set(map(id, self.deleted_forms))
        keyed = []
        for index, form in enumerate(self.forms):
            if id(form) in deleted or (form.instance.pk is None and not form.has_changed()):
                continue
            number = form.cleaned_data.get("number")
            keyed.append(
                (
                    number if number is not None else float("inf"),
                    0 if form.instance.pk else 1,  # on a tie, existing theses first
                    form.instance.position or 0,
                    index,
                    form.instance,
                )
            )
        return [entry[-1] for entry in sorted(keyed, key=lambda entry: entry[:4])]


class ThesisInline(admin.TabularInline):
    model = Thesis
    form = ThesisInlineForm
    formset = ThesisFormSet
    extra = 0
    ordering = ["position"]


class PostImageForm(forms.ModelForm):
    class Meta:
        model = PostImage
        fields = ["image", "alt_text", "caption", "credit", "position"]

    def clean(self):
        cleaned = super().clean()
        # A refused file has its own message; an empty row needs one of its own.
        if "image" not in self.errors and not (
            cleaned.get("image")
            or cleaned.get("caption", "").strip()
            or cleaned.get("credit", "").strip()
        ):
            raise forms.ValidationError(
                _("Bitte lade eine Bilddatei hoch oder gib Bildunterschrift oder Nachweis an.")
            )
        return cleaned


class PostImageInline(admin.StackedInline):
    """Images with alternative text, caption and credit; renditions are made on saving."""

    model = PostImage
    form = PostImageForm
    extra = 0
    ordering = ["position"]
    fields = ["preview", "image", "alt_text", "caption", "credit", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("Vorschau"))
    def preview(self, image):
        rendition = image.renditions[0] if image.renditions else None
        if rendition is None:
            return "–"
        width = min(240, rendition["width"])
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="">',
            image.image.storage.url(rendition["name"]),
            width,
            round(rendition["height"] * width / rendition["width"]),
        )


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "published_at", "comment_link", "pending_link"]
    list_filter = ["status", "author", "published_at", "comments_enabled"]
    list_select_related = ["author"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["author"]
    inlines = [ThesisInline, PostImageInline]
    readonly_fields = ["comment_link", "pending_link", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kicker", "lead", "body", "author", "tags"]}),
        (_("Veröffentlichung"), {"fields": ["status", "published_at", "comments_enabled"]}),
        (_("Anhang"), {"fields": ["image_credit", "footnote", "source"]}),
        (
            _("Statistik"),
            {"fields": ["comment_link", "pending_link", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        # One annotation instead of a count query per row; the relation is named, so blog
        # still imports nothing from comments.
        return (
            super()
            .get_queryset(request)
            .annotate(pending_count=Count("comments", filter=Q(comments__status="pending")))
        )

    @admin.display(description=_("Kommentare"), ordering="comment_count")
    def comment_link(self, post):
        return _comment_admin_link(post, post.comment_count)

    @admin.display(description=_("Wartend"), ordering="pending_count")
    def pending_link(self, post):
        return _comment_admin_link(post, getattr(post, "pending_count", 0), status="pending")


def _comment_admin_link(post, count, status=None):
    """``count`` linked to the comment review queue filtered to ``post`` (and ``status``)."""
    if post.pk is None:
        return count
    try:
        url = reverse("admin:comments_comment_changelist")
    except NoReverseMatch:
        return count
    query = f"?post__id__exact={post.pk}" + (f"&status__exact={status}" if status else "")
    return format_html('<a href="{}{}">{}</a>', url, query, count)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "website"]
    search_fields = ["name", "role", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]
    # An address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reader data is written by the site only; the admin shows it and may delete it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PostViewCount)
class PostViewCountAdmin(ReadOnlyAdmin):
    list_display = ["day", "post", "count"]
    list_filter = ["day"]
    list_select_related = ["post"]
    search_fields = ["post__title"]
    date_hierarchy = "day"


@admin.register(PostRating)
class PostRatingAdmin(ReadOnlyAdmin):
    list_display = ["post", "stars", "created"]
    list_filter = ["stars", "created"]
    list_select_related = ["post"]
    search_fields = ["post__title"]
    exclude = ["visitor_hash"]


@admin.register(ThesisVote)
class ThesisVoteAdmin(ReadOnlyAdmin):
    list_display = ["thesis", "thesis__post", "agrees", "created"]
    list_filter = ["agrees", "created"]
    list_select_related = ["thesis__post"]
    search_fields = ["thesis__title", "thesis__post__title"]
    exclude = ["visitor_hash"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """The one record of publisher details: the list leads straight to its form."""

    fieldsets = [
        (
            _("Anbieter (§ 5 DDG)"),
            {
                "fields": [
                    "publisher_name",
                    "represented_by",
                    "street",
                    ("postal_code", "city"),
                    "country",
                ]
            },
        ),
        (_("Kontakt"), {"fields": ["email", "phone"]}),
        (
            _("Register und Steuern"),
            {"fields": ["register_court", "register_number", "vat_id"]},
        ),
        (
            _("Redaktionell verantwortlich (§ 18 Abs. 2 MStV)"),
            {"fields": ["editor_name", "editor_address"]},
        ),
        (
            _("Datenschutz"),
            {"fields": ["privacy_officer", "supervisory_authority", "hosting_provider"]},
        ),
        (_("Verbraucherstreitbeilegung"), {"fields": ["declines_consumer_arbitration"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        record, _created = SiteSettings.objects.get_or_create(pk=SiteSettings.SINGLETON_ID)
        return redirect("admin:blog_sitesettings_change", record.pk)


# Tags (django-taggit's admin) -----------------------------------------------------------------

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(taggit_admin.TagAdmin):
    """taggit's tag admin, with its "merge tags" page behind the permission to change tags.

    taggit checks only that the user is staff: a moderator (who may not change tags) could
    create tags and move every post's tags by posting to the page, and a post without a
    selection in the session was a server error.
    """

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        selected = request.session.get("selected_tag_ids", "").split(",")
        ids = [value for value in selected if value.isdigit() and len(value) <= 18]
        existing = {str(pk) for pk in Tag.objects.filter(pk__in=ids).values_list("pk", flat=True)}
        if not existing:
            self.message_user(request, _("Bitte wähle zuerst die Schlagwörter aus."))
            return redirect("admin:taggit_tag_changelist")
        request.session["selected_tag_ids"] = ",".join(value for value in ids if value in existing)
        return super().merge_tags_view(request)
