"""Mapping a normalised match back to what the commenter typed.

:func:`raw_excerpt` turns a needle from one of the normalised views ("vollidiot") into a
regex over the raw body that accepts every spelling the normaliser would have folded into
it: case, umlauts and ``ß``, accents, look-alike letters, leetspeak, repeated letters and
separators ("V0ll-Idiiiot").

The regex is ambiguous by nature: a separator between two "a" may belong to a stretched
letter ("a-a") or stand between two letters of the needle, and a backtracking engine tries
every way to split such a run – exponential in its length ("http://example.com/" and "a/"
repeated 40 times kept a worker busy for more than 30 s). So it runs in RE2 (see
:mod:`core.linear`), whose time is linear in the text whatever the pattern. Its character
classes already contain every case variant, so no case-insensitive flag is needed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from core import linear

from .normalize import FOLD_TABLE, LEET_TABLE

_LEET_SOURCES = {chr(k): v for k, v in LEET_TABLE.items()}
# The scripts whose letters (and look-alikes) the normaliser folds; case variants of the
# characters in a class are taken from these ranges.
_CASED_RANGES = (
    (0x0000, 0x0530),  # Latin, IPA, combining marks, Greek, Cyrillic
    (0x1C80, 0x1C90),  # Cyrillic Extended-C
    (0x1D00, 0x2000),  # phonetic extensions, Latin and Greek Extended
    (0x2100, 0x2150),  # letterlike symbols (Kelvin sign, Ångström sign)
    (0xA640, 0xA800),  # Cyrillic Extended-B, Latin Extended-D
)
_DIGRAPHS = {"ae": "äÄ", "oe": "öÖ", "ue": "üÜ", "ss": "ßẞ"}
# A separator is any character but a letter or digit (Python's ``[\W_]``). In RE2 such a
# Unicode class compiles to ~1,300 instructions, and the pattern has one after every
# letter; so it runs over a view of the text in which every other non-ASCII separator is
# "\x00" (same length, same positions), and a separator is an ASCII one, "\x00" or one
# of the needle's own non-ASCII symbols.
_ASCII_SEPARATORS = r"\x00-/:-@\[-`{-\x7f"
# Longer needles are cut (the regex, and the time to compile it, grows with the needle):
# an excerpt shows at most ``limit`` characters from the start of the match, and 2 ×
# ``limit`` normalised characters still span them (a normalised character stands for a
# typed one, or for half of "ä" or "ß"; only ligatures such as "…" expand further).
_NEEDLE_PER_LIMIT = 2
# Each distinct needle costs a regex compile (~0.3 ms): a comment with hundreds of
# different hits ("aidiot bidiot cidiot …") cost 1.8 s before RE2, and would still cost
# a few hundred ms. Past this many distinct needles in one text, the excerpt is the
# normalised needle itself, as when a needle is not found.
MAX_NEEDLES_PER_TEXT = 16


@lru_cache(maxsize=1)
def _case_partners() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Characters by their lower-case and by their upper-case form."""
    by_lower: dict[str, set[str]] = {}
    by_upper: dict[str, set[str]] = {}
    for start, stop in _CASED_RANGES:
        for code in range(start, stop):
            char = chr(code)
            by_lower.setdefault(char.lower(), set()).add(char)
            by_upper.setdefault(char.upper(), set()).add(char)
    return by_lower, by_upper


def _with_case_variants(chars) -> str:
    """The characters ``re.IGNORECASE`` would let ``[chars]`` match, escaped for a class."""
    by_lower, by_upper = _case_partners()
    found = set(chars)
    for char in chars:
        found |= by_lower.get(char.lower(), set()) | by_upper.get(char.upper(), set())
    return "".join(re.escape(char) for char in sorted(found))


@lru_cache(maxsize=64)
def _variants(ch: str) -> str:
    """Everything the normaliser turns into the letter or digit ``ch``, for a class."""
    chars = {ch}
    chars.update(k for k, v in _LEET_SOURCES.items() if v == ch)
    chars.update(chr(k) for k, v in FOLD_TABLE.items() if v == ch)
    if ch == "s":
        chars.update("ßẞ")
    return _with_case_variants(chars)


