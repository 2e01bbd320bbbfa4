"""Word-list matching on the ``words`` view, shared by all rules.

Entry syntax (see ``wordlists/insults.txt``):

``word``    the whole word with German inflection endings, optionally behind one of the
            matcher's intensifying prefixes ("Vollidiot")
``*word``   also as the last part of a compound ("Fachidiot", "Kinderficker")
``word*``   also as the first part of a compound ("Arschlochchef")
``=word``   the doubled letters must really be typed ("Nutte" but not "Nuten")
``a b``     a phrase, matched within one sentence (also written together)

Speed: all matchers created with ``shared=True`` (the static word lists) are compiled
into one prefix-tree regex that is scanned once per comment, plus one scan of the
reversed text for compound heads (``*word``). The regex starts at a word boundary (a
space) and every branch of the tree starts with a literal. Repeated letters are
tolerated by the regex ("i" is rendered as ``ii*``), so the text is never collapsed.
The trees run in RE2 (see :mod:`core.linear`): a backtracking engine gives letters of a
stretched word back one by one ("nuttttt…"), RE2 reads the text once, and is faster on
these trees too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, count

from core import linear

from .excerpt import raw_excerpt
from .normalize import LEET_TABLE, Normalized, collapse, fold, normalize_text
from .normalize import read_wordlist as _read

# German inflection endings in collapsed spelling.
ENDINGS = frozenset({"", "e", "en", "er", "es", "em", "n", "s", "in", "inen", "ern", "ens"})
_NON_ALNUM = linear.compile(r"[\W_]+")
# Possessive repetitions only help a backtracking engine (the benchmark's "re" run).
_POSSESSIVE = linear.ENGINE == "re"
_ids = count()


@dataclass(frozen=True)
class Entry:
    text: str  # the entry as written in the list
    key: str  # normalised, repeats collapsed
    pattern: str  # normalised, repeats kept only for strict entries
    head: bool = False  # may end a compound ("*word")
    tail: bool = False  # may start a compound ("word*")
    strict: bool = False  # doubled letters required ("=word")

    @property
    def phrase(self) -> bool:
        return " " in self.key


@dataclass(frozen=True)
class Hit:
    entry: Entry
    start: int  # span of the whole word(s) in ``Normalized.words``
    end: int
    token: str  # the normalised word(s) as found

    def excerpt(self, norm: Normalized) -> str:
        return raw_excerpt(norm.raw, self.token)


def parse_entry(line: str) -> Entry | None:
    line = line.strip()
    strict = line.startswith("=")
    line = line.lstrip("=").strip()
    head = line.startswith("*")
    tail = line.endswith("*") and len(line) > 1
    word = line.strip("*").strip()
    spelled = " ".join(_NON_ALNUM.split(fold(word).translate(LEET_TABLE))).strip()
    if not spelled:
        return None
    key = normalize_text(word)
    return Entry(
        text=line,
        key=key,
        pattern=spelled if strict else key,
        head=head,
        tail=tail,
        strict=strict,
    )


def _render(words, reverse: bool = False, possessive: bool = False) -> str:
    """Prefix-tree alternation; letters tolerate repetition, spaces any whitespace.

    With ``possessive`` (only for a tree that ends the regex), a letter's repetition is
    possessive wherever no branch below it can start with the same letter (directly or
    after an empty ``[ ]*``): giving a repeated letter back could not help such a branch
    match, so the regex engine need not try.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word[::-1] if reverse else word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = []
        # Alternatives start with a plain literal, which the regex engine tests before
        # entering them; a letter without alternatives uses the shorter "x+" form.
        alone = sum(1 for ch in node if ch) == 1
        for ch, child in node.items():
            if not ch:
                continue
            if ch == " ":
                literal = r"[ ]*"
            elif ch.isalpha():
                repeat = f"{ch}+" if alone else f"{ch}{ch}*"
                if possessive and ch not in child and " " not in child:
                    repeat += "+"
                literal = repeat
            else:
                literal = re.escape(ch)
            branches.append(literal + render(child))
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return render(trie)


