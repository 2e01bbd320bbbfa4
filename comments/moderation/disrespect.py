"""Guideline: „Diskutiere kontrovers, … aber bleibe dabei fair und respektiere die Meinung
anderer“ – personal attacks without an insulting word, held for a moderator.

Three shapes, all aimed at a person (the author, another commenter, someone named):

* **telling someone to shut up or go away**: "halt doch einfach die Klappe", "Niemand hat
  dich gefragt", "Schreib lieber nichts mehr" (``disrespect_phrases.txt``);
* **denying their intelligence or talking down to them**: "Bei dir ist Hopfen und Malz
  verloren", "Denken ist nicht so deins", "Lern erstmal Deutsch", "…, Kleiner."
  (``disrespect_phrases.txt`` and the vocatives below);
* **name-calling without a listed insult**: a belittling noun (``disrespect_nouns.txt``:
  "Schwätzer", "Blender", "Märchenonkel") or a belittling adjective with a person
  ("widerliche Person"), said to someone ("Du Sesselfurzer", "Sie sind eine Nullnummer"),
  about someone ("Der Autor ist ein Schaumschläger", "Was für ein Wichtigtuer"), or as an
  exclamation of its own ("Laberbacke.").

A fourth shape needs no addressee: **fighting words** of political hate speech that disparage
people for their views, job or origin ("Lügenpresse", "Volksverräter", "Gutmenschen",
``disrespect_terms.txt``) are held wherever they stand.

Criticism of arguments, articles and companies is not matched ("Der Artikel ist
lächerlich", "Diese ganzen Blender auf LinkedIn nerven"), nor a negated attack ("Sie sind
kein Schwätzer"), nor rude words only quoted from someone else. The rule never rejects:
whether a sharp remark is still fair is a moderator's call.
"""

from __future__ import annotations

from typing import NamedTuple

from .base import Action
from .excerpt import raw_excerpt
from .normalize import Normalized
from .paraphrase import ParaphraseRule, Statement
from .phrases import (
    ActivePhrases,
    PhraseList,
    Sentence,
    WordSet,
    any_in,
    words_of,
)
from .terms import TermMatcher

NOUNS = WordSet.from_files("disrespect_nouns")
ADJECTIVES = WordSet.from_files("disrespect_adjectives")
PERSONS = WordSet.from_files("disrespect_persons")
PHRASES = PhraseList.from_files("disrespect_phrases", gap=3)
TERMS = TermMatcher.from_files("disrespect_terms")


class Scope(NamedTuple):
    """What one comment contains of the word lists (computed once per comment)."""

    nouns: frozenset[str]
    persons: frozenset[str]
    adjectives: frozenset[str]
    phrases: ActivePhrases

    @classmethod
    def of(cls, vocabulary: frozenset[str]) -> Scope:
        return cls(
            NOUNS.present(vocabulary),
            PERSONS.present(vocabulary),
            ADJECTIVES.present(vocabulary),
            PHRASES.active(vocabulary),
        )

    @property
    def triggers(self) -> frozenset[str]:
        """Words of which a sentence needs one: a name, an adjective, a phrase's start."""
        return self.nouns | self.adjectives | self.phrases.anchors


_NEGATIONS = words_of("nicht nie kein keine keiner keinen keinem niemand")
# Words that may stand between the addressee and the name: "du bist doch echt so ein …"
_BETWEEN = words_of(
    "ein eine einer einen eines einem doch echt ja nur total voll voellig komplett",
    "absolut wirklich einfach der die das den dem des groesste groesster alte alter kleine",
    "kleiner mal halt eben auch alle allesamt ganz richtig verdammt selten sowas noch immer",
    "schon oberster oberste typischer typische",
)
_VOCATIVE_LEAD = words_of("du sie ihr hey he hallo ey oh na ach")
# Determiners look like adjectives ("diese", "unsere") but make a noun generic: "Diese
# ganzen Blender auf LinkedIn" is about people out there, not aimed at anyone here.
_DETERMINERS = words_of(
    "diese dieser diesen diesem jene jener jenen welche welcher meine meiner meinen deine",
    "deiner deinen seine seiner seinen ihre ihrer ihren unsere unserer unseren eure eurer",
    "euren viele vielen manche manchen einige einigen mehrere ganze ganzen andere anderen",
)
_COPULAS = words_of("bist sind seid ist bleibst bleibt warst war wirst wird bleiben")
_SECOND_PERSON = words_of("du sie ihr")
_SO = words_of("so son sone solch solche solcher solchen")
_LIKE_YOU = words_of("du sie ihr dich euch dir ihnen")
SHORT_SENTENCE = 7  # words: "Laberbacke." or "Blender, alle miteinander, die ganze Agentur."

# Belittling forms of address, found as a word of their own between commas or at a
# sentence end: "Du hast doch keine Ahnung, Kleiner." – "Mädchen, lass das mal".
VOCATIVES = (
    "kleiner",
    "kleine",
    "kleines",
    "maedchen",
    "maedel",
    "jungchen",
    "freundchen",
    "schaetzchen",
    "suesse",
    "suesser",
    "herzchen",
    "bubi",
    "kindchen",
    "tantchen",
    "onkelchen",
    "liebchen",
)
_BEFORE_VOCATIVE = ",.!?;\n"
_AFTER_VOCATIVE = ",.!?;\n"