def _elements(needle: str, separators: str) -> list[str]:
    """The regex of each element of ``needle`` (a letter, a digraph, a space, a symbol)."""
    sep = f"[{separators}]{{0,3}}"
    elements = []
    i = 0
    while i < len(needle):
        ch, pair = needle[i], needle[i : i + 2]
        if ch == " ":
            elements.append(f"[{separators}]+")
            i += 1
            continue
        if pair in _DIGRAPHS:
            a, b = _variants(pair[0]), _variants(pair[1])
            both = _with_case_variants(_DIGRAPHS[pair])
            elements.append(f"(?:[{both}]+|[{a}]+{sep}[{b}]+)")
            i += 2
        elif ch.isalnum():
            # A letter typed k times, each as often as the commenter likes, with up to
            # three separators between any two: x (SEP x){k-1} (SEP x)*. Written this
            # way rather than as k copies of x+(SEP x+)*, RE2 keeps few states for a long
            # run of the letter (same matches).
            k = 1
            while needle[i + k : i + k + 1] == ch and needle[i + k : i + k + 2] not in _DIGRAPHS:
                k += 1
            cls = _variants(ch)
            more = f"(?:{sep}[{cls}]){{{k - 1}}}" if k > 1 else ""
            elements.append(f"[{cls}]{more}(?:{sep}[{cls}])*")
            i += k
        else:
            elements.append(f"[{_with_case_variants(ch)}]")
            i += 1
        if i < len(needle) and needle[i] != " ":
            elements.append(sep)
    return elements


@lru_cache(maxsize=512)
def _raw_regex(needle: str):
    """The regex for ``needle`` and the non-ASCII symbols the text's view must keep."""
    symbols = frozenset(c for c in needle if not c.isascii() and not c.isalnum())
    separators = _ASCII_SEPARATORS + "".join(re.escape(c) for c in sorted(symbols))
    # Written in RE2's syntax (the classes hold only escaped characters and ranges).
    return linear.compile_re2("".join(_elements(needle, separators))), symbols


def _view(raw: str, symbols: frozenset) -> str:
    """``raw`` with every non-ASCII separator but ``symbols`` replaced by "\x00"."""
    if raw.isascii():
        return raw
    encoded = raw.encode("utf-8", "surrogatepass")
    others = set(encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    table = {ord(c): "\x00" for c in others if not c.isalnum() and c not in symbols}
    return raw.translate(table) if table else raw


_ASCII_BYTES = bytes(range(128))


@lru_cache(maxsize=64)
def _needles_seen(raw: str) -> set[str]:
    """The needles looked up in ``raw`` so far (a set per text, filled by the caller)."""
    return set()


# A comment full of one insult has one excerpt per hit, all the same: each is found once.
@lru_cache(maxsize=256)
def raw_excerpt(raw: str, needle: str, whole_word: bool = True, limit: int = 80) -> str:
    """Find the normalised ``needle`` in ``raw`` and return it as typed.

    With ``whole_word`` the span is widened to the surrounding word, so a match on
    "idiot" shows the commenter's "Vollidiot". Falls back to ``needle`` itself.
    """
    needle = " ".join(needle.split())
    if not needle:
        return ""
    key = needle[: _NEEDLE_PER_LIMIT * limit]
    seen = _needles_seen(raw)
    if key not in seen:
        if len(seen) >= MAX_NEEDLES_PER_TEXT:
            return needle[:limit]
        seen.add(key)
    regex, symbols = _raw_regex(key)
    match = regex.search(_view(raw, symbols))
    if match is None:
        return needle[:limit]
    start, end = match.span()
    if whole_word:
        while start > 0 and raw[start - 1].isalnum():
            start -= 1
        while end < len(raw) and raw[end].isalnum():
            end += 1
    return raw[start:end].strip()[:limit]
