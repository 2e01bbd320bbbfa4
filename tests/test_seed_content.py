"""The seed fixture: five articles, their authors, tags and the eleven theses.

The texts are kept exactly as their sources wrote them, typos and typography included, so these
tests compare the rendered HTML (tags stripped, entities unescaped, whitespace normalised) with
passages copied verbatim from the sources.
"""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from taggit.models import Tag, TaggedItem

from blog.models import Author, Post, PostImage, Thesis
from blog.rendering import PAGE_BREAK, THESES_MARKER

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")

THESES_SLUG = "social-media-in-b2b-weiterhin-mehr-ob-als-wie"
T3N_SLUG = "mit-social-media-nachweisbar-werte-schaffen"

THESIS_TITLES = [
    "Skepsis ist gesund",
    "Social Media sind kein Selbstzweck",
    "„Soziale“ Kommunikation muss immer Teil der Gesamtkommunikation sein",
    "Kundennutzen ist noch kein Lesernutzen",
    "Es geht nicht nur um Kunden",
    "Social Media sind nicht nur ein B2C-Thema",
    "Das Social Web ist keine seltsame Parallelwelt",
    "Wer nicht hinschaut, verhindert damit nichts",
    "Social Web bedeutet nicht: totale Aufgabe der Kontrolle",
    "Social-Media-Präsenzen kosten Zeit und Geld",
    "Social Media sind kein Ersatz für die „Klassik“",
]

# pk, slug, title, author slug, published_at (editorial placeholders, Europe/Berlin)
POSTS = [
    (
        1,
        "social-media-in-der-b2b-kommunikation",
        "Social Media in der B2B-Kommunikation",
        "redaktion",
        datetime(2010, 3, 10, 10, 0, tzinfo=BERLIN),
    ),
    (
        2,
        THESES_SLUG,
        "Social Media in B2B: Weiterhin mehr „ob“ als „wie“?",
        "kerstin-hoffmann",
        datetime(2012, 3, 15, 9, 0, tzinfo=BERLIN),
    ),
    (
        3,
        "social-media-brauche-ich-das",
        "Social Media, brauche ich das?",
        "redaktion",
        datetime(2011, 5, 17, 10, 0, tzinfo=BERLIN),
    ),
    (
        4,
        T3N_SLUG,
        "Mit Social Media nachweisbar Werte schaffen: Vom Hype zum strategischen Einsatz",
        "mirko-lange",
        datetime(2012, 1, 9, 9, 0, tzinfo=BERLIN),
    ),
    (
        5,
        "social-media-vorsicht-gegenverkehr",
        "Social Media: Vorsicht, Gegenverkehr!",
        "icc-werbeagentur",
        datetime(2012, 5, 8, 10, 0, tzinfo=BERLIN),
    ),
]

