"""The review loop the rules for paraphrase share (threats, exclusion, disrespect).

Each such rule says which words make a sentence worth reading (its ``scope`` of one comment,
with ``triggers``) and what it finds in such a sentence (``find``: weak or not, the core of
the statement, the excerpt to show). :class:`ParaphraseRule` does the rest the same way for
all of them: only the sentences with a trigger word are split and read, a statement found
only inside quotation marks is reported speech (held for a moderator, or dropped where the
rule never speaks for the commenter's quotes), and at most ``MAX_FINDINGS`` are reported.
"""

from __future__ import annotations

from .base import Action, Draft, Finding, ReviewContext, Rule
from .excerpt import raw_excerpt
from .normalize import Normalized, normalized
from .phrases import (
    MAX_FINDINGS,
    Sentence,
    containing,
    has_quotes,
    sentences_outside_quotes,
    sentences_with,
    vocabulary,
)

# What ``find`` returns per statement: (weak, core, excerpt). A weak statement is held
# whatever the policy says for the rule; the core identifies the statement across the
# comment with and without its quotations.
Statement = tuple[bool, str, str]


class ParaphraseRule(Rule):
    # A statement found only inside quotation marks: held (True) or not reported (False).
    hold_quoted = True

    def scope(self, vocabulary: frozenset[str]):
        """What the comment with these distinct keys contains of the rule's word lists; it
        has ``triggers``, the words of which a sentence needs one to be read."""
        raise NotImplementedError

    def find(self, sentence: Sentence, scope) -> list[Statement]:
        raise NotImplementedError

    def find_elsewhere(self, norm: Normalized, words: frozenset[str]) -> list[str]:
        """Excerpts found outside the sentence loop (none by default)."""
        return []

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        norm = normalized(draft.body)
        words = vocabulary(norm)
        scope = self.scope(words)
        triggers = scope.triggers
        found = [item for s in sentences_with(norm, triggers) for item in self.find(s, scope)]
        if found and has_quotes(norm):
            outside = {
                core
                for s in containing(sentences_outside_quotes(norm), triggers)
                for _, core, _ in self.find(s, scope)
            }
            found = [
                (weak or core not in outside, core, excerpt)
                for weak, core, excerpt in found
                if self.hold_quoted or core in outside
            ]
        findings = []
        for weak, _, excerpt in list(dict.fromkeys(found))[:MAX_FINDINGS]:
            typed = raw_excerpt(norm.raw, excerpt, whole_word=True)
            findings.append(self.finding(typed, action=Action.HOLD if weak else None))
        shown = {f.excerpt for f in findings}
        elsewhere = [e for e in self.find_elsewhere(norm, words) if e not in shown]
        findings += [self.finding(e) for e in dict.fromkeys(elsewhere)]
        return findings[:MAX_FINDINGS]
