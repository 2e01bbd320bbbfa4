"""The project carries the data its tests and tools need, with licence; none is found elsewhere."""

from pathlib import Path

from django.core.management import get_commands, load_command_class

from comments.moderation import training
from tests.test_comments_xss import PAYLOADS, XSS_DIR

ROOT = Path(__file__).resolve().parent.parent
# Not the project's own files: the virtualenv, git, caches, collected static files.
SKIPPED_DIRS = {
    ".venv",
    ".git",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "staticfiles",
}


def test_the_xss_corpus_ships_with_its_licence_and_source():
    assert XSS_DIR.is_relative_to(ROOT)
    assert len(PAYLOADS) > 600
    assert "MIT License" in (XSS_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "PayloadsAllTheThings" in (XSS_DIR / "README.md").read_text(encoding="utf-8")


def test_the_germeval_training_data_ships_with_its_licence_and_source():
    data = training.DEFAULT_DATA
    assert data.is_relative_to(ROOT)
    texts, labels = training.load_germeval(data)
    assert (len(texts), sum(labels)) == (5009, 1688)
    licence = (data.parent / "LICENSE.md").read_text(encoding="utf-8")
    assert "Attribution 4.0 International" in licence
    assert "Wiegand" in (data.parent / "README.md").read_text(encoding="utf-8")


def test_train_moderation_reads_the_shipped_data_by_default():
    command = load_command_class(get_commands()["train_moderation"], "train_moderation")
    options = command.create_parser("manage.py", "train_moderation").parse_args([])
    assert Path(options.data) == training.DEFAULT_DATA


def test_no_file_names_a_path_on_the_machine_it_was_written_on():
    needles = ("/" + "work/", "shared/" + "data", "shared/" + "seeds")
    found = []
    for path in ROOT.rglob("*"):
        if SKIPPED_DIRS & set(path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.name == ".git" or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary: screenshots, the model file
        found += [f"{path.relative_to(ROOT)}: {n}" for n in needles if n in text]
    assert found == []
