"""Comments the form refused, kept for moderators to find the rules' false positives.

When a rule rejects a comment, the form keeps the reader's text and names the guideline; the
reader may rewrite it, but nobody else sees it. Without a trace, false positives stay invisible
(a reader quoting the article's own "Asshole" is refused). So :func:`record` keeps each refused
draft – text, the rules and excerpts the reader was shown, the post (and the thread and thesis
it was meant for), the time – and nothing about who wrote it: no name, e-mail or IP address, no
account. Moderators read them in the admin and mark false positives „zu Unrecht abgewiesen“
(:func:`mark_wrongly_refused`): the labelled examples the moderation learns from
(:mod:`comments.moderation.labels`).

Rows older than ``COMMENTS_REFUSED_DRAFT_DAYS`` (14) are deleted by ``manage.py
purge_refused_drafts`` (cron) and, in passing, whenever a new draft is refused. A purge is one
``DELETE … WHERE refused_at < cutoff``: running it on several servers at once deletes each row
once and is otherwise harmless.
"""

from django.db import transaction
from django.utils import timezone

from comments.models import RefusedDraft
from comments.moderation import audit

RULES_MAX_LENGTH = 200


def record(*, post, body, decision, parent=None, thesis=None) -> RefusedDraft:
    """Keep a draft the moderation rejected (``decision``), and drop the expired ones."""
    draft = RefusedDraft.objects.create(
        post=post,
        parent=parent,
        thesis=thesis,
        body=body,
        rules=",".join(decision.rules)[:RULES_MAX_LENGTH],
        findings=[{"rule": f.rule, "excerpt": f.excerpt} for f in decision.findings],
    )
    purge()
    return draft


def purge(now=None) -> int:
    """Delete refused drafts past their retention; returns how many."""
    deleted, _ = RefusedDraft.objects.expired(now).delete()
    return deleted


def mark_wrongly_refused(drafts, actor) -> list[RefusedDraft]:
    """Mark ``drafts`` (a queryset) „zu Unrecht abgewiesen“ by ``actor``; returns the newly
    marked ones (a draft marked before keeps who marked it first)."""
    with transaction.atomic():
        marking = list(
            drafts.filter(wrongly_refused_at__isnull=True)
            .select_related("post")
            .select_for_update(of=("self",))
        )
        now = timezone.now()
        RefusedDraft.objects.filter(pk__in=[d.pk for d in marking]).update(
            wrongly_refused_at=now, wrongly_refused_by=audit.person(actor)
        )
        for draft in marking:
            draft.wrongly_refused_at, draft.wrongly_refused_by = now, audit.person(actor)
        for draft in marking:
            audit.log(
                actor,
                audit.Action.WRONGLY_REFUSED,
                draft,
                details={"rules": [code for code in draft.rules.split(",") if code]},
            )
    return marking
