"""Guideline: „… strafrechtlich relevante Äußerungen … tolerieren wir nicht“ – threats and
calls for violence said in the commenter's own words (§ 241, § 111 StGB).

:mod:`.criminal` knows the fixed formulas ("ich bring dich um", "gehört aufgehängt"). This
rule reads the sentence around a violent verb from ``wordlists/threat_verbs.txt`` (with its
inflected and separable forms: "schlage … zusammen", "zusammenschlage", "zusammenzuschlagen",
"zusammengeschlagen") and asks who acts and on whom:

* **first person** with a target: "Wenn ich den Autor treffe, schlage ich ihn zusammen",
  "Dir breche ich alle Knochen", "Ich zünde eure Agentur an";
* **impersonal calls**: "man/jemand sollte/müsste … aufhängen", "am besten schlägt man …";
* **"gehört …"** and **modal passives**: "gehört erschlagen", "sollten erschossen werden";
* **imperatives**: "Erschießt die alle", "… und haut denen die Scheiben ein", and telling
  someone to kill themselves: "Häng dich auf", "Geh dich erschießen";
* **threat phrases** of their own (``threat_phrases.txt``): "kriegt sie eine aufs Maul",
  "dann gnade ihm Gott", "Kugel in den Kopf".

What is not a threat here: a negation between actor and act ("Man sollte ihn nicht gleich
aufhängen", "Ich bringe dich nicht um"), the first person in the past or as the victim
("ich wurde zusammengeschlagen"), third persons described ("Er wurde erschossen"), idioms
of the trade (``threat_verbs.txt`` names them). A match found only inside quotation marks is
reported speech ("Sätze wie „Man sollte euch alle erschießen“ zeigen wir an") and held for a
moderator, as are wishes in the subjunctive about a third person ("Ich könnte ihn
erwürgen") and the ambiguous entries of the word lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .base import Action
from .normalize import read_wordlist
from .paraphrase import ParaphraseRule, Statement
from .phrases import (
    ActivePhrases,
    PhraseList,
    Sentence,
    WordSet,
    any_in,
    keys_of,
    words_of,
)

_FINITE_ENDINGS = ("", "e", "st", "t", "en", "et", "est", "n")


@dataclass(frozen=True)
class Verb:
    text: str  # the line of threat_verbs.txt
    particle: str  # key of the separable particle, or ""
    objects: frozenset[str]  # plain object words (keys)
    object_sets: tuple[str, ...]  # "person" / "property"
    weak: bool


@dataclass(frozen=True)
class Form:
    verb: Verb
    kind: str  # "finite" (needs its particle if it has one), "joined", "participle"
    imperative: bool = False  # also an imperative ("schlag", "schlagt", "stich")


def _parse_verbs(lines) -> dict[str, list[Form]]:
    forms: dict[str, list[Form]] = {}

    def add(word: str, form: Form) -> None:
        for k in keys_of(word):
            if form not in forms.setdefault(k, []):
                forms[k].append(form)

    for line in lines:
        weak = line.startswith("?")
        head, _, participles = line.lstrip("?").partition(";")
        head, _, objects = head.partition("+")
        stems, _, particle = head.partition("/")
        object_words = objects.split()
        verb = Verb(
            text=line,
            particle="".join(keys_of(particle)),
            objects=frozenset(k for w in object_words if not w.startswith("@") for k in keys_of(w)),
            object_sets=tuple(w[1:] for w in object_words if w.startswith("@")),
            weak=weak,
        )
        for n, stem in enumerate(stems.split()):
            for ending in _FINITE_ENDINGS:
                # Imperatives: the first stem ("schlag", "schlage", "schlagt") and the
                # second one bare ("stich", "brich").
                imperative = ending in ("", "e", "t", "et") if n == 0 else ending == ""
                if verb.particle:
                    add(stem + ending, Form(verb, "finite", imperative))
                    add(verb.particle + stem + ending, Form(verb, "joined"))
                else:
                    add(stem + ending, Form(verb, "joined", imperative))
            if verb.particle:
                add(f"{verb.particle}zu{stem}en", Form(verb, "joined"))
                add(f"{verb.particle}zu{stem}n", Form(verb, "joined"))
        for participle in participles.split():
            add(participle, Form(verb, "participle"))
    return forms


VERBS = _parse_verbs(read_wordlist("threat_verbs"))
VERB_FORMS = frozenset(VERBS)
PHRASES = PhraseList.from_files("threat_phrases", gap=2)
PERSONS = WordSet.from_files("threat_targets")
PROPERTY = WordSet.from_files("threat_property")


class Scope(NamedTuple):
    """What one comment contains of the word lists (computed once per comment)."""

    verbs: frozenset[str]  # verb forms
    persons: frozenset[str]  # words for people
    property: frozenset[str]  # buildings and belongings
    phrases: ActivePhrases

    @classmethod
    def of(cls, vocabulary: frozenset[str]) -> Scope:
        phrases = PHRASES.active(vocabulary)
        forms = vocabulary & VERB_FORMS
        if not forms:  # most comments: no violent verb at all
            return cls(forms, frozenset(), frozenset(), phrases)
        persons = PERSONS.present(vocabulary)
        belongings = PROPERTY.present(vocabulary)
        verbs = frozenset(
            token
            for token in forms
            if any(_possible(form, vocabulary, persons, belongings) for form in VERBS[token])
        )
        return cls(verbs, persons, belongings, phrases)

    @property
    def triggers(self) -> frozenset[str]:
        """Words of which a sentence needs one: a possible violent verb, a phrase's anchor."""
        return self.verbs | self.phrases.anchors


