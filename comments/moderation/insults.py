"""Guideline: „Beleidigende, grob anstößige … Äußerungen und Beiträge tolerieren wir nicht.“

What counts (decisions documented here, word lists in ``wordlists/``):

* Insults and gross vulgarities aimed at people are flagged, German and English, also in
  compounds ("Vollidiot", "Drecksack", "Oberarschloch") and through the evasion tricks the
  normaliser undoes (case, umlaut spellings, leetspeak, repeated letters, separators).
* Heated language about things stays allowed: "Scheißfirma", "Bullshit", "Shitstorm",
  "das ist doch idiotisch", "die Arschkarte ziehen". The guideline explicitly welcomes
  heated discussions; it forbids insulting people.
* Mild words ("Esel", "Lappen", "dumm", "Opfer") are insults only when aimed at a person:
  "du Esel", "Sie sind ein Versager", "ihr seid doch alle bescheuert". Negations
  ("Sie sind nicht dumm") break the link.
* Quoting the article is not an insult: the article quotes Bill Cosby's "But what, if you
  are an asshole?". A word that is part of a passage of at least four further words taken
  verbatim from ``context.post_text`` is not reported (four words, so "you are an
  asshole" alone does not count as a quote). Calling someone the same word in
  one's own words still is.
"""

from __future__ import annotations

from .base import Draft, Finding, ReviewContext, Rule
from .normalize import Normalized, collapse, normalized, normalized_context, read_wordlist
from .terms import Hit, TermMatcher

INSULTS = TermMatcher.from_files("insults", prefixes="insult_prefixes", allow="insults_allow")
# Pejorative first part + person noun: "Scheißkerl", "Drecksack", "Miststück".
PEJORATIVE = TermMatcher(
    [
        f"{prefix}{noun}"
        for prefix in read_wordlist("pejorative_prefixes")
        for noun in read_wordlist("person_nouns")
    ]
)
DIRECTED = TermMatcher.from_files("insults_directed", prefixes="insult_prefixes")

# Words that may stand between the addressee and a mild insult: "du bist doch echt so ein …"
_FILLERS = frozenset(
    collapse(w)
    for w in [
        "ein",
        "eine",
        "einer",
        "einen",
        "eines",
        "so",
        "son",
        "solch",
        "solche",
        "solcher",
        "solches",
        "doch",
        "echt",
        "ja",
        "nur",
        "total",
        "voll",
        "voellig",
        "komplett",
        "absolut",
        "wirklich",
        "einfach",
        "der",
        "die",
        "das",
        "den",
        "grosse",
        "groesste",
        "groesster",
        "grosser",
        "alte",
        "alter",
        "altes",
        "alten",
        "bloede",
        "bloeder",
        "bloedes",
        "dumme",
        "dummer",
        "dummes",
        "bescheuerte",
        "bescheuerter",
        "kleine",
        "kleiner",
        "kleines",
        "mal",
        "halt",
        "eben",
        "auch",
        "alle",
        "alles",
        "allesamt",
        "nichts",
        "als",
        "schon",
        "immer",
        "noch",
        "n",
        "ne",
        "nen",
        "ganz",
        "richtig",
        "verdammt",
        "elende",
        "elender",
        "selten",
        "sowas",
    ]
)
_COPULAS = frozenset(
    collapse(w)
    for w in [
        "bist",
        "sind",
        "seid",
        "bleibst",
        "bleibt",
        "bleiben",
        "warst",
        "waren",
        "wart",
        "wirst",
        "werden",
        "werdet",
    ]
)
_YOU_VOCATIVE = frozenset({"du"})
_YOU_WITH_COPULA = frozenset({"du", "sie", "ihr"})


def _is_directed(words: str, start: int) -> bool:
    sentence_start = words.rfind("\n", 0, start) + 1
    before = words[max(sentence_start, start - 80) : start].split()
    saw_copula = False
    for word in reversed(before[-8:]):
        word = collapse(word)
        if word in _COPULAS and not saw_copula:
            saw_copula = True
            continue
        if word in _FILLERS:
            continue
        if saw_copula:
            return word in _YOU_WITH_COPULA
        return word in _YOU_VOCATIVE
    return False


def _quotes_post(norm: Normalized, hit: Hit, post: Normalized | None) -> bool:
    if post is None:
        return False
    words = norm.words
    left = words[max(0, hit.start - 60) : hit.start].split()[-4:]
    right = words[hit.end : hit.end + 60].split()[:4]
    word = hit.token.split()
    for window in (left + word, word + right):
        if len(window) >= len(word) + 4 and f" {' '.join(window)} " in post.joined:
            return True
    return False


class InsultRule(Rule):
    code = "beleidigung"
    label = "Beleidigung / grob anstößig"
    message = "Bitte formuliere deine Kritik sachlich"

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        norm = normalized(draft.body)
        hits = INSULTS.hits(norm) + PEJORATIVE.hits(norm)
        hits += [h for h in DIRECTED.hits(norm) if _is_directed(norm.words, h.start)]
        if not hits:
            return []
        post = normalized_context(context.post_text) if context.post_text else None
        findings = []
        seen = set()
        for hit in sorted(hits, key=lambda h: h.start):
            if hit.start in seen or _quotes_post(norm, hit, post):
                continue
            seen.add(hit.start)
            findings.append(self.finding(hit.excerpt(norm)))
        return findings
