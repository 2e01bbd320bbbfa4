"""Watched words: stored normalised, cached for the comment form, enforced by the rule."""

import pytest
from django.db import IntegrityError
from django.forms import modelform_factory

from comments.models import Comment, WatchedWord
from comments.moderation import review, watchlist
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db

WatchedWordForm = modelform_factory(WatchedWord, fields=["word", "action", "note"])


def url(post):
    return f"{post.get_absolute_url()}kommentare/"


class TestModel:
    def test_word_is_normalised_on_save(self):
        word = WatchedWord.objects.create(word="  Super   GÜNSTIG ")
        assert word.word == "super günstig"
        assert str(word) == "super günstig"

    def test_unique_regardless_of_case(self):
        WatchedWord.objects.create(word="Krypto")
        with pytest.raises(IntegrityError):
            WatchedWord.objects.create(word="KRYPTO")

    def test_admin_form_reports_a_duplicate_instead_of_crashing(self):
        WatchedWord.objects.create(word="krypto")
        form = WatchedWordForm({"word": "Krypto", "action": "hold"})
        assert not form.is_valid()
        assert form.errors["word"] == ["Dieser Begriff steht schon auf der Liste."]

    def test_empty_word_is_refused(self):
        form = WatchedWordForm({"word": "*", "action": "hold"})
        assert not form.is_valid()
        assert "Bitte gib einen Begriff an." in form.errors["word"]


class TestCache:
    def test_context_reads_the_words_once(self, post, django_assert_num_queries):
        WatchedWord.objects.create(word="krypto", action="reject")
        review.build_context(post)  # fills the cache
        with django_assert_num_queries(2):  # the recent comments and the post's theses only
            context = review.build_context(post)
        assert context.watched_words == (("krypto", "reject"),)

    def test_saving_and_deleting_invalidate(self, post):
        assert review.build_context(post).watched_words == ()
        word = WatchedWord.objects.create(word="krypto")
        assert review.build_context(post).watched_words == (("krypto", "hold"),)
        word.action = "reject"
        word.save()
        assert review.build_context(post).watched_words == (("krypto", "reject"),)
        WatchedWord.objects.all().delete()
        assert review.build_context(post).watched_words == ()

    def test_a_broken_cache_falls_back_to_the_database(self, monkeypatch):
        WatchedWord.objects.create(word="krypto")

        class Broken:
            def get(self, *args):
                raise ConnectionError

            set = get

        monkeypatch.setattr(watchlist, "cache", Broken())
        assert watchlist.watched_words() == (("krypto", "hold"),)


class TestInTheForm:
    def test_reject_entry_refuses_the_comment(self, client, post):
        WatchedWord.objects.create(word="krypto*", action="reject")
        data = comment_form_data(
            body="Kauft alle Kryptowährung!",
            author_name="Anna",
            author_email="anna@gaeste.gegenverkehr.invalid",
        )
        html = client.post(url(post), data).content.decode()
        assert "Beobachtete Begriffe" in html
        assert "Kauft alle Kryptowährung!</textarea>" in html
        assert not Comment.objects.exists()

    def test_hold_entry_holds_the_comment(self, client, post):
        WatchedWord.objects.create(word="Wettbewerber", action="hold")
        data = comment_form_data(
            body="Der Wettbewerber macht das besser.",
            author_name="Anna",
            author_email="anna@gaeste.gegenverkehr.invalid",
        )
        assert client.post(url(post), data).status_code == 302
        comment = Comment.objects.get()
        assert comment.status == Comment.Status.PENDING
        assert "beobachtet" in comment.flagged_rules.split(",")
