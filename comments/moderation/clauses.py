"""The guideline clauses a moderator names when taking a comment down.

One clause per guideline rule of the moderation (:data:`comments.moderation.policy.RULES`, whose
labels readers already meet in the form's messages), without the watched words (a moderators'
tool, not a guideline), plus :data:`OTHER` for anything the rules don't name (the moderator's
note says what). The chosen code is stored on the comment (``removal_clause``), named by its
placeholder, and recorded in the audit entry of the decision.
"""

from django.utils.translation import gettext_lazy as _

from comments.moderation import policy
from comments.moderation.watched import WatchedWordsRule

OTHER = "sonstiges"
OTHER_LABEL = _("Anderer Grund (bitte in der Notiz nennen)")


def removal_choices() -> list[tuple[str, str]]:
    """(code, label) of every clause a removal can name, in the guidelines' order."""
    clauses = [
        (rule.code, rule.label) for rule in policy.RULES if rule.code != WatchedWordsRule.code
    ]
    return [*clauses, (OTHER, OTHER_LABEL)]


def clause_label(code: str) -> str:
    """The clause's label for readers; "" for :data:`OTHER`, an empty or an unknown code."""
    if not code or code == OTHER:
        return ""
    rule = policy.RULES_BY_CODE.get(code)
    return rule.label if rule is not None and code != WatchedWordsRule.code else ""
