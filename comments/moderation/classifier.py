"""Offensive-language score for comments: pure standard library at runtime.

The model (``data/offensive_model.json.gz``) is written by :mod:`comments.moderation.training`
and loaded lazily, once per process. :func:`score` returns the probability-like score (0..1) of
the logistic regression for a text; :class:`OffensiveScoreRule` holds comments whose score
reaches the threshold for a moderator. It never rejects: a statistical guess must not be the
last word on a comment.
"""

import base64
import gzip
import json
import math
import re
import sys
import threading
from array import array
from itertools import accumulate
from pathlib import Path

from comments.conf import comments_settings
from comments.moderation.base import Action, Draft, Finding, ReviewContext, Rule
from comments.moderation.features import FEATURE_VERSION, extract
from core import linear

MODEL_PATH = Path(__file__).resolve().parent / "data" / "offensive_model.json.gz"
SUPPORTED_FORMAT = 1

# Long comments are scored in pieces of about tweet length (what the model was trained on), so
# one insult is not diluted by several paragraphs of otherwise fair text.
CHUNK_CHARS = 280

# "\Z", not "$": Python's "$" also matches before a final newline, but the "\n"
# alternative is tried first there, so both find the same sentences. Python's engine: a
# text of one-letter sentences has thousands, and RE2 costs ~8 µs per match in Python.
_SENTENCE_RE = linear.compile(
    r"[^.!?…\n]+(?:[.!?…]+|\n|\Z)",
    reason="the run stops only at a sentence end, a line break or the end of the text, "
    "where one of the alternatives matches at once; an attempt at a sentence end fails at "
    "its first character",
)


class ModelError(RuntimeError):
    """The model file is missing, unreadable or was written for other features."""


def _decode(typecode: str, text: str) -> array:
    arr = array(typecode)
    arr.frombytes(base64.b64decode(text))
    if sys.byteorder != "little":
        arr.byteswap()
    return arr


