"""``manage.py train_moderation`` learns from the moderators' decisions as well as GermEval and
prints before/after figures; the site's examples never help evaluate themselves."""

import gzip
import io
import json

import pytest
from django.core.management import call_command

from comments.models import Comment, RefusedDraft
from comments.moderation import labels, training
from tests.factories import CommentFactory
from tests.moderation_admin_support import run_action
from tests.test_rule_precision import INSULT, held, submit

pytestmark = pytest.mark.slow

OFFENSIVE = ["Du Idiot", "Halt die Fresse", "Was für ein Trottel", "Sie Vollpfosten"]
HARMLESS = ["Guter Artikel", "Danke für die Zahlen", "Ich sehe das anders", "Schöne Grüße"]


@pytest.fixture
def germeval(tmp_path):
    rows = []
    for i in range(30):
        rows.append(f"{OFFENSIVE[i % 4]} Nummer {i} echt jetzt\tOFFENSE\tINSULT")
        rows.append(f"{HARMLESS[i % 4]} zum Thema {i} jetzt\tOTHER\tOTHER")
    path = tmp_path / "tiny.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def decided(mod_client, post):
    """Moderators' decisions made in the admin, and a refused draft marked as wrongly refused."""
    ads = [held(post, f"Jetzt bestellen mit Gutschein! Angebot Nummer {i}.") for i in range(2)]
    rude = [
        CommentFactory(post=post, body="Der Autor ist ein aufgeblasener Schwätzer."),
        CommentFactory(post=post, body="Typen wie du gehören aus jeder Diskussion geworfen."),
        CommentFactory(post=post, body="So ein dummes Gelaber von einem Möchtegern."),
    ]
    run_action(mod_client, "approve", ads)  # acceptable, whatever the rule had said
    run_action(mod_client, "remove", rude, apply="1", clause="beleidigung")  # offensive
    advert = CommentFactory(post=post, body="Günstige Kredite bei kredit.example!")
    run_action(mod_client, "remove", [advert], apply="1", clause="werbung")  # not about language
    assert submit(post, INSULT).status_code == 200
    mod_client.post(
        "/admin/comments/refuseddraft/",
        {"action": "mark_wrongly_refused", "_selected_action": [RefusedDraft.objects.get().pk]},
    )
    assert Comment.objects.filter(status="removed").count() == 4
    return labels.examples()


def read_model(path):
    with gzip.open(path, "rb") as fh:
        return json.loads(fh.read().decode("utf-8"))


def test_site_examples_in_the_model_terms(decided):
    rows = training.site_rows(decided)
    assert (rows.count(0), rows.count(1)) == (3, 3)  # 2 approved + 1 wrongly refused; removals
    assert rows.left_out == {"clause werbung": 1}
    assert INSULT in rows.texts and rows.labels[rows.texts.index(INSULT)] == 0


def test_command_prints_before_and_after_and_counts_the_site_examples(germeval, tmp_path, decided):
    shipped = training.DEFAULT_OUTPUT.read_bytes()
    output = tmp_path / "model.json.gz"
    out = io.StringIO()
    call_command("train_moderation", data=str(germeval), output=str(output), folds=2, stdout=out)
    text = out.getvalue()
    assert "site examples: 3 acceptable, 3 offensive (each weighted 10)" in text
    assert "left out (not about offensive language): 1 violation(s), clause werbung" in text
    lines = text.splitlines()
    for name in ("before (GermEval only)", "after (+6 site)"):
        for threshold in ("macro-F1 threshold", "hold threshold"):
            assert any(line.strip().startswith(f"{name}, {threshold}") for line in lines), name
    assert "site examples, out-of-fold, at the hold threshold:" in text
    before = next(line for line in lines if line.startswith("  before: "))
    after = next(line for line in lines if line.startswith("  after: "))
    for line in (before, after):
        assert "of 3 acceptable held" in line and "of 3 offensive held" in line

    model = read_model(output)
    assert model["site_examples"] == {"acceptable": 3, "offensive": 3, "weight": 10.0}
    site = model["cv"]["site"]
    assert site["before"]["acceptable"] == site["after"]["acceptable"] == 3
    assert site["before"]["offensive"] == site["after"]["offensive"] == 3
    assert model["n_docs"] == 60 + 6
    assert training.DEFAULT_OUTPUT.read_bytes() == shipped  # the shipped file is untouched


def test_without_site_examples_before_is_the_shipped_model(germeval, tmp_path, decided):
    output = tmp_path / "model.json.gz"
    out = io.StringIO()
    call_command(
        "train_moderation", data=str(germeval), output=str(output), folds=2,
        without_site_examples=True, stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    assert "site examples: not used" in text
    shipped_f1 = read_model(training.DEFAULT_OUTPUT)["cv"]["at_f1_threshold"]["f1_macro"]
    row = next(line for line in text.splitlines() if "before (shipped model), macro-F1" in line)
    assert f"{shipped_f1:.3f}" in row
    assert any("after (new model), hold threshold" in line for line in text.splitlines())
    model = read_model(output)
    assert (model["n_docs"], model["site_examples"]) == (60, None)


def test_no_example_is_scored_by_a_model_that_learned_from_it(germeval, monkeypatch):
    """Every fit is followed by the scoring of its held-out rows: they never overlap, the site
    rows included, and each site row is scored out-of-fold exactly once per recipe."""
    import numpy as np

    events = []
    real_rows = training.rows

    class Rows(list):
        pass

    def recording_rows(groups, idx):
        result = Rows(real_rows(groups, idx))
        result.idx = {int(i) for i in idx}
        return result

    real_fit = training.fit

    def recording_fit(groups, y, config, sample_weight=None):
        events.append(("fit", groups.idx))
        fitted = real_fit(groups, y, config, sample_weight)
        real_decision = fitted.decision

        def decision(scored):
            events.append(("score", scored.idx))
            return real_decision(scored)

        fitted.decision = decision
        return fitted

    monkeypatch.setattr(training, "rows", recording_rows)
    monkeypatch.setattr(training, "fit", recording_fit)
    texts, labels_ = training.load_germeval(germeval)
    site = ["Danke, sehr hilfreich", "Du Depp", "Gute Frage", "Sie Schwachkopf", "Stimmt so"]
    site_labels = [0, 1, 0, 1, 0]
    config = training.Config()
    groups = training.count_matrices(texts + site, config.features)
    y = np.asarray(labels_ + site_labels)
    n = len(texts)
    weight = np.concatenate([np.ones(n), np.full(len(site), 10.0)])
    site_rows = set(range(n, n + len(site)))
    for train_on_site in (True, False):
        events.clear()
        result = training.cross_validate(
            groups, y, config, folds=3, inner_folds=2, n_germeval=n, weight=weight,
            train_on_site=train_on_site,
        )  # fmt: skip
        assert len(result["site_held"]) == len(site)
        trained = None
        outer_scored = []
        for kind, idx in events:
            if kind == "fit":
                trained = idx
                if not train_on_site:
                    assert not idx & site_rows
            else:
                assert not idx & trained
                if set(range(n)) <= idx | trained:  # an outer fold: all of GermEval in view
                    outer_scored.append(idx & site_rows)
        assert sorted(i for part in outer_scored for i in part) == sorted(site_rows)
        assert any(idx & site_rows for kind, idx in events if kind == "fit") == train_on_site
