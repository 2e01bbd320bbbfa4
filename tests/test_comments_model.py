import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from comments import tree
from comments.models import Comment
from comments.rendering import render_comment
from tests.factories import CommentFactory, PostFactory, ThesisFactory
from tests.moderation_admin_support import run_action

pytestmark = pytest.mark.django_db


def chain(post, length):
    """A thread of ``length`` comments, each replying to the one before."""
    comments = [CommentFactory(post=post)]
    for _ in range(length - 1):
        comments.append(CommentFactory(parent=comments[-1]))
    return comments


class TestRendering:
    def test_blank_lines_make_paragraphs_and_line_breaks_stay(self):
        html = render_comment("Erste Zeile\nzweite Zeile\n\nNeuer Absatz")
        assert html == "<p>Erste Zeile<br>\nzweite Zeile</p>\n<p>Neuer Absatz</p>"

    def test_windows_line_endings(self):
        assert render_comment("a\r\n\r\nb") == "<p>a</p>\n<p>b</p>"

    def test_bare_urls_become_nofollow_links(self):
        html = render_comment("Siehe (http://www.facebook.com/dateveg) dazu")
        assert (
            '(<a href="http://www.facebook.com/dateveg" rel="nofollow ugc noopener">'
            "http://www.facebook.com/dateveg</a>)"
        ) in html

    def test_typed_links_get_the_same_rel(self):
        html = render_comment('<a href="https://example.org" rel="me" target="_blank">x</a>')
        assert '<a href="https://example.org" rel="nofollow ugc noopener">x</a>' in html

    def test_allowed_tags_survive(self):
        html = render_comment(
            "<strong>fett</strong> <em>kursiv</em> <code>x</code>\n\n"
            "<blockquote>Zitat</blockquote>\n\n<ul>\n<li>eins</li>\n</ul>"
        )
        for tag in ("<strong>", "<em>", "<code>", "<blockquote>", "<ul>", "<li>"):
            assert tag in html

    def test_other_markup_is_escaped_not_executed(self):
        html = render_comment('<script>alert(1)</script><img src=x onerror="alert(1)">')
        assert "<script" not in html
        assert "<img" not in html
        assert "&lt;script&gt;" in html

    def test_dangerous_links_lose_their_href_and_handlers(self):
        html = render_comment('<a href="javascript:alert(1)" onclick="alert(1)">x</a>')
        assert "javascript:" not in html
        assert "onclick" not in html

    def test_body_html_is_rendered_on_save(self, post):
        comment = CommentFactory(post=post, body="Hallo\n\nWelt")
        assert comment.body_html == "<p>Hallo</p>\n<p>Welt</p>"


class TestTree:
    def test_top_level_comments_get_consecutive_paths(self, post):
        first, second = CommentFactory(post=post), CommentFactory(post=post)
        assert (first.path, first.depth) == ("000001", 1)
        assert (second.path, second.depth) == ("000002", 1)

    def test_replies_extend_the_parent_path(self, post):
        first = CommentFactory(post=post)
        reply = CommentFactory(parent=first)
        second_reply = CommentFactory(parent=first)
        answer = CommentFactory(parent=reply)
        assert reply.path == "000001/000001"
        assert second_reply.path == "000001/000002"
        assert (answer.path, answer.depth) == ("000001/000001/000001", 3)

    def test_paths_are_per_post(self):
        assert CommentFactory().path == CommentFactory().path == "000001"

    def test_display_order_is_depth_first_oldest_thread_first(self, post):
        a = CommentFactory(post=post)
        b = CommentFactory(post=post)
        a1 = CommentFactory(parent=a)
        b1 = CommentFactory(parent=b)
        a2 = CommentFactory(parent=a)
        a1x = CommentFactory(parent=a1)
        assert list(Comment.objects.for_post(post)) == [a, a1, a1x, a2, b, b1]

    def test_order_holds_beyond_nine_siblings(self, post):
        comments = [CommentFactory(post=post) for _ in range(12)]
        assert list(Comment.objects.for_post(post)) == comments

    def test_reply_below_maximum_depth_attaches_to_deepest_allowed_ancestor(self, post):
        thread = chain(post, 5)
        late = CommentFactory(parent=thread[-1])
        assert late.depth == 5
        assert late.parent == thread[3]
        assert late.path == thread[3].path + "/000002"

    def test_maximum_depth_is_a_setting(self, post, settings):
        settings.COMMENTS_MAX_DEPTH = 2
        top, reply = chain(post, 2)
        deeper = CommentFactory(parent=reply)
        assert deeper.parent == top
        assert deeper.depth == 2

    def test_reply_to_a_comment_of_another_post_is_refused(self, post):
        foreign = CommentFactory()
        with pytest.raises(ValueError):
            CommentFactory(post=post, parent=foreign)
        assert not Comment.objects.filter(post=post).exists()

    def test_clean_refuses_thesis_and_parent_of_another_post(self, post):
        other_thesis = ThesisFactory()
        foreign = CommentFactory()
        comment = Comment(
            post=post,
            thesis=other_thesis,
            parent=foreign,
            author_name="A",
            author_email="a@example.invalid",
            body="x",
        )
        with pytest.raises(ValidationError) as error:
            comment.clean()
        assert set(error.value.message_dict) == {"thesis", "parent"}

    def test_thread_layout_opens_and_closes_lists(self, post):
        a = CommentFactory(post=post)
        a1 = CommentFactory(parent=a)
        a1x = CommentFactory(parent=a1)
        b = CommentFactory(post=post)
        layout = [(n.comment, n.level, n.opens, n.closes) for n in tree.thread([a, a1, a1x, b])]
        assert layout == [(a, 1, False, 0), (a1, 2, True, 0), (a1x, 3, True, 0), (b, 1, False, 2)]
        assert tree.thread([a, a1]).tail == 1

    def test_thread_filtered_by_root_keeps_replies(self, post):
        thesis = ThesisFactory(post=post)
        a = CommentFactory(post=post)
        a1 = CommentFactory(parent=a, thesis=thesis)
        a1x = CommentFactory(parent=a1)
        b = CommentFactory(post=post)
        nodes = list(tree.thread([a, a1, a1x, b], root=lambda c: c.thesis_id == thesis.pk))
        assert [(n.comment, n.level) for n in nodes] == [(a1, 1), (a1x, 2)]


