from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from blog.models import Author, Post, PostRating, PostViewCount, Thesis, ThesisVote


class ThesisInline(admin.StackedInline):
    model = Thesis
    extra = 0
    fields = ["position", "title", "body"]
    ordering = ["position"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "published_at", "comment_count"]
    list_filter = ["status", "author", "published_at", "comments_enabled"]
    list_select_related = ["author"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["author"]
    inlines = [ThesisInline]
    readonly_fields = ["comment_count", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kicker", "lead", "body", "author", "tags"]}),
        (_("Veröffentlichung"), {"fields": ["status", "published_at", "comments_enabled"]}),
        (_("Anhang"), {"fields": ["image_credit", "footnote", "source"]}),
        (_("Statistik"), {"fields": ["comment_count", "created_at", "updated_at"]}),
    ]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "website"]
    search_fields = ["name", "role", "bio"]
    prepopulated_fields = {"slug": ["name"]}


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
