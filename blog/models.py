from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from blog.rendering import PAGE_BREAK, THESES_MARKER, render_body, render_markdown


class Author(models.Model):
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    role = models.CharField(
        _("Titel/Funktion"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „PR-Beraterin“ oder „Geschäftsführer, talkabout communications“"),
    )
    bio = models.TextField(_("Kurzbiografie"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    contact = models.CharField(
        _("Öffentliche Kontaktzeile"),
        max_length=300,
        blank=True,
        help_text=_("Wird so veröffentlicht, z. B. „Tel. 02151 970785; kontakt(at)…“"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Autor/in")
        verbose_name_plural = _("Autor/innen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:author", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        return self.select_related("author").prefetch_related("tags")

    def related_to(self, post, limit=3):
        """Published posts sharing the most tags with ``post``, newest first among equals."""
        return (
            self.published()
            .filter(tags__in=post.tags.all())
            .exclude(pk=post.pk)
            .annotate(shared_tags=models.Count("tags", distinct=True))
            .order_by("-shared_tags", "-published_at")
            .select_related("author")[:limit]
        )


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("Veröffentlicht")

    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    kicker = models.CharField(_("Dachzeile"), max_length=100, blank=True)
    lead = models.TextField(_("Vorspann"), blank=True)
    body = models.TextField(
        _("Text"),
        help_text=_(
            "Markdown. Eine Zeile <!--nextpage--> beginnt eine neue Seite, "
            "<!--theses--> markiert die Stelle der Thesen."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    author = models.ForeignKey(
        Author, verbose_name=_("Autor/in"), on_delete=models.PROTECT, related_name="posts"
    )
    published_at = models.DateTimeField(_("Veröffentlicht am"), default=timezone.now)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    tags = TaggableManager(_("Schlagwörter"), blank=True)
    image_credit = models.CharField(_("Bildnachweis"), max_length=300, blank=True)
    footnote = models.TextField(_("Fußnote"), blank=True)
    footnote_html = models.TextField(editable=False, default="")
    source = models.CharField(
        _("Erstveröffentlichung"),
        max_length=300,
        blank=True,
        help_text=_("Wo der Beitrag zuerst erschien."),
    )
    comments_enabled = models.BooleanField(_("Kommentare erlaubt"), default=True)
    # Maintained by the comments app whenever a comment's visibility changes.
    comment_count = models.PositiveIntegerField(
        _("Veröffentlichte Kommentare"), default=0, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        indexes = [models.Index(fields=["status", "-published_at"], name="post_published_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.render_html()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        local = timezone.localtime(self.published_at)
        return reverse(
            "blog:post",
            kwargs={
                "year": local.year,
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    def render_html(self):
        self.body_html = render_body(self.body)
        self.footnote_html = render_markdown(self.footnote) if self.footnote else ""

    @property
    def pages(self) -> list[str]:
        return self.body_html.split(PAGE_BREAK)

    @property
    def page_count(self) -> int:
        return self.body_html.count(PAGE_BREAK) + 1

    def page_sections(self, number: int) -> list[str]:
        """The HTML of page ``number`` (1-based), split where the theses list goes."""
        return self.pages[number - 1].split(THESES_MARKER)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def comments_open(self) -> bool:
        """Open when enabled and, if a closing period is set, still within it."""
        if not self.comments_enabled:
            return False
        days = getattr(settings, "COMMENTS_CLOSE_AFTER_DAYS", None)
        if not days:
            return True
        return timezone.now() - self.published_at <= timedelta(days=days)


class Thesis(models.Model):
    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="theses"
    )
    position = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Titel"), max_length=300)
    body = models.TextField(_("Text"))
    body_html = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["post", "position"]
        verbose_name = _("These")
        verbose_name_plural = _("Thesen")
        constraints = [
            models.UniqueConstraint(fields=["post", "position"], name="thesis_unique_position"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="thesis_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def save(self, *args, **kwargs):
        self.render_html()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#{self.anchor}"

    def render_html(self):
        self.body_html = render_markdown(self.body)

    @property
    def anchor(self) -> str:
        return f"these-{self.position}"