class TestConstraints:
    def test_guest_needs_name_and_email(self, post):
        for name, email in (("", "a@example.invalid"), ("Anna", "")):
            with pytest.raises(IntegrityError), transaction.atomic():
                Comment.objects.create(post=post, author_name=name, author_email=email, body="x")

    def test_account_comment_needs_no_guest_data(self, post):
        user = get_user_model().objects.create_user("leser", password="x")
        comment = Comment.objects.create(post=post, user=user, body="x")
        assert comment.display_name == "leser"

    def test_path_is_unique_per_post(self, post):
        CommentFactory(post=post)
        duplicate = Comment(
            post=post,
            author_name="A",
            author_email="a@example.invalid",
            body="x",
            path="000001",
            depth=1,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()

    def test_user_agent_is_kept_short(self, post):
        comment = CommentFactory(post=post, user_agent="x" * 1000)
        assert len(comment.user_agent) == 255


class TestCommentCount:
    def test_published_comment_counts(self, post):
        CommentFactory(post=post)
        post.refresh_from_db()
        assert post.comment_count == 1

    def test_pending_comment_does_not_count_until_approved(self, post, mod_client):
        comment = CommentFactory(post=post, status=Comment.Status.PENDING)
        post.refresh_from_db()
        assert post.comment_count == 0
        run_action(mod_client, "approve", [comment])
        post.refresh_from_db()
        assert post.comment_count == 1

    def test_removing_a_comment_keeps_its_replies_counted(self, post, mod_client):
        top, reply, answer = chain(post, 3)
        CommentFactory(post=post)
        run_action(mod_client, "remove", [reply], apply="1", clause="werbung")
        post.refresh_from_db()
        # The placeholder does not count; the reply below it is still read, and counted.
        assert post.comment_count == 3
        assert set(Comment.objects.visible().filter(post=post)) == {
            top,
            answer,
            *post.comments.filter(depth=1).exclude(pk=top.pk),
        }

    def test_bulk_status_change_recounts(self, post, mod_client):
        comments = CommentFactory.create_batch(3, post=post)
        run_action(mod_client, "mark_spam", comments)
        post.refresh_from_db()
        assert post.comment_count == 0

    def test_refresh_accepts_a_post_and_updates_it(self, post):
        CommentFactory(post=post)
        Comment.objects.refresh_post_count(post)
        assert post.comment_count == 1

    def test_deleting_a_post_deletes_its_comments(self):
        post = PostFactory()
        chain(post, 3)
        post.delete()
        assert not Comment.objects.exists()


class TestIdentity:
    def test_str_and_urls(self, post):
        comment = CommentFactory(post=post, author_name="Anna", body="Guter Punkt")
        assert str(comment) == "Anna: Guter Punkt"
        assert comment.get_absolute_url() == f"{post.get_absolute_url()}#kommentar-{comment.pk}"
        assert comment.get_permalink() == f"/kommentar/{comment.pk}/"

    def test_website_only_for_web_addresses(self, post):
        assert CommentFactory(author_website="https://a.example").website == "https://a.example"
        assert CommentFactory(author_website="javascript:alert(1)").website == ""

    def test_status_labels_are_german(self):
        assert Comment.Status.PENDING.label == "Wartet auf Freischaltung"
        assert Comment.Status.REMOVED.label == "Entfernt"
