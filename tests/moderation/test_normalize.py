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


@pytest.mark.parametrize(
    ("raw", "needle", "expected"),
    [
        # Stretched letters in the needle (the words view keeps them) and in the text.
        ("Du Idiiiiooooot!", "idiiiiooooot", "Idiiiiooooot"),
        ("I-d-i-o-t und I.d.i.i.o.t", "idiiot", "I.d.i.i.o.t"),  # needs two "i" in a row
        ("Link: http://example.com/a/a/a/ – lies!", "http://example.com/a/a/a/", None),
        ("Straße, Strasse", "strasse", "Straße"),
        ("„Zitat“ – Ende", "zitat", "Zitat"),
        ("a–b•c a-b-c", "abc", "a–b•c"),  # non-ASCII separators between the letters
    ],
)
def test_raw_excerpt_spellings(raw, needle, expected):
    assert raw_excerpt(raw, needle, whole_word=False) == (expected or needle)


def test_raw_excerpt_of_a_long_needle_shows_its_start_as_typed():
    raw = "Siehe " + "ÄÖÜ-" * 100
    needle = "aeoeue " * 100  # 700 normalised characters; the regex uses the first 160
    assert raw_excerpt(raw, needle, whole_word=False) == ("ÄÖÜ-" * 100)[:80]


def test_at_most_16_distinct_needles_are_looked_up_per_text():
    """Each distinct needle costs a regex; a comment full of different hits would cost
    hundreds of them. Past 16, an excerpt is the normalised needle (as when not found)."""
    words = [f"{first}idiot" for first in "BCDFGHKLMNPRSVWZQXYJ"]
    raw = " ".join(words) + " (Text mit vielen Treffern)"
    excerpts = [raw_excerpt(raw, word.lower(), whole_word=False) for word in words]
    assert excerpts[:16] == words[:16]  # as typed
    assert excerpts[16:] == [word.lower() for word in words[16:]]
    assert raw_excerpt(raw, words[3].lower(), whole_word=False) == words[3]  # still known
