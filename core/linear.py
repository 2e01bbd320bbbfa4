r"""Regular expressions over reader text, in time linear in the text.

Every pattern that runs over text a reader typed (or over HTML made from it) is compiled
by :func:`compile`; ``tests/moderation/test_linear.py`` fails if a module in ``comments/``,
``blog/`` or ``core/`` compiles or runs a pattern past it. A pattern is written in Python's
syntax and means what it means to Python's ``re``. :func:`compile` parses it and sorts it
into one of these classes, each linear in the text for its own reason:

*bounded*
    No unbounded repetition (``*``, ``+``, ``{n,}``) anywhere, lookarounds included, and
    few ways to match: one match attempt costs at most a constant, so a search costs at
    most that constant times the length of the text. Python's ``re`` runs these (fast for
    the short probes, and it has the lookarounds they use).
*run*
    A bounded start followed by one greedy run of a single character class at the very
    end (``[a-z0-9]+``, ``@\w+``, ``\w+|[^\w\s]``), or ``(x)\1+``: an attempt fails
    within the bounded part or matches the whole run, which the next search starts
    behind. Python's ``re`` runs these too.
*automaton*
    Everything else that RE2 (``google-re2``) can express runs in RE2, which simulates an
    automaton instead of backtracking: linear in the text for every pattern. It is
    translated to RE2's syntax with Python's meaning: ``\w``, ``\d`` and ``\s`` become the
    Unicode classes Python uses (RE2's own are ASCII-only), ``\Z`` becomes ``\z``. Both
    engines return the leftmost match and prefer alternatives and repetitions in the same
    order, so spans and groups agree (the tests compare them on the test corpora).
*argued*
    A pattern that is not bounded and that RE2 cannot run (lookarounds, Unicode ``\b``,
    Python's ``$``), or that runs too often to pay RE2's per-match cost in Python, comes
    with ``reason=``: why backtracking stays linear on it (typically: a lookbehind pins
    every attempt to the start of a word or run, and each repetition reads that run once).
    Python's ``re`` runs it. These are the only places where linearity rests on an
    argument; the tests time each of them on generated adversarial inputs of growing
    length and fail on super-linear growth.

Anything else raises :class:`LinearPatternError` when the module defining it is imported.

``ENGINE = "re"`` set before the rule modules are imported compiles every pattern with
``re``: only for the benchmark's side-by-side figures (``bench/moderation.py --engine
re``), since it gives the guarantee up.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as sre
from re import _parser

import re2

__all__ = [
    "LinearPatternError",
    "classify",
    "compile",
    "compile_re2",
    "compiled",
    "spans",
    "to_re2",
]

ENGINE = "re2"
# A bounded pattern may try at most this many (ways × characters) per start position.
MAX_ATTEMPT_COST = 100_000
# A backreference in a bounded pattern repeats a group of at most this many characters
# (the analysis does not follow group numbers; no pattern here uses one in a bounded way).
_MAX_GROUP_WIDTH = 1_000

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False
# The word-list trees compile to programs of ~40,000 instructions; RE2's default budget
# (8 MiB) would make it fall back from its DFA to its slower (still linear) NFA.
_RE2_OPTIONS.max_mem = 64 << 20
_RE2_BYTES_OPTIONS = re2.Options()
_RE2_BYTES_OPTIONS.log_errors = False
_RE2_BYTES_OPTIONS.encoding = re2.Options.Encoding.LATIN1

# Python's classes for str, in RE2 syntax (same characters for every code point Python's
# Unicode database assigns; tested).
_WORD = r"\pL\pN_"
_DIGIT = r"\p{Nd}"
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
_SPACE += r"\x{202f}\x{205f}\x{3000}"
# … and for bytes (ASCII).
_BYTES_CLASSES = {"w": "0-9A-Za-z_", "d": "0-9", "s": r"\t\n\x0b\x0c\r "}
_STR_CLASSES = {"w": _WORD, "d": _DIGIT, "s": _SPACE}
_CATEGORIES = {
    sre.CATEGORY_WORD: ("w", False),
    sre.CATEGORY_NOT_WORD: ("w", True),
    sre.CATEGORY_DIGIT: ("d", False),
    sre.CATEGORY_NOT_DIGIT: ("d", True),
    sre.CATEGORY_SPACE: ("s", False),
    sre.CATEGORY_NOT_SPACE: ("s", True),
}
_NEEDS_BACKTRACKING = {
    sre.ASSERT: "a lookaround",
    sre.ASSERT_NOT: "a lookaround",
    sre.GROUPREF: "a backreference",
    sre.GROUPREF_EXISTS: "a conditional group",
    sre.ATOMIC_GROUP: "an atomic group",
    sre.POSSESSIVE_REPEAT: "a possessive repetition",
}


class LinearPatternError(ValueError):
    """The pattern could take more than linear time, or RE2 cannot express it."""


# (pattern, flags) → (class, reason) of every pattern compiled so far, for the tests.
_COMPILED: dict[tuple, tuple[str, str]] = {}


def compile(pattern: str | bytes, flags: int = 0, *, reason: str = ""):  # noqa: A001
    """``pattern`` compiled by an engine that runs it in linear time (see module doc).

    ``reason`` says why backtracking stays linear on an unbounded pattern that is to run
    in Python's ``re`` (the *argued* class); a bounded or run pattern must not have one.
    """
    return _compile(pattern, flags, reason, ENGINE)


@lru_cache(maxsize=512)
def _compile(pattern, flags, reason, engine):
    if engine == "re":
        return re.compile(pattern, flags)
    kind, translated = _classify(pattern, flags, reason)
    _COMPILED[(pattern, flags)] = (kind, reason)
    if kind != "automaton":
        return re.compile(pattern, flags)
    options = _RE2_BYTES_OPTIONS if isinstance(pattern, bytes) else _RE2_OPTIONS
    return re2.compile(translated, options)


def compile_re2(pattern: str):
    """A pattern written in RE2's own syntax (generated ones), run by RE2: linear in the
    text whatever it is. Python's parser is not asked: for a long generated pattern it
    takes longer than RE2's compiler."""
    return _compile_re2(pattern, ENGINE)