class TermMatcher:
    """Finds the entries of one or more word lists in a :class:`Normalized` text."""

    registry: list[TermMatcher] = []
    _compiled: tuple | None = None

    def __init__(self, entries, prefixes=(), allow=(), shared=True):
        self.id = next(_ids)
        self.entries: list[Entry] = []
        for item in entries:
            entry = item if isinstance(item, Entry) else parse_entry(item)
            if entry is not None:
                self.entries.append(entry)
        self.prefixes = frozenset(normalize_text(p) for p in prefixes)
        self.allow = frozenset(normalize_text(a) for a in allow)
        self.shared = shared
        if shared:
            TermMatcher.registry.append(self)
            TermMatcher._compiled = None
        else:
            self._own = _compile([self])
            self._probes = _pair_probes(self.entries)

    @classmethod
    def from_files(cls, name, prefixes=None, allow=None, extra=()):
        names = [name] if isinstance(name, str) else list(name)
        entries = [line for n in names for line in _read(n)] + list(extra)
        return cls(
            entries,
            prefixes=_read(prefixes) if prefixes else (),
            allow=_read(allow) if allow else (),
        )

    def __len__(self) -> int:
        return len(self.entries)

    def hits(self, norm: Normalized) -> list[Hit]:
        """All hits of this matcher's entries in ``norm``, in text order."""
        if not self.shared:
            words = norm.words
            if self._probes is not None and not any(p.search(words) for p in self._probes):
                return []
            return _scan(norm, self._own).get(self.id, [])
        cache = norm.__dict__.get("_shared_hits")
        if cache is None or cache[0] is not TermMatcher._compiled:
            compiled = TermMatcher._compiled or _compile(TermMatcher.registry)
            TermMatcher._compiled = compiled
            cache = (compiled, _scan(norm, compiled))
            norm.__dict__["_shared_hits"] = cache
        return cache[1].get(self.id, [])


_MAX_PROBES = 4  # a search each; more cost as much as one scan
# German letters from the most to the least frequent.
_LETTER_RANK = {c: i for i, c in enumerate("enisratdhulcgmobwfkzpvjyxq")}


def _pair_probes(entries) -> tuple | None:
    """Per entry its rarest pair of adjacent different letters, or None if one has none.

    Repeated letters ("Schwuuurbler") never split such a pair, so an entry can only match
    a text that contains its pair: for a short list (the watched words), a few searches
    for a two-letter literal (faster than ``in``) replace most scans.
    """
    probes = []
    for entry in entries:
        pairs = [
            a + b
            for word in entry.pattern.split()
            for a, b in zip(word, word[1:], strict=False)
            if a != b and a.isalpha() and b.isalpha()
        ]
        if not pairs or len(probes) == _MAX_PROBES:
            return None
        probes.append(
            max(pairs, key=lambda p: _LETTER_RANK.get(p[0], 0) + _LETTER_RANK.get(p[1], 0))
        )
    return tuple(map(linear.compile, dict.fromkeys(probes)))


def _compile(matchers: list[TermMatcher]) -> tuple:
    """Forward and reverse regexes plus the lookup table for ``matchers``.

    Intensifying prefixes are expanded into explicit entries ("voll" + "idiot"): an
    optional prefix group in front of the tree would make every word start slower.
    """
    by_key: dict[str, list[tuple[TermMatcher, Entry]]] = {}
    forward: set[str] = set()
    heads: set[str] = set()
    for matcher in matchers:
        for entry in matcher.entries:
            variants = [("", entry.pattern)]
            if not entry.phrase and not entry.head:
                variants += [(p, p + entry.pattern) for p in matcher.prefixes if p]
            for prefix, pattern in variants:
                by_key.setdefault(_lookup_key(prefix + entry.key), []).append((matcher, entry))
                forward.add(pattern)
            if entry.head and not entry.phrase:
                heads.update(ending[::-1] + entry.pattern[::-1] for ending in ENDINGS)
    fwd = _forward_regexes(forward)
    rev = None
    if heads:
        # A match that spans a whole word is not a compound; ``_scan`` skips it.
        rev = linear.compile(f" (?:{_render(sorted(heads), possessive=_POSSESSIVE)})")
    return (fwd, rev, by_key, {})


