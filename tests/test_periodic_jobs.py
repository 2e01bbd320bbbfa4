"""Views counted and moved within a minute, and every periodic job safe on every server at once.

Each job runs on every app server (docs/deploy.md, "Periodic jobs"): nothing may be done twice
when two runs overlap. The tests make two runs overlap at the most dangerous point of each —
the second run starts and finishes between the first run's read and its write — which a
scheduler on two servers can do at any time.
"""

import io
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from blog import view_counts
from blog.models import PostViewCount
from comments.mail.tasks import deliver_due_mail, queue_mail
from comments.models import Comment, OutgoingMail
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def visit(post, ip, agent=BROWSER):
    return Client().get(post.get_absolute_url(), REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def stored_views(post) -> int:
    return sum(PostViewCount.objects.filter(post=post).values_list("count", flat=True))


# Counting --------------------------------------------------------------------------------------


def test_one_network_counts_a_few_views_per_post_and_day_whatever_its_browsers(post, settings):
    settings.BLOG_VIEW_MAX_PER_NETWORK = 5
    for number in range(50):
        assert visit(post, "198.51.100.7", agent=f"{BROWSER} Leser/{number}").status_code == 200
    assert view_counts.view_totals(post)["total"] == 5
    visit(post, "198.51.100.200", agent=f"{BROWSER} Noch/1")  # the same /24
    assert view_counts.view_totals(post)["total"] == 5
    visit(post, "203.0.113.9")  # another network
    visit(post, "2001:db8:1:2::1")
    visit(post, "2001:db8:1:2::2", agent=f"{BROWSER} Zweiter")  # the same /64: counts too
    assert view_counts.view_totals(post)["total"] == 8
    other = PostFactory()
    visit(other, "198.51.100.7")  # the cap is per post
    assert view_counts.view_totals(other)["total"] == 1


def test_the_network_cap_keeps_no_address_in_the_cache(post):
    from tests.test_engagement_views import cache_dump

    visit(post, "198.51.100.77")
    dump = cache_dump()
    assert "blog:views:network:" in dump
    assert "198.51.100" not in dump


def test_a_counted_view_reaches_the_database_with_the_next_page_after_the_interval(
    post, settings, clock
):
    settings.BLOG_VIEW_FLUSH_SECONDS = 30
    visit(post, "198.51.100.1")
    clock[0] += 29
    visit(post, "198.51.101.1")
    assert stored_views(post) == 0
    clock[0] += 2
    visit(post, "198.51.100.1")  # any post page this process serves moves them, a reload too
    assert stored_views(post) == 2
    assert view_counts.view_totals(post)["total"] == 2


def test_views_counted_by_a_process_that_died_are_moved_by_the_periodic_job(post):
    visit(post, "198.51.100.1")
    visit(post, "198.51.101.1")
    from core.local_memory import VIEWS_TO_FLUSH

    VIEWS_TO_FLUSH.clear()  # the worker that counted them is gone
    call_command("flush_view_counts", verbosity=0)
    assert stored_views(post) == 2


# Two runs at once -----------------------------------------------------------------------------


def test_two_view_flushes_at_once_move_every_view_exactly_once(post, monkeypatch):
    other = PostFactory()
    for number in range(4):
        visit(post, f"198.51.{number}.1")
    for number in range(3):
        visit(other, f"198.51.{number}.1")
    decr, overlapped = cache.decr, []

    def decr_after_another_run(key, delta=1, *args, **kwargs):
        if not overlapped:  # the first run read every counter; now the second runs through
            overlapped.append(True)
            call_command("flush_view_counts", verbosity=0)
        return decr(key, delta, *args, **kwargs)

    monkeypatch.setattr(cache, "decr", decr_after_another_run)
    call_command("flush_view_counts", verbosity=0)
    assert overlapped
    assert (stored_views(post), stored_views(other)) == (4, 3)
    monkeypatch.undo()
    call_command("flush_view_counts", verbosity=0)
    assert (stored_views(post), stored_views(other)) == (4, 3)
    assert view_counts.view_totals(post)["total"] == 4


def test_views_arriving_while_a_flush_runs_stay_pending(post, monkeypatch):
    visit(post, "198.51.100.1")
    decr, arrived = cache.decr, []

    def a_view_arrives_before_the_claim(key, delta=1, *args, **kwargs):
        if not arrived:  # the flush has read the counter (1); another reader comes
            arrived.append(True)
            visit(post, "203.0.113.1")
        return decr(key, delta, *args, **kwargs)

    monkeypatch.setattr(cache, "decr", a_view_arrives_before_the_claim)
    call_command("flush_view_counts", verbosity=0)
    monkeypatch.undo()
    assert arrived
    assert stored_views(post) == 1
    assert view_counts.view_totals(post)["total"] == 2


class SlowBackend(LocmemEmailBackend):
    """The tests' mail backend, but while the first mail is sent another sweep runs."""

    sweeps_during_a_send: list = []

    def send_messages(self, messages):
        if not self.sweeps_during_a_send:
            self.sweeps_during_a_send.append("running")
            self.sweeps_during_a_send[0] = deliver_due_mail()
        return super().send_messages(messages)


def test_two_mail_sweeps_at_once_send_every_mail_exactly_once(settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    SlowBackend.sweeps_during_a_send.clear()
    for number in range(3):
        queue_mail(kind="editorial", to=f"leser{number}@example.org", subject="S", body_text="T")
    mail.outbox.clear()
    first = deliver_due_mail()
    second = SlowBackend.sweeps_during_a_send[0]
    assert first.get("sent", 0) + second.get("sent", 0) == 3
    assert second.get("sent", 0) == 2  # the one being sent was claimed, the others were due
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"leser{number}@example.org" for number in range(3)
    ]
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}


def test_two_ip_purges_at_once_erase_the_same_and_fail_on_nothing(monkeypatch):
    old = timezone.now() - timezone.timedelta(days=400)
    comments = [CommentFactory(ip_address=f"198.51.100.{n}", submitted_at=old) for n in range(3)]
    recent = CommentFactory(ip_address="203.0.113.5")
    with overlapping("UPDATE", "purge_ip_addresses") as second_run:
        call_command("purge_ip_addresses", stdout=io.StringIO())
    assert second_run == ["done"]
    for comment in comments:
        comment.refresh_from_db()
        assert comment.ip_address is None
    recent.refresh_from_db()
    assert recent.ip_address == "203.0.113.5"
    assert Comment.objects.filter(ip_address__isnull=False).count() == 1


def test_two_task_result_prunes_at_once_delete_the_old_results_once():
    from django_tasks_db.models import DBTaskResult

    from comments.mail.tasks import deliver_mail

    for _ in range(3):
        deliver_mail.enqueue(0)
    old = timezone.now() - timezone.timedelta(days=30)
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=old)
    deliver_mail.enqueue(0)  # still to run: kept
    with overlapping("DELETE", "prune_db_task_results") as second_run:
        call_command("prune_db_task_results", verbosity=0)
    assert second_run == ["done"]
    assert DBTaskResult.objects.count() == 1


@contextmanager
def overlapping(statement: str, command: str):
    """Runs ``command`` once completely while the first ``statement`` of the block's own run
    is about to execute: two runs of a job on two servers at the worst moment."""
    second_run = []

    def run_the_other_first(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(statement) and not second_run:
            second_run.append("started")
            call_command(command, verbosity=0, stdout=io.StringIO())
            second_run[0] = "done"
        return execute(sql, params, many, context)

    with connection.execute_wrapper(run_the_other_first):
        yield second_run
