"""Quality and speed of the offensive-language score.

python bench/moderation_quality.py [--data PATH] [--folds 10] [--corpus PATH]
    nested k-fold cross-validation on the GermEval 2018 training file (needs the 'train'
    extra), the share of the acceptable-comments corpus the SHIPPED model holds, and the
    scoring time per 500-character comment.

python bench/moderation_quality.py --eval FILE
    scores the SHIPPED model, unchanged, on a labelled file in GermEval format
    (text<TAB>OFFENSE|OTHER[<TAB>fine]) and prints the same figures. No training.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from comments.moderation import classifier, features, training  # noqa: E402 - after sys.path
from comments.moderation.base import Draft, ReviewContext  # noqa: E402 - after sys.path

DEFAULT_CORPUS = ROOT / "tests" / "moderation" / "corpus_acceptable.txt"


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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=training.DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--eval", type=Path, metavar="FILE", help="score the shipped model only")
    parser.add_argument("--timing-samples", type=int, default=1000)
    args = parser.parse_args(argv)

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
