"""Guideline: „Bitte achte darauf, dass du keine Texte veröffentlichst, für die du keine
ausdrückliche Erlaubnis des Urhebers hast.“

A rule cannot know who holds which rights, so it looks for the typical shapes of copied
text and holds them for a moderator (default action "hold"):

* a long passage taken verbatim from the article (``context.post_text``) or from other
  comments (``context.recent_comment_texts``): at least ``min_run`` consecutive copied
  words, or at least ``min_share`` of a comment of ``min_words`` words or more;
* a long quotation in quotation marks (more than ``max_quote_words`` words), whatever
  its source;
* a long text carrying a copyright or press-agency notice ("© 2024 …", "Alle Rechte
  vorbehalten", "Quelle: dpa"), a source line at its end ("… Quelle: Pressestelle der
  Hochschule") or the commenter's own word that it is pasted ("komplett übernommen", "ich
  poste hier mal den ganzen Absatz aus der Pressemitteilung",
  ``wordlists/copyright_notices.txt``).

The article is everything the post shows: the review context's ``post_text`` comes from
``Post.review_text()`` (title, lead, every page, the theses, …).

Copies are found with word shingles: every run of ``shingle`` consecutive normalised
words of the sources is put in a set once per context (cached), and a sample of the
comment's own shingles (every few words) is tested against it; only on a hit are all
shingles compared to measure the copied run. A short quote of one sentence with attribution ("…“,
schreibt Frau Hoffmann") stays well below the thresholds.
"""

from __future__ import annotations

from functools import lru_cache

from core import linear

from .base import Draft, Finding, ReviewContext, Rule
from .excerpt import raw_excerpt
from .normalize import TOKEN_RE, Normalized, normalized, normalized_context
from .phrases import PhraseList, sentences_with, vocabulary
from .terms import TermMatcher

COPY_NOTICES = PhraseList.from_files("copyright_notices", gap=2)
# A source line ends a pasted text: "Quelle: …" within the last characters of the comment.
SOURCE_LINE_CHARS = 120
# "Quelle: eigene Erfahrung" names no one else's text.
_OWN_SOURCES = frozenset(
    ["eigene", "eigener", "eigenen", "eigenes", "ich", "mir", "mich", "meine", "selbst"]
)

_QUOTE_MARK = linear.compile('"')
_NOTICE = linear.compile(
    r"©|\(c\)\s*\d{4}|alle rechte vorbehalten|all rights reserved|nachdruck nur mit"
    r"|vervielfaeltigung nur mit|quelle: ?(?:dpa|afp|reuters|apa|sid|kna)\b"
    r"|\((?:dpa|afp|reuters|apa)\)",
    reason="every alternative starts with a literal; the one repetition, the whitespace "
    "behind '(c)', is read once per '(c)'",
)

# Every match of ``_NOTICE`` other than "©" and "(c)" contains one of these words, so the
# shared word-list scan tells whether ``_NOTICE`` needs to run at all.
NOTICE_WORDS = TermMatcher(
    ["vorbehalten*", "reserved*", "*nachdruck", "*vervielfältigung", "*quelle"]
    + ["dpa", "afp", "reuters", "apa"]  # "(dpa)"
)


def _may_have_notice(norm: Normalized) -> bool:
    lower = norm.lower
    if not lower.isascii() and "©" in lower:
        return True
    return "(c)" in lower or bool(NOTICE_WORDS.hits(norm))


def shingles(tokens: list[str], size: int, step: int = 1) -> list[tuple[str, ...]]:
    """Runs of ``size`` consecutive tokens, starting every ``step`` tokens."""
    if step == size:  # back-to-back runs: the "grouper" idiom, without slicing
        return list(zip(*[iter(tokens)] * size, strict=False))
    return list(zip(*(tokens[i::step] for i in range(size)), strict=False))


@lru_cache(maxsize=32)
def source_index(post_text: str, recent: tuple[str, ...], size: int) -> frozenset:
    """All shingles of the article and recent comments (cached per context)."""
    index: set[tuple[str, ...]] = set()
    for text in (post_text, *recent):
        if text:
            index.update(shingles(normalized_context(text).tokens, size))
    return frozenset(index)


@lru_cache(maxsize=32)
def _source_ends(post_text: str, recent: tuple[str, ...], size: int) -> frozenset:
    """(first, last) token of every shingle of :func:`source_index` (cached per context)."""
    return frozenset((shingle[0], shingle[-1]) for shingle in source_index(post_text, recent, size))


