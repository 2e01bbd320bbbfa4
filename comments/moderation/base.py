"""The small vocabulary every moderation rule speaks."""

from dataclasses import dataclass, field
from enum import StrEnum


class Action(StrEnum):
    PUBLISH = "publish"
    HOLD = "hold"
    REJECT = "reject"

    @property
    def weight(self) -> int:
        return {"publish": 0, "hold": 1, "reject": 2}[self.value]


@dataclass(frozen=True)
class Draft:
    """What a commenter submitted, as plain strings."""

    body: str
    name: str = ""
    email: str = ""
    website: str = ""
    is_authenticated: bool = False


@dataclass(frozen=True)
class ReviewContext:
    """Everything a rule may look at besides the draft, gathered once by the form."""

    post_text: str = ""
    recent_comment_texts: tuple[str, ...] = ()
    # Moderator-maintained entries: (word, action) pairs, action being "hold" or "reject".
    watched_words: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Finding:
    """One reason a rule objects to a draft."""

    rule: str  # the rule's code, e.g. "beleidigung"
    excerpt: str = ""  # the offending part as the commenter typed it (short)
    action: Action | None = None  # overrides the policy's action for this rule (watched words)
    score: float | None = None  # for statistical rules
    # Codes of other rules of the same guideline clause whose findings on the same words were
    # folded into this one (see ``policy.review``): one statement, one message.
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    action: Action
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule that found something, folded findings included (admin filters)."""
        return tuple(dict.fromkeys(code for f in self.findings for code in (f.rule, *f.also)))


class Rule:
    """One guideline clause. Subclasses set ``code``, ``label`` and ``message``."""

    code: str = ""
    # The guideline clause the rule enforces, as the code of the rule that names it (threats
    # belong to "strafrecht", exclusion to "rassismus"); "" for a clause of its own. A
    # commenter reads one message per clause.
    clause: str = ""
    label: str = ""  # German guideline name shown to commenters and moderators
    message: str = ""  # German explanation; may contain {excerpt}
    # Used by the policy when neither the settings nor the finding name an action.
    default_action: Action = Action.HOLD

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        raise NotImplementedError

    @property
    def clause_code(self) -> str:
        return self.clause or self.code

    def finding(self, excerpt: str = "", **kwargs) -> Finding:
        return Finding(rule=self.code, excerpt=excerpt[:120], **kwargs)
