"""Adversarial comment bodies for the moderation: inputs built to make regexes backtrack.

:func:`adversarial_inputs` yields ``(family, label, text)`` triples, every text as long as
the comment form accepts (``size``, default ``COMMENTS_MAX_LENGTH``). The families:

``nested-url``
    a link followed by many short segments ("http://example.com/" + "a/" × n) – the shape
    that made the excerpt regex exponential – and the same with other separators, with a
    character at the end that spoils the match, and as an e-mail address;
``run``
    one character repeated: letters, digits, separators, quotes, brackets, currency,
    umlauts, symbols, line breaks;
``alternation``
    a letter (or digit, leet character, umlaut) and a separator in turn ("a.a.a.", "a a ",
    "a_a_", "4-4-") – spaced letters, inner separators, number formats;
``near-miss``
    every entry of every word list (and the watched words, the threat and code triggers)
    almost matched, over and over: stretched letters, separators between letters, the
    last letter missing or stretched endlessly, written together without spaces;
``pattern``
    shapes aimed at the detailed patterns: amounts without currency, phone-number-like
    digit groups, addresses, copyright notices, quotation marks, "88"/"hh" codes, threat
    openings followed by one endless word;
``mix``
    random concatenations of pieces of all the above (seeded, reproducible).

The generator is deterministic; ``per_family`` caps the inputs of each family (evenly
spread over the family, so a cap keeps every kind of input represented).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from comments.moderation.criminal import TRIGGERS
from comments.moderation.normalize import WORDLIST_DIR, read_wordlist

DEFAULT_SIZE = 5000
SEPARATORS = " .-_*/|:,'~+@!()[]<>\"\n\t"
LETTERS = "aeEä0134@$ßжα"
RUN_CHARS = "aA0 .-_/*@$!|+'\"()<>[]€©\nä卐ß\u200b\u2009–„1"
WATCHED = ("Schwurbler", "Konkurrenzprodukt", "*wort", "=nutte")
FAMILIES = ("nested-url", "run", "alternation", "near-miss", "pattern", "mix")


def fill(piece: str, size: int) -> str:
    """``piece`` repeated up to exactly ``size`` characters."""
    if not piece:
        return ""
    return (piece * (size // len(piece) + 1))[:size]


def ended(head: str, body: str, tail: str, size: int) -> str:
    """``head`` + ``body`` repeated + ``tail``, ``size`` characters in all."""
    return head + fill(body, size - len(head) - len(tail)) + tail


def _nested_url(size: int) -> Iterator[tuple[str, str]]:
    heads = ("http://example.com/", "https://www.example.de/", "www.x.de/", "x.de/", "")
    bodies = ("a/", "a.", "a-", "a/a.", "ab/", "1/", "a/-", "ä/", "aa//", "a:/")
    for head in heads:
        for body in bodies:
            for tail in ("", "!", "ä", " x", "/"):
                yield f"{head}+{body}×n+{tail}", ended(head, body, tail, size)
    for shape in ("a.", "a-", "a+", "a_"):
        yield f"address {shape}×n@x", ended("", shape, "@x", size)
        yield f"address x@{shape}×n", ended("x@", shape, "", size)
        yield f"address {shape}×n(at)", ended("", shape, "(at)x.de", size)


def _runs(size: int) -> Iterator[tuple[str, str]]:
    for char in RUN_CHARS:
        yield f"{char!r}×n", fill(char, size)
    for char in "a0.":
        yield f"x + {char!r}×n + !", ended("x", char, "!", size)


def _alternations(size: int) -> Iterator[tuple[str, str]]:
    for letter in LETTERS:
        for sep in SEPARATORS:
            yield f"({letter!r}{sep!r})×n", fill(letter + sep, size)
    for pair in ("a b c ", "a.-b.-", "a  b  ", "a__b", "ab cd ", "a b_", "a - "):
        yield f"({pair!r})×n", fill(pair, size)


def _near_misses(word: str) -> list[str]:
    """Spellings of ``word`` that a matcher has to look at closely, or almost match."""
    core = word.strip("*=").strip()
    if len(core) < 2:
        return []
    stretched = "".join(c * 3 for c in core)
    return [
        core[:-1] + " ",
        " ".join(core) + " ",
        ".".join(core) + "_",
        stretched + " ",
        core + core[-1] * 40 + "x ",
        core.replace(" ", ""),
        core.upper() + "-",
    ]


def wordlist_entries() -> list[str]:
    entries = [e for path in sorted(WORDLIST_DIR.glob("*.txt")) for e in read_wordlist(path.stem)]
    entries += [entry.text for entry in TRIGGERS.entries]
    return list(dict.fromkeys(entries + list(WATCHED)))


def _near_miss(size: int) -> Iterator[tuple[str, str]]:
    for entry in wordlist_entries():
        for k, piece in enumerate(_near_misses(entry)):
            yield f"near-miss {entry!r} #{k}", fill(piece, size)


def _patterns(size: int) -> Iterator[tuple[str, str]]:
    shapes = {
        "amount without currency": ("", "1", " x"),
        "amount with separators": ("", "1.0,", " x"),
        "dots before an amount": ("", ".", "5 €"),
        "currency, then digits": ("€ ", "0", ""),
        "phone groups": ("+49 ", "12 ", "x"),
        "phone 00": ("", "00 ", ""),
        "phone 0 groups": ("(0", "1-", "x"),
        "tel": ("tel: ", "1 ", "/"),
        "tel repeated": ("", "tel 1  ", ""),
        "e-mail dots": ("a", ".b", "@"),
        "e-mail domain dots": ("a@", "b.", "c"),
        "(c) and spaces": ("(c)", " ", "x"),
        "quotation marks": ("", '"a ', ""),
        "88 codes": ("", "88 ", ""),
        "hh codes": ("", "hh ", ""),
        "1488": ("", "14 88 ", ""),
        "threat opening, endless word": ("ich bring dich ", "a", ""),
        "threat openings": ("", "ich wir man ", ""),
        "group, endless word": ("Asyl", "a", " anzünden"),
        "group then filler": ("Flüchtlinge sind ", "doch ", "Ungeziefer"),
        "addressee": ("du ", "dein", "!"),
        "capitals": ("", "ABC", "x"),
        "leet": ("", "4", "rsch"),
        "spaced with underscore": ("!a ", "b_", "c"),
        "inner separators": ("a", ".-", "b"),
        "sentence ends": ("", "a.", ""),
        "line breaks": ("", "a\n", ""),
        "lone letters": ("", "x ", "yy"),
    }
    for label, (head, body, tail) in shapes.items():
        yield label, ended(head, body, tail, size)


def _mix(size: int, count: int = 60, seed: int = 20120316) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    pieces = [text[:60] for _, text in _alternations(200)]
    pieces += [text[:80] for _, text in _nested_url(200)]
    pieces += [piece for entry in wordlist_entries()[::7] for piece in _near_misses(entry)]
    pieces += [text[:50] for _, text in _patterns(200)]
    for i in range(count):
        parts = []
        while sum(map(len, parts)) < size:
            parts.append(rng.choice(pieces))
        yield f"mix #{i}", "".join(parts)[:size]


_GENERATORS = {
    "nested-url": _nested_url,
    "run": _runs,
    "alternation": _alternations,
    "near-miss": _near_miss,
    "pattern": _patterns,
    "mix": _mix,
}


def adversarial_inputs(
    size: int = DEFAULT_SIZE, per_family: int | None = None, families=FAMILIES
) -> Iterator[tuple[str, str, str]]:
    """``(family, label, text)`` for every input (see module docstring)."""
    seen = set()
    for family in families:
        items = list({text: label for label, text in _GENERATORS[family](size)}.items())
        items = [(label, text) for text, label in items if text not in seen]
        seen.update(text for _, text in items)
        if per_family is not None and len(items) > per_family:
            step = len(items) / per_family
            items = [items[int(i * step)] for i in range(per_family)]
        for label, text in items:
            yield family, label, text
