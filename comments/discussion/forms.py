from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.conf import comments_settings
from comments.mail.subscriptions import subscribe
from comments.models import Comment
from comments.moderation import decisions, refusals, sanctions, spam
from comments.moderation.base import Action
from comments.moderation.review import as_record, rejection_message, review_submission
from comments.privacy.self_delete import self_delete_url
from core.client_ip import client_ip
from core.widgets import WIDGET_RENDERER


def body_field() -> forms.CharField:
    return forms.CharField(
        label=_("Kommentar"),
        max_length=comments_settings.COMMENTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45}),
        error_messages={
            "required": _("Bitte schreibe einen Kommentar."),
            "max_length": _(
                "Dein Kommentar ist zu lang: höchstens %(limit_value)d Zeichen, "
                "du hast %(show_value)d geschrieben."
            ),
        },
    )


class CommentForm(forms.Form):
    """A reader's comment on one post: validates the input, asks moderation, saves the row.

    Logged-in readers comment under their account and see no name or e-mail fields.
    """

    default_renderer = WIDGET_RENDERER

    body = forms.CharField(label=_("Kommentar"))  # built per request: the limit is a setting
    author_name = forms.CharField(
        label=_("Name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Bitte gib deinen Namen an."),
            "max_length": _("Der Name darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    author_email = forms.EmailField(
        label=_("E-Mail"),
        help_text=_("Deine E-Mail-Adresse wird nicht veröffentlicht."),
        # The column's length: Django's e-mail validator alone lets 320 characters through.
        max_length=Comment._meta.get_field("author_email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Bitte gib deine E-Mail-Adresse an."),
            "invalid": _("Bitte gib eine gültige E-Mail-Adresse an."),
            "max_length": _("Die E-Mail-Adresse darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    author_website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=200,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        # Only web addresses: a javascript: or data: link must never reach a page.
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={
            "invalid": _("Bitte gib eine Web-Adresse an, die mit http:// oder https:// beginnt."),
            "max_length": _("Die Adresse darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    thesis = forms.ModelChoiceField(
        label=_("Zu welcher These?"),
        queryset=None,
        required=False,
        empty_label=_("Zum ganzen Beitrag"),
        error_messages={"invalid_choice": _("Bitte wähle eine der Thesen dieses Beitrags.")},
    )
    parent = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Auf diesen Kommentar kann nicht geantwortet werden.")},
    )
    # Spam protection (moderation/spam.py): a honeypot and the signed time the form was first shown.
    homepage = spam.honeypot_field()
    form_started = spam.timestamp_field()
    # Privacy: explicit consent of guests (never pre-ticked), opt-in to reply mails.
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass meine Angaben und meine IP-Adresse wie in der "
            "Datenschutzerklärung beschrieben gespeichert werden."
        ),
        error_messages={
            "required": _(
                "Bitte stimme der Speicherung deiner Angaben zu, damit wir deinen Kommentar "
                "veröffentlichen können."
            ),
        },
    )
    # Convenience, with consent: the browser keeps name, e-mail and website in a cookie that
    # only the page's script reads (comments/discussion/remember.py); never pre-ticked.
    remember = forms.BooleanField(
        label=_(
            "Meinen Namen, meine E-Mail-Adresse und meine Website in diesem Browser speichern, "
            "bis ich wieder kommentiere."
        ),
        required=False,
    )
    notify = forms.BooleanField(
        label=_("Benachrichtige mich über Antworten"),
        required=False,
        help_text=_(
            "Per E-Mail, erst nachdem du den Link in unserer Bestätigungsmail geklickt hast; "
            "jederzeit abbestellbar."
        ),
    )

    def __init__(
        self, *args, post, user=None, reply_to=None, theses=None, ip_address=None, **kwargs
    ):
        """``reply_to`` preselects the parent of an unbound form (``?antwort=``); ``theses``
        spares a query when the page already holds the post's theses; ``ip_address`` (from
        ``client_ip``) feeds the suspension, duplicate and flood checks."""
        super().__init__(*args, **kwargs)
        self.post = post
        self.user = user if user is not None and user.is_authenticated else None
        self.ip_address = ip_address
        self.decision = None
        self._reply_to = reply_to
        if reply_to is not None:
            self.initial["parent"] = reply_to.pk
        if theses is not None:
            self._has_theses = bool(theses)
        self.fields["body"] = body_field()
        self.fields["thesis"].queryset = post.theses.all()
        if theses and not self.is_bound:
            # The page holds the theses already: offer them without querying them again.
            thesis_field = self.fields["thesis"]
            thesis_field.widget.choices = [("", thesis_field.empty_label)] + [
                (thesis.pk, thesis_field.label_from_instance(thesis)) for thesis in theses
            ]
        if self.user is not None:
            for name in ("author_name", "author_email", "author_website", "remember"):
                del self.fields[name]
        if self.user is not None or not comments_settings.COMMENTS_REQUIRE_CONSENT:
            del self.fields["consent"]
        if self.user is not None and not self.user.email:
            del self.fields["notify"]  # nowhere to send them
        self.subscription = None
        if not self.has_theses:
            del self.fields["thesis"]

    @property
    def has_theses(self) -> bool:
        if not hasattr(self, "_has_theses"):
            self._has_theses = self.post.theses.exists()
        return self._has_theses

    @property
    def reply_to(self) -> Comment | None:
        """The comment this form answers, for the "Antwort an …" heading."""
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get("parent")
        return self._reply_to

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = (
            Comment.objects.published()
            .filter(post=self.post, pk=pk)
            .select_related("user", "parent")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _("Auf diesen Kommentar kann nicht geantwortet werden."), code="invalid_parent"
            )
        return parent

    def clean(self):
        cleaned = super().clean()
        if not self.post.comments_open:
            raise forms.ValidationError(
                _("Die Kommentare zu diesem Beitrag sind geschlossen."), code="closed"
            )
        if self.errors:
            return cleaned  # moderation looks at complete input only
        # Who may comment at all (moderation.sanctions), then bots and floods (moderation.spam).
        sanctions.check(
            user=self.user,
            email=self.user.email if self.user else cleaned.get("author_email", ""),
            ip=self.ip_address,
        )
        spam.check(self, cleaned)
        self.decision = review_submission(
            post=self.post,
            body=cleaned["body"],
            name=cleaned.get("author_name", ""),
            email=cleaned.get("author_email", ""),
            website=cleaned.get("author_website", ""),
            user=self.user,
        )
        if self.decision.action == Action.REJECT:
            # Kept (without name, e-mail or IP) for moderators to find false positives.
            refusals.record(
                post=self.post,
                body=cleaned["body"],
                decision=self.decision,
                parent=cleaned.get("parent"),
                thesis=cleaned.get("thesis"),
            )
            raise forms.ValidationError(
                rejection_message(self.decision, cleaned["body"]), code="rejected"
            )
        return cleaned

    def save(self, request=None) -> Comment:
        data = self.cleaned_data
        published = self.decision.action == Action.PUBLISH
        comment = Comment(
            post=self.post,
            parent=data.get("parent"),
            thesis=data.get("thesis"),
            body=data["body"],
            status=Comment.Status.PUBLISHED if published else Comment.Status.PENDING,
            moderation=as_record(self.decision) if self.decision.findings else {},
            flagged_rules=",".join(self.decision.rules)[:200],
        )
        if self.user is not None:
            comment.user = self.user
            comment.author_name = self.user.get_full_name() or self.user.get_username()
            comment.author_email = self.user.email
        else:
            comment.author_name = data["author_name"]
            comment.author_email = data["author_email"]
            comment.author_website = data.get("author_website", "")
        if request is not None:
            comment.ip_address = client_ip(request)
            comment.user_agent = request.META.get("HTTP_USER_AGENT", "")
        if data.get("consent"):
            comment.consent_at = timezone.now()
        decisions.submit(comment)  # counts, mails, page cache: the one path of every change
        if data.get("notify"):
            self.subscription = subscribe(
                comment, user=self.user, delete_url=self_delete_url(comment)
            )
        return comment

    @property
    def field_error_links(self) -> list[tuple[str, str]]:
        """(field id, first error) of each visible field with errors, for the error summary."""
        return [
            (field.id_for_label, field.errors[0]) for field in self.visible_fields() if field.errors
        ]

    @property
    def ip_retention_days(self) -> int:
        """For the privacy notice next to the form."""
        return comments_settings.COMMENTS_IP_RETENTION_DAYS
