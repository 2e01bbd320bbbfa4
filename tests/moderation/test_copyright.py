from moderation_helpers import ARTICLE, SEED_COMMENTS

from comments.moderation.base import Draft, ReviewContext
from comments.moderation.copyright import CopyrightRule, source_index

RULE = CopyrightRule()
CONTEXT = ReviewContext(post_text=ARTICLE)

# 60 consecutive words of the article.
PASSAGE = " ".join(ARTICLE.split("Strategische Felder")[1].split()[:60])


def findings(text: str, context: ReviewContext = CONTEXT):
    return RULE.check(Draft(text), context)


def test_long_copy_of_the_article_is_held():
    result = findings(f"Sehr richtig, finde ich: {PASSAGE} Dem ist nichts hinzuzufügen.")
    assert [f.rule for f in result] == ["urheberrecht"]
    assert result[0].excerpt.startswith("In der Beratungspraxis")


def test_copy_survives_changed_case_punctuation_and_umlaut_spelling():
    mangled = PASSAGE.upper().replace(",", "").replace("ä", "ae").replace("ü", "ue")
    assert findings(f"Zitat: {mangled}")


def test_copy_of_another_comment_is_held():
    context = ReviewContext(recent_comment_texts=(SEED_COMMENTS["mirko_lange"],))
    copied = " ".join(SEED_COMMENTS["mirko_lange"].split()[20:70])
    assert findings(f"Wie schon jemand schrieb: {copied}", context)


def test_majority_copy_of_a_mid_length_comment_is_held():
    rule = CopyrightRule(min_run=1000)  # only the share criterion
    own = " ".join(["Meine eigene Meinung dazu lautet wie folgt"] * 3)
    assert rule.check(Draft(f"{own} {PASSAGE}"), CONTEXT)


def test_short_attributed_quote_passes():
    comment = (
        "„Social Media ist das Kokain der Kommunikationsbranche“, sagte Scott Monty laut "
        "dem Artikel. Schönes Bild, aber ich halte es für schief."
    )
    assert not findings(comment)


def test_one_sentence_quote_with_attribution_passes():
    comment = (
        "„Will man Social Media für Kundenservices einsetzen, muss man für eine unbedingte "
        "Service-Orientierung im Unternehmen sorgen“, schreibt der Autor. Genau daran "
        "scheitert es bei uns."
    )
    assert not findings(comment)


def test_long_quotation_from_elsewhere_is_held():
    quote = " ".join(["Dieser Satz stammt aus einem fremden Fachartikel über Kommunikation."] * 6)
    assert findings(f"Hier steht es: „{quote}“ Quelle: Fachzeitschrift.", ReviewContext())


def test_copyright_notice_in_a_long_text_is_held():
    text = " ".join(["Die Industrie verändert ihre Kommunikation grundlegend."] * 12)
    assert findings(f"{text} © 2012 Fachverlag GmbH. Alle Rechte vorbehalten.", ReviewContext())
    assert not findings("Alle Rechte vorbehalten? Bei Tweets eher nicht.", ReviewContext())


def test_every_kind_of_notice_is_found():
    text = " ".join(["Die Industrie verändert ihre Kommunikation grundlegend."] * 12)
    for notice in [
        "(c) 2012 Fachverlag",
        "All rights reserved.",
        "Nachdruck nur mit Genehmigung.",
        "Vervielfältigung nur mit Genehmigung.",
        "Quelle: SID",
        "Quelle:dpa",
        "(APA)",
        "Zeitungsnachdruck nur mit Genehmigung.",
    ]:
        assert findings(f"{text} {notice}", ReviewContext()), notice
    assert not findings(f"{text} Quelle: eigene Erfahrung.", ReviewContext())


def test_thresholds_are_configurable():
    twenty = " ".join(PASSAGE.split()[:25])
    assert not findings(twenty)
    assert CopyrightRule(min_run=20).check(Draft(twenty), CONTEXT)


def test_seed_comments_are_original():
    context = ReviewContext(post_text=ARTICLE, recent_comment_texts=tuple(SEED_COMMENTS.values()))
    for name, text in SEED_COMMENTS.items():
        others = tuple(t for n, t in SEED_COMMENTS.items() if n != name)
        assert not findings(text, ReviewContext(post_text=ARTICLE, recent_comment_texts=others))
    assert context.post_text


def test_source_index_is_cached_per_context():
    first = source_index(ARTICLE, (), 8)
    assert source_index(ARTICLE, (), 8) is first
    assert len(first) > 500
