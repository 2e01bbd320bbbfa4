"""What the commenter reads when the review rejects a draft: one message, the clauses that
rejected it, a short excerpt quoted once."""

from comments.moderation.base import Action, Decision, Draft, Finding, ReviewContext
from comments.moderation.policy import review
from comments.moderation.review import EXCERPT_MAX_LENGTH, rejection_message

VOLLIDIOT = "Du bist ein Vollidiot, wenn du das glaubst."


def rejected(body: str, context: ReviewContext | None = None) -> tuple[Decision, str]:
    decision = review(Draft(body), context)
    assert decision.action is Action.REJECT, decision
    return decision, rejection_message(decision, body)


def test_an_insult_is_rejected_for_the_insult_only():
    decision, message = rejected(VOLLIDIOT)
    # The statistical score also objected (it only ever holds; its finding is folded into the
    # clause's): that is no reason given here.
    assert set(decision.rules) >= {"beleidigung", "beleidigung_score"}
    assert message == (
        "Dein Kommentar verstößt gegen unsere Community-Richtlinien – Beleidigung / grob "
        "anstößig: „Vollidiot“. Bitte formuliere deine Kritik sachlich. Dein Text bleibt "
        "erhalten: Du kannst ihn unten überarbeiten und noch einmal senden."
    )
    for held_wording in ("könnte", "frei", "geprüft", "automatische", VOLLIDIOT):
        assert held_wording not in message
    assert message.count("„") == 1
    assert "(" not in message


def test_several_broken_clauses_are_named_once_each():
    _, message = rejected("Du Vollidiot, du Idiot, du Kanake!")
    assert message.count("Beleidigung / grob anstößig") == 1
    assert message.count("Rassismus / Hetze") == 1
    assert message.count("„") == 2
    assert message.count("Dein Text bleibt erhalten") == 1


def test_a_held_clause_beside_a_rejection_is_not_mentioned():
    decision, message = rejected("Du Idiot, halt die Klappe.")
    assert "respekt" in decision.rules
    assert "Beleidigung / grob anstößig: „Idiot“" in message
    assert "respektloser Umgang" not in message  # "halt die Klappe" alone is held, not rejected
    assert "Klappe" not in message


def test_a_watched_word_that_rejects_does_not_promise_a_review():
    context = ReviewContext(watched_words=(("Schwurbler", "reject"),))
    _, message = rejected("Was für ein Schwurbler.", context)
    assert "„Schwurbler“" in message
    assert "Moderation" not in message
    for review_wording in ("ansieht", "prüf", "frei"):
        assert review_wording not in message


def test_long_excerpts_are_cut_and_the_whole_comment_is_never_quoted_back():
    long = "Vollidiot " + "und so weiter " * 20
    decision = Decision(Action.REJECT, (Finding("beleidigung", long.strip()),))
    message = rejection_message(decision, "Ein anderer Text")
    quoted = message.split("„")[1].split("“")[0]
    assert len(quoted) <= EXCERPT_MAX_LENGTH
    assert quoted.startswith("Vollidiot")

    whole = Decision(Action.REJECT, (Finding("beleidigung", VOLLIDIOT),))
    assert "„" not in rejection_message(whole, VOLLIDIOT)


def test_a_rejection_without_a_rejecting_finding_still_says_what_happened():
    message = rejection_message(Decision(Action.REJECT), "Text")
    assert message.startswith("Dein Kommentar verstößt gegen unsere Community-Richtlinien.")
    assert "Dein Text bleibt erhalten" in message
