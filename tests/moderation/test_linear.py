"""Every pattern over reader text runs in linear time (core/linear.py).

* no module of the project compiles or runs a regex past ``linear.compile``;
* the classes: what is bounded, a run, an automaton for RE2, argued, or refused;
* RE2 gives the same matches as Python's ``re`` for every translated pattern, on the test
  corpora in all three normalised views, and Python's ``\\w``/``\\d``/``\\s`` mean the
  same in both for every character Python knows;
* every pattern whose linearity rests on a written argument is timed on generated
  adversarial inputs of growing length: super-linear growth fails the test.
"""

import ast
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from moderation_helpers import ARTICLE, SEED_COMMENTS, WATCHED, acceptable_corpus, violating_corpus

from comments.moderation.advertising import _zeros
from comments.moderation.base import Draft, ReviewContext
from comments.moderation.normalize import normalized
from comments.moderation.policy import review
from core import linear
from core.linear import LinearPatternError

ROOT = Path(__file__).resolve().parents[2]
# Where patterns may meet reader text; ``core`` is where shared infrastructure is going.
CHECKED_DIRS = ("comments", "blog", "core", "config")
RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn"}
RE_FUNCTIONS |= {"split", "template"}


def corpus_texts() -> list[str]:
    texts = acceptable_corpus() + [text for _, text in violating_corpus()]
    return texts + list(SEED_COMMENTS.values()) + [ARTICLE]


@pytest.fixture(scope="module")
def every_pattern():
    """Import every module that compiles patterns for reader text and run the corpora
    through the rules (the word-list trees and the excerpt regexes compile lazily)."""
    import blog.forms  # noqa: F401
    import blog.search  # noqa: F401
    import comments.discussion.structured_data  # noqa: F401
    import comments.moderation.classifier  # noqa: F401
    import comments.rendering  # noqa: F401
    import core.page_cache
    import core.visitors

    core.visitors._bot_pattern()
    core.page_cache._pieces(b"")
    core.page_cache._with_placeholders("")
    context = ReviewContext(post_text=ARTICLE, watched_words=WATCHED)
    for text in corpus_texts():
        review(Draft(body=text), context)
    return linear.compiled()


# --- nothing compiles past the module ------------------------------------------------------


