"""Moderator-maintained watch list (``context.watched_words``).

Entries are (word, action) pairs with action "hold" or "reject". They are normalised with
the same function as the insult lists, so "W0rt", "W.o.r.t" and "Woooort" match "Wort".
An entry matches the whole word with German inflection endings; ``*`` extends it as in
the word lists ("*wort" also at the end of compounds, "wort*" at the start, "=wort"
requires the doubled letters). The finding carries the entry's action; an unknown action
falls back to "hold".
"""

from __future__ import annotations

from functools import lru_cache

from .base import Action, Draft, Finding, ReviewContext, Rule
from .normalize import normalized
from .terms import TermMatcher, parse_entry


@lru_cache(maxsize=16)
def _matcher(watched: tuple[tuple[str, str], ...]) -> tuple[TermMatcher, dict[str, Action]]:
    entries = []
    actions: dict[str, Action] = {}
    for word, action in watched:
        entry = parse_entry(str(word).strip())
        if entry is None:
            continue
        entries.append(entry)
        chosen = Action.REJECT if str(action).strip().lower() == "reject" else Action.HOLD
        # If a word is listed twice, the stricter action wins.
        previous = actions.get(entry.text)
        if previous is None or chosen.weight > previous.weight:
            actions[entry.text] = chosen
    return TermMatcher(entries, shared=False), actions


class WatchedWordsRule(Rule):
    code = "beobachtet"
    label = "Beobachtete Begriffe"
    # Shown when an entry rejects a comment (a held comment gets no reasons): no "we'll look".
    message = (
        "Diesen Begriff lassen wir in unseren Diskussionen nicht zu. Bitte formuliere ohne ihn"
    )

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        if not context.watched_words:
            return []
        watched = context.watched_words
        try:  # usually already a tuple of (word, action) tuples: no copy needed
            matcher, actions = _matcher(watched)
        except TypeError:  # lists inside: unhashable
            matcher, actions = _matcher(tuple(tuple(pair) for pair in watched))
        norm = normalized(draft.body)
        findings = []
        for hit in matcher.hits(norm):
            findings.append(self.finding(hit.excerpt(norm), action=actions[hit.entry.text]))
        return findings