# Passages copied verbatim from the sources (whole paragraphs where practical).
KEY_PASSAGES = {
    "social-media-in-der-b2b-kommunikation": [
        "Vor kurzem wurde die Studie veröffentlicht, an der ich, noch als Student der H_DA, "
        "gemeinsam mit Kommilitonen gearbeitet habe.",
        # The missing space after "interessant." is in the source and kept.
        "Die Diskussionen verlaufen dabei recht kontrovers, sind aber durchaus interessant."
        "Prinzipiell gehe ich davon aus, dass Social Media in der B2B-Kommunikation genauso "
        "funktionieren kann wie in der B2C-Kommunikation.",
        "Privat, B2B, B2C, C2C...Kommunikation gehorcht im Kern den gleichen Grundregeln, wenn "
        "sie zwischen Menschen stattfindet.",
        "Wettbewerbsvorteile sind immer weniger deutlich. Innovationszyklen werden immer "
        "schneller. Das führt dazu, dasss heute bei der Gewichtung von Vorteilen nicht „Kilo“ "
        "entscheiden, sondern „Gramm“. Die durch Social Media erzeigten Werte mögen kurzfristig "
        "nur „grammweise“ ins Gewicht fallen. Aber diese Gramm können heute bereits den "
        "Unterschied machen. Und: Bei Social Medie bleibt das Gewicht in deutlich stärkerem "
        "Maße erhalten. Was ich meine: Eine Fernsehwerbung wird ausgestrahlt und ist dann zu "
        "99% weg. Es bleibt nur eine ganz kleine Erinnerung. Ein Kontakt über Social Media "
        "bleibt überwiegend erhalten. So summieren sich die vielen kleinen Gramm über die Jahre "
        "zu Kilo.",
        "In den wenigsten Fällen weiß man, wohin eine Entwicklung genau führen wird.",
        "In eigener Sache: Demnächst erscheint ein Gastbeitrag im Fachmagazin Pressesprecher "
        'über die Studie "Mehr Wert schaffen". Autoren sind Prof. Thomas Pleil und meine '
        "Wenigkeit.",
    ],
    THESES_SLUG: [
        "Und das sind fast nur Unternehmen, die im B2B-Bereich* arbeiten. Einen Beitrag darüber "
        "zu verfassen, ob es sinnvoll ist, in der Unternehmenskommunikation das Social Web mit "
        "einzubeziehen, kam mir daher zunächst ungefähr so sinnvoll und zeitgemäß vor wie ein "
        "Plädoyer für … sagen wir mal … den Einsatz des Telefons im Vertrieb.",
        "Wenn Sie gar nicht dabei sind - woher wissen Sie denn dann, ob und was über Sie "
        "gesprochen wird?",
        "Aber die Realität dort draußen sieht oft noch anders aus. Das vergesse ich manchmal in "
        "all den fachlichen Diskussionen und detaillierten Beratungen. Aber ich vergesse es nie "
        "für lange Zeit, und in dieser Woche ist es mir einmal mehr klargeworden.",
        "Bei der Fragestellung geht es vor allem um das „Wie“ und nicht um das „Ob“.",
        "Dabei zeigte sich einmal mehr, wie weit die Schere derzeit klafft: Die einen haben "
        "bereits eine umfassende Social-Media-Strategie.",
        "Deswegen hier für alle, die noch überlegen oder die es auch immer wieder erklären "
        "müssen: elf Thesen zu Social Media in der B2B-Kommunikation.",
        "Übrigens: Das Thema Krisen-Kommunikation habe ich darüber nicht vergessen. Dazu ist "
        "anlässlich der oben erwähnten Tagung ein E-Book entstanden, das Sie ab dem kommenden "
        "Montag hier im Blog herunterladen können.",
    ],
    "social-media-brauche-ich-das": [
        "Über Social Media wird viel diskutiert, erklärt und definiert. Für die Unternehmen, die "
        "im 1.0 stecken, ist das durchaus ein Problem.",
        "Kann man schon, viel Spaß bei der Auflistung der Ausnahmen 😉",
        "Die Kernfrage muss lauten: „Will ich an dem dort stattfindenden Dialog teilnehmen?“ Ich "
        "habe nicht mehr die Möglichkeit die Konsumenten zu kontrollieren, die Zeiten sind "
        "langsam aber sicher vorbei. Wir kaufen nicht mehr, weil wir müssen sondern weil wir "
        "wollen.",
        "Als lokaler Bäcker ist es auch nicht zwingend „klug“ eine Flyerkampagne mit einem "
        "Versandhändler zu kreuzen.",
        "Hinzu kommen Local Based Services, Facebook sowie „Randgruppen-Netzwerke“.",
        "Social Media, brauch ich das? Kommt drauf an… 😉",
    ],
    T3N_SLUG: [
        "Aus diesem Grund helfen auch die ganzen Imperative wie “führe Dialog!“ oder „sei "
        "authentisch!“ selten wirklich weiter.",
        "Menschen reden öffentlich miteinander, und sie sagen ganz klar ihre Meinung – "
        "ungeschönt, oft kritisch, manchmal polemisch und häufig ohne große Rücksicht auf "
        "Etikette. Die Betonung liegt auf: Sie reden „öffentlich“ miteinander.",
        "In der Beratungspraxis unterscheidet talkabout communications, die PR-Agentur des "
        "Autors, zwischen drei klaren strategischen Bereichen in Social Media: Social Media "
        "Culture, Social Media Relations und Social Media Marketing.",
        "Der Freund antwortete unumwunden: „Hey, it’s so great because it intensifies your "
        "personality!“ Und nach einem kurzen Zögern fragte Cosby verdutzt zurück: „But what, if "
        "you are an asshole?“.",
        "Früher hieß PR „Tue Gutes und rede darüber“. Heute heißt es „Sei wirklich gut und lass "
        "Dir dabei zuschauen“. In und durch Social Media wirkt das tatsächliche Sein deutlich "
        "mehr als das (so) tun (als ob).",
        "Im Grunde stellt sich nicht einmal die Frage nach „Social Media“. Denn sobald Service, "
        "Wissensaustausch oder Anerkennung Teil der Unternehmenskultur sind, wird man sich mit "
        "anderen Menschen austauschen „wollen“, an anderen Meinungen interessiert sein und "
        "lernen wollen. All das bietet Social Media.",
    ],
    "social-media-vorsicht-gegenverkehr": [
        "Wer im Zusammenhang mit Social Media nur an Facebook, Twitter & Co denkt, denkt zu kurz.",
        "Die klassische Marketing-Kommunikationsstruktur, hie Sender (z.B. ein Unternehmen) – da "
        "Empfänger (Konsumenten) wird durchbrochen.",
        "‘Märkte sind Gespräche’, wird im Cluetrain-Manifesto trocken festgehalten.",
        "Jedermann kann nun plötzlich von der Rolle als ‘Empfänger’ auf die als ‘Sender’ "
        "umschalten.",
        "Soziale Medien sind perfekte Träger von Verbrauchermeinung- und -erfahrung.",
        "70 % der deutschen Online-Käufer nutzen die Sozialen Medien im Vorfeld, während des "
        "Kaufs oder im Nachgang eines Kaufprozesses.",
        "Insgesamt lassen sich 97,1 % der Verbraucher durch im Internet geteilte Meinungen "
        "beeinflussen.",
        "Bei 64,1 % werden sie bewusst zum Anlass genommen, einen Erstkauf zu tätigen.",
        "Die ‘Macht der Vielen’ nutzen ist das Zauberwort.",
        "Viele Unternehmen sind sich der Tragweite von Sozialen Medien (noch) nicht bewusst. Es "
        "geht nicht nur darum, in den Sozialen Medien tätig zu werden. Wichtig ist es zu "
        "verstehen, was dort passiert.",
    ],
}

