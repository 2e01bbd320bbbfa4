"""Guideline: „Ebenfalls nicht erlaubt ist der Missbrauch der Webangebote als
Werbeplattform. Die Nennung von Produktnamen, Herstellern, Dienstleistern und Websites
ist nur dann zulässig, wenn damit nicht vorrangig der Zweck der Werbung verfolgt wird.“

Naming a product, company or website is fine, so no single signal decides: a small scoring
model adds up points for the signals of a comment and holds it for a moderator (default action
"hold") when the sum reaches ``COMMENTS_ADVERTISING_THRESHOLD`` (4). The points are named
weights in ``COMMENTS_ADVERTISING_WEIGHTS`` (defaults in :mod:`comments.conf`; a project's own
dict is merged over them):

==================  ======  ===============================================================
signal              points  what counts
==================  ======  ===============================================================
link                1       each link (``http…``, ``www.…``, ``name.de``) to an ordinary site
reference_link      0       … to a public institution, university, statistics office,
                            encyclopedia (``wordlists/advertising_reference_sites.txt``)
commercial_link     2       … to a shop or landing page (domain or path with "agentur",
                            "shop", "termin", "anmeldung", "trial" …,
                            ``advertising_commercial_sites.txt``), or any link in a comment
                            that promotes the commenter's own business
many_links          4       three or more links that are not references
bare_links          4       links with fewer than five words of the commenter's own
own_website         2       the commenter's website (the form's field) named in the text
                            (instead of its link's points)
self_promotion      2       the commenter's business: "unser Tool", "unserem Whitepaper",
                            "meinem Blog", "Wir sind eine … Agentur", "Als Agentur …",
                            "Wir helfen Ihnen …"
                            (``advertising_products.txt``)
call_to_action      3       each distinct commercial call: "jetzt buchen", "kostenlos
                            herunterladen", "Termin vereinbaren", "Rufen Sie uns an",
                            "Buchen Sie …" (``advertising_calls.txt``,
                            ``advertising_imperatives.txt``)
promo_phrase        2       each distinct promotional phrase: "Rabatt", "nur heute",
                            "Startbonus" (``advertising_phrases.txt``)
free_offer          1       "kostenlos", "gratis"
price               1       an amount of money ("49 €", "EUR 99,–")
coupon              4       a coupon code: "Code GEGENVERKEHR20", "Rabattcode SOCIAL15"
phone               1       a phone number …
phone_call          2       … with "Telefon", "Tel.", "Kontakt", "anrufen" (instead)
email               1       an e-mail address
==================  ======  ===============================================================

So a single link to a study or a public body (0 or 1) publishes, as does a company's page
named in an on-topic comment (1), a price in a discussion of costs (1) or "kostenlos" (1);
an agency's landing page with a call to action (2 + 3), a coupon code (4), a price with
"Jetzt bestellen!" (1 + 3) or a phone number with "Rufen Sie uns an" (2 + 3) are held. A
comment's points and signals are kept on the finding (``score``) for the moderator.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from comments.conf import comments_settings
from core import linear

from .base import Draft, Finding, ReviewContext, Rule
from .excerpt import raw_excerpt
from .normalize import TOKEN_RE, Normalized, normalized, read_wordlist
from .phrases import PhraseList, WordSet, sentences_with, vocabulary, words_of
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
    r"|(?<![\d.,])\(?0\d{2,5}\)?[\s/-]{0,3}\d{3,}(?:[\s-]?\d+)*"
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


CALLS = PhraseList.from_files("advertising_calls", gap=2)
IMPERATIVES = PhraseList.from_files("advertising_imperatives", gap=0)
PRODUCTS = WordSet.from_files("advertising_products")
_FREE = WordSet(["kostenlos", "gratis", "gebuehrenfrei"])
_POSSESSIVES = words_of(
    "unser unsere unserem unseren unserer unseres mein meine meinem meinen meiner meines"
)
# "Wir sind eine … Agentur", "Wir von der B2B-Agentur", "Als Agentur können wir …"
_BUSINESS = WordSet(["*agentur", "*agency", "*beratung", "*consulting", "*dienstleister"])
_WE_ARE = words_of("sind von")
# "Wir helfen Ihnen …", "Wir beraten Unternehmen …": a business speaking to its customers.
_WE_SERVE = words_of("bieten helfen unterstuetzen beraten begleiten uebernehmen entwickeln")
_CUSTOMERS = words_of("ihnen ihr ihre ihren ihrem unternehmen firmen kunden sie")
_PHONE_WORDS = words_of(
    "telefon telefonisch tel anrufen anruf rufen ruf ruft hotline kontakt whatsapp durchwahl"
)
_COUPON_WORDS = ("code", "gutschein", "rabatt", "promo", "coupon", "voucher")
SELF_REACH = 3  # words between "unser"/"mein" and the product ("unserer kostenlosen Case Study")


def _sites(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Domain suffixes, whole domains and domain-part prefixes of a site list."""
    entries = [e.lower() for e in read_wordlist(name)]
    suffixes = tuple(e for e in entries if e.startswith("."))
    prefixes = tuple(e for e in entries if e.endswith("-"))
    domains = tuple(e for e in entries if e not in suffixes and e not in prefixes)
    return suffixes, domains, prefixes


