"""Guideline: „… rassistische … Äußerungen und Beiträge tolerieren wir nicht.“

Three patterns, all on the normalised text:

* slurs and hate-movement terms from ``wordlists/racist_slurs.txt`` ("Überfremdung");
* a group of people (``groups.txt``) followed by a copula and a dehumanising predicate
  (``dehumanising.txt``): "Flüchtlinge sind Ungeziefer", "die Juden sind doch alle
  Parasiten" – a negation in between ("sind keine Tiere") breaks the pattern;
* slogans against groups: "Ausländer raus", "Tod den …", "… sollte man vergasen" and
  hateful compounds such as "Ausländerpack" (``group_stems.txt`` × ``compound_heads.txt``).

Criticism of states, religions as ideas, companies or politics is not matched: the
patterns need a dehumanising predicate, a slur or a call for exclusion or violence. A
negation is no statement ("Flüchtlinge sind keine Menschen zweiter Klasse"), and one found
only inside quotation marks is reported speech ("„Ausländer raus“ – solche Parolen lesen
wir hier leider oft"): held for a moderator, not rejected (:func:`reported`).
"""

from __future__ import annotations

from core import linear

from .base import Action, Draft, Finding, ReviewContext, Rule
from .excerpt import raw_excerpt
from .normalize import Normalized, collapse, normalize_text, normalized, read_wordlist
from .phrases import has_quotes, outside_quotes
from .terms import TermMatcher, _render


def _alternation(name: str) -> str:
    words = {normalize_text(w.lstrip("=")) for w in read_wordlist(name)}
    return _render(sorted(words))


SLURS = TermMatcher.from_files(
    "racist_slurs",
    allow="racist_allow",
    extra=[
        f"{s}{h}" for s in read_wordlist("group_stems") for h in read_wordlist("compound_heads")
    ],
)
# Group nouns only mark where the sentence patterns below have to look.
GROUPS = TermMatcher.from_files("groups")

# Patterns run on a collapsed window around a group noun (spelling: see normalize.py).
_GROUP = _alternation("groups")
_PREDICATE = _alternation("dehumanising")
_NEGATION = r"(?:nicht|kein|keine|keiner|keinesfals|keineswegs|nie|niemals)"
_FILLER = rf"(?: +(?!{_NEGATION}(?![a-z]))[a-z]+){{0,3}}?"
_COPULA = r"(?:sind|seien|waren|bleiben|ist|war|bleibt)"


# Why the sentence patterns of this module and of ``criminal`` stay linear (see
# ``linear.compile``); ``tests/moderation/test_linear.py`` times them on adversarial input.
WINDOW_REASON = (
    "runs on collapsed sentence windows around word-list hits; an attempt starts only at a "
    "non-letter followed by one of the pattern's literal first words, and its repetitions "
    "are bounded ({0,3} words, {0,60} characters) or read the rest of one word ([a-z]*, "
    "\\w*) up to a space or literal, so it reads a bounded number of words, each once"
)


def at_word_start(pattern: str):
    """``pattern``, which starts with ``(?<![a-z])``, for :func:`window_matches`.

    Matched on the window with a space in front, it starts with a character class: the
    regex engine then skips to the non-letters instead of trying every position.
    """
    return linear.compile(f"[^a-z](?:{pattern})", reason=WINDOW_REASON)


