"""What the commenter reads when the review rejects a draft."""

from comments.moderation.base import Draft
from comments.moderation.policy import review
from comments.moderation.review import rejection_messages


def test_rejection_messages_one_per_rule():
    decision = review(Draft("Idiot, Trottel, www.a.de www.b.de www.c.de"))
    messages = rejection_messages(decision)
    assert len(messages) == 2
    assert all(m.startswith("Dein Kommentar") for m in messages)
