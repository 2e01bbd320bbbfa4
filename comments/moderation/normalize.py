"""The one normaliser every rule shares.

A comment is normalised once (the result is cached per body string) and every rule reads
the view it needs from the resulting :class:`Normalized`:

``raw``
    the body as typed (for excerpts and symbols such as 卐).
``lower``
    NFKC, casefolded, letters spaced apart joined ("A r s c h" → "arsch"), umlauts folded
    to ``ae``/``oe``/``ue``, ``ß`` to ``ss``, accents and look-alike letters
    (Cyrillic/Greek) mapped to Latin, typographic quotes and dashes to ASCII, invisible
    characters removed. Punctuation, digits and double letters are kept
    (links, prices, number codes such as ``88``).
``words``
    ``lower`` with evasion undone, as words separated by spaces: separators inside words
    are dropped ("Idi.ot", "Arsch-loch" → "idiot", "arschloch"), leetspeak inside words
    is decoded ("4r5chl0ch"),
    sentence ends (. ! ? ;) become line breaks and all other punctuation becomes spaces.
    The string starts and ends with a space, so " word" finds a word start. Repeated
    letters ("Idiiioot") are *not* collapsed here: the word-list regexes tolerate them
    (see :mod:`.terms`), which keeps one costly pass out of every review.
``tokens``
    ``words.split()``.

Everything here is built from C-level string operations and a few regexes that start
with a character class (so the regex engine skips ahead quickly); the expensive steps
only run when a cheap probe says they are needed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

WORDLIST_DIR = Path(__file__).resolve().parent / "wordlists"


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Accented Latin letters → base letter (German umlauts handled separately below).
    for code in range(0xC0, 0x250):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii() and base.isalpha():
            table[code] = base.lower()
    table.update({ord("ä"): "ae", ord("ö"): "oe", ord("ü"): "ue", ord("ß"): "ss"})
    table.update({ord("æ"): "ae", ord("œ"): "oe", ord("ø"): "o", ord("ł"): "l"})
    # Look-alike letters from other scripts (after casefolding).
    lookalikes = {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
        "ј": "j", "ԁ": "d", "ɡ": "g", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k",
        "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    }  # fmt: skip
    table.update({ord(k): v for k, v in lookalikes.items()})
    table.update({ord(c): "'" for c in "’‘‚‛`´"})
    table.update({ord(c): '"' for c in "„“”‟«»‹›"})
    table.update({ord(c): "-" for c in "‐‑‒–—―−"})
    table.update({ord("…"): "...", ord("·"): ".", ord("•"): "*", ord("€"): "€"})
    for c in "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u034f":
        table[ord(c)] = ""
    for code in range(0x0300, 0x0370):  # combining marks left over after NFKC
        table[code] = ""
    for c in "\u00a0\u2002\u2003\u2009\u202f":
        table[ord(c)] = " "
    return table


FOLD_TABLE = _build_fold_table()

LEET_TABLE = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
     "!": "i", "|": "i", "+": "t"}
)  # fmt: skip

# Separators inside a word: "idi.ot", "arsch-loch", "sch'eisse". A run of separators is
# removed when a letter/digit stands on both sides of it; the run is matched by the regex
# of its first character (a literal the regex engine skips ahead to), see ``to_words``.
_SEP_CHARS = ".-_*'~"
_INNER_SEPS = tuple(
    (c, re.compile(re.escape(c) + rf"(?<=[a-z0-9@$]{re.escape(c)})[.\-_*'~]*(?=[a-z0-9@$])"))
    for c in _SEP_CHARS
)
# Three or more single characters separated by spaces or other separators: "a r s c h".
_C = r"(?:[^\W_]|[@$])"  # one letter or digit (any script) or a leet character
# Probe: two single characters in a row between spaces (starts with a literal: fast).
_SPACED_PROBE = re.compile(r" [\w@$][ .,]{1,3}[\w@$][ .,]")
_SPACED = re.compile(rf"(?<![\w@$])(?:{_C}[ \-_*./+~|:,]{{1,3}}){{2,}}{_C}(?![\w@$])")
_SPACED_SEP = re.compile(r"[ \-_*./+~|:,]+")
# A leetspeak character next to a letter ("4rsch", "id1ot", "a$$"); "!" only before one.
_LEET_PROBE = re.compile(r"[0134579@$+!|](?:(?<=[a-z][0134579@$+])|(?=[a-z]))")
# The same probe split by character: each starts with a literal the regex engine skips
# ahead to, and only the characters present in the text are tried (see ``_may_be_leet``).
_LEET_PROBES = tuple(
    (c, re.compile(re.escape(c) + rf"(?:(?<=[a-z]{re.escape(c)})|(?=[a-z]))")) for c in "0134579@$+"
) + tuple((c, re.compile(re.escape(c) + "(?=[a-z])")) for c in "!|")
_LEET_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0134579@$+!|")

# Sentence ends become line breaks, every other ASCII punctuation a space.
_PUNCT = str.maketrans(
    {c: ("\n" if c in ".!?;" else " ") for c in "".join(map(chr, range(33, 127)))
     if not c.isalnum()} | {"\t": " ", "\r": "\n"}
)  # fmt: skip
TOKEN_RE = re.compile(r"[a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


_ASCII_BYTES = bytes(range(128))


def _join_spaced_letters(text: str) -> str:
    if _SPACED_PROBE.search(text) is not None or _SPACED_PROBE.match(" " + text[:8]):
        text = _SPACED.sub(_join_spaced, text)
    return text


def fold(text: str) -> str:
    """The ``lower`` view: casefolded, umlauts/accents/look-alikes folded, ASCII quotes."""
    if text.isascii():
        return _join_spaced_letters(text.lower())
    text = unicodedata.normalize("NFKC", text)
    # ``text.casefold()``, faster: lower the ASCII letters on the UTF-8 bytes, then replace
    # each distinct non-ASCII character by its case folding (folded characters are stable
    # under case folding, so the replacements do not interfere).
    encoded = text.encode("utf-8", "surrogatepass")
    others = set(encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    text = encoded.lower().decode("utf-8", "surrogatepass")
    present = set()
    for char in others:
        folded = char.casefold()
        if folded != char:
            text = text.replace(char, folded)
            present.update(folded)
        else:
            present.add(char)
    text = _join_spaced_letters(text)
    if text.isascii():
        return text
    # Per-character folding table for the non-ASCII characters; every replacement is ASCII
    # (or the character itself).
    for char in sorted(present, reverse=True):  # widest first: the text narrows sooner
        replacement = FOLD_TABLE.get(ord(char))
        if replacement is not None and replacement != char and not char.isascii():
            text = text.replace(char, replacement)
    return text


def _join_spaced(match: re.Match) -> str:
    return _SPACED_SEP.sub("", match.group())


def _deleet(text: str) -> str:
    """Decode leetspeak in the words that contain a probe hit (rare, done in Python)."""
    pieces = []
    last = 0
    size = len(text)
    for match in _LEET_PROBE.finditer(text):
        pos = match.start()
        if pos < last:
            continue
        start, end = pos, pos + 1
        while start > 0 and text[start - 1] in _LEET_CHARS:
            start -= 1
        while end < size and text[end] in _LEET_CHARS:
            end += 1
        word = text[start:end]
        core = word.rstrip("!|+")  # a trailing "!" is punctuation, not an "i"
        if not any(c.isalpha() for c in core):
            continue
        pieces.append(text[last:start])
        pieces.append(core.translate(LEET_TABLE) + word[len(core) :])
        last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _may_be_leet(text: str) -> bool:
    """Same as ``_LEET_PROBE.search(text) is not None``."""
    return any(char in text and probe.search(text) is not None for char, probe in _LEET_PROBES)


def to_words(lower: str) -> str:
    """The ``words`` view of a ``lower`` string (see module docstring)."""
    text = lower
    if not text.isascii():
        text = _NON_ASCII.sub(" ", text)
    # Same as one regex over all separator characters: a run is only ever matched by the
    # regex of its first character, and removing it does not change any other run.
    for char, inner_sep in _INNER_SEPS:
        if char in text:
            text = inner_sep.sub("", text)
    if _may_be_leet(text):
        text = _deleet(text)
    text = text.translate(_PUNCT)
    if "\n" in text:
        text = text.replace("\n", " \n ")  # every word start is preceded by a space
    return " " + text + " "


def collapse(text: str) -> str:
    """Collapse repeated letters ("idiiioot" → "idiot"); used on short strings only."""
    return _REPEATS.sub(r"\1", text)


def normalize_text(text: str) -> str:
    """The words of ``text`` in matching form, single-spaced, repeats collapsed."""
    return collapse(" ".join(to_words(fold(text)).split()))


class Normalized:
    """All normalised views of one text, computed once."""

    __slots__ = ("raw", "lower", "words", "__dict__")

    def __init__(self, raw: str):
        self.raw = raw
        self.lower = fold(raw)
        self.words = to_words(self.lower)

    # The derived views below are computed on first access and then stored in the
    # instance ``__dict__`` (like ``functools.cached_property``, without its lock).
    def __getattr__(self, name: str):
        compute = _DERIVED.get(name)
        if compute is None:
            raise AttributeError(name)
        value = self.__dict__[name] = compute(self)
        return value

    tokens: list[str]  # ``words.split()``
    reversed_words: str  # ``words[::-1]``
    joined: str  # tokens separated by single spaces and framed by spaces (phrase lookups)


_DERIVED = {
    "tokens": lambda norm: norm.words.split(),
    "reversed_words": lambda norm: norm.words[::-1],
    "joined": lambda norm: " " + " ".join(norm.tokens) + " ",
}


@lru_cache(maxsize=64)
def normalized(text: str) -> Normalized:
    """Cached :class:`Normalized` for ``text``; every rule of one review shares it."""
    return Normalized(text)


@lru_cache(maxsize=16)
def normalized_context(text: str) -> Normalized:
    """Cached :class:`Normalized` for a text many reviews share (the article).

    Kept apart from :func:`normalized`, so that a stream of new comments does not evict
    the article (normalising a long article costs as much as reviewing many comments).
    """
    return Normalized(text)


# --- word lists --------------------------------------------------------------------------


def read_wordlist(name: str) -> list[str]:
    """Raw entries of ``wordlists/<name>.txt`` (stripped, comments and blanks removed)."""
    entries = []
    for line in (WORDLIST_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


# --- mapping a normalised match back to what the commenter typed -------------------------

_RAW_VARIANTS: dict[str, str] = {}
_LEET_SOURCES = {chr(k): v for k, v in LEET_TABLE.items()}


def _char_class(ch: str) -> str:
    if ch not in _RAW_VARIANTS:
        variants = {ch, ch.upper()}
        variants.update(k for k, v in _LEET_SOURCES.items() if v == ch)
        variants.update(chr(k) for k, v in FOLD_TABLE.items() if v == ch)
        if ch == "s":
            variants.update("ßẞ")
        _RAW_VARIANTS[ch] = "[" + "".join(re.escape(v) for v in sorted(variants)) + "]"
    return _RAW_VARIANTS[ch]


_DIGRAPHS = {"ae": "[äÄ]", "oe": "[öÖ]", "ue": "[üÜ]", "ss": "[ßẞ]"}
_RAW_SEP = r"[\W_]{0,3}"


@lru_cache(maxsize=512)
def _raw_regex(needle: str) -> re.Pattern:
    parts = []
    i = 0
    while i < len(needle):
        ch = needle[i]
        pair = needle[i : i + 2]
        if ch == " ":
            parts.append(r"[\W_]+")
            i += 1
            continue
        if pair in _DIGRAPHS:
            a, b = _char_class(pair[0]), _char_class(pair[1])
            parts.append(f"(?:{_DIGRAPHS[pair]}+|{a}+{_RAW_SEP}{b}+)")
            i += 2
        elif ch.isalnum():
            cls = _char_class(ch)
            parts.append(f"{cls}+(?:{_RAW_SEP}{cls}+)*")
            i += 1
        else:
            parts.append(re.escape(ch))
            i += 1
        if i < len(needle) and needle[i] != " ":
            parts.append(_RAW_SEP)
    return re.compile("".join(parts), re.IGNORECASE)


def raw_excerpt(raw: str, needle: str, whole_word: bool = True, limit: int = 80) -> str:
    """Find the normalised ``needle`` in ``raw`` and return it as typed.

    With ``whole_word`` the span is widened to the surrounding word, so a match on
    "idiot" shows the commenter's "Vollidiot". Falls back to ``needle`` itself.
    """
    needle = " ".join(needle.split())
    if not needle:
        return ""
    match = _raw_regex(needle).search(raw)
    if match is None:
        return needle[:limit]
    start, end = match.span()
    if whole_word:
        while start > 0 and raw[start - 1].isalnum():
            start -= 1
        while end < len(raw) and raw[end].isalnum():
            end += 1
    return raw[start:end].strip()[:limit]
