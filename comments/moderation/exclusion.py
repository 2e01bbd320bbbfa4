"""Guideline: „… rassistische … Äußerungen … tolerieren wir nicht“ – exclusion and hatred of
groups said without a slur.

:mod:`.racism` finds slurs, "<group> sind <dehumanising word>" and slogans such as
"Ausländer raus". This rule reads the sentences that name a group of people
(``groups.txt`` plus ``exclusion_groups.txt``) for three more shapes:

* **expulsion and shutting out** (rejected): "Die Ausländer sollen doch zurück in ihre
  Länder", "Schickt die Syrer heim", "Türken haben in deutschen Chefetagen nichts zu
  suchen", "Für Ausländer sollte es hier keine Jobs geben" (``exclusion_expulsion.txt``);
  formulas such as "bleiben, wo sie herkommen" count without a named group too, but are
  then only held (``exclusion_formulas.txt``);
* **dehumanisation** (rejected): "vermehren sich wie die Karnickel", "sind doch keine
  Menschen", "Menschen zweiter Klasse" (``exclusion_dehumanising.txt``);
* **collective blame** (held for a moderator): "Die Rumänen sind alle Betrüger", "Alle
  Muslime sind potenzielle Terroristen", "Die Polen klauen doch alle", "Typisch Türken"
  (``exclusion_predicates.txt``, ``exclusion_blame_verbs.txt``).

A group may also be named by what marks its members out: a name ("Wer Ali heißt, braucht sich
gar nicht erst zu bewerben", "Bewerber mit Namen wie …"), a headscarf, a migration
background, a skin colour (``_DESIGNATORS``). A sentence that blames "them" for a failure
("Kein Wunder, dass das nicht klappt, wenn man Schwarze einstellt") is held.

Not matched: a negation at the statement ("Flüchtlinge sind keine Menschen zweiter Klasse",
"Nicht alle Polen sind Diebe"), descriptions without a demand ("Viele Syrer werden
abgeschoben, obwohl sie Arbeit haben"), criticism of states and ideas. A sentence that
distances itself ("das Vorurteil, alle Polen seien Diebe") or a statement found only inside
quotation marks is held, not rejected: a moderator tells a rebuttal from hatred.
"""

from __future__ import annotations

from typing import NamedTuple

from .base import Action
from .paraphrase import ParaphraseRule, Statement
from .phrases import (
    ActivePhrases,
    PhraseHit,
    PhraseList,
    Sentence,
    WordSet,
    any_in,
    words_of,
)

GROUPS = WordSet.from_files("groups", "exclusion_groups")
ORIGINS = WordSet.from_files("exclusion_origins", endings=("", "s"))
EXPULSION = PhraseList.from_files("exclusion_expulsion", gap=3)
FORMULAS = PhraseList.from_files("exclusion_formulas", gap=3)
DEHUMANISING = PhraseList.from_files("exclusion_dehumanising", gap=1)
BLAME_VERBS = PhraseList.from_files("exclusion_blame_verbs", gap=1)
BLAME_PREDICATES = WordSet.from_files("exclusion_predicates")


# Words that name a group by a mark of its members: "Wer Ali heißt", "mit Namen wie",
# "mit Kopftuch", "mit Migrationshintergrund", "mit dunkler Hautfarbe".
_DESIGNATORS = words_of(
    "heisst heissen namen kopftuch kopftuechern migrationshintergrund hautfarbe",
    "migrationsgeschichte",
)
# Frames that blame the group in the sentence for something: "kein Wunder, …".
_BLAME_FRAMES = (("kein", "wunder"), ("selbst", "schuld"), ("kommt", "davon"))
_FAILURE = words_of(
    "nicht nichts nie kein keine schief pleite kaputt scheitert scheitern gescheitert versagt",
    "runter probleme chaos mist misserfolg",
)


class Scope(NamedTuple):
    """What one comment contains of the word lists (computed once per comment)."""

    groups: frozenset[str]
    origins: frozenset[str]
    predicates: frozenset[str]
    expulsion: ActivePhrases
    formulas: ActivePhrases
    dehumanising: ActivePhrases
    blame_verbs: ActivePhrases
    designators: frozenset[str] = frozenset()  # marks of a group's members in the comment

    @classmethod
    def of(cls, vocabulary: frozenset[str]) -> Scope:
        return cls(
            GROUPS.present(vocabulary),
            ORIGINS.present(vocabulary),
            BLAME_PREDICATES.present(vocabulary),
            EXPULSION.active(vocabulary),
            FORMULAS.active(vocabulary),
            DEHUMANISING.active(vocabulary),
            BLAME_VERBS.active(vocabulary),
            vocabulary & _DESIGNATORS,
        )

    @property
    def triggers(self) -> frozenset[str]:
        """Words of which a sentence needs one: a group, a country, a formula's start, a
        mark of a group's members."""
        return self.groups | self.origins | self.formulas.anchors | self.designators


