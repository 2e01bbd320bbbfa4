"""Moderation: the community guidelines as rules, and the services that enforce them.

Pure (no database, no request): one rule module per guideline clause (``insults``, ``racism``,
``criminal``, ``copyright``, ``advertising``, ``watched``, the statistical ``classifier``), the
rules that read paraphrase (``threats``, ``exclusion``, ``disrespect``, on ``phrases`` and
``paraphrase``), their shared helpers (``base``, ``normalize``, ``terms``, ``excerpt``,
``features``) and ``policy``, which turns the rules' findings into one decision (the post's own
words never reject; one finding and one message per clause). The comment form builds a
``Draft`` and a ``ReviewContext`` once and hands them to :func:`policy.review`.

Services (above the models): ``review`` (a submission meets the policy), ``spam``,
``sanctions`` (suspensions), ``reports`` (readers report comments), ``watchlist`` (watched
words, cached), ``decisions`` (moderators' status changes), ``audit`` (the log), ``moderators``
(the least-privilege group). Above them: ``views`` (reporting, the guidelines page) and the
admin (``admin``: the review queue; ``admin_records``: suspensions, watched words, the log).
"""