def _forward_regexes(patterns: set[str]) -> tuple:
    """One regex for the whole tree, or one per first letter if there are only a few.

    A regex that starts with a space and one letter (" k") lets the regex engine skip to
    the words starting with that letter; with many first letters, entering the tree at
    every word start is cheaper than scanning the text once per letter. Phrases are not
    split: the matches of separate regexes could overlap where one regex would not.
    """
    firsts = sorted({p[0] for p in patterns})
    if len(firsts) > 3 or any(" " in p for p in patterns):
        tree = _render(sorted(patterns), possessive=_POSSESSIVE)
        return (linear.compile(" (?:" + tree + ")"),)
    regexes = []
    for first in firsts:
        rests = sorted(p[1:] for p in patterns if p[0] == first)
        tree = _render(rests, possessive=_POSSESSIVE)
        regexes.append(linear.compile(f" {first}{first}*(?:{tree})"))
    return tuple(regexes)


def _head_candidates(by_key, ending_root: str):
    """Head entries whose key, plus an inflection ending, spells ``ending_root``."""
    text = _lookup_key(ending_root)
    for ending in ENDINGS:
        if ending and not text.endswith(ending):
            continue
        for matcher, entry in by_key.get(text[: len(text) - len(ending)] or text, ()):
            if entry.head:
                yield matcher, entry


@lru_cache(maxsize=4096)
def _lookup_key(text: str) -> str:
    """Phrases may be typed with or without spaces: compare without them."""
    return collapse("".join(text.split()))


_collapse_rest = lru_cache(maxsize=4096)(collapse)


def _prefix_candidates(by_key, memo: dict, key: str) -> list:
    """(size, candidates) for every prefix of ``key`` (longest first) that is a lookup key."""
    found = memo.get(key)
    if found is None:
        found = []
        for size in range(len(key), 1, -1):
            candidates = by_key.get(key[:size])
            if candidates:
                found.append((size, candidates))
        memo[key] = found
    return found


def _scan(norm: Normalized, compiled: tuple) -> dict[int, list[Hit]]:
    fwd, rev, by_key, memo = compiled
    words = norm.words
    found: dict[int, list[Hit]] = {}
    seen: set[tuple[int, int]] = set()

    def add(matcher, entry, start, end, token):
        if (matcher.id, start) in seen or token in matcher.allow:
            return
        seen.add((matcher.id, start))
        found.setdefault(matcher.id, []).append(Hit(entry, start, end, token))

    for match_start, root_end in chain(*(linear.spans(regex, words) for regex in fwd)):
        start = match_start + 1
        key = _lookup_key(words[start:root_end])
        # The regex reports the longest entry; shorter ones at the same place count too
        # ("kanaken" is a group noun, "kanake" a slur).
        prefixes = _prefix_candidates(by_key, memo, key)
        if not prefixes:
            continue
        end = words.find(" ", root_end)  # a line break has a space on either side
        rest = _collapse_rest(words[root_end:end])
        for size, candidates in prefixes:
            after = key[size:] + rest
            for matcher, entry in candidates:
                if entry.tail or after in ENDINGS:
                    add(matcher, entry, start, end, words[start:end])

    if rev is not None:
        backwards = norm.reversed_words
        size = len(words)
        for match_start, match_end in linear.spans(rev, backwards):
            end = size - match_start - 1
            if end < size and words[end] not in " \n":
                continue  # the reversed match must start at the end of a word
            start = root_start = size - match_end
            while start > 0 and words[start - 1] not in " \n":
                start -= 1
            if start == root_start:
                continue  # not a compound: the forward scan has seen it
            ending_root = words[root_start:end]
            for matcher, entry in _head_candidates(by_key, ending_root):
                add(matcher, entry, start, end, words[start:end])
    for hits in found.values():
        hits.sort(key=lambda h: h.start)
    return found
