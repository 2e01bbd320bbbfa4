"""Sentences, word sets and phrase lists for the rules that read paraphrase.

The threat, exclusion and disrespect rules look for word combinations, not single words:
"man sollte … aufhängen", "<group> sollen zurück in ihre Länder", "halt doch die Klappe".
They share this small toolkit, built on the normaliser's ``words`` view (see
:mod:`.normalize`): a comment is split once into sentences of tokens, each token also as
its *key* (a letter typed three times or more counts once, so "Idiiiot" and "Idiot" look
the same, while "wenn" and "wen", "dass" and "das" stay apart), and every lookup is a set or
dict access. Phrases are matched token by token with a bounded gap, so
the work per comment grows linearly with its length; no regular expression runs over the
comment here.

Word-list syntax (``wordlists/<name>.txt``, "#" starts a comment):

* :class:`WordSet`: ``word`` (with German inflection endings), ``*word`` (also as the last
  part of a compound: "*schwätzer" finds "Dummschwätzer").
* :class:`PhraseList`: words separated by spaces, alternatives by ``|``; a word ending in
  ``*`` (not the first) matches every word starting with it. A line may start with a mark
  that the rule using the list defines; ``?`` always means a weaker phrase (the rules hold
  such a comment instead of rejecting it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import NamedTuple

from .normalize import Normalized, fold, read_wordlist, to_words

# Inflection endings of nouns and adjectives, in collapsed spelling ("Schwätzerinnen").
NOUN_ENDINGS = ("", "e", "en", "er", "es", "em", "n", "s", "in", "inen", "ern", "ens")

_MEMO_SIZE = 50_000  # words remembered per cache (a few MB at most)

# Quotation marks after folding (see ``normalize.fold``): „…“ and "…" both become '"'.
_QUOTE = '"'


@lru_cache(maxsize=16384)
def key(token: str) -> str:
    """A token's lookup key: a letter repeated three times or more once ("idiiiot" → "idiot"),
    a repeated umlaut once ("schwaeaeaetzer" → "schwaetzer").

    Doubled letters stay: German spells them ("wenn", "dass", "Mann").
    """
    if len(token) < 3:
        return token
    token = "".join(char if len(run) > 2 else run for char, run in _runs(token))
    # A repeated umlaut is folded into a repeated digraph: "Schwäääätzer" → "schwaeaeaeaetzer".
    for digraph in ("ae", "oe", "ue"):
        double = digraph + digraph
        while double in token:
            token = token.replace(double, digraph)
    return token


def _runs(token: str):
    for char, group in groupby(token):
        yield char, char * sum(1 for _ in group)


def keys_of(text: str) -> tuple[str, ...]:
    """The keys of a word-list entry or phrase word, normalised like comment tokens."""
    return tuple(key(word) for word in to_words(fold(text)).split())


class Sentence(NamedTuple):
    words: tuple[str, ...]  # the tokens of ``Normalized.words`` (for excerpts)
    keys: tuple[str, ...]  # the same tokens as keys (for lookups)
    vocabulary: frozenset[str] = frozenset()  # the distinct keys

    def span(self, start: int, end: int) -> str:
        """The words ``start`` … ``end`` (inclusive), for an excerpt."""
        return " ".join(self.words[max(0, start) : end + 1])


class _Keys(dict):
    """token → key for the tokens seen so far (a plain dict lookup is the fast path)."""

    def __missing__(self, token: str) -> str:
        if len(self) > _MEMO_SIZE:
            self.clear()
        value = self[token] = key(token)
        return value


_KEYS = _Keys()


def _split(words: str) -> tuple[Sentence, ...]:
    found = []
    keys_of_tokens = _KEYS.__getitem__
    for line in words.split("\n"):
        tokens = tuple(line.split())
        if tokens:
            keys = tuple(map(keys_of_tokens, tokens))
            found.append(Sentence(tokens, keys, frozenset(keys)))
    return tuple(found)


def containing(found: tuple[Sentence, ...], words: frozenset[str]) -> list[Sentence]:
    """The sentences that contain one of ``words`` (one set operation per sentence)."""
    return [s for s in found if not s.vocabulary.isdisjoint(words)] if words else []


def sentences(norm: Normalized) -> tuple[Sentence, ...]:
    """The sentences of a comment (computed once per comment and shared by the rules)."""
    found = norm.__dict__.get("_phrase_sentences")
    if found is None:
        found = norm.__dict__["_phrase_sentences"] = _split(norm.words)
    return found


def vocabulary(norm: Normalized) -> frozenset[str]:
    """The distinct keys of a comment: rules intersect it with their word lists first, so
    a comment without any of their words costs a few set operations."""
    found = norm.__dict__.get("_phrase_vocabulary")
    if found is None:
        # From the words directly: most comments never need their sentences split.
        tokens = frozenset(norm.words.split())
        found = frozenset(map(_KEYS.__getitem__, tokens))
        norm.__dict__["_phrase_vocabulary"] = found
        norm.__dict__["_phrase_keys_are_words"] = found == tokens
    return found


def sentences_with(norm: Normalized, words: frozenset[str]) -> list[Sentence]:
    """The sentences of a comment that contain one of the keys ``words``.

    Only those lines of ``Normalized.words`` are split: each word is searched for as a
    whole word (the text is spaced around every word), and a line is taken at most once, so
    the search reads the text about once per word.
    """
    if not words:
        return []
    vocabulary(norm)
    if not norm.__dict__["_phrase_keys_are_words"]:  # a repeated letter: keys differ
        return containing(sentences(norm), words)
    text = norm.words
    starts = set()
    for word in words:
        needle = f" {word} "
        pos = text.find(needle)
        while pos != -1:
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            starts.add(start)
            pos = text.find(needle, end) if end != -1 else -1
    found = []
    for start in sorted(starts):
        end = text.find("\n", start)
        found.extend(_split(text[start : end if end != -1 else len(text)]))
    return found


def has_quotes(norm: Normalized) -> bool:
    return _QUOTE in norm.lower


def sentences_outside_quotes(norm: Normalized) -> tuple[Sentence, ...]:
    """The sentences with every passage in quotation marks left out.

    A rule that finds something in :func:`sentences` but not here found it only inside a
    quotation: reported speech ("Sätze wie „…“ gehören angezeigt") or a quote from the
    article. An unpaired last quotation mark opens nothing.
    """
    found = norm.__dict__.get("_phrase_outside")
    if found is None:
        found = norm.__dict__["_phrase_outside"] = _split(words_outside_quotes(norm))
    return found


def outside_quotes(norm: Normalized) -> Normalized:
    """The comment with every quoted passage replaced by a line break, normalised: a rule
    that finds a statement in ``norm`` but not here found it only inside a quotation."""
    found = norm.__dict__.get("_outside_quotes")
    if found is None:
        found = norm.__dict__["_outside_quotes"] = Normalized(_text_outside_quotes(norm.lower))
    return found


def _text_outside_quotes(lower: str) -> str:
    parts = lower.split(_QUOTE)
    outside = parts[0::2]
    if len(parts) % 2 == 0:  # odd number of marks: the text after the last one is outside
        outside.append(parts[-1])
    return "\n".join(outside)


def words_outside_quotes(norm: Normalized) -> str:
    """The ``words`` view of the comment with every quoted passage replaced by a line break
    (see :func:`sentences_outside_quotes`)."""
    found = norm.__dict__.get("_words_outside")
    if found is None:
        found = norm.__dict__["_words_outside"] = to_words(_text_outside_quotes(norm.lower))
    return found


class WordSet:
    """Words with their inflected forms; ``*word`` entries also end compounds."""

    def __init__(self, entries, endings=NOUN_ENDINGS):
        self.forms: set[str] = set()
        self.heads: set[str] = set()
        for entry in entries:
            head = entry.startswith("*")
            for base in keys_of(entry.lstrip("*")):
                # "mann" + "n" would collapse to the key "man": no such form.
                forms = {
                    key(base + ending)
                    for ending in endings
                    if not (ending and base.endswith(ending[0] * 2))
                }
                self.forms |= forms
                if head:
                    self.heads |= forms
        self.shortest_head = min(map(len, self.heads), default=0)
        self.longest_head = max(map(len, self.heads), default=0)
        self._compounds: set[str] = set()  # words seen that end in a head
        self._seen: set[str] = set()  # all words looked at so far

    @classmethod
    def from_files(cls, *names: str, endings=NOUN_ENDINGS) -> WordSet:
        return cls([entry for name in names for entry in read_wordlist(name)], endings)

    def __contains__(self, token: str) -> bool:
        if token in self.forms:
            return True
        if not self.heads or len(token) <= self.shortest_head:
            return False
        # A compound ending in a head: try the token's last letters, at most as many as the
        # longest head has (a constant: a 5,000-letter word costs no more than a short one).
        size = len(token)
        for start in range(max(1, size - self.longest_head), size - self.shortest_head + 1):
            if token[start:] in self.heads:
                return True
        return False

    def present(self, vocabulary: frozenset[str]) -> frozenset[str]:
        """The words of ``vocabulary`` (a comment's distinct keys) that are in this set."""
        found = set(vocabulary & self.forms)
        if self.heads:
            # Compound heads: each distinct word is looked at once and remembered (most words
            # of a comment were in earlier comments too), so this is mostly set operations.
            if len(self._seen) > _MEMO_SIZE:
                self._compounds.clear()
                self._seen.clear()
            found |= vocabulary & self._compounds
            for token in vocabulary - self._seen:
                self._seen.add(token)
                if token in self:
                    self._compounds.add(token)
                    found.add(token)
        return frozenset(found)


_MARKS = "?!~"


@dataclass(frozen=True)
class Phrase:
    text: str  # as written in the list
    elements: tuple[tuple[frozenset[str], tuple[str, ...]], ...]  # (words, prefixes) per slot
    mark: str = ""  # the line's leading mark, one of ``_MARKS`` or ""

    @property
    def weak(self) -> bool:
        return self.mark == "?"


def _element(alternatives: str, first: bool) -> tuple[frozenset[str], tuple[str, ...]]:
    words, prefixes = set(), []
    for alternative in alternatives.split("|"):
        if alternative.endswith("*") and not first:
            prefixes.extend(keys_of(alternative.rstrip("*")))
        else:
            words.update(keys_of(alternative))
    return frozenset(words), tuple(prefixes)


def parse_phrase(line: str) -> Phrase:
    mark = line[0] if line[:1] in _MARKS else ""
    slots = line[len(mark) :].split()
    if not slots or "*" in slots[0]:
        raise ValueError(f"phrase {line!r} must start with a plain word")
    elements = tuple(_element(slot, i == 0) for i, slot in enumerate(slots))
    return Phrase(line, elements, mark)


@dataclass(frozen=True)
class PhraseHit:
    phrase: Phrase
    start: int  # token positions in the sentence
    end: int


def _anchor(phrase: Phrase) -> frozenset[str]:
    """The words of the slot a phrase is filed under: not only common words, the longest
    shortest word, the later slot on a tie (content words tend to come last)."""
    slots = [(words, i) for i, (words, prefixes) in enumerate(phrase.elements) if not prefixes]
    return max(slots, key=lambda slot: (not slot[0] <= _COMMON, min(map(len, slot[0])), slot[1]))[0]


class PhraseList:
    """Phrases matched in order within a sentence, at most ``gap`` other words apart."""

    def __init__(self, lines, gap: int = 2):
        self.gap = gap
        self.by_first: dict[str, list[Phrase]] = {}
        # Each phrase is also filed under the words of its "anchor", the slot with the longest
        # (so usually rarest) words: a comment's candidates are found by those words.
        self.by_anchor: dict[str, list[Phrase]] = {}
        words: set[str] = set()
        for line in lines:
            phrase = parse_phrase(line)
            for word in phrase.elements[0][0]:
                self.by_first.setdefault(word, []).append(phrase)
            for word in _anchor(phrase):
                self.by_anchor.setdefault(word, []).append(phrase)
            for element_words, _ in phrase.elements:
                words |= element_words
        self.firsts = frozenset(self.by_first)
        self.anchors = frozenset(self.by_anchor)
        self.words = frozenset(words)  # every plain word of every phrase

    @classmethod
    def from_files(cls, *names: str, gap: int = 2) -> PhraseList:
        return cls([line for name in names for line in read_wordlist(name)], gap=gap)

    def hits(self, sentence: Sentence) -> list[PhraseHit]:
        return self.active(sentence.vocabulary).hits(sentence)

    def active(self, vocabulary: frozenset[str]) -> ActivePhrases:
        """The phrases that may match a comment with these distinct keys: every word slot
        (without a ``*`` prefix) has one of its words in the comment."""
        by_first: dict[str, list[Phrase]] = {}
        anchors: set[str] = set()
        present = vocabulary & self.words  # usually a handful of words, often none
        seen = set()
        for anchor in present & self.anchors:
            for phrase in self.by_anchor[anchor]:
                if phrase.text in seen:
                    continue
                seen.add(phrase.text)
                if all(
                    prefixes or not present.isdisjoint(words) for words, prefixes in phrase.elements
                ):
                    for first in present & phrase.elements[0][0]:
                        by_first.setdefault(first, []).append(phrase)
                    anchors |= present & _anchor(phrase)
        return ActivePhrases(self, by_first, frozenset(anchors))


class ActivePhrases:
    """The phrases of a :class:`PhraseList` that may occur in one comment."""

    def __init__(self, phrases: PhraseList, by_first: dict[str, list[Phrase]], anchors=()):
        self.phrases = phrases
        self.by_first = by_first
        # A sentence can only hold one of these phrases if it has one of their anchor words.
        self.anchors = frozenset(anchors)

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def hits(self, sentence: Sentence) -> list[PhraseHit]:
        if not self.by_first or sentence.vocabulary.isdisjoint(self.by_first):
            return []
        found = []
        keys = sentence.keys
        gap = self.phrases.gap
        for i, token in enumerate(keys):
            for phrase in self.by_first.get(token, ()):
                end = _match_rest(keys, i, phrase, gap)
                if end is not None:
                    found.append(PhraseHit(phrase, i, end))
        return found


def _match_rest(keys, start: int, phrase: Phrase, gap: int) -> int | None:
    """End position of ``phrase`` starting at ``start``, or None: each further word within
    ``gap`` other words of the one before (first match wins, so the work is bounded)."""
    pos = start
    for words, prefixes in phrase.elements[1:]:
        for j in range(pos + 1, min(len(keys), pos + 2 + gap)):
            token = keys[j]
            if token in words or (prefixes and token.startswith(prefixes)):
                pos = j
                break
        else:
            return None
    return pos


# Findings one rule reports per comment: the commenter sees the first few, a moderator the
# comment itself; more would only cost time on a hostile text.
MAX_FINDINGS = 5


def any_in(keys, start: int, end: int, words) -> int | None:
    """The first position in ``keys[start:end]`` whose token is in ``words``, or None."""
    for i in range(max(0, start), min(len(keys), end)):
        if keys[i] in words:
            return i
    return None


def words_of(*groups: str) -> frozenset[str]:
    """A set of keys from space-separated word groups written in plain German."""
    return frozenset(k for group in groups for word in group.split() for k in keys_of(word))


# Words too common to find a phrase by: a phrase is filed under another of its slots.
_COMMON = words_of(
    "der die das den dem des ein eine einen einem einer eines du sie ihr er es wir ich mich",
    "dich sich uns euch ihn ihm ihnen mir dir haben hat hast habe habt sind ist bist seid sein",
    "war waren wird werden nicht kein keine keinen mehr nur noch schon auch so wie was wer wo",
    "in im an am auf aus mit von zu zum zur fuer um bei nach vor ueber unter und oder aber",
    "doch mal ja dein deine deinen ihre ihren ihrem euer eure meinem meiner mein meine",
)