_NEGATIONS = words_of("nicht nie niemals kein keine keinen keiner keinesfalls keineswegs niemand")
_DEMANDS = words_of(
    "sollen sollten soll sollte muessen muss muesste muessten gehoeren gehoert endlich sofort",
    "gefaelligst duerfen darf duerfte besten wuensche will wollen",
)
_COPULAS = words_of("sind seien waren bleiben")
# Words between a group and its predicate: "Die Araber sind doch alle Lügner".
_FILLERS = words_of(
    "doch alle alles allesamt ausnahmslos eh ja halt nur eben einfach potenzielle potentielle",
    "geborene typische grundsaetzlich immer von natur aus nun mal meistens fast die der",
)
# A sentence that talks about the statement instead of making it.
_DISTANCING = words_of(
    "vorurteil vorurteile klischee klischees stereotyp stereotype rassistisch rassistische",
    "rassismus hetze hetzer menschenverachtend menschenverachtende parole parolen forderung",
    "behauptung behauptungen mythos saetze satz kommentare kommentar",
)
# "behandelt wie Tiere" criticises a treatment, it does not compare people with animals.
_TREATED = words_of("behandelt behandeln behandeln gehalten eingesperrt")
# Nationality words that are adjectives as often as nouns ("typisch deutsche Bürokratie").
_ADJECTIVAL = words_of("deutsche deutschen schwarze schwarzen")

REACH = 10  # words between a group and the statement about it
_WHO = words_of("wer die alle jeder jede")
_CALLED = words_of("heisst heissen")  # "Wer Ali heißt"
_NAMES = words_of("namen")  # "mit Namen wie"
_WITH = words_of("mit ohne")


def _is_group(keys, i: int, scope: Scope) -> bool:
    """A group noun, or "aus <country or region>" ("Gesindel aus Nordafrika"), or a mark of
    its members ("wer Ali heißt", "mit Namen wie", "mit Kopftuch")."""
    token = keys[i]
    if token in scope.groups:
        return True
    if token in scope.designators:
        if token in _CALLED:
            return any_in(keys, i - 4, i, _WHO) is not None
        if token in _NAMES:
            return tuple(keys[i + 1 : i + 2]) == ("wie",)
        return any_in(keys, i - 3, i, _WITH) is not None
    if token in scope.origins:
        before = keys[i - 1] if i else ""
        return before == "aus" or (before in ("dem", "der") and i > 1 and keys[i - 2] == "aus")
    return False


def _group_near(keys, start: int, end: int, scope: Scope) -> int | None:
    for i in range(max(0, start), min(len(keys), end)):
        if _is_group(keys, i, scope):
            return i
    return None


def _negated_before(keys, hit: PhraseHit, reach: int = 3) -> bool:
    return any_in(keys, hit.start - reach, hit.start, _NEGATIONS) is not None


def _expulsions(sentence: Sentence, scope: Scope, has_demand: bool) -> list:
    keys = sentence.keys
    found = []
    for hit in scope.expulsion.hits(sentence):
        if _negated_before(keys, hit):
            continue
        if hit.phrase.mark != "!" and not has_demand:
            continue
        group = _group_near(keys, hit.start - REACH, hit.end + REACH + 1, scope)
        if group is None:
            continue
        found.append((Action.REJECT, min(group, hit.start), max(group, hit.end)))
    for hit in scope.formulas.hits(sentence):
        if _negated_before(keys, hit):
            continue
        group = _group_near(keys, hit.start - REACH, hit.end + REACH + 1, scope)
        if not hit.phrase.weak:
            found.append((Action.REJECT, hit.start, hit.end))
        elif has_demand and group is None:
            found.append((Action.HOLD, hit.start, hit.end))
        elif has_demand:
            found.append((Action.REJECT, min(group, hit.start), max(group, hit.end)))
    return found


