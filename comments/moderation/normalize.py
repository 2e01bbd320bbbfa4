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

from core import linear

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
    (
        c,
        linear.compile(
            re.escape(c) + rf"(?<=[a-z0-9@$]{re.escape(c)})[.\-_*'~]*(?=[a-z0-9@$])",
            reason="the lookbehind lets an attempt start only at the first separator of a "
            "run behind a letter or digit, and the run is read once",
        ),
    )
    for c in _SEP_CHARS
)
# Three or more single characters separated by spaces or other separators: "a r s c h".
_C = r"(?:[^\W_]|[@$])"  # one letter or digit (any script) or a leet character
# Probe: two single characters in a row between spaces (starts with a literal: fast).
_SPACED_PROBE = linear.compile(r" [\w@$][ .,]{1,3}[\w@$][ .,]")
_SEP = r"[ \-_*./+~|:,]"
# The run from the first separator on, behind a single character (which stays where it is
# when the separators are removed): a regex starting with a character class lets the regex
# engine skip to the separators, instead of trying every position of the text.
_SPACED = linear.compile(
    rf"{_SEP}(?<![\w@$]..)(?<={_C}.)(?:{_SEP}{{0,2}}{_C})(?:{_SEP}{{1,3}}{_C})+(?![\w@$])",
    reason="the lookbehinds let an attempt start only at a separator behind a lone "
    "character; separators and characters alternate in one way only, so the run of spaced "
    "characters is read once and given back one character at a time; an attempt that "
    "fails after a long run needs '_' between its characters, which no later start in "
    "that run passes the lookbehind with",
)
_SPACED_SEP = linear.compile(r"[ \-_*./+~|:,]+")
# A leetspeak character next to a letter ("4rsch", "id1ot", "a$$"); "!" only before one.
_LEET_PROBE = linear.compile(r"[0134579@$+!|](?:(?<=[a-z][0134579@$+])|(?=[a-z]))")
# The same probe split by character: each starts with a literal the regex engine skips
# ahead to, and only the characters present in the text are tried (see ``_may_be_leet``).
_LEET_PROBES = tuple(
    (c, linear.compile(re.escape(c) + rf"(?:(?<=[a-z]{re.escape(c)})|(?=[a-z]))"))
    for c in "0134579@$+"
) + tuple((c, linear.compile(re.escape(c) + "(?=[a-z])")) for c in "!|")
_LEET_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0134579@$+!|")

# Sentence ends become line breaks, every other ASCII punctuation a space (a table for the
# ASCII bytes of the text: translating bytes is faster than translating a string).
_PUNCT = {c: ("\n" if c in ".!?;" else " ") for c in map(chr, range(33, 127)) if not c.isalnum()}
_PUNCT_BYTES = bytes.maketrans(
    "".join(_PUNCT).encode() + b"\t\r", "".join(_PUNCT.values()).encode() + b" \n"
)
TOKEN_RE = linear.compile(r"[a-z0-9]+")
_REPEATS = linear.compile(r"([a-z])\1+")
_NON_ASCII = linear.compile(r"[^\x00-\x7f]")


_ASCII_BYTES = bytes(range(128))
# Characters that NFKC leaves alone wherever they stand (quick check "yes", no combining
# class) in the blocks German comments use: a text of ASCII and these is already NFKC.
_NFKC_STABLE = frozenset(
    c
    for start, stop in ((0xA0, 0x250), (0x2010, 0x2060), (0x20A0, 0x20C0))
    for c in map(chr, range(start, stop))
    if unicodedata.normalize("NFKC", c) == c and not unicodedata.combining(c)
)


# A necessary condition for ``_SPACED_PROBE`` that holds before case folding too: a
# character that may be a letter, alone between separators. On the UTF-8 bytes, each such
# character becomes "a" (a multi-byte one by its first byte), each separator " ",
# everything else "x"; then a literal search does it (faster here than ``in``). Three- and
# four-byte characters ("–", "„") count as letters only if the text has such a letter.
def _probe_table(wide: bool) -> bytes:
    def mapped(b: int) -> int:
        if b < 0x80 and (chr(b).isalnum() or chr(b) in "_@$"):
            return ord("a")
        if 0xC0 <= b < (0x100 if wide else 0xE0):
            return ord("a")
        return ord(" ") if chr(b) in " .," else ord("x")

    return bytes(map(mapped, range(256)))


_PROBE_TABLES = (_probe_table(False), _probe_table(True))
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_LONE_LETTER = linear.compile(b" a ")


def _may_have_spaced_letters(encoded: bytes, others=()) -> bool:
    """False if ``_SPACED_PROBE`` cannot fire on the case-folded text of ``encoded``,
    whose non-ASCII characters are ``others``."""
    wide = any(ord(c) >= 0x800 and _letter_like(c) for c in others)
    mapped = b" " + encoded.translate(_PROBE_TABLES[wide], _CONTINUATION_BYTES)
    return _LONE_LETTER.search(mapped) is not None


@lru_cache(maxsize=4096)
def _letter_like(char: str) -> bool:
    return any(c.isalnum() or c in "_@$" for c in char + char.casefold())


def _join_spaced_letters(text: str) -> str:
    if _SPACED_PROBE.search(text) is not None or _SPACED_PROBE.match(" " + text[:8]):
        text = _SPACED.sub(_join_spaced, text)
    return text


@lru_cache(maxsize=4096)
def _folded_char(char: str) -> str:
    """What :func:`fold` makes of one non-ASCII character (outside spaced letters)."""
    return "".join(FOLD_TABLE.get(ord(c), c) if not c.isascii() else c for c in char.casefold())


def fold(text: str) -> str:
    """The ``lower`` view: casefolded, umlauts/accents/look-alikes folded, ASCII quotes."""
    if text.isascii():
        if not _may_have_spaced_letters(text.encode("ascii")):
            return text.lower()
        return _join_spaced_letters(text.lower())
    encoded = text.encode("utf-8", "surrogatepass")
    others = set(encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    if not others <= _NFKC_STABLE:
        text = unicodedata.normalize("NFKC", text)
        encoded = text.encode("utf-8", "surrogatepass")
        others = set(encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    # ``text.casefold()``, faster: lower the ASCII letters on the UTF-8 bytes, then replace
    # each distinct non-ASCII character (widest first: the text narrows sooner).
    lowered = encoded.lower()
    text = lowered.decode("utf-8", "surrogatepass")
    if not _may_have_spaced_letters(lowered, others):
        # Folding and case folding in one step per character (their order only matters
        # for joining spaced letters: "ß" is one letter, its folding "ss" two).
        for char in sorted(others, reverse=True):
            replacement = _folded_char(char)
            if replacement != char:
                text = text.replace(char, replacement)
        return text
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


def _join_spaced(match) -> str:
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
    encoded = text.encode("ascii").translate(_PUNCT_BYTES)
    if b"\n" in encoded:
        encoded = encoded.replace(b"\n", b" \n ")  # every word start is preceded by a space
    return " " + encoded.decode("ascii") + " "


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
    collapsed: str  # ``joined`` with repeated letters collapsed (as ``normalize_text``)


_DERIVED = {
    "tokens": lambda norm: norm.words.split(),
    "reversed_words": lambda norm: norm.words[::-1],
    "joined": lambda norm: " " + " ".join(norm.tokens) + " ",
    "collapsed": lambda norm: collapse(norm.joined),
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