_REFERENCE = _sites("advertising_reference_sites")
_COMMERCIAL = tuple(e.lower() for e in read_wordlist("advertising_commercial_sites"))


def is_reference(domain: str) -> bool:
    """A public institution, university, statistics office, encyclopedia …"""
    suffixes, domains, prefixes = _REFERENCE
    if domain.endswith(suffixes) or any(domain == d or domain.endswith("." + d) for d in domains):
        return True
    return any(part.startswith(prefixes) for part in domain.split("."))


def is_commercial(url: str) -> bool:
    """A shop or landing page: a telling word in the domain or the path."""
    url = url.lower()
    return any(word in url for word in _COMMERCIAL)


def _coupon(raw: str) -> str:
    """A coupon code as typed ("GEGENVERKEHR20") after a coupon word, or ""."""
    tokens = raw.split()
    for i, token in enumerate(tokens):
        if not any(word in token.lower() for word in _COUPON_WORDS):
            continue
        for candidate in tokens[i + 1 : i + 4]:
            code = candidate.strip(".,;:!?\"'()„“”»«")
            if (
                len(code) >= 4
                and code.isalnum()
                and code.upper() == code
                and any(c.isdigit() for c in code)
                and any(c.isalpha() for c in code)
            ):
                return code
    return ""


def _self_promotion(norm: Normalized, words: frozenset[str]) -> str:
    """The words that promote the commenter's own business, as normalised text, or ""."""
    if "wir" in words and not words.isdisjoint(_WE_SERVE):
        for sentence in sentences_with(norm, frozenset({"wir"})):
            keys = sentence.keys
            for k in range(len(keys) - 2):
                if keys[k] == "wir" and keys[k + 1] in _WE_SERVE and keys[k + 2] in _CUSTOMERS:
                    return sentence.span(k, k + 2)
    products = PRODUCTS.present(words)
    business = _BUSINESS.present(words)
    if not (products or business):
        return ""
    for sentence in sentences_with(norm, products | business):
        keys = sentence.keys
        for j, token in enumerate(keys):
            if token in products:
                for k in range(max(0, j - SELF_REACH), j):
                    if keys[k] in _POSSESSIVES:
                        return sentence.span(k, j)
            if token in business:
                if j and keys[j - 1] == "als":
                    return sentence.span(j - 1, j)
                for k in range(max(0, j - 6), j - 1):
                    if keys[k] == "wir" and keys[k + 1] in _WE_ARE:
                        return sentence.span(k, j)
    return ""


def _calls(norm: Normalized, words: frozenset[str]) -> list[str]:
    """The distinct calls to action, as normalised text (overlapping ones count once:
    "hier kostenlos herunterladen")."""
    found: dict[str, str] = {}
    for phrases in (CALLS.active(words), IMPERATIVES.active(words)):
        if not phrases:
            continue
        for sentence in sentences_with(norm, phrases.anchors):
            taken: set[int] = set()
            for hit in phrases.hits(sentence):
                span = range(hit.start, hit.end + 1)
                if taken.isdisjoint(span):
                    taken.update(span)
                    found.setdefault(hit.phrase.text, sentence.span(hit.start, hit.end))
    return list(dict.fromkeys(found.values()))