class OffensiveModel:
    """Hashed-feature logistic regression, evaluated with dense lookup tables."""

    def __init__(self, payload: dict):
        if payload.get("format") != SUPPORTED_FORMAT:
            raise ModelError(f"unsupported model format {payload.get('format')!r}")
        if payload.get("feature_version") != FEATURE_VERSION:
            raise ModelError(
                f"model was trained with feature version {payload.get('feature_version')!r}, "
                f"this code extracts version {FEATURE_VERSION}"
            )
        self.params = payload["features"]
        self.group_weights = tuple(float(w) for w in payload["group_weights"])
        self.intercept = float(payload["intercept"])
        self.threshold = float(payload["threshold"])
        self.threshold_f1 = float(payload.get("threshold_f1", self.threshold))
        self.meta = {k: payload.get(k) for k in ("config", "cv", "attribution", "target_fpr")}
        n_docs = int(payload["n_docs"])
        indices = list(accumulate(_decode("I", payload["index_deltas"])))
        dfs = _decode("I", payload["df"])
        weights = _decode("f", payload["weights"])
        if not len(indices) == len(dfs) == len(weights) == int(payload["size"]):
            raise ModelError("model arrays have inconsistent lengths")
        p = self.params
        dim = p["word_buckets"] + p["char_buckets"] + p["lex_buckets"]
        # Dense tables: 0.0 idf marks a feature never seen in training (it is ignored).
        self.idf = array("d", bytes(8 * dim))
        self.weight = array("f", bytes(4 * dim))
        log = math.log
        for i, df, w in zip(indices, dfs, weights, strict=True):
            self.idf[i] = log((1 + n_docs) / (1 + df)) + 1.0
            self.weight[i] = w
        self.size = len(indices)

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH) -> "OffensiveModel":
        try:
            with gzip.open(path, "rb") as fh:
                payload = json.loads(fh.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read offensive-language model {path}: {exc}") from exc
        return cls(payload)

    def decision(self, text: str) -> float:
        """The linear score (log-odds), identical to the trained model's decision function."""
        idf, weight, log = self.idf, self.weight, math.log
        z = self.intercept
        for counts, group_weight in zip(
            extract(text, self.params), self.group_weights, strict=True
        ):
            dot = 0.0
            norm = 0.0
            for k, c in counts.items():
                i = idf[k]
                if i:
                    v = i if c == 1 else (1.0 + log(c)) * i
                    dot += v * weight[k]
                    norm += v * v
            if norm:
                z += group_weight * dot / math.sqrt(norm)
        return z

    def score(self, text: str) -> float:
        z = self.decision(text)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


_model: OffensiveModel | None = None
_lock = threading.Lock()


def get_model() -> OffensiveModel:
    """The shipped model, loaded on first use and then shared by the whole process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = OffensiveModel.load(MODEL_PATH)
    return _model


def score(text: str) -> float:
    """Probability-like score (0..1) that ``text`` is offensive (GermEval 2018 OFFENSE)."""
    return get_model().score(text)


def threshold() -> float:
    """``settings.COMMENTS_OFFENSIVE_THRESHOLD`` if set, else the default stored in the model."""
    value = comments_settings.COMMENTS_OFFENSIVE_THRESHOLD
    return float(value) if value is not None else get_model().threshold


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.findall(text) if s.strip()]


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Consecutive sentences grouped into pieces of at most about ``limit`` characters."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    out: list[str] = []
    current = ""
    for sentence in sentences(text):
        if current and len(current) + 1 + len(sentence) > limit:
            out.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        out.append(current)
    return out


def comment_score(text: str) -> tuple[float, str]:
    """Highest score over the comment's pieces, and the piece it came from."""
    model = get_model()
    best, best_chunk = 0.0, ""
    for chunk in chunks(text):
        s = model.score(chunk)
        if s > best or not best_chunk:
            best, best_chunk = s, chunk
    return best, best_chunk


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


# An insult needs someone it is aimed at (§ 185 StGB speaks of insulting a person): a sentence
# the model scores high is held when it addresses or names a person. A piece that addresses
# nobody is held only when the model is surer (``COMMENTS_OFFENSIVE_UNADDRESSED_MARGIN`` above
# the threshold): this keeps sharp judgements about things ("Das ist doch idiotisch",
# "der größte Schwachsinn") publishable, while the most hostile pieces – hate about people
# named by no pronoun, vulgar tirades – reach a moderator. Vulgar words about things are
# allowed by the guidelines ("Scheißbürokratie", "Mistwetter", "Bullshit"), and the model
# weighs them heavily: such a piece must reach the mark without them, too (``defused``).
_THING_VULGARITY = linear.compile(
    r"\b(?:schei(?:ß|ss|s)e?|kack|mist|drecks?)(?=\w\w\w)|\b(?:schei(?:ß|ss)e|bullshit)\b",
    re.IGNORECASE,
)


def defused(text: str) -> str:
    """``text`` without vulgar words and first parts that are allowed about things."""
    return _THING_VULGARITY.sub("", text)


_ADDRESSEE_RE = linear.compile(
    r"(?<!\w)(?:wer|du|dich|dir|dein\w*|ihr|euch|eu(?:e)?r\w*|sie|ihnen|ihre?\w*|er|ihn|ihm"
    r"|autor\w*|verfasser\w*|typ\w*|kerl\w*|mensch\w*|leute|person\w*|frau|herr\w*"
    r"|was für (?:ein|eine|einen)|so (?:ein|eine|einen)|@\w+)(?!\w)",
    re.IGNORECASE,
    reason="the lookbehind lets an attempt start only at a word start or '@'; each "
    "alternative is a literal, optionally followed by the rest of that word (\\w*), where "
    "the lookahead holds",
)


def addresses_someone(sentence: str) -> bool:
    return _ADDRESSEE_RE.search(sentence) is not None


class OffensiveScoreRule(Rule):
    """Hold comments the model considers likely insulting towards someone."""

    code = "beleidigung_score"
    clause = "beleidigung"
    label = "Beleidigung / grob anstößig (automatische Einschätzung)"
    message = (
        "Dein Kommentar enthält möglicherweise beleidigende oder grob anstößige Formulierungen "
        "(„{excerpt}“). Er wird vor der Veröffentlichung von der Redaktion geprüft."
    )

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        if not draft.body.strip():
            return []
        limit = threshold()
        margin = comments_settings.COMMENTS_OFFENSIVE_UNADDRESSED_MARGIN
        model = get_model()
        best = unaddressed = None
        for chunk in chunks(draft.body):
            chunk_score = model.score(chunk)
            if chunk_score < limit:
                continue
            strongest = None
            for sentence in sentences(chunk) or [chunk]:
                value = model.score(sentence)
                if strongest is None or value > strongest[0]:
                    strongest = (value, sentence)
                stronger = best is None or value > best[0]
                if value >= limit and stronger and addresses_someone(sentence):
                    best = (value, sentence)
            sure = margin is not None and chunk_score >= limit + margin
            stronger = unaddressed is None or chunk_score > unaddressed[0]
            if sure and stronger and model.score(defused(chunk)) >= limit + margin:
                unaddressed = (chunk_score, strongest[1] if strongest else chunk)
        best = best or unaddressed
        if best is None:
            return []
        value, sentence = best
        return [self.finding(_short(sentence), action=Action.HOLD, score=round(value, 4))]
