"""Runs every rule and turns findings into one decision.

The comment form calls :func:`review` with a :class:`~.base.Draft` and a
:class:`~.base.ReviewContext` and shows :func:`message_for` for each finding.

Settings (defaults in :mod:`comments.conf`; without configured Django settings the defaults
apply):

``COMMENTS_MODERATION_POLICY``
    dict rule code → "publish" / "hold" / "reject", merged over :data:`DEFAULT_POLICY`.
    "publish" switches a rule off.
``COMMENTS_MODERATION_EXTRA_RULES``
    list of dotted paths to :class:`~.base.Rule` subclasses, instantiated without
    arguments and run after :data:`RULES` (e.g. the statistical classifier).

Action of a finding: "publish" in the policy disables the rule; otherwise the finding's
own ``action`` (watched words) wins, then the policy entry, then the rule class's
``default_action``. The decision is the strictest action of all findings.

Two structural rules apply to every finding, whatever rule made it:

* **The post's own words never reject.** A finding that would reject, and whose excerpt
  is words the post itself shows (``context.post_text``: a reader quoting the article's
  "Asshole"), is held instead: a moderator sees the quote in its context.
* **One statement, one finding per clause.** Rules of one guideline clause (``Rule.clause``:
  the threat rule belongs to "strafrecht", the exclusion rule to "rassismus", the score to
  "beleidigung") often find the same words; findings of one clause that share a word are
  folded into the strictest of them, which names the others in ``Finding.also``. The
  commenter reads one message per clause (:func:`clause_of`), moderators still filter by
  every rule that fired (``Decision.rules``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import import_module

from comments.conf import comments_settings

from .advertising import AdvertisingRule
from .base import Action, Decision, Draft, Finding, ReviewContext, Rule
from .copyright import CopyrightRule
from .criminal import CriminalRule
from .disrespect import DisrespectRule
from .exclusion import ExclusionRule
from .insults import InsultRule
from .normalize import normalize_text, normalized_context
from .racism import RacismRule
from .threats import ThreatRule
from .watched import WatchedWordsRule

RULES: tuple[Rule, ...] = (
    InsultRule(),
    DisrespectRule(),
    RacismRule(),
    ExclusionRule(),
    CriminalRule(),
    ThreatRule(),
    CopyrightRule(),
    AdvertisingRule(),
    WatchedWordsRule(),
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

DEFAULT_POLICY: dict[str, str] = {
    "beleidigung": "reject",
    "respekt": "hold",  # personal attacks without an insult: a moderator judges
    "rassismus": "reject",
    "ausgrenzung": "reject",  # collective blame and formulas alone are held (see the rule)
    "strafrecht": "reject",
    "drohung": "reject",  # held instead where the finding says so (quotes, subjunctive)
    "urheberrecht": "hold",
    "werbung": "hold",
    "beobachtet": "hold",  # the watched entry's own action decides (see module docstring)
}

GUIDELINES_NAME = "Community-Richtlinien"


def _import_rule(path: str) -> Rule:
    module_name, _, attr = path.rpartition(".")
    cls = getattr(import_module(module_name), attr)
    return cls() if isinstance(cls, type) else cls


@lru_cache(maxsize=8)
def _extra_rules(paths: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(_import_rule(path) for path in paths)


def active_rules() -> tuple[Rule, ...]:
    """:data:`RULES` plus the rules named in ``COMMENTS_MODERATION_EXTRA_RULES``."""
    paths = comments_settings.COMMENTS_MODERATION_EXTRA_RULES or ()
    if not paths:
        return RULES
    return RULES + _extra_rules(tuple(paths))


def rule_for(code: str) -> Rule | None:
    if code in RULES_BY_CODE:
        return RULES_BY_CODE[code]
    for rule in active_rules():
        if rule.code == code:
            return rule
    return None


def clause_of(code: str) -> str:
    """The code of the guideline clause a rule code belongs to (itself for most rules)."""
    rule = rule_for(code)
    return (getattr(rule, "clause", "") or code) if rule is not None else code


def rule_choices() -> list[tuple[str, str]]:
    """(code, label) pairs of all active rules, for admin filters and choice fields."""
    return [(rule.code, rule.label) for rule in active_rules()]


def effective_policy(policy: dict[str, str] | None = None) -> dict[str, Action]:
    """:data:`DEFAULT_POLICY` ← ``COMMENTS_MODERATION_POLICY`` ← ``policy``.

    Raises ``ValueError`` for an action other than publish/hold/reject.
    """
    configured = comments_settings.COMMENTS_MODERATION_POLICY or {}
    key = (tuple(configured.items()), tuple((policy or {}).items()))
    return dict(_merged_policy(key))


@lru_cache(maxsize=32)
def _merged_policy(key) -> tuple[tuple[str, Action], ...]:
    merged = dict(DEFAULT_POLICY)
    for overrides in key:
        merged.update(overrides)
    return tuple((code, Action(str(value).lower())) for code, value in merged.items())


def action_for(finding: Finding, policy: dict[str, Action] | None = None) -> Action:
    """The action one finding leads to under ``policy`` (an :func:`effective_policy`)."""
    policy = effective_policy() if policy is None else policy
    configured = policy.get(finding.rule)
    if configured is Action.PUBLISH:
        return Action.PUBLISH
    if finding.action is not None:
        return Action(finding.action)
    if configured is not None:
        return configured
    rule = rule_for(finding.rule)
    return Action(getattr(rule, "default_action", Action.HOLD))


def review(
    draft: Draft,
    context: ReviewContext | None = None,
    rules=None,
    policy: dict[str, str] | None = None,
) -> Decision:
    """Run every rule on ``draft`` and return the strictest action plus all findings.

    ``rules`` replaces the active rules (tests, previews); ``policy`` is merged over the
    default policy and the settings.
    """
    context = ReviewContext() if context is None else context
    actions = effective_policy(policy)
    findings: list[Finding] = []
    for rule in active_rules() if rules is None else rules:
        if actions.get(rule.code) is Action.PUBLISH:
            continue  # switched off
        findings.extend(rule.check(draft, context))
    if not findings:
        return Decision(Action.PUBLISH)
    if context.post_text:
        findings = [_spare_the_post(f, actions, context.post_text) for f in findings]
    findings = _folded(findings, actions)
    strictest = max((action_for(f, actions) for f in findings), key=lambda a: a.weight)
    return Decision(strictest, tuple(findings))


# Words shorter than this do not make two excerpts the same statement ("ich", "die").
_FOLD_MIN_LETTERS = 4


def _spare_the_post(finding: Finding, actions: dict[str, Action], post_text: str) -> Finding:
    """``finding`` held instead of rejected if its excerpt is words the post itself shows."""
    if not finding.excerpt or action_for(finding, actions) is not Action.REJECT:
        return finding
    words = _normalized_excerpt(finding.excerpt)
    if not words or f" {words} " not in normalized_context(post_text).collapsed:
        return finding
    return replace(finding, action=Action.HOLD)


# A hostile comment has a finding per word ("dep dep dep …"), most with the same excerpt.
_normalized_excerpt = lru_cache(maxsize=1024)(normalize_text)


@lru_cache(maxsize=1024)
def _content_words(excerpt: str) -> tuple[str, ...]:
    words = _normalized_excerpt(excerpt).split()
    return tuple(dict.fromkeys(w for w in words if len(w) >= _FOLD_MIN_LETTERS))


def _folded(findings: list[Finding], actions: dict[str, Action]) -> list[Finding]:
    """Findings of one clause that share a word, folded into the strictest of them (the
    first on a tie: rules run in guideline order, the clause's own rule first).

    Each word of a kept finding is indexed by clause, so the work grows with the number of
    findings, not with its square (a hostile comment may have thousands).
    """
    kept: list[Finding] = []
    index: dict[tuple[str, str], int] = {}
    clauses: dict[str, str] = {}
    for finding in findings:
        clause = clauses.get(finding.rule)
        if clause is None:
            clause = clauses[finding.rule] = clause_of(finding.rule)
        words = _content_words(finding.excerpt)
        i = next((index[(clause, w)] for w in words if (clause, w) in index), None)
        if i is None:
            i = len(kept)
            kept.append(finding)
        else:
            other = kept[i]
            stronger, weaker = other, finding
            if action_for(finding, actions).weight > action_for(other, actions).weight:
                stronger, weaker = finding, other
            codes = (*stronger.also, weaker.rule, *weaker.also)
            also = tuple(c for c in dict.fromkeys(codes) if c != stronger.rule)
            kept[i] = replace(stronger, also=also) if also != stronger.also else stronger
        for word in words:
            index.setdefault((clause, word), i)
    return kept


_CLOSING = {
    Action.REJECT: " – dein Text bleibt erhalten.",
    Action.HOLD: ". Wir schalten ihn frei, sobald die Moderation ihn geprüft hat.",
    Action.PUBLISH: ".",
}


def message_for(finding: Finding, action: Action | str | None = None) -> str:
    """The German sentence shown to the commenter for ``finding``.

    >>> message_for(Finding("beleidigung", "Vollidiot"))
    'Dein Kommentar verstößt gegen unsere Community-Richtlinien (Beleidigung / grob anstößig): „Vollidiot“. Bitte formuliere deine Kritik sachlich – dein Text bleibt erhalten.'
    """  # noqa: E501
    action = action_for(finding) if action is None else Action(action)
    rule = rule_for(finding.rule)
    # The commenter reads the guideline clause; the rule's own advice follows.
    clause = rule_for(clause_of(finding.rule)) or rule
    label = clause.label if clause is not None and clause.label else finding.rule
    excerpt = " ".join(finding.excerpt.split())
    advice = (rule.message if rule is not None else "").format(excerpt=excerpt).rstrip(" .")
    if action is Action.HOLD:
        lead = f"Dein Kommentar könnte gegen unsere {GUIDELINES_NAME} verstoßen ({label})"
    else:
        lead = f"Dein Kommentar verstößt gegen unsere {GUIDELINES_NAME} ({label})"
    quoted = f": „{excerpt}“." if excerpt else "."
    if not advice:
        return lead + quoted
    return f"{lead}{quoted} {advice}{_CLOSING[action]}"