@lru_cache(maxsize=512)
def _compile_re2(pattern, engine):
    _COMPILED[(pattern, 0)] = ("automaton", "")  # also valid Python: the tests compare both
    if engine == "re":
        return re.compile(pattern)
    return re2.compile(pattern, _RE2_OPTIONS)


def spans(regex, text: str):
    """``(start, end)`` of each match of ``regex`` (from :func:`compile`) in ``text``.

    An ASCII text goes to RE2 as bytes, whose offsets are then its character offsets: the
    RE2 wrapper need not convert offsets, which makes a scan with many matches 3× faster.
    """
    if not isinstance(regex, re.Pattern) and text.isascii():
        return (match.span() for match in regex.finditer(text.encode("ascii")))
    return (match.span() for match in regex.finditer(text))


def classify(pattern: str | bytes, flags: int = 0, reason: str = "") -> str:
    """The class of ``pattern``: "bounded", "run", "automaton" or "argued".

    Raises :class:`LinearPatternError` for a pattern that is none of these."""
    return _classify(pattern, flags, reason)[0]


def compiled() -> dict[tuple, tuple[str, str]]:
    """(pattern, flags) → (class, reason) of every pattern :func:`compile` has seen."""
    return dict(_COMPILED)


def to_re2(pattern: str | bytes, flags: int = 0) -> str | bytes:
    """``pattern`` in RE2's syntax, with Python's meaning; raises if that cannot be done."""
    return _Translator(_parser.parse(pattern, flags), isinstance(pattern, bytes)).pattern()


def _classify(pattern, flags, reason=""):
    """(class, the RE2 translation of an *automaton* pattern or None)."""
    tree = _parser.parse(pattern, flags)
    translated = None
    if _bounded_cost(tree) <= MAX_ATTEMPT_COST:
        kind = "bounded"
    elif _is_run(tree):
        kind = "run"
    else:
        kind = "automaton"
        try:
            translated = _Translator(tree, isinstance(pattern, bytes)).pattern()
        except LinearPatternError as refusal:
            if not reason:
                raise LinearPatternError(f"{refusal}: {pattern!r}") from None
    if reason and kind != "automaton":
        raise LinearPatternError(f"{kind} pattern needs no reason: {pattern!r}")
    if reason:
        return "argued", None
    return kind, translated


def _bounded_cost(items) -> float:
    """Ways × width of one match attempt, or infinity if a repetition is unbounded."""
    if _ways(items) == float("inf"):
        return float("inf")
    return _ways(items) * (1 + _width(items))