def _possible(form: Form, vocabulary, persons, belongings) -> bool:
    """Could this verb form be violent in a comment with these words? Its particle and one
    of its objects must be there ("bringt" without "um" is just "bringt")."""
    verb = form.verb
    if form.kind == "finite" and verb.particle and verb.particle not in vocabulary:
        return False
    if verb.objects and vocabulary.isdisjoint(verb.objects) and not verb.object_sets:
        return False  # "verpasst" without "Kugel"
    if form.kind == "participle" or not (verb.objects or verb.object_sets):
        return True  # "Der gehört erschlagen": the subject is the target
    return (
        not vocabulary.isdisjoint(verb.objects)
        or ("person" in verb.object_sets and bool(persons))
        or ("property" in verb.object_sets and bool(belongings))
    )


# Anything that can stand for the object of a violent act, when a verb names none.
_TARGETS = words_of(
    "dich dir euch ihn ihm ihnen sie ihr den die dem der denen diesen diese diesem dieser",
    "solche solchen solcher alle jeden jede jedem eure euren eurer euer deine deinen deiner",
    "dein ihre ihren ihrem seine seinen",
)
_FIRST = words_of("ich wir i")
_SECOND = words_of("dich dir euch")
_IMPERSONAL = words_of("man jemand einer irgendwer irgendjemand")
_MODALS = words_of(
    "sollte sollten soll sollen muesste muessten muss muessen musst darf duerfte duerften",
    "werde werden wird will wollen moechte moechten zeit besten",
)
_HYPOTHETICAL = words_of("koennte koennten wuerde wuerden haette")
# Past tense around a first-person verb: a story, not a threat ("Ich wurde …", "Wir waren …").
_PAST = words_of("hatte hatten hattest wurde wurden war waren")
# "Ich habe ihn erwürgt": a form that is also the participle, after "haben", is perfect tense.
_HAVE = words_of("habe hab hat haben habt hast hatte hatten")
_GEHOERT = words_of("gehoert gehoeren gehoerst")
# Who "gehört erschlagen": "Der gehört …", "Die gehören …", "So einer gehört …".
_GEHOERT_SUBJECTS = words_of("der die den dem er sie du ihr einer jeder wer solche solcher alle")
_PASSIVE = words_of("werden wird")
_NEGATIONS = words_of(
    "nicht nie niemals kein keine keinen keinem keiner keinesfalls keineswegs niemand nichts"
)
_NOT_A_NEGATION_AFTER = words_of("nur bloss einfach mal")  # "nicht nur … sondern"
# Words that may open a sentence or clause before an imperative: "Und haut denen …".
_IMPERATIVE_LEAD = words_of(
    "und dann also los bitte jetzt doch einfach endlich mal na leute hey ey ja so geht geh"
)
_REFLEXIVE = words_of("dich euch")
# A separable verb's particle closes its clause: the search stops at a subordinate clause or
# at "vor" ("Ich schlage vor, dass wir sie zusammen …" is no "zusammenschlagen").
_CLAUSE_STOPS = words_of(
    "vor dass weil wenn ob aber oder denn sondern damit obwohl nachdem bevor falls sobald als"
)
_GO = words_of("geh geht")

WINDOW = 8  # words on either side of the verb that belong to its clause (bounded)


def _negated(keys, start: int, end: int) -> bool:
    """A negation strictly between ``start`` and ``end`` ("nicht nur" does not count)."""
    for i in range(start + 1, end):
        if keys[i] in _NEGATIONS:
            if keys[i] == "nicht" and i + 1 < len(keys) and keys[i + 1] in _NOT_A_NEGATION_AFTER:
                continue
            return True
    return False


def _has_target(keys, i: int, verb: Verb, scope: Scope) -> int | None:
    """Position of the object the verb needs, or None."""
    lo, hi = i - WINDOW, i + WINDOW + 1
    if verb.objects or verb.object_sets:
        persons = scope.persons if "person" in verb.object_sets else ()
        belongings = scope.property if "property" in verb.object_sets else ()
        for j in range(max(0, lo), min(len(keys), hi)):
            token = keys[j]
            if token in verb.objects or token in persons or token in belongings:
                return j
        return None
    found = any_in(keys, lo, hi, _TARGETS)
    if found is None:
        found = any_in(keys, lo, hi, scope.persons)
    return found


def _particle_at(keys, i: int, particle: str) -> int | None:
    for j in range(i + 1, min(len(keys), i + 1 + WINDOW + 2)):
        if keys[j] == particle:
            return j
        if keys[j] in _CLAUSE_STOPS:
            return None
    return None