def _adjective_like(token: str) -> bool:
    if token in _DETERMINERS:
        return False
    return token in ADJECTIVES.forms or (
        len(token) > 4 and token.endswith(("e", "er", "es", "en", "em"))
    )


def _walk_back(keys, j: int, limit: int = 4) -> int:
    """Index of the first word before ``j`` that is no filler or adjective (-1: none);
    -2 if a negation stands in between ("Sie sind kein Schwätzer")."""
    k = j - 1
    while k >= 0 and j - k <= limit:
        token = keys[k]
        if token in _NEGATIONS:
            return -2
        if token in _BETWEEN or _adjective_like(token):
            k -= 1
            continue
        break
    return k


def _aimed(keys, j: int) -> bool:
    """Is the name at ``j`` said to or about a person?"""
    k = _walk_back(keys, j)
    if k == -2:
        return False
    if k >= 0 and keys[k] in _DETERMINERS:
        return False
    before = keys[k] if k >= 0 else ""
    if before in _VOCATIVE_LEAD or before in _COPULAS or before in _SO:
        return True
    if before == "fuer" and any_in(keys, k - 6, k, {"was"}) is not None:
        return True  # "Was ist der Autor nur für eine Evolutionsbremse"
    if j + 2 < len(keys) and keys[j + 1] == "wie" and keys[j + 2] in _LIKE_YOU:
        return True  # "Selbstdarsteller wie du"
    # An exclamation of its own: "Laberbacke." – "Elender Heuchler!"
    return k < 0 and j <= 1 and len(keys) <= SHORT_SENTENCE


def _said_to_someone(keys, j: int) -> bool:
    """A belittling adjective said to the reader: "Du bist so irrelevant"."""
    k = j - 1
    while k >= 0 and j - k <= 4 and (keys[k] in _BETWEEN or keys[k] in _SO):
        k -= 1
    if k > 0 and keys[k] in _SECOND_PERSON and keys[k - 1] in _COPULAS:
        return True  # "Sind Sie wirklich so ahnungslos?"
    if k < 0 or keys[k] not in _COPULAS:
        return False
    # "du bist …", "sie sind …", "ihr seid …"
    return any_in(keys, k - 1, k, _SECOND_PERSON) is not None


def _is_name(keys, j: int, scope: Scope) -> bool:
    """A belittling noun, or a belittling adjective with a person, aimed at someone."""
    token = keys[j]
    if token in scope.nouns:
        return _aimed(keys, j)
    return (
        token in scope.persons and j > 0 and keys[j - 1] in scope.adjectives and _aimed(keys, j - 1)
    )


def _findings_in(sentence: Sentence, scope: Scope) -> list[str]:
    keys = sentence.keys
    found = []
    vocabulary = sentence.vocabulary
    if not (vocabulary.isdisjoint(scope.nouns) and vocabulary.isdisjoint(scope.adjectives)):
        for j, token in enumerate(keys):
            if _is_name(keys, j, scope):
                found.append(sentence.span(j - 2, j))
            elif token in scope.adjectives and _said_to_someone(keys, j):
                found.append(sentence.span(j - 3, j))
    for hit in scope.phrases.hits(sentence):
        # The word before the phrase: a negation two words back belongs to another clause
        # ("Mit dir kann man nicht reden, du bist ein hoffnungsloser Fall").
        if keys[hit.start] != "nicht" and any_in(keys, hit.start - 1, hit.start, _NEGATIONS):
            continue
        found.append(sentence.span(hit.start, hit.end))
    return found


def _vocatives(lower: str, vocabulary: frozenset[str]) -> list[str]:
    """Belittling forms of address standing alone between punctuation marks."""
    found = []
    size = len(lower)
    for word in vocabulary.intersection(VOCATIVES):
        pos = lower.find(word)
        while pos != -1:
            end = pos + len(word)
            before = pos - 1
            while before >= 0 and lower[before] == " " and pos - before <= 3:
                before -= 1
            after = end
            while after < size and lower[after] == " " and after - end < 3:
                after += 1
            if (before < 0 or lower[before] in _BEFORE_VOCATIVE) and (
                after >= size or lower[after] in _AFTER_VOCATIVE
            ):
                found.append(word)
            pos = lower.find(word, end)
    return found


class DisrespectRule(ParaphraseRule):
    code = "respekt"
    label = "Persönlicher Angriff / respektloser Umgang"
    message = (
        "Kritisiere Argumente, nicht Menschen: Bitte verzichte darauf, andere abzukanzeln, "
        "ihnen den Mund zu verbieten oder ihnen den Verstand abzusprechen"
    )
    default_action = Action.HOLD
    hold_quoted = False  # rude words quoted from someone else are no attack by the commenter

    def scope(self, vocabulary: frozenset[str]) -> Scope:
        return Scope.of(vocabulary)

    def find(self, sentence: Sentence, scope: Scope) -> list[Statement]:
        return [(False, excerpt, excerpt) for excerpt in _findings_in(sentence, scope)]

    def find_elsewhere(self, norm: Normalized, words: frozenset[str]) -> list[str]:
        terms = [raw_excerpt(norm.raw, hit.token) for hit in TERMS.hits(norm)]
        return _vocatives(norm.lower, words) + terms