def _width(items) -> int:
    """The characters a match of ``items`` (with its lookarounds) may read, if bounded."""
    high = 0
    for op, av in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            high += av[1] * _width(av[2])
        elif op is sre.SUBPATTERN:
            high += _width(av[3])
        elif op is sre.BRANCH:
            high += max(_width(branch) for branch in av[1])
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            high += _width(av[1])
        elif op is sre.ATOMIC_GROUP:
            high += _width(av)
        elif op is sre.GROUPREF_EXISTS:
            high += max(_width(av[1]), _width(av[2]) if av[2] else 0)
        elif op is sre.GROUPREF:
            high += _MAX_GROUP_WIDTH
        elif op is not sre.AT:
            high += 1
    return high


def _ways(items) -> float:
    """An upper bound on the paths a backtracking engine can try through ``items``."""
    total = 1.0
    for op, av in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, item = av
            if high >= sre.MAXREPEAT:
                return float("inf")
            inner = _ways(item)
            total *= sum(inner**k for k in range(low, high + 1))
        elif op is sre.BRANCH:
            total *= sum(_ways(branch) for branch in av[1])
        elif op is sre.SUBPATTERN:
            total *= _ways(av[3])
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            total *= _ways(av[1])
        elif op is sre.ATOMIC_GROUP:
            total *= _ways(av)
        elif op is sre.GROUPREF_EXISTS:
            total *= _ways(av[1]) + (_ways(av[2]) if av[2] else 1)
        if total > MAX_ATTEMPT_COST:
            return float("inf")
    return total


def _is_run(items) -> bool:
    """A bounded start and one greedy single-class run at the end, ``(x)\\1{n,}``, or
    alternatives that are each bounded or such a run."""
    if len(items) == 1 and items[0][0] is sre.BRANCH:
        return all(
            _is_run(branch) or _bounded_cost(branch) <= MAX_ATTEMPT_COST
            for branch in items[0][1][1]
        )
    if len(items) == 1 and items[0][0] is sre.SUBPATTERN:
        return _is_run(items[0][1][3])
    if not items:
        return False
    *start, (op, av) = list(items)
    if op is not sre.MAX_REPEAT or not _single_character(av[2]):
        return False
    if list(av[2]) and av[2][0][0] is sre.GROUPREF:  # (x)\1{n,}
        return (
            len(start) == 1
            and start[0][0] is sre.SUBPATTERN
            and _single_character(start[0][1][3])
            and av[2][0][1] == start[0][1][0]
        )
    return _bounded_cost(start) <= MAX_ATTEMPT_COST


def _single_character(items) -> bool:
    return len(items) == 1 and items[0][0] in (
        sre.LITERAL,
        sre.NOT_LITERAL,
        sre.IN,
        sre.ANY,
        sre.CATEGORY,
        sre.GROUPREF,
    )