def weights() -> dict[str, int]:
    """The configured points per signal, merged over the defaults."""
    defaults = comments_settings.DEFAULTS["COMMENTS_ADVERTISING_WEIGHTS"]
    configured = comments_settings.COMMENTS_ADVERTISING_WEIGHTS
    return defaults if configured is defaults else {**defaults, **configured}


class AdvertisingRule(Rule):
    code = "werbung"
    label = "Werbung"
    message = (
        "Produkte, Firmen und Websites zu nennen ist in Ordnung, solange es nicht "
        "vorrangig um Werbung geht. Bitte verzichte auf Werbebotschaften und Linksammlungen"
    )

    def __init__(self, threshold: int | None = None, max_links: int = 3, min_own_words: int = 5):
        self._threshold = threshold
        self.max_links = max_links
        self.min_own_words = min_own_words

    @property
    def threshold(self) -> int:
        if self._threshold is not None:
            return self._threshold
        return comments_settings.COMMENTS_ADVERTISING_THRESHOLD

    def signals(self, draft: Draft) -> tuple[dict[str, int], list[str]]:
        """Points per signal of ``draft`` (signals without points left out) and the
        excerpts that show them, the strongest first."""
        norm = normalized(draft.body)
        lower = norm.lower
        points = weights()
        phrases = PHRASES.hits(norm)
        words = vocabulary(norm)
        calls = _calls(norm, words)
        # Most comments have no link, address, price or phone number: cheap probes decide.
        chunks = lower.split() if _may_link(lower) else []
        links = _links(chunks)
        emails = find_emails(lower)
        zeros = _zeros(lower)
        price = first_price(lower) if _PRICE_PROBE.search(zeros) else ""
        phone = first_phone(lower) if _phone_probe(zeros) else ""
        free = _FREE.present(words)
        coupon = _coupon(draft.body) if any(w in lower for w in _COUPON_WORDS) else ""
        if not (links or emails or phrases or price or phone or calls or free or coupon):
            return {}, []
        promotion = _self_promotion(norm, words)

        found: dict[str, int] = {}
        shown: list[tuple[int, str]] = []

        def add(signal: str, excerpt: str = "", times: int = 1) -> None:
            value = points.get(signal, 0) * times
            if value:
                found[signal] = found.get(signal, 0) + value
                if excerpt:
                    shown.append((value, excerpt))

        own = _domain(draft.website)
        ordinary = []
        for link in links:
            domain = _domain(link)
            if own and domain == own:
                continue
            if is_reference(domain):
                add("reference_link")
            elif promotion or is_commercial(link):
                ordinary.append(link)
                add("commercial_link", raw_excerpt(norm.raw, link, whole_word=False))
            else:
                ordinary.append(link)
                add("link", raw_excerpt(norm.raw, link, whole_word=False))
        if len(ordinary) >= self.max_links:
            add("many_links")
        elif ordinary and _count_own_words(chunks, self.min_own_words) < self.min_own_words:
            add("bare_links")
        if own and own in lower:
            add("own_website", own)
        if promotion:
            add("self_promotion", raw_excerpt(norm.raw, promotion, whole_word=True))
        for call in calls:
            add("call_to_action", raw_excerpt(norm.raw, call, whole_word=True))
        for key in dict.fromkeys(hit.entry.key for hit in phrases):
            hit = next(h for h in phrases if h.entry.key == key)
            add("promo_phrase", hit.excerpt(norm))
        if free:
            add("free_offer")
        if price:
            add("price", price)
        if coupon:
            add("coupon", coupon)
        if phone:
            add("phone_call" if not words.isdisjoint(_PHONE_WORDS) else "phone", phone)
        if emails:
            add("email", emails[0])
        shown.sort(key=lambda item: -item[0])  # stable: text order among equals
        return found, [excerpt for _, excerpt in shown]

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        found, excerpts = self.signals(draft)
        score = sum(found.values())
        if score < self.threshold:
            return []
        return [self.finding(excerpts[0] if excerpts else "", score=float(score))]
