"""Reader forms on the post page: rating, thesis votes and the recommendation mail."""

import re
import unicodedata

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from blog.models import PostRating
from core import linear
from core.widgets import WIDGET_RENDERER

# Anything a mail client could turn into a link: a scheme or "www." (LINK_PATTERN), or a dotted
# name (DOTTED_NAME) that is a domain (a label after the first one made of letters: "evil.com",
# "пример.рф", also inside an e-mail address) or an IPv4 address ("198.51.100.7/gewinn").
# Reader text: compiled by ``linear`` (they run in RE2; with Python's engine a long run of
# letters and dots was read once per letter). They run over :func:`link_view` of the text.
LINK_PATTERN = linear.compile(r"[a-z][a-z0-9+.-]*://|www\.", re.IGNORECASE)
DOTTED_NAME = linear.compile(r"[\w-]+(?:\.[\w-]+)+")
# Full stops that browsers and mail clients take for a dot between labels of a domain (UTS #46):
# the ideographic one and its halfwidth form; NFKC already turns the fullwidth one into ".".
LABEL_SEPARATORS = str.maketrans({"\u3002": ".", "\uff61": "."})
TOP_LEVEL_LENGTH = (2, 24)


def link_view(text: str) -> str:
    """``text`` as a link detector should read it: compatibility characters folded (NFKC:
    "ｗｗｗ．ｅｖｉｌ．ｃｏｍ" is "www.evil.com"), every full stop a domain may use made "."."""
    return unicodedata.normalize("NFKC", text).translate(LABEL_SEPARATORS)


def _is_domain_or_address(labels: list[str]) -> bool:
    low, high = TOP_LEVEL_LENGTH
    for label in labels[1:]:
        if label.lower().startswith("xn--") or (label.isalpha() and low <= len(label) <= high):
            return True
    numbers = [label.isdigit() and len(label) <= 3 for label in labels]
    return any(all(numbers[start : start + 4]) for start in range(len(labels) - 3))


def contains_link(text: str) -> bool:
    """True if ``text`` holds anything a mail program could make a link of."""
    text = link_view(text)
    if LINK_PATTERN.search(text):
        return True
    return any(
        _is_domain_or_address(match.group().split(".")) for match in DOTTED_NAME.finditer(text)
    )


def plain_text(value: str, *, multiline: bool) -> str:
    """``value`` as plain text: no tags, no control characters, normalised line breaks."""
    value = strip_tags(value).replace("\r\n", "\n").replace("\r", "\n")
    kept = "\n" if multiline else ""
    chars = []
    for char in value:
        category = unicodedata.category(char)
        if char in kept:
            chars.append(char)
        elif category.startswith("Z") or char in "\t\n":
            chars.append(" ")
        elif not category.startswith("C"):
            chars.append(char)
    cleaned = "".join(chars)
    if not multiline:
        cleaned = " ".join(cleaned.split())
    return cleaned.strip()


class RatingForm(forms.Form):
    default_renderer = WIDGET_RENDERER

    stars = forms.TypedChoiceField(
        label=_("Deine Bewertung"),
        choices=PostRating.Stars.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wähle 1 bis 5 Sterne."),
            "invalid_choice": _("Bitte wähle 1 bis 5 Sterne."),
        },
    )


class ThesisVoteForm(forms.Form):
    default_renderer = WIDGET_RENDERER

    AGREE = "zu"
    DISAGREE = "anders"

    stimme = forms.ChoiceField(
        choices=[(AGREE, _("Stimme zu")), (DISAGREE, _("Sehe ich anders"))],
        error_messages={
            "required": _("Bitte wähle „Stimme zu“ oder „Sehe ich anders“."),
            "invalid_choice": _("Bitte wähle „Stimme zu“ oder „Sehe ich anders“."),
        },
    )

    @property
    def agrees(self) -> bool:
        return self.cleaned_data["stimme"] == self.AGREE


class ShareForm(forms.Form):
    """Recommend a post by mail to exactly one recipient.

    Name and note are the sender's own words in someone else's inbox, so they are reduced to
    plain text and refused when they contain links or addresses: a form that forwards links to
    arbitrary recipients is what spammers look for, and the post's own link is already in the mail.
    """

    NOTE_MAX_LENGTH = 500

    recipient = forms.EmailField(
        label=_("E-Mail-Adresse der Empfängerin oder des Empfängers"),
        max_length=254,
        help_text=_("Eine Adresse; sie wird nur für diesen Versand verwendet."),
    )
    sender_name = forms.CharField(label=_("Dein Name"), max_length=80)
    note = forms.CharField(
        label=_("Persönliche Notiz (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": NOTE_MAX_LENGTH}),
        help_text=_("Höchstens 500 Zeichen, nur Text, keine Links."),
    )
    # Honeypot: hidden from people (the template hides its paragraph), filled in by form bots.
    website = forms.CharField(
        label=_("Dieses Feld bitte leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_recipient(self):
        return self.cleaned_data["recipient"].strip()

    def clean_sender_name(self):
        name = plain_text(self.cleaned_data["sender_name"], multiline=False)
        if not name:
            raise forms.ValidationError(_("Bitte gib deinen Namen an."))
        if contains_link(name) or "@" in link_view(name):
            raise forms.ValidationError(_("Der Name darf keine Links oder Adressen enthalten."))
        return name

    def clean_note(self):
        note = plain_text(self.cleaned_data["note"], multiline=True)
        if contains_link(note):
            raise forms.ValidationError(
                _(
                    "Bitte schreib keine Links oder Web- und E-Mail-Adressen in die Notiz – "
                    "der Link zum Beitrag wird automatisch mitgeschickt."
                )
            )
        return note

    @property
    def is_bot(self) -> bool:
        """True when the honeypot was filled in; only meaningful after validation."""
        return bool(self.cleaned_data.get("website", "").strip())
