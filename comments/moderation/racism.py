"""Guideline: „… rassistische … Äußerungen und Beiträge tolerieren wir nicht.“

Three patterns, all on the normalised text:

* slurs and hate-movement terms from ``wordlists/racist_slurs.txt`` ("Überfremdung");
* a group of people (``groups.txt``) followed by a copula and a dehumanising predicate
  (``dehumanising.txt``): "Flüchtlinge sind Ungeziefer", "die Juden sind doch alle
  Parasiten" – a negation in between ("sind keine Tiere") breaks the pattern;
* slogans against groups: "Ausländer raus", "Tod den …", "… sollte man vergasen" and
  hateful compounds such as "Ausländerpack" (``group_stems.txt`` × ``compound_heads.txt``).

Criticism of states, religions as ideas, companies or politics is not matched: the
patterns need a dehumanising predicate, a slur or a call for exclusion or violence.
"""

from __future__ import annotations

from core import linear

from .base import Draft, Finding, ReviewContext, Rule
from .excerpt import raw_excerpt
from .normalize import collapse, normalize_text, normalized, read_wordlist
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
        r"(?:e|en|er|es|n|s)?(?![a-z])"
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
        excerpts = [hit.excerpt(norm) for hit in SLURS.hits(norm)]
        group_hits = GROUPS.hits(norm)
        for match in window_matches(PATTERNS, norm.words, group_hits):
            excerpts.append(raw_excerpt(norm.raw, match, whole_word=False))
        return [self.finding(e) for e in dict.fromkeys(excerpts)]
