"""The project's own evaluation corpus: its format, that training never reads it, and what
the whole shipped moderation does with it (the figures are in bench/README.md)."""

import builtins
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from bench.moderation_quality import (
    ACCEPTABLE,
    CLAUSES,
    DEFAULT_EVAL_CORPUS,
    read_eval_corpus,
    summary,
)
from blog.models import Post
from comments.moderation.base import Action
from comments.moderation.policy import action_for
from comments.moderation.review import review_submission

ROOT = Path(__file__).resolve().parents[2]
ROWS = read_eval_corpus(DEFAULT_EVAL_CORPUS)


def test_corpus_size_and_labels():
    assert len(ROWS) >= 400
    per_clause = Counter(row.clause for row in ROWS)
    assert set(per_clause) == set(CLAUSES)
    assert per_clause[ACCEPTABLE] >= 200
    assert all(n >= 25 for n in per_clause.values()), per_clause
    # Acceptable comments publish, violations are held or rejected.
    assert {row.expected for row in ROWS if row.clause == ACCEPTABLE} == {"publish"}
    assert "publish" not in {row.expected for row in ROWS if row.clause != ACCEPTABLE}
    assert len({row.text for row in ROWS}) == len(ROWS), "a comment is listed twice"


def test_every_post_slug_is_a_seed_post():
    fixture = json.loads((ROOT / "blog" / "fixtures" / "seed.json").read_text(encoding="utf-8"))
    slugs = {item["fields"]["slug"] for item in fixture if item["model"] == "blog.post"}
    assert {row.post for row in ROWS} <= slugs


def test_held_out_part_is_about_thirty_percent_of_every_clause():
    for clause in CLAUSES:
        rows = [row for row in ROWS if row.clause == clause]
        share = sum(row.held_out for row in rows) / len(rows)
        assert 0.2 <= share <= 0.4, (clause, share)


def test_malformed_lines_are_refused(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("publish\tok\tkritik\tslug\n", encoding="utf-8")
    with pytest.raises(ValueError, match="5 tab-separated fields"):
        read_eval_corpus(bad)
    bad.write_text("löschen\tok\tkritik\tslug\tText\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad label"):
        read_eval_corpus(bad)


@pytest.fixture
def opened_files(monkeypatch):
    """Every path opened with open() while the test runs."""
    opened = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):
        if isinstance(file, (str, Path)):
            opened.append(Path(file).resolve())
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    return opened


def test_training_never_reads_the_evaluation_corpus(tmp_path, opened_files, db):
    # (db: the command reads the site's own labelled examples, too.)
    pytest.importorskip("sklearn")
    rows = []
    for i in range(30):
        rows.append(f"Du Vollpfosten Nummer {i}\tOFFENSE\tINSULT")
        rows.append(f"Guter Artikel zum Thema {i}\tOTHER\tOTHER")
    data = tmp_path / "tiny.tsv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    output = tmp_path / "model.json.gz"

    call_command(
        "train_moderation", data=str(data), output=str(output), folds=2, no_eval=True,
        stdout=io.StringIO(),
    )  # fmt: skip

    assert data.resolve() in opened_files  # the recording works
    assert output.exists()
    assert DEFAULT_EVAL_CORPUS.resolve() not in opened_files


def test_no_training_code_names_the_evaluation_corpus():
    name = DEFAULT_EVAL_CORPUS.name
    for path in (ROOT / "comments").rglob("*.py"):
        assert name not in path.read_text(encoding="utf-8"), path


@pytest.fixture
def corpus_decisions(db):
    """(row, Decision) for every row, through the comment form's entry point."""
    call_command("loaddata", "seed", "seed_comments", verbosity=0)
    posts = {post.slug: post for post in Post.objects.all()}
    return [
        (row, review_submission(post=posts[row.post], body=row.text, name="Leserin"))
        for row in ROWS
    ]


# The targets on this corpus: >= 90 % of every clause stopped, at most 5 % of the
# acceptable comments held, none rejected (bench/README.md has the figures per part).
CLAUSES_STOPPED = ("beleidigung", "rassismus", "strafrecht", "respekt", "urheberrecht", "werbung")


def test_shipped_moderation_on_the_corpus(corpus_decisions):
    for clause in CLAUSES_STOPPED:
        decisions = [d for row, d in corpus_decisions if row.clause == clause]
        stopped = sum(str(d.action) != "publish" for d in decisions)
        assert stopped / len(decisions) >= 0.9, (clause, stopped, len(decisions))
    s = summary(corpus_decisions)
    assert s["acceptable_held"] / s["acceptable"] <= 0.05
    rejected = [
        (row.line, row.text)
        for row, decision in corpus_decisions
        if row.clause == ACCEPTABLE and decision.action is Action.REJECT
    ]
    assert rejected == []


def test_quoting_the_article_never_rejects(corpus_decisions):
    # Comments that quote the post (among them the t3n article's "Asshole") publish or are
    # held, whatever rule finds the words.
    quoting = [(r, d) for r, d in corpus_decisions if r.category == "zitat-artikel"]
    assert len(quoting) >= 10
    assert all(d.action is not Action.REJECT for _, d in quoting)
    assert all(action_for(f) is not Action.REJECT for _, d in quoting for f in d.findings)