THESIS_PASSAGES = [
    (1, "… und auf jeden Fall besser als reiner Aktionismus. Niemand muss präsent sein."),
    (
        2,
        "Wer einfach mitmacht, ohne sich im Gesetzmäßigkeiten und Mehrwert zu kümmern, hat das "
        "Prinzip nicht verstanden. Zurück auf Los!",
    ),
    (4, "Reine Kunden-Akquise ist hier fehl am Platze. Denn:"),
    (5, "„Unsere Kunden sind da sowieso nicht unterwegs!“, ist ein häufig gehörtes Argument."),
    (
        6,
        "„Bei Facebook sind doch nur Endverbraucher. Deswegen lohnt sich ein Engagement dort für "
        "Consumermarken, aber nicht für B2B-Kommunikation!“ – oft gehört, deswegen kein bisschen "
        "zutreffender.",
    ),
    # "sort" is the author's typo and stays.
    (6, "des Netzwerkens sort auseinanderzusetzen. Siehe auch Punkt 5."),
    (9, "… sondern: Aufgabe der Illusion von Kontrolle."),
    (10, "Das ist wiederum eine Frage der Gesamtkonzeption und -strategie."),
    (11, "Die gesunde Mischung macht’s – womit wir wieder bei Punkt 1 wären …"),
]

