from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from blog.models import Post, Thesis
from blog.rendering import PAGE_BREAK, THESES_MARKER
from tests.factories import PostFactory, ThesisFactory

pytestmark = pytest.mark.django_db


def test_duplicate_thesis_position_is_refused(post):
    ThesisFactory(post=post, position=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Thesis.objects.create(post=post, position=3, title="Doppelt", body="x")


def test_thesis_position_zero_is_refused(post):
    with pytest.raises(IntegrityError), transaction.atomic():
        Thesis.objects.create(post=post, position=0, title="Null", body="x")


def test_same_position_on_different_posts_is_fine():
    ThesisFactory(post=PostFactory(), position=1)
    ThesisFactory(post=PostFactory(), position=1)
    assert Thesis.objects.filter(position=1).count() == 2


def test_theses_are_ordered_by_position(post):
    for position in (3, 1, 2):
        ThesisFactory(post=post, position=position)
    assert [t.position for t in post.theses.all()] == [1, 2, 3]


def test_body_html_is_rendered_once_on_save_and_sanitised():
    post = PostFactory(body="## Zwischentitel\n\n„Zitat“ – mit <script>alert(1)</script> Text …")
    assert "<h2>Zwischentitel</h2>" in post.body_html
    assert "„Zitat“ – mit" in post.body_html
    assert "<script" not in post.body_html
    assert "…" in post.body_html


def test_page_breaks_split_the_body_into_pages():
    post = PostFactory(body=f"Erste Seite.\n\n{PAGE_BREAK}\n\nZweite Seite.")
    assert post.page_count == 2
    assert "Erste Seite." in post.pages[0]
    assert "Zweite Seite." in post.pages[1]


def test_theses_marker_splits_a_page_into_sections():
    post = PostFactory(body=f"Vorher.\n\n{THESES_MARKER}\n\nNachher.")
    before, after = post.page_sections(1)
    assert "Vorher." in before
    assert "Nachher." in after


def test_published_excludes_drafts_and_future_posts():
    visible = PostFactory()
    PostFactory(status=Post.Status.DRAFT)
    PostFactory(published_at=timezone.now() + timedelta(days=1))
    assert list(Post.objects.published()) == [visible]


def test_urls_use_the_local_publication_date():
    post = PostFactory(slug="zeitzone", published_at=datetime(2012, 3, 15, 23, 30, tzinfo=UTC))
    assert post.get_absolute_url() == "/2012/03/16/zeitzone/"
    thesis = ThesisFactory(post=post, position=5)
    assert thesis.get_absolute_url() == "/2012/03/16/zeitzone/#these-5"


def test_comments_close_after_configured_days(settings):
    post = PostFactory(published_at=timezone.now() - timedelta(days=30))
    settings.COMMENTS_CLOSE_AFTER_DAYS = None
    assert post.comments_open
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    assert not post.comments_open
    post.comments_enabled = False
    settings.COMMENTS_CLOSE_AFTER_DAYS = None
    assert not post.comments_open
