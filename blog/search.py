"""German search: the terms of a reader's query, the stems stored per post, marked results.

One implementation for every database. Each post's searchable text (title, kicker, author,
tags, lead, body, theses, image captions) is reduced to the set of its word stems by the
Snowball German stemmer and stored as one string ``" stem stem … "`` (``SearchEntry``); a query
matches a post when every query stem occurs in it. Stems of four letters or more also match
the start of longer stems, so „Kunden“ finds „Kundenservice“ and „Unternehmens“ finds
„Unternehmenskommunikation“ — German compounds would otherwise hide most matches. SQLite and
PostgreSQL run the same ``LIKE`` lookups over the same strings, so they find the same posts.

Everything that runs over a reader's query or over article text is a single left-to-right scan
(``\\w+`` tokens, stems from a bounded cache); the query is cut to ``MAX_QUERY_LENGTH``
characters and ``MAX_TERMS`` terms. Text is escaped before ``<mark>`` is added around matches.
"""

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core import linear

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# Longer tokens are no German words (hashes, URLs run together); they are kept unstemmed.
MAX_WORD_LENGTH = 60
# Stems at least this long also match as the beginning of a longer stem (compounds).
PREFIX_MIN_LENGTH = 4
WORD = linear.compile(r"\w+")

# Function words that would match nearly every post; a query of nothing else keeps them.
STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes auch auf aus bei bin bis bist da damit dann das dass dein deine dem den der des
    dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen
    einer eines er es etwas euch euer für hat hatte hier ich ihr ihre im in ist ja jede jedem
    jeden jeder jedes jetzt kann kein keine man mein mich mir mit muss nach nicht noch nun nur
    ob oder ohne sehr sein seine sich sie sind so solche soll sondern über um und uns unser
    unter vom von vor war waren was weil welche wenn wer werden wie wieder will wir wird wo
    zu zum zur zwar zwischen
    """.split()  # noqa: SIM905 (a word list reads best as running text)
)

_local = threading.local()


def _stemmer():
    # Snowball stemmer objects keep state between calls: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("german")
    return stemmer


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case ``word`` („Unternehmens“ → „unternehm“)."""
    if len(word) > MAX_WORD_LENGTH:
        return word
    return _stemmer().stemWord(word)


def stems(text: str) -> set[str]:
    return {stem(word) for word in WORD.findall(normalise(text))}


def document(texts) -> str:
    """The stored search string of ``texts``: their distinct stems, space-delimited."""
    found = set()
    for text in texts:
        found |= stems(text)
    return " " + " ".join(sorted(found)) + " " if found else " "


@dataclass(frozen=True)
class Term:
    stem: str

    @property
    def pattern(self) -> str:
        """What the stored search string must contain for this term."""
        if len(self.stem) >= PREFIX_MIN_LENGTH:
            return f" {self.stem}"
        return f" {self.stem} "

    def matches(self, word_stem: str) -> bool:
        if len(self.stem) >= PREFIX_MIN_LENGTH:
            return word_stem.startswith(self.stem)
        return word_stem == self.stem


def query_terms(query: str) -> list[Term]:
    """The distinct terms of a reader's query, stop words left out unless there is nothing else."""
    words = WORD.findall(normalise(query[:MAX_QUERY_LENGTH]))
    content = [word for word in words if word not in STOP_WORDS] or words
    terms: list[Term] = []
    for word in content:
        term = Term(stem(word))
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _is_match(word: str, terms) -> bool:
    word_stem = stem(normalise(word))
    return any(term.matches(word_stem) for term in terms)


def highlight(text: str, terms) -> SafeString:
    """``text`` escaped, with every word that matches one of ``terms`` in ``<mark>``."""
    pieces = []
    position = 0
    for match in WORD.finditer(text):
        if _is_match(match.group(), terms):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)


def snippet(text: str, terms, *, before: int = 12, after: int = 28) -> SafeString | None:
    """A passage around the first matching word of ``text``, matches marked; None if none.

    The passage stays within the paragraph (line of ``text``) of that word: up to ``before``
    words before it and ``after`` words after it.
    """
    if not terms:
        return None
    for match in WORD.finditer(text):
        if _is_match(match.group(), terms):
            first = match
            break
    else:
        return None
    line_start = text.rfind("\n", 0, first.start()) + 1
    line_end = text.find("\n", first.end())
    line_end = len(text) if line_end < 0 else line_end
    preceding = [m.start() for m in WORD.finditer(text, line_start, first.start())]
    clipped_start = len(preceding) > before
    start = preceding[-before] if clipped_start and before else line_start
    if clipped_start and not before:
        start = first.start()
    end, clipped_end = first.end(), False
    for count, match in enumerate(WORD.finditer(text, first.end(), line_end), start=1):
        if count > after:
            clipped_end = True
            break
        end = match.end()
    if not clipped_end:
        end = line_end
    passage = highlight(" ".join(text[start:end].split()), terms)
    return mark_safe(  # noqa: S308 (highlight() escaped the passage)
        ("… " if clipped_start else "") + passage + (" …" if clipped_end else "")
    )
