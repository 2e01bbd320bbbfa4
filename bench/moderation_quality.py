"""Quality and speed of the offensive-language score.

python bench/moderation_quality.py [--data PATH] [--folds 10] [--corpus PATH]
    nested k-fold cross-validation on the GermEval 2018 training file (needs the 'train'
    extra), the share of the acceptable-comments corpus the SHIPPED model holds, and the
    scoring time per 500-character comment.

python bench/moderation_quality.py --eval FILE
    scores the SHIPPED model, unchanged, on a labelled file in GermEval format
    (text<TAB>OFFENSE|OTHER[<TAB>fine]) and prints the same figures. No training.

python bench/moderation_quality.py --germeval-system [--folds 10]
    the WHOLE shipped moderation (rules + score, as configured in the Django settings) on the
    GermEval 2018 training file, with the score cross-validated: per fold, a model trained on
    the other folds (thresholds from their inner folds, as ``train_moderation`` does) scores
    the held-out tweets. Prints the share of OFFENSE tweets stopped and of OTHER tweets held
    or rejected, for the rules alone and for the whole system (needs the 'train' extra).

python bench/moderation_quality.py --system [--part dev|held-out|all] [--list]
    the WHOLE shipped moderation (guideline rules + score, as configured in the Django settings)
    on the project's own evaluation corpus (tests/moderation/eval_corpus.tsv, never used for
    training): every comment goes through ``comments.moderation.review.review_submission``, the
    entry point of the comment form, under its seed post (loaded from the fixtures into a
    throw-away test database). Prints per guideline clause what is published, held and rejected,
    the stop rate (held + rejected) on violating comments and the held and rejected acceptable
    comments, for the development part, the held-out part and both; ``--list`` prints every
    comment whose outcome differs from its label. The default run (without --eval) ends with
    this report."""

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from comments.moderation import classifier, features, training  # noqa: E402 - after sys.path
from comments.moderation.base import Draft, ReviewContext  # noqa: E402 - after sys.path

DEFAULT_CORPUS = ROOT / "tests" / "moderation" / "corpus_acceptable.txt"
DEFAULT_EVAL_CORPUS = ROOT / "tests" / "moderation" / "eval_corpus.tsv"


