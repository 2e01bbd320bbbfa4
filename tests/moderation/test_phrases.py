"""The toolkit of the paraphrase rules, and that their work grows linearly with the text."""

import itertools

import pytest

from comments.moderation import disrespect, exclusion, threats
from comments.moderation.base import Draft, ReviewContext
from comments.moderation.normalize import normalized
from comments.moderation.phrases import (
    PhraseList,
    Sentence,
    WordSet,
    key,
    parse_phrase,
    sentences,
    sentences_outside_quotes,
)


def sentence(text: str) -> Sentence:
    (only,) = sentences(normalized(text))
    return only


def test_keys_collapse_typed_repetitions_but_keep_german_doubles():
    assert key("idiiiiot") == "idiot"
    assert key("schwaeaeaetzer") == "schwaetzer"
    assert key("wenn") == "wenn" and key("dass") == "dass" and key("mann") == "mann"


def test_sentences_come_from_the_normalised_words():
    found = sentences(normalized("Erster Satz, mit Komma! Zweiter   Satz?"))
    assert [s.words for s in found] == [("erster", "satz", "mit", "komma"), ("zweiter", "satz")]
    assert sentences(normalized("Erster Satz, mit Komma! Zweiter   Satz?")) is found  # cached


def test_quoted_passages_are_left_out():
    norm = normalized('Er schrieb „Ich bring dich um“ und ging. Und dann "noch was')
    outside = [" ".join(s.words) for s in sentences_outside_quotes(norm)]
    assert "bring" not in " ".join(outside)
    assert "noch was" in " ".join(outside)  # an unpaired mark opens nothing


def test_wordset_inflection_and_compound_heads():
    words = WordSet(["*schwätzer", "blender"])
    assert "schwaetzerin" in words and "schwaetzern" in words
    assert "dummschwaetzer" in words  # compound head
    assert "blendern" in words and "superblender" not in words  # no head: whole word only


def test_phrase_gap_alternatives_and_prefixes():
    phrases = PhraseList(["halt|haltet klappe|mund", "lern erstmal lesen|deutsch*"], gap=2)
    assert phrases.hits(sentence("Halt doch die Klappe"))
    assert not phrases.hits(sentence("Halt doch bitte endlich die Klappe"))  # 4 words apart
    assert phrases.hits(sentence("Lern erstmal Deutschkurs-Grammatik"))
    assert parse_phrase("?eine aufs maul").weak and not parse_phrase("eine aufs maul").weak
    with pytest.raises(ValueError):
        parse_phrase("klapp* halten")


class CountingKeys(tuple):
    """A sentence's keys that count every indexed access the rules make."""

    reads = 0

    def __getitem__(self, index):
        CountingKeys.reads += 1
        return super().__getitem__(index)


def reads_for(find, vocabulary: list[str], size: int) -> int:
    words = tuple(itertools.islice(itertools.cycle(vocabulary), size))
    keys = CountingKeys(key(w) for w in words)
    CountingKeys.reads = 0
    find(Sentence(words, keys, frozenset(keys)))
    return CountingKeys.reads


# Hostile sentences: the words every rule looks at, as dense as possible, in one sentence.
HOSTILE = {
    "threats": (
        lambda s: threats._findings_in(s, threats.Scope.of(s.vocabulary)),
        [
            "ich",
            "man",
            "jemand",
            "sollte",
            "haeng",
            "dich",
            "nicht",
            "auf",
            "bring",
            "ihn",
            "um",
            "gehoert",
            "erschossen",
            "werden",
            "schlag",
            "dir",
            "die",
            "zaehne",
            "ein",
            "kugel",
            "in",
            "den",
            "kopf",
            "eine",
            "aufs",
            "maul",
            "und",
            "zuendet",
        ],
    ),
    "exclusion": (
        lambda s: exclusion._findings_in(s, exclusion.Scope.of(s.vocabulary)),
        [
            "auslaender",
            "sind",
            "doch",
            "alle",
            "betrueger",
            "sollen",
            "zurueck",
            "in",
            "ihre",
            "heimat",
            "wie",
            "die",
            "ratten",
            "keine",
            "menschen",
            "abschieben",
            "aus",
            "afrika",
            "typisch",
            "tuerken",
            "klauen",
            "nicht",
        ],
    ),
    "disrespect": (
        lambda s: disrespect._findings_in(s, disrespect.Scope.of(s.vocabulary)),
        [
            "du",
            "bist",
            "ein",
            "so",
            "doch",
            "echt",
            "dummer",
            "schwaetzer",
            "halt",
            "die",
            "klappe",
            "sie",
            "sind",
            "peinlich",
            "hopfen",
            "und",
            "malz",
            "was",
            "fuer",
            "ein",
            "blender",
            "wie",
            "du",
            "nicht",
        ],
    ),
}


@pytest.mark.parametrize("rule", sorted(HOSTILE))
def test_work_grows_linearly_with_the_sentence(rule):
    find, vocabulary = HOSTILE[rule]
    small, large = reads_for(find, vocabulary, 500), reads_for(find, vocabulary, 4000)
    assert small > 0
    assert large <= 8 * small * 1.1, (small, large)  # 8 times the words: about 8 times the work
    assert large / 4000 < 500  # a bounded number of reads per word


class CountingStr(str):
    slices = 0

    def __getitem__(self, index):
        CountingStr.slices += 1
        return str(super().__getitem__(index))


def test_compound_lookup_of_a_huge_word_is_bounded():
    words = WordSet(["*schwätzer"])
    CountingStr.slices = 0
    assert CountingStr("x" * 100_000) not in words
    assert CountingStr.slices <= words.longest_head + 1


@pytest.mark.parametrize(
    "text",
    [
        "Du Schwätzer, halt die Klappe! " * 170,
        "ich bring dich um " * 300,
        "„" + "Ausländer raus “ „" * 300,
        "a" * 5000,
        "Kleiner, " * 600,
        " ".join(["man sollte"] * 600),
    ],
)
def test_hostile_comments_are_reviewed(text):
    for rule in (threats.ThreatRule(), exclusion.ExclusionRule(), disrespect.DisrespectRule()):
        assert len(rule.check(Draft(text), ReviewContext())) <= 5
