"""Moderation: one rule per community-guideline clause, and the policy that decides.

Rules never touch the database or the request: the comment form builds a ``Draft`` and a
``ReviewContext`` once and hands them to :func:`comments.moderation.policy.review`.
"""