def table(rows: list[tuple]) -> str:
    rows = [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def metric_rows(named: list[tuple[str, dict]]) -> list[tuple]:
    rows = [("", "P(OFFENSE)", "R(OFFENSE)", "P(macro)", "R(macro)", "F1(macro)", "held OTHER")]
    for name, m in named:
        rows.append(
            (
                name,
                f"{m['precision_offense']:.3f}",
                f"{m['recall_offense']:.3f}",
                f"{m['precision_macro']:.3f}",
                f"{m['recall_macro']:.3f}",
                f"{m['f1_macro']:.3f}",
                f"{100 * m['fpr_other']:.1f} %",
            )
        )
    return rows


def read_corpus(path: Path) -> list[str]:
    """Comments separated by blank lines; lines starting with '#' are ignored."""
    comments, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.strip():
            current.append(line)
        elif current:
            comments.append("\n".join(current))
            current = []
    if current:
        comments.append("\n".join(current))
    return comments


def comments_of_500(texts: list[str], n: int, seed: int = 7) -> list[str]:
    """``n`` different 500-character comments glued together from ``texts``."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts, length = [], 0
        while length < 500:
            t = rng.choice(texts)
            parts.append(t)
            length += len(t) + 1
        out.append(" ".join(parts)[:500])
    return out


def timing(texts: list[str], n: int = 1000) -> dict:
    """Median microseconds per 500-character comment, with cold and warm feature caches."""
    classifier.get_model()  # loading is not part of the per-comment cost
    samples = comments_of_500(texts, n)
    cold, warm = [], []
    for text in samples:
        features.clear_caches()
        t0 = time.perf_counter()
        classifier.score(text)
        cold.append(time.perf_counter() - t0)
    for text in samples:
        classifier.score(text)
    for text in samples:
        t0 = time.perf_counter()
        classifier.score(text)
        warm.append(time.perf_counter() - t0)
    return {
        "n": n,
        "cold_us": 1e6 * statistics.median(cold),
        "warm_us": 1e6 * statistics.median(warm),
        "p95_cold_us": 1e6 * sorted(cold)[int(0.95 * n) - 1],
    }


def print_timing(t: dict) -> None:
    print()
    print(
        table(
            [
                ("time per 500-char comment", "median", "95th pct."),
                ("cold feature caches", f"{t['cold_us']:.0f} µs", f"{t['p95_cold_us']:.0f} µs"),
                ("warm feature caches", f"{t['warm_us']:.0f} µs", ""),
            ]
        )
    )
    print(f"({t['n']} different comments, pure Python, one core)")


def corpus_report(path: Path) -> None:
    print()
    if not path.exists():
        print(f"acceptable corpus: {path} not found, skipped")
        return
    comments = read_corpus(path)
    limit = classifier.threshold()
    scored = sorted(((classifier.comment_score(c)[0], c) for c in comments), reverse=True)
    held = [(s, c) for s, c in scored if s >= limit]
    # The rule as shipped also requires the offending sentence to address or name a person.
    rule = classifier.OffensiveScoreRule()
    held_by_rule = [c for c in comments if rule.check(Draft(body=c), ReviewContext())]
    print(
        table(
            [
                ("acceptable corpus", "comments", "held", "held rate"),
                *(
                    (label, len(comments), len(found), f"{100 * len(found) / len(comments):.1f} %")
                    for label, found in (
                        ("model score alone", held),
                        ("rule as shipped", held_by_rule),
                    )
                ),
            ]
        )
    )
    for s, c in held:
        print(f"  score {s:.3f}: {' '.join(c.split())[:90]}")


def shipped_model_figures(texts: list[str], labels: list[int]) -> list[tuple[str, dict]]:
    model = classifier.get_model()
    scores = [model.score(t) for t in texts]
    named = []
    for name, t in (
        (f"hold threshold {classifier.threshold():.3f}", classifier.threshold()),
        (f"macro-F1 threshold {model.threshold_f1:.3f}", model.threshold_f1),
    ):
        named.append((name, training.metrics(labels, [1 if s >= t else 0 for s in scores])))
    return named


# --- the whole shipped system on the project's own evaluation corpus -------------------------

OUTCOMES = ("publish", "hold", "reject")
ACCEPTABLE = "ok"
# Guideline clauses in the order of the guidelines page; "respekt" is its "fair bleiben" clause.
CLAUSES = (
    ACCEPTABLE,
    "beleidigung",
    "rassismus",
    "strafrecht",
    "respekt",
    "urheberrecht",
    "werbung",
)
HELD_OUT_DIGITS = (3, 6, 9)  # last digit of the line number: about 30 % of the rows


@dataclass(frozen=True)
class CorpusRow:
    """One labelled comment of ``eval_corpus.tsv`` (format: see the file's header)."""

    line: int
    expected: str
    clause: str
    category: str
    post: str  # slug of the seed post
    text: str

    @property
    def held_out(self) -> bool:
        return self.line % 10 in HELD_OUT_DIGITS

    @property
    def part(self) -> str:
        return "held-out" if self.held_out else "dev"


def read_eval_corpus(path: Path = DEFAULT_EVAL_CORPUS) -> list[CorpusRow]:
    """The rows of the evaluation corpus; raises ``ValueError`` for a malformed line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5:
            raise ValueError(f"{path.name}:{number}: expected 5 tab-separated fields")
        expected, clause, category, post, text = (f.strip() for f in fields)
        if expected not in OUTCOMES or clause not in CLAUSES or not (category and post and text):
            raise ValueError(f"{path.name}:{number}: bad label {expected!r}/{clause!r}")
        rows.append(CorpusRow(number, expected, clause, category, post, text.replace("\\n", "\n")))
    return rows


def review_corpus(rows: list[CorpusRow]) -> list[tuple[CorpusRow, object]]:
    """(row, Decision) for every row, through the comment form's own entry point.

    Sets Django up with ``DJANGO_SETTINGS_MODULE`` (default ``config.settings``, so the
    configured policy and extra rules apply), creates a test database, loads the seed posts
    and comments and destroys the database afterwards.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from blog.models import Post
    from comments.moderation.review import review_submission

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("loaddata", "seed", "seed_comments", verbosity=0)
        posts = {post.slug: post for post in Post.objects.all()}
        missing = {row.post for row in rows} - set(posts)
        if missing:
            raise ValueError(f"unknown post slugs in the corpus: {sorted(missing)}")
        return [
            (
                row,
                review_submission(
                    post=posts[row.post],
                    body=row.text,
                    name="Leserin",
                    email=f"leserin{row.line}@example.org",
                ),
            )
            for row in rows
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def clause_rows(results) -> list[tuple]:
    """Per clause: comments, published / held / rejected, stop rate and the rules that fired."""
    header = ("clause", "comments", "published", "held", "rejected", "stopped", "as labelled")
    rows = [header + ("rules (comments)",)]
    for clause in CLAUSES:
        found = [(row, decision) for row, decision in results if row.clause == clause]
        if not found:
            continue
        counts = Counter(str(decision.action) for _, decision in found)
        stopped = counts["hold"] + counts["reject"]
        rules = Counter(code for _, decision in found for code in decision.rules)
        rows.append(
            (
                clause,
                len(found),
                counts["publish"],
                counts["hold"],
                counts["reject"],
                "" if clause == ACCEPTABLE else _percent(stopped, len(found)),
                _percent(sum(str(d.action) == r.expected for r, d in found), len(found)),
                ", ".join(f"{code} {n}" for code, n in rules.most_common()),
            )
        )
    return rows


def summary(results) -> dict:
    acceptable = [d for r, d in results if r.clause == ACCEPTABLE]
    violating = [(r, d) for r, d in results if r.clause != ACCEPTABLE]
    per_clause = {
        clause: _stop_share([d for r, d in violating if r.clause == clause])
        for clause in CLAUSES[1:]
        if any(r.clause == clause for r, _ in violating)
    }
    return {
        "acceptable": len(acceptable),
        "acceptable_held": sum(str(d.action) == "hold" for d in acceptable),
        "acceptable_rejected": sum(str(d.action) == "reject" for d in acceptable),
        "violating": len(violating),
        "violating_stopped": sum(str(d.action) != "publish" for _, d in violating),
        "weakest_clause": min(per_clause.items(), key=lambda item: item[1], default=None),
    }


def _stop_share(decisions) -> float:
    return sum(str(d.action) != "publish" for d in decisions) / len(decisions)


def system_report(path: Path, part: str = "all", listing: bool = False) -> None:
    rows = read_eval_corpus(path)
    results = review_corpus(rows)
    print(
        f"\nwhole shipped system on {path.name}: {len(rows)} comments "
        f"({sum(r.clause == ACCEPTABLE for r in rows)} acceptable), "
        "through comments.moderation.review.review_submission"
    )
    parts = ("dev", "held-out", "all") if part == "all" else (part,)
    for name in parts:
        chosen = [(r, d) for r, d in results if name == "all" or r.part == name]
        s = summary(chosen)
        print(f"\n{name} part ({len(chosen)} comments)")
        print(table(clause_rows(chosen)))
        weakest = s["weakest_clause"]
        print(
            f"violating: {_percent(s['violating_stopped'], s['violating'])} stopped "
            f"({s['violating_stopped']}/{s['violating']}), weakest clause "
            f"{weakest[0]} {100 * weakest[1]:.1f} %; acceptable: "
            f"{_percent(s['acceptable_held'], s['acceptable'])} held "
            f"({s['acceptable_held']}/{s['acceptable']}), {s['acceptable_rejected']} rejected"
        )
    if listing:
        print("\nmisclassified (line, part, clause/category, expected -> got, rules, text);")
        print("'!' marks a missed violation or a stopped acceptable comment, '~' hold vs reject:")
        for row, decision in results:
            got = str(decision.action)
            if got == row.expected or (part != "all" and row.part != part):
                continue
            serious = (row.clause == ACCEPTABLE) != (got == "publish")
            text = " ".join(row.text.split())
            print(
                f"{'!' if serious else '~'} {row.line:4d} {row.part:8s} "
                f"{row.clause}/{row.category} {row.expected} -> {got} "
                f"[{','.join(decision.rules)}] {text[:110]}"
            )


# --- the whole shipped system on GermEval 2018, the score cross-validated ---------------------


def germeval_system_report(data: Path, folds: int = 10, inner_folds: int = 5) -> None:
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from comments.moderation.policy import RULES, review

    np, _, _, StratifiedKFold = training._require_sklearn()
    texts, labels = training.load_germeval(data)
    # The tweets mark line breaks as "|LBR|"; a comment form sends real ones.
    comments = [text.replace("|LBR|", "\n") for text in texts]
    y = np.asarray(labels)
    config = training.Config()
    groups = training.count_matrices(texts, config.features)
    outcome = {"rules": [""] * len(y), "system": [""] * len(y)}
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=training.SEED)
    shipped = classifier._model
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for k, (tr, te) in enumerate(skf.split(np.zeros(len(y)), y), 1):
                inner = training.oof_scores(groups, y, tr, config, inner_folds, training.SEED + k)
                thresholds = {
                    "f1": training.best_f1_threshold(y[tr], inner),
                    "hold": training.fpr_threshold(y[tr], inner),
                }
                fitted = training.fit(training.rows(groups, tr), y[tr], config)
                path = Path(tmp) / f"fold{k}.json.gz"
                training.export_model(fitted, config, thresholds, None, path)
                classifier._model = classifier.OffensiveModel.load(path)
                for i in te:
                    draft = Draft(body=comments[i])
                    outcome["rules"][i] = str(review(draft, ReviewContext(), rules=RULES).action)
                    outcome["system"][i] = str(review(draft, ReviewContext()).action)
                print(
                    f"  fold {k:2d}/{folds}: hold threshold {thresholds['hold']:.3f} "
                    f"({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
    finally:
        classifier._model = shipped
    offense = [i for i, label in enumerate(labels) if label == 1]
    other = [i for i, label in enumerate(labels) if label == 0]
    rows = [("", "OFFENSE stopped", "OTHER held", "OTHER rejected", "OTHER stopped")]
    for name, key in (("guideline rules alone", "rules"), ("whole system", "system")):
        got = outcome[key]
        held = sum(got[i] == "hold" for i in other)
        rejected = sum(got[i] == "reject" for i in other)
        rows.append(
            (
                name,
                _percent(sum(got[i] != "publish" for i in offense), len(offense)),
                _percent(held, len(other)),
                _percent(rejected, len(other)),
                _percent(held + rejected, len(other)),
            )
        )
    print(
        f"\nwhole system on {data.name} ({len(offense)} OFFENSE, {len(other)} OTHER), score "
        f"{folds}-fold cross-validated"
    )
    print(table(rows))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=training.DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--eval", type=Path, metavar="FILE", help="score the shipped model only")
    parser.add_argument("--timing-samples", type=int, default=1000)
    parser.add_argument(
        "--system", action="store_true", help="only the whole system on the evaluation corpus"
    )
    parser.add_argument(
        "--germeval-system",
        action="store_true",
        help="only the whole system on GermEval 2018, the score cross-validated",
    )
    parser.add_argument("--eval-corpus", type=Path, default=DEFAULT_EVAL_CORPUS)
    parser.add_argument("--part", choices=("dev", "held-out", "all"), default="all")
    parser.add_argument("--list", action="store_true", help="print the misclassified comments")
    args = parser.parse_args(argv)

    if args.system:
        system_report(args.eval_corpus, args.part, args.list)
        return 0
    if args.germeval_system:
        germeval_system_report(args.data, args.folds)
        return 0

    model = classifier.get_model()
    size = classifier.MODEL_PATH.stat().st_size
    print(
        f"shipped model: {classifier.MODEL_PATH.name}, {size / 1024:.0f} KiB, {model.size} weights"
    )

    if args.eval:
        texts, labels = training.load_germeval(args.eval)
        print(f"\nshipped model on {args.eval} ({len(texts)} texts, {sum(labels)} OFFENSE)")
        print(table(metric_rows(shipped_model_figures(texts, labels))))
        print_timing(timing(texts, args.timing_samples))
        return 0

    texts, labels = training.load_germeval(args.data)
    print(f"\n{args.folds}-fold nested cross-validation on {args.data.name} ({len(texts)} texts)")
    try:
        groups = training.count_matrices(texts, training.Config().features)
        cv = training.cross_validate(groups, labels, training.Config(), folds=args.folds)
    except training.TrainingDependencyError as exc:
        print(f"skipped: {exc}")
    else:
        print(
            table(
                metric_rows(
                    [
                        ("macro-F1 threshold", cv["at_f1_threshold"]),
                        ("hold threshold", cv["at_hold_threshold"]),
                    ]
                )
            )
        )
        print("(thresholds chosen on inner folds of each training split)")
    corpus_report(args.corpus)
    print_timing(timing(texts, args.timing_samples))
    system_report(args.eval_corpus, args.part, args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