PATTERNS = [
    # "<group> sind (doch alle) <predicate>"
    at_word_start(
        rf"(?<![a-z])(?:{_GROUP}) +{_COPULA}{_FILLER} +(?:{_PREDICATE})"
        r"(?:e|en|er|es|n|s)?(?![a-z])(?! +(?:zweiter|driter) +klase)"
    ),
    # "<group> raus", "raus mit den <group>", "tod den <group>"
    at_word_start(rf"(?<![a-z])(?:{_GROUP}) +raus(?![a-z])"),
    at_word_start(rf"(?<![a-z])raus +mit +(?:den|alen|dem|der) +(?:{_GROUP})(?![a-z])"),
    at_word_start(rf"(?<![a-z])tod +(?:den|alen|dem|der) +(?:{_GROUP})(?![a-z])"),
    # "<group> … vergasen / ausrotten / ins Gas"
    at_word_start(
        rf"(?<![a-z])(?:{_GROUP})(?![a-z])[^\n]{{0,50}}?(?<![a-z])"
        r"(?:vergasen|vergast|ausroten|ausgerotet|ausmerzen|ausgemerzt|ins gas"
        r"|in die gaskamer|abschlachten|abgeschlachtet|erschiesen|erschosen|aufhaengen"
        r"|aufgehaengt|an die wand stelen|an die wand gestelt)(?![a-z])"
    ),
]


def window_matches(patterns, words: str, hits):
    """The text of each match of ``patterns`` in the sentence windows around ``hits``."""
    for window in sentence_windows(words, hits):
        window = " " + window
        for pattern in patterns:
            for match in pattern.finditer(window):
                yield match.group()[1:]


def sentence_windows(words: str, hits, reach: int = 120) -> list[str]:
    """The collapsed sentences (capped at ``reach`` characters each side) around hits."""
    windows = []
    last_end = -1
    for hit in hits:
        if hit.start < last_end:
            continue
        start = max(words.rfind("\n", 0, hit.start) + 1, hit.start - reach)
        end = words.find("\n", hit.end)
        end = min(end if end >= 0 else len(words), hit.end + reach)
        windows.append(collapse(" ".join(words[start:end].split())))
        last_end = end
    return windows


# Negations in the collapsed spelling of the windows; "nicht nur …" negates nothing.
_NEGATIONS = frozenset(
    ["nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals"]
    + ["keinesfals", "keineswegs"]
)
_NOT_A_NEGATION_AFTER = frozenset({"nur", "blos"})


def negated(match: str) -> bool:
    """A negation among the words of a match ("man muss ihn ja nicht gleich erschiesen")."""
    words = match.split()
    for i, word in enumerate(words):
        if word in _NEGATIONS:
            if word == "nicht" and words[i + 1 : i + 2] and words[i + 1] in _NOT_A_NEGATION_AFTER:
                continue
            return True
    return False


def reported(find, norm: Normalized) -> list[tuple[str, bool, bool]]:
    """``find(norm)``'s (needle, whole word) pairs, each with whether it was found only inside
    quotation marks (reported speech, held rather than rejected)."""
    found = list(dict.fromkeys(find(norm)))
    if not found or not has_quotes(norm):
        return [(needle, whole, False) for needle, whole in found]
    outside = set(find(outside_quotes(norm)))
    return [(needle, whole, (needle, whole) not in outside) for needle, whole in found]


def findings(rule: Rule, norm: Normalized, found) -> list[Finding]:
    """One finding per needle of :func:`reported`, held if only quoted."""
    return [
        rule.finding(
            raw_excerpt(norm.raw, needle, whole_word=whole),
            action=Action.HOLD if quoted else None,
        )
        for needle, whole, quoted in found
    ]


class RacismRule(Rule):
    code = "rassismus"
    label = "Rassismus / Hetze"
    message = (
        "Menschen wegen ihrer Herkunft, Religion, Hautfarbe, Sexualität oder einer "
        "Behinderung herabzuwürdigen, lassen wir nicht zu. Kritik an Positionen ist "
        "willkommen, Hetze gegen Menschen nicht"
    )

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        norm = normalized(draft.body)
        return findings(self, norm, reported(_needles, norm))


def _needles(norm: Normalized) -> list[tuple[str, bool]]:
    found = [(hit.token, True) for hit in SLURS.hits(norm)]
    found += [(m, False) for m in window_matches(PATTERNS, norm.words, GROUPS.hits(norm))]
    return found
