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

from urllib.parse import urlsplit

from core import linear

from .base import Draft, Finding, ReviewContext, Rule
from .excerpt import raw_excerpt
from .normalize import TOKEN_RE, normalized
from .terms import TermMatcher

PHRASES = TermMatcher.from_files("advertising_phrases")

_TLDS = (
    "de|com|net|org|io|eu|at|ch|info|biz|shop|online|store|app|ly|me|tv|co|us|uk|nl|fr|it"
    "|es|pl|ru|xyz|top|site|website|club|agency|digital|media"
)
# Links and e-mail addresses are looked for in whitespace-separated chunks that contain a
# dot (or "@"): a handful per comment, instead of a regex scan over the whole text.
LINK = linear.compile(
    rf"[\"'(\[<]*((?:https?://|www\.)[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]"
    rf"|(?:[a-z0-9][a-z0-9-]*\.)+(?:{_TLDS})(?:/(?:[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])?)?)"
    r"[\"')\]>.,;:!?]*"
)
EMAIL = linear.compile(r"[\"'(<]*([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,})[\"')>.,;:!?]*")
EMAIL_AT = linear.compile(r"[\w.+-]+\s?[(\[]at[)\]]\s?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}")


def find_links(lower: str) -> list[str]:
    return _links(lower.split())


def _links(chunks: list[str]) -> list[str]:
    links = []
    for chunk in chunks:
        if "." in chunk and "@" not in chunk and _is_link(chunk):
            links.append(LINK.fullmatch(chunk).group(1))
    return links


def _is_link(chunk: str) -> bool:
    # ``_may_link`` first: most chunks with a dot just end a sentence.
    return _may_link(chunk) and LINK.fullmatch(chunk) is not None


def _count_own_words(chunks: list[str], enough: int) -> int:
    """Words outside links (``TOKEN_RE``), counted up to ``enough``."""
    count = 0
    for chunk in chunks:
        # A link chunk always contains "." ("www.", a domain) or "://".
        if ("." in chunk or "://" in chunk) and _is_link(chunk):
            continue
        count += len(TOKEN_RE.findall(chunk))
        if count >= enough:
            break
    return count


def find_emails(lower: str) -> list[str]:
    emails = []
    if "@" in lower:
        for chunk in lower.split():
            if "@" in chunk:
                match = EMAIL.fullmatch(chunk)
                if match:
                    emails.append(match.group(1))
    if ("(" in lower and "(at)" in lower) or ("[" in lower and "[at]" in lower):
        emails += EMAIL_AT.findall(lower)
    return emails


# An amount followed by a currency is matched from the start of its run of digits, dots
# and commas ("..5 €" as "5 €"), so that a long run without a currency is read once, not
# once per digit. Group 1 or 2 is the price as written.
PRICE = linear.compile(
    r"(?<![\d.,])[.,]*(\d[\d.,]*\s?(?:€|euro\b|eur\b|,-|,–))"
    r"|((?:€|\beur\b)\s?\d|\$\s?\d|\d\s?(?:\$|usd\b))",
    reason="the lookbehind lets the first alternative start only at the start of a run of "
    "digits, dots and commas, which it reads once; the second alternative is bounded",
)
PHONE = linear.compile(
    r"(?:\+|\b00)\d{2}[\s\d/()-]{6,}\d"
    r"|(?<![\d.,])\(?0\d{2,5}\)?[\s/-]?\d{3,}(?:[\s-]?\d+)*"
    r"|\btel\.?:?\s?\d[\d\s/-]{5,}\d",
    reason="an attempt starts at '+', at a word-initial '00', at the '0' or '(' that opens "
    "a number, or at a word-initial 'tel', and a failing one reads the run of digits and "
    "separators behind its start, which has one such start; the repetitions that end the "
    "second alternative never give anything back (nothing follows them)",
)


def first_price(lower: str) -> str:
    match = PRICE.search(lower)
    return (match.group(1) or match.group(2)) if match else ""


def first_phone(lower: str) -> str:
    match = PHONE.search(lower)
    return match.group() if match else ""


# Cheap probes decide whether the detailed patterns can match at all: "." for links, and
# "0" for prices and phone numbers, which are probed on the UTF-8 bytes of the text with
# every digit turned into "0". The price probe is looser than ``PRICE`` (currency and
# amount in either order, with up to three whitespace bytes between them), so it never
# misses a price; it runs in RE2 (a run of digits would be read once per digit by a
# backtracking engine).
_TLD_PROBE = linear.compile(rf"\.(?:(?:{_TLDS})(?![\w-])|(?<=www\.))")
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_SPACE = rb"[\s\x1c-\x1f\x80-\xff]"  # a byte of a character that \s matches in a str
_EURO = "€".encode()
_PRICE_PROBE = linear.compile(
    rb"0[0.,]*" + _SPACE + rb"{0,3}(?:" + _EURO + rb"|eur|,-|,\xe2\x80\x93|\$|usd)"
    rb"|(?:" + _EURO + rb"|eur|\$)" + _SPACE + rb"{0,3}0"
)  # fmt: skip
_ZERO_PROBE = linear.compile(rb"0[0 /()-]{6}")
_PLUS_PROBE = linear.compile(rb"\+[0 /()-]{6}")


def _phone_probe(zeros: bytes) -> bool:
    """Same as ``[+0-9][0-9 /()-]{6}`` on the text, with a literal to skip ahead to."""
    if b"+" in zeros and _PLUS_PROBE.search(zeros) is not None:
        return True
    return _ZERO_PROBE.search(zeros) is not None


def _zeros(lower: str) -> bytes:
    return lower.encode("utf-8", "surrogatepass").translate(_DIGITS_TO_ZERO)


def _may_link(lower: str) -> bool:
    return _TLD_PROBE.search(lower) is not None or (":" in lower and "://" in lower)


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
        # Most comments have no link, address, price or phone number: cheap probes decide.
        chunks = lower.split() if _may_link(lower) else []
        links = _links(chunks)
        emails = find_emails(lower)
        zeros = _zeros(lower)
        price = first_price(lower) if _PRICE_PROBE.search(zeros) else ""
        phone = first_phone(lower) if _phone_probe(zeros) else ""
        if not (links or emails or phrases or price or phone):
            return []

        # Many links, or little more than links: held without counting anything else.
        if links and (
            len(links) >= self.max_links
            or _count_own_words(chunks, self.min_own_words) < self.min_own_words
        ):
            return [self.finding(raw_excerpt(norm.raw, links[0], whole_word=False))]

        own = _domain(draft.website)
        own_promoted = bool(own) and (own in lower or any(own == _domain(link) for link in links))
        score = len(links) + 2 * len({hit.entry.key for hit in phrases})
        score += 2 * own_promoted + bool(price) + bool(phone) + bool(emails)
        if score < self.threshold:
            return []
        if phrases:
            excerpt = phrases[0].excerpt(norm)
        elif own_promoted:
            excerpt = own
        elif links:
            excerpt = raw_excerpt(norm.raw, links[0], whole_word=False)
        else:
            excerpt = price or phone or emails[0]
        return [self.finding(excerpt, score=float(score))]