def _dehumanisation(sentence: Sentence, scope: Scope) -> list[tuple[Action, int, int]]:
    keys = sentence.keys
    found = []
    for hit in scope.dehumanising.hits(sentence):
        if _negated_before(keys, hit):
            continue
        after = keys[hit.end + 1] if hit.end + 1 < len(keys) else ""
        if keys[hit.start] == "keine" and after in ("zweiter", "dritter"):
            continue  # "keine Menschen zweiter Klasse"
        if keys[hit.start] == "wie" and any_in(keys, hit.start - 2, hit.start, _TREATED):
            continue
        group = _group_near(keys, hit.start - REACH, hit.end + REACH + 1, scope)
        if group is not None:
            found.append((Action.REJECT, min(group, hit.start), max(group, hit.end)))
    return found


def _blame(sentence: Sentence, scope: Scope) -> list[tuple[Action, int, int]]:
    keys = sentence.keys
    found = []
    named = scope.groups | scope.origins
    for g, token in enumerate(keys):
        if token not in named or not _is_group(keys, g, scope):
            continue
        if any_in(keys, g - 3, g, _NEGATIONS) is not None:
            continue  # "Nicht alle Polen sind …"
        j = g + 1
        if j < len(keys) and keys[j] in _COPULAS:
            k = j + 1
            while k < len(keys) and k <= j + 3 and keys[k] in _FILLERS:
                k += 1
            if k < len(keys) and keys[k] in scope.predicates:
                found.append((Action.HOLD, g, k))
    for hit in scope.blame_verbs.hits(sentence):
        if hit.phrase.mark == "~":
            group = _group_near(keys, hit.end + 1, hit.end + 3, scope)
            if group is not None and keys[group] not in _ADJECTIVAL:
                found.append((Action.HOLD, hit.start, group))
            continue
        group = _group_near(keys, hit.start - 3, hit.start, scope)
        if group is None or _negated_before(keys, hit, reach=2):
            continue
        if all(keys[i] in _FILLERS for i in range(group + 1, hit.start)):
            found.append((Action.HOLD, group, hit.end))
    return found


def _blame_frame(sentence: Sentence, scope: Scope) -> list[tuple[Action, int, int]]:
    """ "Kein Wunder, dass …, wenn man Schwarze einstellt": a failure blamed on a group."""
    keys = sentence.keys
    for i in range(len(keys) - 1):
        if (keys[i], keys[i + 1]) in _BLAME_FRAMES:
            group = _group_near(keys, i + 2, len(keys), scope)
            if group is None or any_in(keys, i - 2, i, _NEGATIONS) is not None:
                continue
            # Something went wrong, and the group is blamed: "… dass das nicht klappt".
            if any_in(keys, i + 2, group, _FAILURE) is not None:
                return [(Action.HOLD, i, group)]
    return []


def _findings_in(sentence: Sentence, scope: Scope) -> list[tuple[Action, str]]:
    has_demand = not sentence.vocabulary.isdisjoint(_DEMANDS)
    found = _expulsions(sentence, scope, has_demand)
    found += _dehumanisation(sentence, scope) + _blame(sentence, scope)
    found += _blame_frame(sentence, scope)
    if not found:
        return []
    distancing = not sentence.vocabulary.isdisjoint(_DISTANCING)
    return [
        (Action.HOLD if distancing else action, sentence.span(start, end))
        for action, start, end in _merged(found)
    ]


def _merged(found: list[tuple[Action, int, int]]) -> list[tuple[Action, int, int]]:
    """Overlapping spans joined into one, with the stricter action of the two."""
    merged: list[tuple[Action, int, int]] = []
    for action, start, end in sorted(found, key=lambda item: (item[1], item[2])):
        if merged and start <= merged[-1][2]:
            last_action, last_start, last_end = merged[-1]
            strictest = max(action, last_action, key=lambda a: a.weight)
            merged[-1] = (strictest, last_start, max(end, last_end))
        else:
            merged.append((action, start, end))
    return merged


class ExclusionRule(ParaphraseRule):
    code = "ausgrenzung"
    clause = "rassismus"
    label = "Ausgrenzung / Hetze gegen Gruppen"
    message = (
        "Menschen pauschal abzuwerten, sie ausgrenzen oder vertreiben zu wollen oder ihnen "
        "das Menschsein abzusprechen, lassen wir nicht zu. Kritik an Positionen ist "
        "willkommen, Hetze gegen Menschen nicht"
    )
    default_action = Action.REJECT

    def scope(self, vocabulary: frozenset[str]) -> Scope:
        return Scope.of(vocabulary)

    def find(self, sentence: Sentence, scope: Scope) -> list[Statement]:
        return [
            (action is Action.HOLD, excerpt, excerpt)
            for action, excerpt in _findings_in(sentence, scope)
        ]
