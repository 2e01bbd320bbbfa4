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


# --- everything the post shows, through the comment form ---------------------------------

THESIS_BODY = (
    "Unternehmenskommunikation ist Unternehmenskommunikation. Egal, in welchen Medien sie "
    "stattfindet. Sie folgt einem durchdachten, starken Konzept. Sie wird von "
    "Kommunikationsprofis geplant und realisiert. Sie orientiert sich an den "
    "Unternehmenszielen. Sie ist auf die Bezugsgruppen ausgerichtet. Verschiedene Medien "
    "haben unterschiedliche Gesetzmäßigkeiten. Die muss man kennen."
)


def submit(client, post, body):
    from comments.models import Comment
    from tests.factories import comment_form_data

    data = comment_form_data(body=body, author_name="Leserin", author_email="l@example.org")
    client.post(f"{post.get_absolute_url()}kommentare/", data)
    return Comment.objects.filter(post=post).order_by("-pk").first()


def test_the_review_text_is_everything_the_post_shows(db):
    from blog.rendering import PAGE_BREAK, THESES_MARKER
    from tests.factories import PostFactory, ThesisFactory

    post = PostFactory(
        kicker="Dachzeile",
        title="Der Titel",
        lead="Der Vorspann.",
        body=f"Seite eins.\n\n{THESES_MARKER}\n\nNach den Thesen.\n\n{PAGE_BREAK}\n\nSeite zwei.",
        footnote="Die Fußnote.",
        image_credit="Foto: Jemand",
    )
    ThesisFactory(post=post, position=2, title="Zweite These", body="Text zwei.")
    ThesisFactory(post=post, position=1, title="Erste These", body="Text eins.")
    text = post.review_text()
    order = [
        "Dachzeile", "Der Titel", "Der Vorspann.", "Seite eins.", "1. Erste These",
        "Text eins.", "2. Zweite These", "Text zwei.", "Nach den Thesen.", "Seite zwei.",
        "Die Fußnote.", "Foto: Jemand",
    ]  # fmt: skip
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "<!--" not in text


def test_a_copy_of_the_theses_is_held_through_the_form(client, db):
    from comments.models import Comment
    from tests.factories import PostFactory, ThesisFactory

    post = PostFactory(body="Einleitung.\n\n<!--theses-->\n\nSchluss.", status="published")
    ThesisFactory(post=post, position=3, title="Teil der Gesamtkommunikation", body=THESIS_BODY)
    comment = submit(client, post, f"Hab das mal zusammengefasst: 3. {THESIS_BODY} So ist es.")
    assert comment.status == Comment.Status.PENDING
    assert "urheberrecht" in comment.flagged_rules
    # A short quote of the thesis with attribution is fine.
    comment = submit(
        client, post, "„Unternehmenskommunikation ist Unternehmenskommunikation“, schreibt sie. Ja."
    )
    assert comment.status == Comment.Status.PUBLISHED


OUTSIDE_TEXT = (
    "Die Studie untersucht erstmals systematisch, wie mittelständische Unternehmen soziale "
    "Medien in der Kommunikation mit Geschäftskunden einsetzen. Befragt wurden Verantwortliche "
    "aus Marketing und Unternehmenskommunikation in über 200 Unternehmen. Die Ergebnisse "
    "zeigen, dass zwar eine Mehrheit der Unternehmen soziale Medien für relevant hält, jedoch "
    "nur wenige über eine Strategie, klare Ziele oder Kennzahlen verfügen. Die Autoren "
    "empfehlen, zunächst mit Monitoring zu beginnen."
)


def test_pasted_outside_texts_with_a_source_line_are_held():
    assert findings(f"{OUTSIDE_TEXT} Quelle: Pressestelle der Universität", ReviewContext())
    assert findings(f"Komplett übernommen aus einem Blog: {OUTSIDE_TEXT}", ReviewContext())
    assert findings(f"Ich poste hier mal den ganzen Absatz: {OUTSIDE_TEXT}", ReviewContext())
    assert findings(f"Auszug aus der Pressemitteilung: {OUTSIDE_TEXT}", ReviewContext())


def test_own_long_comments_and_short_sourced_remarks_pass():
    assert not findings(OUTSIDE_TEXT, ReviewContext())  # no notice: own words, as far as known
    assert not findings("Die Zahl ist falsch. Quelle: Destatis", ReviewContext())
    own = (
        "Ich habe den ganzen Artikel gelesen und finde, dass die Thesen zwar stimmen, aber "
        "für den Mittelstand zu wenig konkret sind. Wer zwei Stunden pro Woche hat, braucht "
        "eine andere Strategie als ein Konzern mit eigenem Team, und das fehlt mir hier. "
        "Gerade die Frage nach den Kosten hätte ich mir ausführlicher gewünscht, mit Zahlen "
        "aus der Praxis statt Appellen an die Kultur."
    )
    assert len(own.split()) >= 60
    assert not findings(own, ReviewContext())