# Site chrome and reader comments of the source pages: none of it belongs to an article.
CHROME = [
    "Bitte schalte deinen Adblocker",
    "Adblocker",
    "Rate this post",
    "Send this to a friend",
    "Visited 35 times",
    "visits today",
    "Schreibe einen Kommentar",
    "Deine E-Mail-Adresse wird nicht veröffentlicht",
    "Keine weiteren Beiträge",
    "Anleitung zur Deaktivierung",
    "Bitte beachte unsere Community-Richtlinien",
    "Wir freuen uns über kontroverse Diskussionen",
    "Dein t3n-Team",
    "Digitales High Five",
    "Melde dich mit deinem t3n Account an",
    "4 Kommentare",
    "0 Kommentare",
    "2 comments for",
    "Antworten",
    "Seite 2 / 3",
    "Von in ICC Werbeagentur",
    "_____",
    "Die Autorin:",
    "Kontakt: Tel.",
    "Foto: Anderson Mancini",
    # reader comments (a separate fixture)
    "Sie sprechen mir aus der Seele",
    "Gibt es Erfahrungen im b2b-Bereich?",
    "Ja klar gibt es Erfahrungen im b2b Bereich",
    "fangen an zu dirskutieren",
    "Völlig richtig …!",
    "counts the bottom line",
    "Indianer3c",
    "Christian Buggisch",
    "Bernhard Scheer",
]


def load_seed():
    call_command("loaddata", "seed", verbosity=0)


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment: tags stripped, entities unescaped, spaces normalised."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def normalised(passage: str) -> str:
    return " ".join(passage.split())


def full_text(post: Post) -> str:
    parts = [post.body_html, post.footnote_html]
    parts += [thesis.body_html for thesis in post.theses.all()]
    return text_of(" ".join(parts))


@pytest.fixture
def seeded():
    load_seed()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Author, Post, Thesis, PostImage, Tag, TaggedItem)
    }


def test_seed_loads_five_published_posts(seeded):
    assert Post.objects.count() == 5
    assert Author.objects.count() == 4
    for pk, slug, title, author_slug, published_at in POSTS:
        post = Post.objects.get(pk=pk)
        assert (post.slug, post.title, post.author.slug) == (slug, title, author_slug)
        assert post.published_at == published_at
        assert post.status == Post.Status.PUBLISHED
        assert post.comments_enabled
    assert Post.objects.published().count() == 5


def test_eleven_theses_in_order_with_exact_titles(seeded):
    post = Post.objects.get(slug=THESES_SLUG)
    theses = list(post.theses.order_by("position"))
    assert [t.position for t in theses] == list(range(1, 12))
    assert [t.title for t in theses] == THESIS_TITLES
    assert Thesis.objects.count() == 11
    for thesis in theses:
        assert thesis.body_html.startswith("<p>")


def test_loading_twice_creates_no_duplicates(seeded):
    before = counts()
    html_before = dict(Post.objects.values_list("pk", "body_html"))
    load_seed()
    assert counts() == before
    assert before == {
        "Author": 4,
        "Post": 5,
        "Thesis": 11,
        "PostImage": 1,
        "Tag": 9,
        "TaggedItem": 19,
    }
    assert dict(Post.objects.values_list("pk", "body_html")) == html_before


@pytest.mark.parametrize("slug", list(KEY_PASSAGES))
def test_key_passages_appear_verbatim(seeded, slug):
    text = text_of(Post.objects.get(slug=slug).body_html)
    for passage in KEY_PASSAGES[slug]:
        assert normalised(passage) in text


def test_thesis_bodies_keep_their_wording(seeded):
    for position, passage in THESIS_PASSAGES:
        thesis = Thesis.objects.get(position=position)
        assert normalised(passage) in text_of(thesis.body_html)


@pytest.mark.parametrize("slug", list(KEY_PASSAGES))
def test_no_site_chrome_or_reader_comments(seeded, slug):
    post = Post.objects.get(slug=slug)
    text = full_text(post)
    for chrome in CHROME:
        assert chrome not in text, chrome


def test_markdown_pitfalls_are_escaped(seeded):
    first = Post.objects.get(pk=1).body_html
    assert "H_DA" in first and "<em>" not in first
    assert "<blockquote>" in first
    assert "Wettbewerbsvorteile sind immer weniger deutlich." in first.split("<blockquote>")[1]

    theses_post = Post.objects.get(slug=THESES_SLUG)
    assert "im B2B-Bereich* arbeiten" in theses_post.body_html
    assert text_of(theses_post.footnote_html).startswith("*B2B (Business-to-Business):")
    assert "<em>" not in theses_post.footnote_html
    # Numbered theses live in Thesis rows, not in a Markdown list in the body.
    for post in Post.objects.all():
        assert "<ol>" not in post.body_html


