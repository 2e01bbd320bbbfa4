"""Mapping a normalised match back to what the commenter typed.

:func:`raw_excerpt` turns a needle from one of the normalised views ("vollidiot") into a
regex over the raw body that accepts every spelling the normaliser would have folded into
it: case, umlauts and ``ß``, accents, look-alike letters, leetspeak, repeated letters and
separators ("V0ll-Idiiiot").

Speed: the regex is a plain (case-sensitive) pattern whose character classes already
contain every case variant, because ``re.IGNORECASE`` keeps the regex engine from skipping
ahead to the characters the pattern can start with. Its first letter is followed by a
lookahead that checks the next two letters with simple character runs, so that the
expensive repetitions only run where the needle may really start.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
_SEP = r"[\W_]{0,3}"


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


def _elements(needle: str) -> list[tuple[str, str, str]]:
    """(pattern, first, body) per element of ``needle``: its regex, the class its first
    character is from and the class of all its characters (both without brackets)."""
    elements = []
    i = 0
    while i < len(needle):
        ch, pair = needle[i], needle[i : i + 2]
        if ch == " ":
            elements.append((r"[\W_]+", r"\W_", r"\W_"))
            i += 1
            continue
        if pair in _DIGRAPHS:
            a, b = _variants(pair[0]), _variants(pair[1])
            both = _with_case_variants(_DIGRAPHS[pair])
            elements.append((f"(?:[{both}]+|[{a}]+{_SEP}[{b}]+)", a + both, a + b + both))
            i += 2
        elif ch.isalnum():
            cls = _variants(ch)
            elements.append((f"[{cls}]+(?:{_SEP}[{cls}]+)*", cls, cls))
            i += 1
        else:
            cls = _with_case_variants(ch)
            elements.append((f"[{cls}]", cls, cls))
            i += 1
        if i < len(needle) and needle[i] != " ":
            elements.append((_SEP, "", ""))
    return elements


@lru_cache(maxsize=512)
def _raw_regex(needle: str) -> re.Pattern:
    elements = _elements(needle)
    pattern = "".join(p for p, _, _ in elements)
    letters = [(first, body) for _, first, body in elements if first]
    if needle[0].isalnum() and needle[:2] not in _DIGRAPHS and len(letters) > 1:
        # "[x]+(?:SEP[x]+)*" written as "[x](?=…)[x]*(?:SEP[x]+)*": the same matches, but
        # the lookahead rejects most places where only the first letter fits.
        first = letters[0][0]
        look = "".join(
            rf"[\W_{letters[k - 1][1]}]*?[{letters[k][0]}]" for k in range(1, min(3, len(letters)))
        )
        head = f"[{first}](?={look})[{first}]*(?:{_SEP}[{first}]+)*"
        pattern = head + pattern[len(elements[0][0]) :]
    return re.compile(pattern)


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