class _Translator:
    """A parsed Python pattern written out in RE2's syntax, with Python's meaning."""

    def __init__(self, tree, is_bytes: bool):
        self.tree = tree
        self.flags = tree.state.flags
        self.classes = _BYTES_CLASSES if is_bytes else _STR_CLASSES
        self.is_bytes = is_bytes

    def pattern(self) -> str | bytes:
        prefix = ""
        # ASCII case folding is spelt out: RE2's (?i) would also fold "K" (Kelvin) to "k".
        self.ascii_case = bool(self.flags & re.IGNORECASE) and (
            self.is_bytes or bool(self.flags & re.ASCII)
        )
        if self.flags & re.IGNORECASE and not self.ascii_case:
            prefix += "(?i)"
        if self.flags & re.DOTALL:
            prefix += "(?s)"
        text = prefix + self.items(self.tree)
        return text.encode("latin-1") if self.is_bytes else text

    def items(self, items) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def item(self, op, av) -> str:
        if op in _NEEDS_BACKTRACKING:
            raise LinearPatternError(
                f"unbounded and uses {_NEEDS_BACKTRACKING[op]}: bound its repetitions "
                "or rewrite it without"
            )
        if op is sre.LITERAL:
            return self.char_class([(op, av)]) if self.ascii_case else self.char(av)
        if op is sre.NOT_LITERAL:
            return self.char_class([(sre.NEGATE, None), (sre.LITERAL, av)])
        if op is sre.ANY:
            return "(?s:.)" if self.flags & re.DOTALL else "[^\\n]"
        if op is sre.IN:
            return self.char_class(av)
        if op is sre.CATEGORY:
            return self.char_class([(op, av)])
        if op is sre.BRANCH:
            return "(?:" + "|".join(self.items(branch) for branch in av[1]) + ")"
        if op is sre.SUBPATTERN:
            group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                raise LinearPatternError("inline flags inside a group are not translated")
            return ("(" if group else "(?:") + self.items(inner) + ")"
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, inner = av
            if high >= sre.MAXREPEAT:
                count = {0: "*", 1: "+"}.get(low, f"{{{low},}}")
            elif (low, high) == (0, 1):
                count = "?"
            elif high > 1000:
                raise LinearPatternError("RE2 repeats at most 1000 times")
            else:
                count = f"{{{low}}}" if low == high else f"{{{low},{high}}}"
            lazy = "?" if op is sre.MIN_REPEAT else ""
            return "(?:" + self.items(inner) + ")" + count + lazy
        if op is sre.AT:
            return self.at(av)
        raise LinearPatternError(f"{op} is not translated to RE2")  # pragma: no cover

    def at(self, av) -> str:
        multiline = self.flags & re.MULTILINE
        if av is sre.AT_BEGINNING_STRING or (av is sre.AT_BEGINNING and not multiline):
            return r"\A"
        if av is sre.AT_END_STRING:
            return r"\z"
        if av is sre.AT_BEGINNING:
            return "(?m:^)"
        if av is sre.AT_END and multiline:
            return "(?m:$)"
        if av is sre.AT_END:
            raise LinearPatternError("Python's $ also matches before a final newline: use \\Z")
        if self.is_bytes or self.flags & re.ASCII:  # ASCII word boundaries, as in RE2
            return r"\b" if av is sre.AT_BOUNDARY else r"\B"
        raise LinearPatternError("\\b and \\B mean ASCII word boundaries in RE2")

    def char(self, code: int) -> str:
        if chr(code).isalnum() and (code < 0x80 or not self.is_bytes):
            return chr(code)
        return f"\\x{{{code:x}}}" if code > 0xFF else f"\\x{code:02x}"

    def other_case(self, low: int, high: int) -> list[str]:
        """The ASCII letters of ``low``–``high`` in the other case, as class ranges."""
        ranges = []
        for first, last, shift in ((0x41, 0x5A, 0x20), (0x61, 0x7A, -0x20)):
            lo, hi = max(low, first), min(high, last)
            if lo <= hi:
                ranges.append(f"{self.char(lo + shift)}-{self.char(hi + shift)}")
        return ranges

    def char_class(self, items) -> str:
        """One class; ``\\W``/``\\D``/``\\S`` only with characters that are in the class
        they negate (such as ``[\\W_]``), where the class becomes a negated one."""
        negate = False
        parts: list[str] = []
        negated_categories = []
        literals = []
        for op, av in items:
            if op is sre.NEGATE:
                negate = True
            elif op is sre.LITERAL:
                literals.append(av)
                parts.append(self.char(av))
                if self.ascii_case and chr(av).isascii() and chr(av).isalpha():
                    parts.append(chr(av).swapcase())
            elif op is sre.RANGE:
                parts.append(f"{self.char(av[0])}-{self.char(av[1])}")
                if self.ascii_case:
                    parts += self.other_case(*av)
            elif op is sre.CATEGORY:
                name, negated = _CATEGORIES[av]
                if negated:
                    negated_categories.append(name)
                else:
                    parts.append(self.classes[name])
            else:  # pragma: no cover - the parser emits nothing else inside a class
                raise LinearPatternError(f"{op} in a character class")
        if negated_categories:
            # [\W_] is everything but the word characters other than "_": [^\pL\pN].
            if len(negated_categories) > 1 or len(parts) != len(literals):
                raise LinearPatternError("a negated class with other classes or ranges")
            (name,) = negated_categories
            inside = re.compile(f"[\\{name}]", re.ASCII if self.is_bytes else 0)
            kept = self.classes[name]
            for code in literals:
                if not inside.match(chr(code)):
                    raise LinearPatternError("a negated class with characters outside it")
            if name == "w" and literals:
                if literals != [ord("_")]:
                    raise LinearPatternError("only [\\W_] is translated")
                kept = "0-9A-Za-z" if self.is_bytes else r"\pL\pN"
            elif literals:
                raise LinearPatternError("only [\\W_] is translated")
            return f"[{kept}]" if negate else f"[^{kept}]"
        body = "".join(parts)
        return f"[^{body}]" if negate else f"[{body}]"