def _nearest(keys, i: int, words, before: int = WINDOW, after: int = 3) -> int | None:
    best = None
    for j in range(max(0, i - before), min(len(keys), i + after + 1)):
        if j != i and keys[j] in words and (best is None or abs(j - i) < abs(best - i)):
            best = j
    return best


def _also_participle(token: str) -> bool:
    return any(form.kind == "participle" for form in VERBS.get(token, ()))


def _imperative(keys, i: int) -> bool:
    """The verb opens its sentence, or a clause after "und", with no subject before it."""
    j = i - 1
    while j >= 0 and keys[j] in _IMPERATIVE_LEAD:
        if keys[j] == "und":
            return True
        j -= 1
    return j < 0


def _assess(keys, i: int, form: Form, end: int, scope: Scope) -> Action | None:
    """The action for the violent verb at ``i`` (its clause reaching ``end``), or None."""
    verb = form.verb
    target = _has_target(keys, i, verb, scope)
    weak = Action.HOLD if verb.weak else Action.REJECT
    lo = max(0, i - WINDOW)

    if form.kind == "participle":
        gehoert = _nearest(keys, i, _GEHOERT, after=0)
        if gehoert is not None and not _negated(keys, gehoert, i):
            # The subject of "gehört" is the target: "Der Typ gehört erschlagen".
            subject = keys[gehoert - 1] if gehoert else ""
            if target is not None or subject in _GEHOERT_SUBJECTS or subject in scope.persons:
                return weak
            return None
        if target is None:
            return None
        modal = _nearest(keys, i, _MODALS - _PASSIVE)
        passive = any_in(keys, i + 1, i + 3, _PASSIVE)
        if modal is not None and passive is not None and not _negated(keys, min(modal, i), end):
            return weak
        return None

    if target is None:
        return None
    first = _nearest(keys, i, _FIRST)
    if first is not None:
        if any_in(keys, min(first, i), max(first, i), _PAST) is not None:
            return None
        if _also_participle(keys[i]) and any_in(keys, min(first, i), i, _HAVE) is not None:
            return None
        if _negated(keys, min(first, i), max(end, first)):
            return None
        if (
            any_in(keys, min(first, i), max(first, i) + 1, _HYPOTHETICAL) is not None
            and keys[target] not in _SECOND
        ):
            return Action.HOLD  # "Ich könnte ihn erwürgen": anger, not yet a threat
        return weak

    actor = _nearest(keys, i, _IMPERSONAL)
    if actor is not None:
        if _negated(keys, min(actor, i), max(end, actor)):
            return None
        # "man sollte", "sollte man", "es wird Zeit, dass jemand", "am besten … man"
        modal = any_in(keys, min(actor, i) - 4, max(actor, i) + 3, _MODALS)
        return weak if modal is not None else Action.HOLD

    if form.imperative and _imperative(keys, i):
        if _negated(keys, i, end):
            return None
        return weak
    # "Geh dich erschießen", "geht euch aufhängen"
    if (
        form.kind == "joined"
        and any_in(keys, lo, i, _REFLEXIVE) is not None
        and any_in(keys, lo, i, _GO) is not None
    ):
        return weak
    return None


def _findings_in(sentence: Sentence, scope: Scope) -> list[tuple[Action, str, str]]:
    """(action, core, excerpt) per threat: the core is the verb with its particle or the
    phrase itself, the excerpt adds a few words before it."""
    keys = sentence.keys
    found = []
    verbs = () if sentence.vocabulary.isdisjoint(scope.verbs) else enumerate(keys)
    for i, token in verbs:
        for form in VERBS.get(token, ()):
            end = i
            if form.kind == "finite" and form.verb.particle:
                particle = _particle_at(keys, i, form.verb.particle)
                if particle is None:
                    continue
                end = particle
            action = _assess(keys, i, form, end, scope)
            if action is not None:
                found.append((action, sentence.span(i, end), sentence.span(i - 3, end)))
                break
    for hit in scope.phrases.hits(sentence):
        if _negated(keys, max(-1, hit.start - 3), hit.end):
            continue
        action = Action.HOLD if hit.phrase.weak else Action.REJECT
        found.append(
            (action, sentence.span(hit.start, hit.end), sentence.span(hit.start - 2, hit.end))
        )
    return found


class ThreatRule(ParaphraseRule):
    code = "drohung"
    clause = "strafrecht"
    label = "Drohung / Aufruf zu Gewalt"
    message = (
        "Drohungen und Aufrufe zu Gewalt sind strafbar – auch als Übertreibung gemeint "
        "veröffentlichen wir sie nicht"
    )
    default_action = Action.REJECT

    def scope(self, vocabulary: frozenset[str]) -> Scope:
        return Scope.of(vocabulary)

    def find(self, sentence: Sentence, scope: Scope) -> list[Statement]:
        return [
            (action is Action.HOLD, core, excerpt)
            for action, core, excerpt in _findings_in(sentence, scope)
        ]
