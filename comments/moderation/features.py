"""Feature extraction shared by training and the runtime classifier.

Everything here is pure standard library and deterministic across processes: features are
hashed with ``zlib.crc32`` (never Python's randomised ``hash()``) into fixed index ranges.
Training (``training.py``) and scoring (``classifier.py``) both call :func:`extract`, so the
shipped weights always line up with the indices computed at runtime.

Feature groups, each in its own index range and L2-normalised separately:

* ``words``: word unigrams, bigrams and skip-bigrams over the normalised token stream
  (punctuation and emoji are tokens too, so ``"!"`` or ``"# spd"`` become features), plus
  words written in capitals in the original text ("shouting");
* ``chars``: character n-grams (default 2-5) inside word boundaries, each word padded with a
  space on either side, like scikit-learn's ``char_wb`` analyser;
* ``lexicon``: hits of a small hand-written list of German insults and vulgar words, also inside
  compounds; how much a hit counts is learned from the training data like any other feature.
"""

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from zlib import crc32

from core import linear

FEATURE_VERSION = 1

DEFAULT_PARAMS = {
    "word_buckets": 2**18,
    "char_buckets": 2**18,
    "char_min": 2,
    "char_max": 5,
    "word_bigrams": True,
    "max_word_len": 30,
    "skip_bigrams": True,
    "shouting": True,
    "drop_mentions": True,
    "lexicon": True,
    "lex_buckets": 2**12,
}

_URL_RE = linear.compile(r"(?:https?://|www\.)\S+")
_MENTION_RE = linear.compile(r"@\w+")
_LBR_RE = linear.compile(r"\|LBR\|", re.IGNORECASE)
_DIGITS_RE = linear.compile(r"\d+")
_REPEAT_LETTER_RE = linear.compile(r"([^\W\d_])\1{2,}")
_REPEAT_RE = linear.compile(r"(.)\1{2,}")
_TOKEN_RE = linear.compile(r"\w+|[^\w\s]")
_CAPS_RE = linear.compile(
    r"(?<![@\w])[A-ZÄÖÜ]{3,}\b",
    reason="the lookbehind lets an attempt start only at a word start, and the run of "
    "capitals is read once and given back one letter at a time",
)
_UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))

# Namespaces keep word and character features apart before they are reduced to buckets.
_NS_UNI = crc32(b"u\x00")
_NS_BI = crc32(b"b\x00")
_NS_CHAR = crc32(b"c\x00")
_NS_CAPS = crc32(b"s\x00")
_NS_LEX = crc32(b"l\x00")
_LEX_ANY = crc32(b"*", _NS_LEX)


