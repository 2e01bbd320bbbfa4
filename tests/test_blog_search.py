"""Search as readers use it: the page at /suche/, on SQLite and PostgreSQL alike."""

import re

import pytest
from django.core.management import call_command

from blog import search
from blog.models import Author, Post, SearchEntry
from tests.factories import AuthorFactory, PostFactory, ThesisFactory

pytestmark = pytest.mark.django_db


def found(client, query, **params):
    response = client.get("/suche/", {"q": query, **params})
    assert response.status_code == 200
    return list(response.context["page_obj"].object_list)


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


class TestWhatIsFound:
    def test_text_and_thesis(self, client):
        match = PostFactory(title="Kommunikation zwischen Unternehmen", body="Netzwerke im B2B.")
        thesis_post = PostFactory(title="Ohne Treffer im Titel", body="Nichts.")
        ThesisFactory(post=thesis_post, position=1, title="Skepsis ist gesund", body="Monitoring.")
        PostFactory(title="Kochrezepte", body="Suppe.")
        PostFactory(title="Entwurf über Unternehmen", status=Post.Status.DRAFT)
        assert found(client, "Unternehmens") == [match]
        assert found(client, "Skepsis") == [thesis_post]
        assert found(client, "monitoring") == [thesis_post]

    def test_author_names(self, client):
        author = AuthorFactory(name="Dr. Kerstin Hoffmann", slug="kerstin-hoffmann")
        post = PostFactory(author=author, body="Über Social Media im Vertrieb.")
        PostFactory(body="Etwas anderes.")
        assert found(client, "Kerstin Hoffmann") == [post]
        assert found(client, "hoffmann") == [post]

    def test_tags(self, client):
        post = PostFactory(body="Ohne das Wort.", tags=["Krisenkommunikation"])
        PostFactory(body="Auch ohne.")
        assert found(client, "Krisenkommunikation") == [post]

    def test_image_captions(self, client):
        from blog.models import PostImage

        post = PostFactory()
        PostImage.objects.create(post=post, caption="Die drei weisen Affen", credit="X")
        assert found(client, "weise Affen") == [post]

    def test_german_inflections_and_compounds(self, client):
        post = PostFactory(
            title="Die Unternehmenskommunikation", body="Die Kunden sprechen mit uns."
        )
        PostFactory(title="Anderes", body="Nichts davon.")
        assert found(client, "Kunde") == [post]
        assert found(client, "Kunden sprechen") == [post]
        assert found(client, "Unternehmens") == [post]  # the start of a compound
        assert found(client, "Gespräch") == []

    def test_every_word_must_occur(self, client):
        both = PostFactory(body="Telefon im Vertrieb.")
        PostFactory(body="Nur das Telefon.")
        assert found(client, "Telefon Vertrieb") == [both]

    def test_umlauts_and_sharp_s_in_any_spelling(self, client):
        post = PostFactory(body="Die Straße der Männer.")
        assert found(client, "strasse") == [post]
        assert found(client, "MÄNNER") == [post]

    def test_short_words_match_whole_words_only(self, client):
        post = PostFactory(body="Ob es sich lohnt?")
        PostFactory(body="Oben steht etwas.")
        assert found(client, "ob") == [post]

    def test_heading_matches_rank_first_then_newest(self, client):
        older_heading = PostFactory(title="Vertrieb heute", published_at=_days_ago(5))
        newer_text = PostFactory(body="Im Vertrieb.", published_at=_days_ago(1))
        newest_text = PostFactory(body="Vertrieb!", published_at=_days_ago(0.5))
        assert found(client, "Vertrieb") == [older_heading, newest_text, newer_text]

    def test_the_index_follows_edits_of_tags_authors_and_theses(self, client):
        author = AuthorFactory(name="Erika Muster")
        post = PostFactory(author=author, body="Text.")
        thesis = ThesisFactory(post=post, position=1, title="Anfang", body="Etwas.")
        post.tags.add("Vorher")

        author.name = "Erika Neuname"
        author.save()
        post.tags.set(["Nachher"])
        thesis.title = "Geändert"
        thesis.save()
        assert found(client, "Neuname") == [post] and found(client, "Muster") == []
        assert found(client, "Nachher") == [post] and found(client, "Vorher") == []
        assert found(client, "Geändert") == [post] and found(client, "Anfang") == []
        thesis.delete()
        assert found(client, "Geändert") == []

    def test_seed_articles(self, client):
        call_command("loaddata", "seed", verbosity=0)
        theses_post = Post.objects.get(slug="social-media-in-b2b-weiterhin-mehr-ob-als-wie")
        assert found(client, "Kerstin Hoffmann") == [theses_post]
        assert found(client, "Skepsis ist gesund") == [theses_post]
        assert found(client, "drei weisen Affen") == [theses_post]
        assert len(found(client, "Social Media")) == 5

    def test_missing_entries_are_filled_after_migrate(self):
        post = PostFactory(body="Nachgetragen.")
        SearchEntry.objects.all().delete()
        call_command("migrate", verbosity=0)
        assert list(Post.objects.search("nachgetragen")) == [post]


def _days_ago(days):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(days=days)