def test_gegenverkehr_figures_are_a_list(seeded):
    body = Post.objects.get(slug="social-media-vorsicht-gegenverkehr").body_html
    items = re.findall(r"<li>(.*?)</li>", body, flags=re.S)
    assert [text_of(item)[:8] for item in items] == ["70 % der", "Insgesam", "Bei 64,1"]
    assert "– 70" not in text_of(body)


def test_theses_post_structure_and_fields(seeded):
    post = Post.objects.get(slug=THESES_SLUG)
    assert post.page_count == 1
    intro, outro = post.page_sections(1)
    assert text_of(intro).endswith("elf Thesen zu Social Media in der B2B-Kommunikation.")
    assert text_of(outro).startswith("Übrigens: Das Thema Krisen-Kommunikation")
    assert post.lead == "11 Thesen zur “Sozialen” Kommunikation zwischen Unternehmen"
    # The photo itself cannot be shipped; its caption and credit stay, as an image row.
    assert post.image_credit == ""
    assert [(image.caption, image.credit, bool(image.image)) for image in post.images.all()] == [
        ("Die drei weisen Affen", "Anderson Mancini/flickr.com (CC BY-SA 2.0)", False)
    ]
    assert post.source == "kerstin-hoffmann.de"
    assert "<h2>Die Realität sieht oft anders aus</h2>" in post.body_html
    assert "<h2>Die Schere klafft weiterhin</h2>" in post.body_html

    author = post.author
    assert author.name == "Dr. Kerstin Hoffmann"
    assert author.bio == "Dr. Kerstin Hoffmann berät Unternehmen in klassischer PR & Social Web."
    assert author.contact == (
        "Tel. 02151 970785; kontakt(at)kerstin-hoffmann.de; www.kerstin-hoffmann.de"
    )
    assert author.website == "https://www.kerstin-hoffmann.de"


def test_t3n_article_has_two_pages(seeded):
    post = Post.objects.get(slug=T3N_SLUG)
    assert post.kicker == "Marketing"
    assert "Teil 2 von 3" in post.source and "t3n.de" in post.source
    assert post.body.count(PAGE_BREAK) == 1
    assert THESES_MARKER not in post.body
    first, second = post.pages
    assert first.startswith("<h2>Was kann Social Media leisten?</h2>")
    assert "<h2>Strategische Felder</h2>" in first
    assert second.startswith("<h2>Social Media Culture</h2>")
    assert text_of(second).endswith("All das bietet Social Media.")
    # The figure caption is dropped with its figure; its point is made in the text.
    assert "drei strategische Bereiche, die jeweils" not in text_of(post.body_html)


def test_unnamed_authors_appear_as_redaktion(seeded):
    redaktion = Author.objects.get(slug="redaktion")
    assert redaktion.name == "Redaktion"
    assert sorted(redaktion.posts.values_list("pk", flat=True)) == [1, 3]
    assert Author.objects.get(slug="mirko-lange").role == "talkabout communications"
    assert Author.objects.get(slug="icc-werbeagentur").role == "Werbeagentur"


def test_tags_are_shared_between_posts(seeded):
    for post in Post.objects.all():
        assert 2 <= post.tags.count() <= 4
        assert "Social Media" in post.tags.names()
    theses_post = Post.objects.get(slug=THESES_SLUG)
    related = {post.slug for post in Post.objects.related_to(theses_post)}
    assert "social-media-in-der-b2b-kommunikation" in related  # shares "B2B"
    assert T3N_SLUG in related  # shares "Strategie"


def test_every_seed_post_page_renders(seeded, client):
    for post in Post.objects.all():
        response = client.get(post.get_absolute_url())
        assert response.status_code == 200
    t3n = Post.objects.get(slug=T3N_SLUG)
    page_two = client.get(t3n.get_absolute_url() + "?seite=2").content.decode()
    assert "Scott Monty" in page_two