def _wordlist(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# A small hand-written list of German insults, slurs and vulgar words (umlauts transliterated,
# lower case). Stems in _LEX_PARTS also match inside compounds ("drecks" + "idiot"); the words
# in _LEX_WORDS only as whole words because they are also parts of harmless words.
_LEX_PARTS = _wordlist("""
    idiot vollpfost trottel depp hohlkopf hohlkoepf dummkopf dummkoepf schwachkopf schwachkoepf
    holzkopf hohlbirn spatzenhirn erbsenhirn arschloch arschloecher wichser schwachmat
    schwachsinn hirnlos hirnverbrannt hirnamputiert bekloppt beknackt daemlich dummschwaetz
    dumpfbacke flachpfeife vollhonk spast missgeburt abschaum gesindel schmarotz parasit pisser
    scheiss kacke fotze nutte hurensohn hurensoehne hackfresse fresse verpiss mistkerl mistst
    drecksack drecksaecke drecksau dreckspack dreckig penner versager luegenpresse volksverraet
    kanake neger asozial geistesgestoert geisteskrank stuemper nichtsnutz taugenichts witzfigur
    hetzer heuchler verraeter luegner bloed doof kotz ekelhaft widerlich gutmensch systemling
    kopftuchmaedchen bastard schwuchtel kinderficker fick
""")
# Whole words only: as parts they would also match harmless words ("schlamperei",
# "dummerweise", "packen", "assistent", "maulwurf").
_LEX_WORDS = _wordlist("""
    dumm dumme dummen dummer dummes dummheit hure huren schlampe schlampen pack honk lappen lauch
    pfeife clown clowns kasper assi assis prolet proleten tussi maul ratte ratten schwein
    schweine sau vieh geschmeiss pest mist krueppel mongo behindert behinderte zecke zecken nazi
    nazis faschist faschisten arsch aersche primitiv primitive primitiven musel
""")
_LEX_WORD_SET = frozenset(_LEX_WORDS)
_LEX_PART_RE = linear.compile("|".join(sorted(map(re.escape, _LEX_PARTS), key=len, reverse=True)))


def normalise(text: str) -> str:
    """Lower-case, canonical text: mentions, URLs, numbers, line breaks and umlauts unified."""
    text = unicodedata.normalize("NFC", text)
    if "|" in text:
        text = _LBR_RE.sub(" ", text)
    text = text.lower()
    if "http" in text or "www." in text:
        text = _URL_RE.sub(" httpurl ", text)
    if "@" in text:
        text = _MENTION_RE.sub(" atuser ", text)
    if not text.isascii():
        for umlaut, replacement in _UMLAUTS:
            text = text.replace(umlaut, replacement)
    text = _DIGITS_RE.sub("0", text)
    # Stretched letters are emphasis: "idiiiiot" becomes "idiot"; "!!!!!" becomes "!!".
    text = _REPEAT_LETTER_RE.sub(r"\1", text)
    return _REPEAT_RE.sub(r"\1\1", text)


def tokenize(normalised: str) -> list[str]:
    """Words, and every other non-space character (punctuation, emoji) as its own token."""
    return _TOKEN_RE.findall(normalised)


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


@lru_cache(maxsize=65536)
def _lexicon_hits(token: str) -> tuple[str, ...]:
    """Lexicon entries found in one normalised word token (cached)."""
    if token in _LEX_WORD_SET:
        return (token,)
    return tuple(_LEX_PART_RE.findall(token))


@lru_cache(maxsize=65536)
def _char_buckets(word: str, lo: int, hi: int, n_buckets: int, offset: int) -> tuple[int, ...]:
    """Bucket indices of the character n-grams of `` word `` (cached: words recur a lot)."""
    padded = f" {word} "
    out = []
    if padded.isascii():
        data = padded.encode("ascii")
        length = len(data)
        for n in range(lo, hi + 1):
            for i in range(length - n + 1):
                out.append(offset + crc32(data[i : i + n], _NS_CHAR) % n_buckets)
    else:
        length = len(padded)
        for n in range(lo, hi + 1):
            for i in range(length - n + 1):
                gram = padded[i : i + n].encode("utf-8")
                out.append(offset + crc32(gram, _NS_CHAR) % n_buckets)
    return tuple(out)


def extract(text: str, params: dict | None = None) -> tuple[Counter, Counter, Counter]:
    """Return ``(words, chars, lexicon)``: per feature group, feature index -> occurrences.

    Index ranges: words ``[0, W)``, characters ``[W, W + C)``, lexicon ``[W + C, W + C + L)``
    with ``W, C, L`` the ``word_buckets``, ``char_buckets`` and ``lex_buckets`` parameters.
    """
    p = DEFAULT_PARAMS if params is None else params
    wb = p["word_buckets"]
    cb = p["char_buckets"]
    lb = p["lex_buckets"]
    lo, hi = p["char_min"], p["char_max"]
    max_len = p["max_word_len"]
    tokens = tokenize(normalise(text))
    if p["drop_mentions"]:
        tokens = [t for t in tokens if t != "atuser"]
    word_tokens = [t for t in tokens if _is_word(t)]

    encoded = [t.encode("utf-8") for t in tokens]
    word_idx = [crc32(data, _NS_UNI) % wb for data in encoded]
    if p["word_bigrams"]:
        word_idx += [crc32(a + b" " + b, _NS_BI) % wb for a, b in zip(encoded, encoded[1:])]  # noqa: B905 - lengths differ by design
    if p["skip_bigrams"]:
        word_idx += [crc32(a + b" _ " + b, _NS_BI) % wb for a, b in zip(encoded, encoded[2:])]  # noqa: B905 - lengths differ by design
    if p["shouting"]:
        word_idx += [crc32(w.encode("utf-8"), _NS_CAPS) % wb for w in _CAPS_RE.findall(text)]

    char_idx: list[int] = []
    if hi >= lo > 0:
        for token in word_tokens:
            char_idx += _char_buckets(token[:max_len], lo, hi, cb, wb)

    lex_idx: list[int] = []
    if p["lexicon"]:
        offset = wb + cb
        for token in word_tokens:
            for hit in _lexicon_hits(token):
                lex_idx.append(offset + _LEX_ANY % lb)
                lex_idx.append(offset + crc32(hit.encode("utf-8"), _NS_LEX) % lb)
    return Counter(word_idx), Counter(char_idx), Counter(lex_idx)


def feature_strings(text: str, params: dict | None = None) -> list[str]:
    """Human-readable names of the features :func:`extract` hashes (for debugging and tests)."""
    p = DEFAULT_PARAMS if params is None else params
    tokens = tokenize(normalise(text))
    if p["drop_mentions"]:
        tokens = [t for t in tokens if t != "atuser"]
    out = [f"w:{t}" for t in tokens]
    if p["word_bigrams"]:
        out += [f"b:{a} {b}" for a, b in zip(tokens, tokens[1:])]  # noqa: B905 - offset zip
    if p["skip_bigrams"]:
        out += [f"b:{a} _ {b}" for a, b in zip(tokens, tokens[2:])]  # noqa: B905 - offset zip
    if p["shouting"]:
        out += [f"s:{w}" for w in _CAPS_RE.findall(text)]
    for token in tokens:
        if _is_word(token):
            padded = f" {token[: p['max_word_len']]} "
            for n in range(p["char_min"], p["char_max"] + 1):
                out += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
            if p["lexicon"]:
                out += [f"l:{hit}" for hit in _lexicon_hits(token)]
    return out


def clear_caches() -> None:
    """Forget the per-word caches (for benchmarks measuring cold performance)."""
    _char_buckets.cache_clear()
    _lexicon_hits.cache_clear()