class TestResultsPage:
    def test_snippet_marks_the_words_found(self, client):
        PostFactory(
            title="Ein Titel",
            body="Erster Absatz ohne Treffer.\n\nHier geht es um den Einsatz des Telefons im "
            "Vertrieb und mehr.",
        )
        html = client.get("/suche/", {"q": "Telefon Vertrieb"}).content.decode()
        assert marks(html) == ["Telefons", "Vertrieb"]
        assert (
            "Hier geht es um den Einsatz des <mark>Telefons</mark> im <mark>Vertrieb</mark>" in html
        )
        assert "1 Treffer für „Telefon Vertrieb“" in html

    def test_title_author_and_tags_are_marked_too(self, client):
        author = AuthorFactory(name="Kerstin Hoffmann")
        PostFactory(title="Hoffmann schreibt", author=author, tags=["Hoffmann"])
        html = client.get("/suche/", {"q": "Hoffmann"}).content.decode()
        assert marks(html).count("Hoffmann") == 3

    def test_reader_text_never_becomes_markup(self, client):
        PostFactory(title="<b>Fett</b> im Titel", body="Ein Text.")
        query = '"><script>alert(1)</script> <img src=x onerror=alert(2)>'
        html = client.get("/suche/", {"q": query}).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        # A title that looks like markup stays text; only <mark> is added.
        html = client.get("/suche/", {"q": "fett"}).content.decode()
        assert "&lt;b&gt;<mark>Fett</mark>&lt;/b&gt;" in html
        assert "<b>" not in html

    def test_empty_query_asks_for_a_word(self, client):
        PostFactory()
        for query in ("", "   ", "!!! ??? …"):
            response = client.get("/suche/", {"q": query})
            html = response.content.decode()
            assert response.status_code == 200
            assert "Bitte gib mindestens ein Wort ein" in html
            assert list(response.context["page_obj"].object_list) == []

    def test_no_hits_says_so(self, client):
        PostFactory()
        html = client.get("/suche/", {"q": "Quantenchromodynamik"}).content.decode()
        assert "Keine Treffer für „Quantenchromodynamik“" in html

    def test_the_plain_search_page_shows_the_form_only(self, client):
        html = client.get("/suche/").content.decode()
        assert 'name="q"' in html and "Treffer" not in html and "Bitte gib" not in html

    def test_results_are_paginated_and_keep_the_query(self, client, settings):
        for _ in range(12):
            PostFactory(body="Netzwerk.")
        first = client.get("/suche/", {"q": "Netzwerk"})
        assert len(first.context["page_obj"]) == 10
        assert "?q=Netzwerk&amp;page=2" in first.content.decode()
        second = client.get("/suche/", {"q": "Netzwerk", "page": 2})
        assert len(second.context["page_obj"]) == 2

    def test_query_count_does_not_grow_with_results(self, client, django_assert_max_num_queries):
        PostFactory(body="Netzwerk.", tags=["Eins"])
        with django_assert_max_num_queries(10) as few:
            client.get("/suche/", {"q": "Netzwerk"})
        for index in range(8):
            PostFactory(body="Netzwerk.", tags=[f"t{index}"], author=AuthorFactory())
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get("/suche/", {"q": "Netzwerk"})


class TestHostileInput:
    def test_long_queries_are_cut_and_terms_bounded(self, client):
        post = PostFactory(body="Wort.")
        query = "Wort " + " ".join(f"w{i}" for i in range(500)) + "<" * 10_000
        assert len(search.query_terms(query)) == search.MAX_TERMS
        response = client.get("/suche/", {"q": query})
        assert response.status_code == 200
        assert list(response.context["page_obj"].object_list) in ([], [post])

    @pytest.mark.parametrize("query", ["a" * 5000, "%%%", "\\", "' OR 1=1 --", "🙂" * 50])
    def test_odd_queries_never_fail(self, client, query):
        PostFactory(body="Wort.")
        client.raise_request_exception = False
        assert client.get("/suche/", {"q": query}).status_code == 200

    @pytest.mark.parametrize("query", ["\x00", "Wort\x00Wort"])
    def test_a_nul_character_is_a_bad_request(self, client, query):
        # No browser sends one; PostgreSQL refuses it in text (core.middleware).
        PostFactory(body="Wort.")
        client.raise_request_exception = False
        assert client.get("/suche/", {"q": query}).status_code == 400

    def test_bytes_that_are_no_utf8(self, client):
        client.raise_request_exception = False
        assert client.get("/suche/?q=%ED%A0%80%FFWort").status_code == 200
        assert client.get("/suche/?q=%ED%A0%80%FF%00Wort").status_code == 400

    def test_like_wildcards_are_no_wildcards(self, client):
        PostFactory(body="Irgendein Text.")
        assert found(client, "%") == [] and found(client, "_") == []
        assert found(client, "a_b") == []

    @pytest.mark.parametrize(
        "text",
        [
            "a" * 200_000,
            ("ab" * 50 + " ") * 4_000,
            "<" * 200_000,
            "\n".join(["Absatz"] * 40_000),
            "ä" * 100_000 + " Treffer",
            "wort " * 50_000 + "Treffer" + " wort" * 50_000,
        ],
    )
    def test_snippets_look_at_each_word_once(self, monkeypatch, text):
        # One pass: a word is compared with the terms at most once to find the first match
        # and once more if it is in the passage shown, however long or odd the text.
        calls = []
        compare = search._is_match
        monkeypatch.setattr(
            search, "_is_match", lambda word, terms: calls.append(1) or compare(word, terms)
        )
        terms = search.query_terms("Treffer aaaa")
        passage = search.snippet(text, terms)
        words = len(search.WORD.findall(text))
        assert len(calls) <= words + 1 + 12 + 28
        assert passage is None or "<mark>" in passage
        calls.clear()
        search.highlight(text, terms)
        assert len(calls) == words


def test_same_ranking_on_every_database(client):
    """The documents and lookups are plain strings: no database-specific search runs."""
    a = PostFactory(title="Netzwerke", published_at=_days_ago(3))
    b = PostFactory(body="Netzwerke im Netz.", published_at=_days_ago(2))
    assert found(client, "Netzwerk") == [a, b]
    entry = SearchEntry.objects.get(post=a)
    assert entry.terms.startswith(" ") and entry.terms.endswith(" ")
    assert " netzwerk " in entry.heading_terms
    assert Author.objects.exists()
