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
  ("Sie sind nicht dumm") break the link. Said *about* a person in the third person
  ("Die Hoffmann ist eine dumme Kuh", "Der Autor ist ein Versager", "Die Berater sind
  alle Schmarotzer") the nouns among them are held for a moderator: the subject may be a
  name, which no list knows, so a moderator tells a person from a thing; adjectives and
  words with a common meaning for things ("dumm", "Opfer", "Flasche") do not count there.
* Quoting the article is not an insult: the article quotes Bill Cosby's "But what, if you
  are an asshole?". A word that is part of a passage of at least four further words taken
  verbatim from ``context.post_text`` is not reported (four words, so "you are an
  asshole" alone does not count as a quote), and a listed word the post itself uses is
  reported only when it is aimed at someone ("Das Asshole-Zitat ist genial" is fine,
  "Du Asshole" is not – and is held rather than rejected, see ``policy``).
"""

from __future__ import annotations

from .base import Action, Draft, Finding, ReviewContext, Rule
from .normalize import (
    Normalized,
    collapse,
    normalize_text,
    normalized,
    normalized_context,
    read_wordlist,
)
from .phrases import WordSet
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
        "a",
        "an",
        "such",
        "the",
        "total",
        "complete",
        "real",
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
        "are",
        "re",
    ]
)
_YOU_VOCATIVE = frozenset({"du", "you"})
_YOU_WITH_COPULA = frozenset({"du", "sie", "ihr", "you"})
# The third person: "Die Hoffmann ist …", "Der Autor war …", "Die Berater sind …".
_THIRD_COPULAS = frozenset(collapse(w) for w in ["ist", "war", "bleibt", "wird", "waere"])
_THIRD_PRONOUNS = frozenset({"er", "sie"})
# Before a name: "die Hoffmann", "Herr Brandt", "dieser Lange".
_NAME_LEADS = frozenset(
    collapse(w) for w in ["der", "die", "herr", "frau", "dieser", "diese", "kollege", "kollegin"]
)
PERSONS = WordSet.from_files("disrespect_persons", "insult_persons")
# Directed entries that are no insult about a third person or thing.
_NOT_ABOUT_THIRD = frozenset(map(normalize_text, read_wordlist("insults_not_about_third")))

YOU, THIRD = "you", "third"


def _aim(words: str, start: int) -> str | None:
    """Who the word at ``start`` is said to: YOU (the reader addressed), THIRD (a person
    spoken about) or None."""
    sentence_start = words.rfind("\n", 0, start) + 1
    before = words[max(sentence_start, start - 80) : start].split()
    copula = ""
    for n, word in enumerate(reversed(before[-8:])):
        word = collapse(word)
        if not copula and (word in _COPULAS or word in _THIRD_COPULAS):
            copula = word
            continue
        if word in _FILLERS:
            continue
        if not copula:
            return YOU if word in _YOU_VOCATIVE else None
        if word in _YOU_WITH_COPULA and copula in _COPULAS:
            return YOU
        if word in _THIRD_PRONOUNS and copula in _THIRD_COPULAS:
            return THIRD
        previous = collapse(before[-n - 2]) if n + 2 <= len(before) else ""
        # A person noun, "die Hoffmann", or a name opening the sentence ("Lauterbach ist …")
        opens = n + 1 == len(before) and copula in _THIRD_COPULAS
        if word in PERSONS or previous in _NAME_LEADS or opens:
            return THIRD
        return None
    return None


def _is_directed(words: str, start: int) -> bool:
    return _aim(words, start) == YOU


def _quotes_post(norm: Normalized, hit: Hit, post: Normalized | None, seen: dict) -> bool:
    """Is the hit part of a passage of four more words taken from the post? ``seen`` keeps
    the answer per passage for one comment (a hostile one repeats the same words)."""
    if post is None:
        return False
    words = norm.words
    left = words[max(0, hit.start - 60) : hit.start].split()[-4:]
    right = words[hit.end : hit.end + 60].split()[:4]
    word = hit.token.split()
    for window in (left + word, word + right):
        if len(window) < len(word) + 4:
            continue
        passage = f" {' '.join(window)} "
        found = seen.get(passage)
        if found is None:
            found = seen[passage] = passage in post.joined
        if found:
            return True
    return False


def _post_words(post: Normalized) -> frozenset[str]:
    found = post.__dict__.get("_insult_post_words")
    if found is None:
        found = post.__dict__["_insult_post_words"] = frozenset(post.collapsed.split())
    return found


class InsultRule(Rule):
    code = "beleidigung"
    label = "Beleidigung / grob anstößig"
    message = "Bitte formuliere deine Kritik sachlich"

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        norm = normalized(draft.body)
        hits = [(h, None) for h in INSULTS.hits(norm) + PEJORATIVE.hits(norm)]
        for hit in DIRECTED.hits(norm):
            aim = _aim(norm.words, hit.start)
            if aim == YOU or (aim == THIRD and hit.entry.key not in _NOT_ABOUT_THIRD):
                hits.append((hit, aim))
        if not hits:
            return []
        post = normalized_context(context.post_text) if context.post_text else None
        findings = []
        seen = set()
        passages: dict[str, bool] = {}
        for hit, aim in sorted(hits, key=lambda item: item[0].start):
            if hit.start in seen or _quotes_post(norm, hit, post, passages):
                continue
            if aim is None and post is not None and hit.entry.key in _post_words(post):
                aim = _aim(norm.words, hit.start)
                if aim is None:
                    continue  # the post's own word, not aimed at anyone ("Das Asshole-Zitat")
            seen.add(hit.start)
            action = Action.HOLD if aim == THIRD else None
            findings.append(self.finding(hit.excerpt(norm), action=action))
        return findings