def regex_uses(path: Path, root: Path = ROOT) -> list[str]:
    """``re.<function>(…)`` calls, ``from re import <function>`` and other regex engines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in RE_FUNCTIONS
        ):
            found.append(f"{where} re.{node.func.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module in ("re", "re2", "regex"):
            if node.module != "re" or {a.name for a in node.names} & RE_FUNCTIONS:
                found.append(f"{where} from {node.module} import …")
        elif isinstance(node, ast.Import):
            found += [f"{where} import {a.name}" for a in node.names if a.name in ("re2", "regex")]
    return found


def test_no_module_compiles_a_pattern_past_linear():
    linear_module = ROOT / "core" / "linear.py"
    paths = [
        path
        for name in CHECKED_DIRS
        for path in sorted((ROOT / name).rglob("*.py"))
        if path != linear_module and "migrations" not in path.parts
    ]
    assert len(paths) > 50  # the directories are really there
    assert [use for path in paths for use in regex_uses(path)] == []


def test_the_scan_finds_what_it_forbids(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import re\nimport re2\nfrom re import sub\nre.compile('x')\nre.escape('x')\n"
        "re.findall('a', 'b')\n"
    )
    uses = sorted(use.split(" ", 1)[1] for use in regex_uses(sample, tmp_path))
    assert uses == ["from re import …", "import re2", "re.compile", "re.findall"]


# --- classes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, kind",
    [
        (r"0[0 /()-]{6}", "bounded"),
        (r"[0134579@$+!|](?:(?<=[a-z][0134579@$+])|(?=[a-z]))", "bounded"),
        (r"[a-z0-9]+", "run"),
        (r"(?:https?://|www\.)\S+", "run"),
        (r"\w+|[^\w\s]", "run"),
        (r"([a-z])\1+", "run"),
        (r"(a+)+b", "automaton"),  # the classic: exponential when backtracked
        (r"[a]+(?:[\W_]{0,3}[a]+)*[\W_]{0,3}/", "automaton"),  # the excerpt's shape
        (r"\n\s*\n", "automaton"),
    ],
)
def test_classes(pattern, kind):
    assert linear.classify(pattern) == kind


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<![a-z])(a+)+b",  # unbounded, with a lookbehind RE2 lacks
        r"\bword\w*s",  # unbounded, and a Unicode \b
        r"[a-z]+$",  # Python's $ also matches before a final newline
        r"(a+)\1",  # backreference to more than one character
    ],
)
def test_patterns_neither_engine_runs_in_linear_time_are_refused(pattern):
    with pytest.raises(LinearPatternError):
        linear.compile(pattern)


def test_a_reason_makes_a_pattern_argued_and_only_where_needed():
    assert linear.classify(r"(?<![a-z])a+b", reason="one run per start") == "argued"
    with pytest.raises(LinearPatternError):
        linear.compile(r"[a-z]+", reason="not needed")


def test_the_exponential_pattern_runs_in_linear_time_in_re2():
    regex = linear.compile(r"(a+)+b")
    started = time.perf_counter()
    assert regex.search("a" * 100_000) is None  # Python's engine: about 2^100000 steps
    assert time.perf_counter() - started < 1.0


# --- same meaning in both engines ------------------------------------------------------------


def test_python_classes_mean_the_same_in_re2():
    chars = "".join(
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) not in ("Cn", "Cs")
    )
    for pattern in (r"\w+", r"\W+", r"\d+", r"\D+", r"\s+", r"\S+", r"[\W_]+", r"[^\W_]+"):
        expected = [m.span() for m in re.finditer(pattern, chars)]
        assert [m.span() for m in linear.compile(pattern).finditer(chars)] == expected, pattern


def test_ascii_case_folding_is_spelt_out():
    regex = linear.compile(r"[a-z]+://|www\.", re.IGNORECASE | re.ASCII)
    assert regex.search("HTTPS://x") and regex.search("wWw.x")
    assert not regex.search("\u212a://")  # the Kelvin sign is not "k" in ASCII


def spans(regex, text):
    return [tuple(m.span(g) for g in range(regex.groups + 1)) for m in regex.finditer(text)]


@pytest.mark.slow
def test_re2_matches_as_re_on_the_corpora(every_pattern):
    translated = [key for key, (kind, _) in every_pattern.items() if kind == "automaton"]
    assert len(translated) > 10
    views = []
    for text in corpus_texts():
        norm = normalized(text)
        views += [text, norm.lower, norm.words, " " + " ".join(norm.tokens) + " "]
    byte_views = [_zeros(view) for view in views[1::4]] + [view.encode() for view in views[::4]]
    for pattern, flags in translated:
        ours, theirs = linear.compile(pattern, flags), re.compile(pattern, flags)
        for view in byte_views if isinstance(pattern, bytes) else views:
            assert spans(ours, view) == spans(theirs, view), (pattern[:80], view[:80])


# --- argued patterns: timed on adversarial inputs -------------------------------------------


def alphabet(pattern) -> tuple[list[str], list[str]]:
    """Characters the pattern speaks of (one or two per class) and its literal words."""
    from re import _constants as sre
    from re import _parser

    chars, words, current = set(), set(), []

    def walk(items):
        for op, av in items:
            if op is sre.LITERAL:
                current.append(chr(av))
                chars.add(chr(av))
                continue
            if len(current) > 1:
                words.add("".join(current))
            current.clear()
            if op is sre.IN:
                for item_op, item in av:
                    if item_op is sre.LITERAL:
                        chars.add(chr(item))
                    elif item_op is sre.RANGE:
                        chars.update((chr(item[0]), chr(item[1])))
                    elif item_op is sre.CATEGORY:
                        chars.update("a0 _")
            elif op in (sre.CATEGORY, sre.NOT_LITERAL, sre.ANY):
                chars.update("a0 ")
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op is sre.SUBPATTERN:
                walk(av[3])
            elif op is sre.BRANCH:
                for branch in av[1]:
                    walk(branch)
                    current.clear()
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(av[1])

    walk(_parser.parse(pattern))
    if len(current) > 1:
        words.add("".join(current))
    chars |= set(" \n.a0")
    return sorted(chars), sorted(words)


def hostile_inputs(pattern, size: int, count: int = 40) -> list[str]:
    rng = random.Random(pattern)
    chars, words = alphabet(pattern)
    pieces = list(chars)
    pieces += ["".join(rng.sample(chars, 2)) for _ in range(12)]
    for word in rng.sample(words, min(len(words), 8)):
        pieces += [word + " ", word + rng.choice(chars) * 3]
        pieces.append(word + rng.choice(chars) * size)  # one endless word behind a literal
    pieces = rng.sample(pieces, min(len(pieces), count))
    return [(piece * (size // len(piece) + 1))[:size] for piece in pieces]


def best_time(regex, text: str, repeats: int = 3) -> float:
    """The fastest of a few runs in this process's CPU time: another process's load on the
    machine neither adds to it nor, by taking the minimum, do one-off stalls."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        regex.findall(text)
        best = min(best, time.process_time() - started)
    return best


def grows_super_linearly(regex, short: str, long: str, repeats: int) -> bool:
    """×8 the length: linear is about ×8, quadratic ×64. Fast in absolute terms is fine whatever
    the ratio (timer resolution and noise dominate below a few milliseconds)."""
    t_small, t_large = best_time(regex, short, repeats), best_time(regex, long, repeats)
    return t_large > 0.005 and t_large > 24 * max(t_small, 1e-4)


def test_argued_patterns_grow_linearly_on_adversarial_inputs(every_pattern):
    argued = [key for key, (kind, _) in every_pattern.items() if kind == "argued"]
    assert len(argued) > 10
    small, large = 1_500, 12_000
    failures = []
    for pattern, flags in argued:
        regex = linear.compile(pattern, flags, reason=every_pattern[(pattern, flags)][1])
        for short, long in zip(
            hostile_inputs(pattern, small), hostile_inputs(pattern, large), strict=True
        ):
            # A suspicious pair is measured again, longer: a real super-linear pattern stays
            # suspicious, a scheduling hiccup does not.
            if grows_super_linearly(regex, short, long, 3) and grows_super_linearly(
                regex, short, long, 9
            ):
                failures.append((pattern[:60], long[:30]))
    assert not failures, "\n".join(map(repr, failures))