def _pasted(norm: Normalized) -> str:
    """A source line at the end, or the commenter's word that the text is pasted (normalised
    text), or ""."""
    tail = norm.lower[-SOURCE_LINE_CHARS:]
    source = tail.rfind("quelle")
    if source != -1 and ":" in tail[source : source + 8]:
        line = tail[source:].replace(":", ": ").split()
        if line[1:2] and line[1].strip(".,;!?") not in _OWN_SOURCES:
            return " ".join(line[:4])
    notices = COPY_NOTICES.active(vocabulary(norm))
    if notices:
        for sentence in sentences_with(norm, notices.anchors):
            for hit in notices.hits(sentence):
                return sentence.span(hit.start, hit.end)
    return ""


class CopyrightRule(Rule):
    code = "urheberrecht"
    label = "Urheberrecht"
    message = (
        "Bitte zitiere nur kurze Passagen, kennzeichne sie als Zitat und nenne die Quelle; "
        "längere Texte fasst du am besten in eigenen Worten zusammen"
    )

    def __init__(
        self,
        shingle: int = 8,
        min_run: int = 40,
        min_share: float = 0.5,
        min_words: int = 60,
        max_quote_words: int = 40,
    ):
        self.shingle = shingle
        self.min_run = min_run
        self.min_share = min_share
        self.min_words = min_words
        self.max_quote_words = max_quote_words

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        norm = normalized(draft.body)
        findings = []
        copied = self._copied_passage(norm.tokens, context)
        if copied:
            findings.append(self.finding(raw_excerpt(norm.raw, copied, whole_word=False) + " …"))
        if '"' in norm.lower:
            quote = self._long_quotation(norm.lower)
            if quote:
                needle = " ".join(normalized(quote).tokens[:6])
                findings.append(
                    self.finding(raw_excerpt(norm.raw, needle, whole_word=False) + " …")
                )
        if len(norm.tokens) >= self.min_words:
            notice = _NOTICE.search(norm.lower) if _may_have_notice(norm) else None
            if notice:
                findings.append(self.finding(raw_excerpt(norm.raw, notice.group().strip())))
            else:
                pasted = _pasted(norm)
                if pasted:
                    findings.append(self.finding(raw_excerpt(norm.raw, pasted)))
        return findings

    def _long_quotation(self, lower: str) -> str:
        """The first quotation of more than ``max_quote_words`` words, or "".

        Quotation marks are paired in order (``lower`` folds „…“ and "…" to ``"``).
        """
        positions = [m.start() for m in _QUOTE_MARK.finditer(lower)]
        for opening, closing in zip(positions[::2], positions[1::2], strict=False):
            inner = lower[opening + 1 : closing]
            if len(inner) > 150 and len(TOKEN_RE.findall(inner)) > self.max_quote_words:
                return inner
        return ""

    def _copied_passage(self, tokens: list[str], context: ReviewContext) -> str:
        """The start of the longest copied passage (normalised), or ""."""
        size = self.shingle
        if len(tokens) < size or not (context.post_text or context.recent_comment_texts):
            return ""
        recent = tuple(context.recent_comment_texts)
        index = source_index(context.post_text, recent, size)
        # A copied run of ``min_run`` words contains a shingle starting at every position,
        # so probing every ``step``-th one is enough to notice it.
        step = max(1, min(size, (self.min_run - size) // 2))
        if step == size:  # back-to-back shingles
            # A shingle of the index has its first and last token in ``ends``: comparing
            # those two per shingle first saves hashing every token of the comment.
            ends = _source_ends(context.post_text, recent, size)
            firsts, lasts = tokens[0::size], tokens[size - 1 :: size]
            if ends.isdisjoint(zip(firsts, lasts, strict=False)):
                return ""
            sample = zip(*[iter(tokens)] * size, strict=False)
        else:
            sample = shingles(tokens, size, step)
        if index.isdisjoint(sample):
            return ""
        own = shingles(tokens, size)
        covered = bytearray(len(tokens))
        for i, shingle in enumerate(own):
            if shingle in index:
                covered[i : i + size] = b"\x01" * size
        longest = best_start = run = 0
        for i, flag in enumerate(covered):
            run = run + 1 if flag else 0
            if run > longest:
                longest, best_start = run, i - run + 1
        share = sum(covered) / len(tokens)
        if longest >= self.min_run or (len(tokens) >= self.min_words and share >= self.min_share):
            return " ".join(tokens[best_start : best_start + 6])
        return ""
