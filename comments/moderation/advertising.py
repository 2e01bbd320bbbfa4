"""Guideline: „Ebenfalls nicht erlaubt ist der Missbrauch der Webangebote als
Werbeplattform. Die Nennung von Produktnamen, Herstellern, Dienstleistern und Websites
ist nur dann zulässig, wenn damit nicht vorrangig der Zweck der Werbung verfolgt wird.“

Naming a product, company or website is fine, so no single signal decides. Signals add up
to a score and the comment is held (default action "hold") when the score reaches
``threshold``, or outright when it has ``max_links`` links or is little more than links:

=====================================================  ======
signal                                                  points
=====================================================  ======
each link (``http…``, ``www.…``, ``name.de``)           1
the commenter's own website (``draft.website``) in it   2
each distinct promotional phrase (``wordlists/``)       2
a price ("49 €", "EUR 99,–")                            1
a phone number                                          1
an e-mail address                                       1
=====================================================  ======

One link to a company's Facebook page in an on-topic comment scores 1 and publishes.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .base import Draft, Finding, ReviewContext, Rule
from .normalize import TOKEN_RE, normalized, raw_excerpt
from .terms import TermMatcher

PHRASES = TermMatcher.from_files("advertising_phrases")

_TLDS = (
    "de|com|net|org|io|eu|at|ch|info|biz|shop|online|store|app|ly|me|tv|co|us|uk|nl|fr|it"
    "|es|pl|ru|xyz|top|site|website|club|agency|digital|media"
)
# Links and e-mail addresses are looked for in whitespace-separated chunks that contain a
# dot (or "@"): a handful per comment, instead of a regex scan over the whole text.
LINK = re.compile(
    rf"[\"'(\[<]*((?:https?://|www\.)[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]"
    rf"|(?:[a-z0-9][a-z0-9-]*\.)+(?:{_TLDS})(?:/(?:[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])?)?)"
    r"[\"')\]>.,;:!?]*"
)
EMAIL = re.compile(r"[\"'(<]*([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,})[\"')>.,;:!?]*")
EMAIL_AT = re.compile(r"[\w.+-]+\s?[(\[]at[)\]]\s?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}")


def find_links(lower: str) -> list[str]:
    links = []
    for chunk in lower.split():
        if "." in chunk and "@" not in chunk:
            match = LINK.fullmatch(chunk)
            if match:
                links.append(match.group(1))
    return links


def find_emails(lower: str) -> list[str]:
    emails = []
    if "@" in lower:
        for chunk in lower.split():
            if "@" in chunk:
                match = EMAIL.fullmatch(chunk)
                if match:
                    emails.append(match.group(1))
    if "(at)" in lower or "[at]" in lower:
        emails += EMAIL_AT.findall(lower)
    return emails


PRICE = re.compile(
    r"\d[\d.,]*\s?(?:€|euro\b|eur\b|,-|,–)|(?:€|\beur\b)\s?\d|\$\s?\d|\d\s?(?:\$|usd\b)"
)
PHONE = re.compile(
    r"(?:\+|\b00)\d{2}[\s\d/()-]{6,}\d"
    r"|(?<![\d.,])\(?0\d{2,5}\)?[\s/-]?\d{3,}(?:[\s-]?\d+)*"
    r"|\btel\.?:?\s?\d[\d\s/-]{5,}\d"
)

# Cheap probes decide whether the detailed patterns can match at all: a top-level domain
# (regex with a literal "." prefix), "://", "@", "(at)", a currency hint or a digit run.
_PRICE_HINTS = ("€", "$", "euro", " eur", " usd", "usd ", ",-", ",–")
_PHONE_PROBE = re.compile(r"[+0-9][0-9 /()-]{6}")
_TLD_PROBE = re.compile(rf"\.(?:{_TLDS})(?![\w-])")
# The phone probe starts with a character class, which the regex engine tests at every
# position. On ASCII text, digits are first mapped to "0" so that the same probe can start
# with the literal "0" (fast skip to the next digit); "+" is tested separately.
_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
_ZERO_PROBE = re.compile(r"0[0 /()-]{6}")


def _priced(lower: str) -> bool:
    """Same as ``any(hint in lower for hint in _PRICE_HINTS)``, with fewer scans."""
    if "$" in lower or ",-" in lower:
        return True
    if not lower.isascii() and ("€" in lower or ",–" in lower):
        return True
    if "eur" in lower and ("euro" in lower or " eur" in lower):
        return True
    return "usd" in lower and (" usd" in lower or "usd " in lower)


def _phone_probe(lower: str) -> bool:
    """Same as ``_PHONE_PROBE.search(lower) is not None``."""
    if not lower.isascii():
        return _PHONE_PROBE.search(lower) is not None
    if "+" in lower and _PHONE_PROBE.search(lower) is not None:
        return True
    return _ZERO_PROBE.search(lower.translate(_DIGITS_TO_ZERO)) is not None


def _may_advertise(lower: str) -> bool:
    return (
        _TLD_PROBE.search(lower) is not None
        or "@" in lower
        or "(at)" in lower
        or "://" in lower
        or _priced(lower)
        or _phone_probe(lower)
    )


def _domain(url: str) -> str:
    url = url.strip().lower().rstrip("/.,;:!?")
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


class AdvertisingRule(Rule):
    code = "werbung"
    label = "Werbung"
    message = (
        "Produkte, Firmen und Websites zu nennen ist in Ordnung, solange es nicht "
        "vorrangig um Werbung geht. Bitte verzichte auf Werbebotschaften und Linksammlungen"
    )

    def __init__(self, threshold: int = 4, max_links: int = 3, min_own_words: int = 5):
        self.threshold = threshold
        self.max_links = max_links
        self.min_own_words = min_own_words

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        norm = normalized(draft.body)
        lower = norm.lower
        phrases = PHRASES.hits(norm)
        # Most comments have no link, address, price or phone number: one probe decides.
        if not _may_advertise(lower):
            links = emails = prices = phones = []
        else:
            links = find_links(lower)
            emails = find_emails(lower)
            prices = PRICE.findall(lower) if _priced(lower) else []
            phones = PHONE.findall(lower) if _phone_probe(lower) else []
        if not (links or emails or phrases or prices or phones):
            return []

        if links:
            first = raw_excerpt(norm.raw, links[0], whole_word=False)
            if len(links) >= self.max_links:
                return [self.finding(first)]
            # A link chunk always contains "." ("www.", a domain) or "://".
            own_words = [
                c for c in lower.split() if not (("." in c or "://" in c) and LINK.fullmatch(c))
            ]
            if len(TOKEN_RE.findall(" ".join(own_words))) < self.min_own_words:
                return [self.finding(first)]

        own = _domain(draft.website)
        own_promoted = bool(own) and (own in lower or any(own == _domain(link) for link in links))
        score = len(links) + 2 * len({hit.entry.key for hit in phrases})
        score += 2 * own_promoted + bool(prices) + bool(phones) + bool(emails)
        if score < self.threshold:
            return []
        if phrases:
            excerpt = phrases[0].excerpt(norm)
        elif own_promoted:
            excerpt = own
        elif links:
            excerpt = raw_excerpt(norm.raw, links[0], whole_word=False)
        else:
            excerpt = (prices or phones or emails)[0]
        return [self.finding(excerpt, score=float(score))]
