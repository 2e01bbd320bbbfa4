import pytest

from comments.moderation.excerpt import raw_excerpt
from comments.moderation.normalize import Normalized, fold, normalize_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Äußerung", "aeusserung"),
        ("GRÖSSE", "groesse"),
        ("„Zitat“ – Ende…", '"zitat" - ende...'),
        ("Crème brûlée", "creme brulee"),
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ("Kyrіllisch", "kyrillisch"),  # Cyrillic і
        ("zero\u200bwidth", "zerowidth"),
        ("A r s c h", "arsch"),
        ("Ü b e r", "ueber"),
        ("z. B. so", "z. b. so"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Idiiioot!", "idiot"),
        ("4r5chl0ch", "arschloch"),
        ("A$$hole", "ashole"),
        ("Idi.ot", "idiot"),
        ("Arsch-loch", "arschloch"),
        ("S1eg H3il", "sieg heil"),
        ("Social-Media-Manager", "socialmediamanager"),
        ("88 Prozent", "88 prozent"),
        ("B2B", "b2b"),
        ("Toll! Super.", "tol super"),
    ],
)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


def test_words_view_marks_sentences_and_word_starts():
    norm = Normalized("Hallo, Welt! Wie geht's?")
    assert norm.words.startswith(" ") and norm.words.endswith(" ")
    assert "\n" in norm.words
    assert norm.tokens == ["hallo", "welt", "wie", "gehts"]


@pytest.mark.parametrize(
    ("raw", "needle", "expected"),
    [
        ("Du Vollidiiiot!", "idiot", "Vollidiiiot"),
        ("So ein A r s c h.", "arsch", "A r s c h"),
        ("Scheiße", "scheisse", "Scheiße"),
        ("4r5chl0ch", "arschloch", "4r5chl0ch"),
        (
            "Flüchtlinge sind Ungeziefer.",
            "fluechtlinge sind ungeziefer",
            "Flüchtlinge sind Ungeziefer",
        ),
    ],
)
def test_raw_excerpt(raw, needle, expected):
    assert raw_excerpt(raw, needle) == expected
