"""Precision per rule: the moderators' decisions on each rule's holds over the last 30 days,
and its rejections marked „zu Unrecht abgewiesen“, shown in the admin."""

from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, ModerationLogEntry, RefusedDraft, WatchedWord
from comments.moderation import audit, decisions, precision
from tests.factories import CommentFactory, comment_form_data
from tests.moderation_admin_support import run_action

pytestmark = pytest.mark.django_db

PAGE = "/admin/comments/comment/regeln/"
INSULT = "Wer so etwas schreibt, ist ein Vollidiot."
_guests = count(1)


def submit(post, body):
    """``body`` through the comment form, as a new guest from a new address."""
    n = next(_guests)
    data = comment_form_data(
        body=body, author_name=f"Gast {n}", author_email=f"gast{n}@gaeste.gegenverkehr.invalid"
    )
    return Client().post(
        f"{post.get_absolute_url()}kommentare/", data, REMOTE_ADDR=f"198.51.100.{n % 250 + 1}"
    )


def held(post, body) -> Comment:
    assert submit(post, body).status_code == 302
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.PENDING
    return comment


def ads(post, n):
    return [held(post, f"Jetzt bestellen mit Gutschein! Angebot Nummer {i}.") for i in range(n)]


def rows_by_code(response):
    return {row["code"]: row["figures"] for row in response.context["rows"]}


@pytest.fixture
def watched(db):
    WatchedWord.objects.create(word="Wettbewerber", action="hold")


def test_holds_decided_in_the_admin_counted_per_rule(mod_client, post, watched, settings):
    settings.COMMENTS_RULE_PRECISION_MIN_DECISIONS = 3
    ad_1, ad_2, ad_3 = ads(post, 3)
    assert ad_1.flagged_rules == "werbung"
    rival_1 = held(post, "Der Wettbewerber macht das besser.")
    rival_2 = held(post, "Beim Wettbewerber war der Support schneller.")
    assert rival_1.flagged_rules == "beobachtet"
    run_action(mod_client, "approve", [ad_1, ad_2, rival_1])
    run_action(mod_client, "remove", [ad_3], apply="1", clause="werbung")
    run_action(mod_client, "reject", [rival_2])
    # Not holds: a published comment removed later, whatever it had been flagged for.
    online = CommentFactory(post=post, flagged_rules="werbung", body="Gute Preise hier.")
    run_action(mod_client, "remove", [online], apply="1", clause="werbung")
    # A refused draft marked as wrongly refused: the rejecting rules' false positive.
    assert submit(post, INSULT).status_code == 200
    draft = RefusedDraft.objects.get()
    mod_client.post(
        "/admin/comments/refuseddraft/",
        {"action": "mark_wrongly_refused", "_selected_action": [draft.pk]},
    )

    response = mod_client.get(PAGE)
    assert response.status_code == 200
    figures = rows_by_code(response)
    ad = figures["werbung"]
    assert (ad.decided, ad.approved, ad.confirmed) == (3, 2, 1)
    assert ad.precision == pytest.approx(1 / 3)
    assert ad.often_overturned
    rival = figures["beobachtet"]
    assert (rival.decided, rival.approved, rival.confirmed, rival.precision) == (2, 1, 1, 0.5)
    assert not rival.often_overturned  # too few decisions to say
    assert figures["beleidigung"].wrongly_refused == 1
    assert figures["beleidigung"].decided == 0
    assert figures["respekt"].decided == 0  # every rule is listed, with or without decisions
    # Often overturned rules first; the page says so.
    assert response.context["rows"][0]["code"] == "werbung"
    html = response.content.decode()
    werbung_row = html.split('id="regel-werbung"')[1].split("</tr>")[0]
    assert werbung_row.startswith(' class="often-overturned">')
    assert "33 %" in werbung_row and "Oft überstimmt" in werbung_row
    assert "?regel=werbung" in werbung_row
    insult_row = html.split('id="regel-beleidigung"')[1].split("</tr>")[0]
    assert "?regel=beleidigung&amp;zu_unrecht=ja" in insult_row

    # At a glance: the admin's start page names the rule.
    index = mod_client.get("/admin/").content.decode()
    summary = index.split('id="rule-precision-summary"')[1].split("</p>")[0]
    assert "Oft überstimmt:" in summary
    assert "Werbung" in summary and "2 von 3 freigeschaltet" in summary
    assert PAGE in summary


def test_only_the_last_days_and_the_latest_decision_count(mod_client, post, settings):
    first, second = ads(post, 2)
    run_action(mod_client, "approve", [first])
    ModerationLogEntry.objects.filter(target_id=str(first.pk)).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    run_action(mod_client, "approve", [second])
    run_action(mod_client, "reject", [second])  # online, then taken down: no verdict on a hold
    figures = precision.per_rule()["werbung"]
    assert (figures.approved, figures.confirmed) == (1, 0)
    # Published again, hidden after reports, then rejected while waiting: the moderators'
    # last word on the waiting comment counts.
    run_action(mod_client, "approve", [second])
    decisions.change_status([second], Comment.Status.PENDING, action=audit.Action.HIDE_REPORTED)
    run_action(mod_client, "reject", [second])
    figures = precision.per_rule()["werbung"]
    assert (figures.approved, figures.confirmed) == (0, 1)
    settings.COMMENTS_RULE_PRECISION_DAYS = 40
    figures = precision.per_rule()["werbung"]
    assert (figures.approved, figures.confirmed) == (1, 1)


def test_automatic_decisions_are_not_moderators_verdicts(post):
    (ad,) = ads(post, 1)
    decisions.change_status([ad], Comment.Status.REJECTED)  # no actor
    assert precision.per_rule() == {}


def test_only_moderators_see_the_page(client, post, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_queries_do_not_grow_with_decisions(mod_client, post, watched):
    run_action(mod_client, "approve", ads(post, 2))
    mod_client.get(PAGE)  # warm up (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        assert mod_client.get(PAGE).status_code == 200
    run_action(mod_client, "reject", ads(post, 6))
    run_action(mod_client, "approve", [held(post, "Der Wettbewerber ist günstiger.")])
    with CaptureQueriesContext(connection) as many:
        response = mod_client.get(PAGE)
    assert rows_by_code(response)["werbung"].decided == 8
    assert len(many) == len(few)
    mod_client.get("/admin/")  # warm up
    with CaptureQueriesContext(connection) as index:
        mod_client.get("/admin/")
    run_action(mod_client, "reject", ads(post, 3))
    with CaptureQueriesContext(connection) as index_later:
        mod_client.get("/admin/")
    assert len(index_later) == len(index), [q["sql"] for q in index_later]
