import pytest

from comments.moderation.base import Action, Decision, Draft, Finding, ReviewContext, Rule
from comments.moderation.policy import (
    DEFAULT_POLICY,
    RULES,
    RULES_BY_CODE,
    action_for,
    active_rules,
    effective_policy,
    message_for,
    review,
    rule_choices,
)


def test_rules_in_guideline_order():
    assert [r.code for r in RULES] == [
        "beleidigung",
        "respekt",
        "rassismus",
        "ausgrenzung",
        "strafrecht",
        "drohung",
        "urheberrecht",
        "werbung",
        "beobachtet",
    ]
    assert all(isinstance(r, Rule) and r.label and r.message for r in RULES)
    assert set(RULES_BY_CODE) == set(DEFAULT_POLICY)


def test_clean_comment_publishes():
    decision = review(Draft("Spannender Artikel, danke!"), ReviewContext())
    assert decision == Decision(Action.PUBLISH)
    assert decision.rules == ()


def test_strictest_action_wins_and_all_findings_are_kept():
    text = "Du Vollidiot! Besuchen Sie unsere Website www.a.de www.b.de www.c.de"
    decision = review(Draft(text), ReviewContext())
    assert decision.action is Action.REJECT
    assert decision.rules == ("beleidigung", "werbung")


def test_hold_only():
    decision = review(Draft("www.a.de www.b.de www.c.de"), ReviewContext())
    assert decision.action is Action.HOLD


def test_watched_word_action_comes_from_the_finding():
    context = ReviewContext(watched_words=(("Schwurbler", "reject"), ("Produkt", "hold")))
    assert review(Draft("Ein Schwurbler"), context).action is Action.REJECT
    assert review(Draft("Ein Produkt"), context).action is Action.HOLD


def test_policy_argument_overrides_defaults():
    draft = Draft("Du Vollidiot!")
    assert review(draft, policy={"beleidigung": "hold"}).action is Action.HOLD
    # "publish" switches a rule off entirely (here both insult rules: word list and score).
    switched_off = {"beleidigung": "publish", "beleidigung_score": "publish"}
    assert review(draft, policy=switched_off) == Decision(Action.PUBLISH)


def test_settings_override(settings):
    settings.COMMENTS_MODERATION_POLICY = {"werbung": "reject"}
    assert review(Draft("www.a.de www.b.de www.c.de")).action is Action.REJECT
    assert effective_policy()["werbung"] is Action.REJECT
    assert effective_policy()["beleidigung"] is Action.REJECT


def test_invalid_policy_value_fails_loudly():
    with pytest.raises(ValueError):
        effective_policy({"werbung": "löschen"})


def test_extra_rules_from_settings(settings):
    settings.COMMENTS_MODERATION_EXTRA_RULES = ["moderation_helpers.AlwaysHoldRule"]
    assert [r.code for r in active_rules()][-1] == "testregel"
    assert ("testregel", "Testregel") in rule_choices()
    decision = review(Draft("Ein Testwort"))
    assert decision.action is Action.HOLD  # unknown codes default to hold
    assert decision.rules == ("testregel",)
    settings.COMMENTS_MODERATION_POLICY = {"testregel": "reject"}
    assert review(Draft("Ein Testwort")).action is Action.REJECT


def test_explicit_rules_argument():
    only_ads = [RULES_BY_CODE["werbung"]]
    assert review(Draft("Du Vollidiot!"), rules=only_ads) == Decision(Action.PUBLISH)


def test_rule_choices_for_admin_filters():
    choices = dict(rule_choices())
    assert choices["beleidigung"] == "Beleidigung / grob anstößig"
    assert choices["urheberrecht"] == "Urheberrecht"
    assert choices["beobachtet"] == "Beobachtete Begriffe"


def test_message_for_a_rejected_insult():
    assert message_for(Finding("beleidigung", "Vollidiot")) == (
        "Dein Kommentar verstößt gegen unsere Community-Richtlinien "
        "(Beleidigung / grob anstößig): „Vollidiot“. "
        "Bitte formuliere deine Kritik sachlich – dein Text bleibt erhalten."
    )


def test_message_for_a_held_comment():
    message = message_for(Finding("werbung", "Jetzt bestellen"))
    assert message.startswith(
        "Dein Kommentar könnte gegen unsere Community-Richtlinien verstoßen (Werbung): "
        "„Jetzt bestellen“."
    )
    assert message.endswith("sobald die Moderation ihn geprüft hat.")


def test_message_uses_the_finding_action_and_german_typography():
    message = message_for(Finding("beobachtet", "Schwurbler", action=Action.REJECT))
    assert "„Schwurbler“" in message and "–" in message
    assert '"' not in message


def test_message_without_excerpt():
    message = message_for(Finding("urheberrecht"))
    assert message.startswith("Dein Kommentar könnte gegen unsere Community-Richtlinien")
    assert "„“" not in message


def test_action_for_publish_switch_beats_finding_action():
    policy = effective_policy({"beobachtet": "publish"})
    assert action_for(Finding("beobachtet", "x", action=Action.REJECT), policy) is Action.PUBLISH


# --- one statement, one finding per clause ---------------------------------------------------


def test_a_threat_found_by_two_rules_is_one_finding_and_one_message():
    from comments.moderation.review import rejection_message

    decision = review(Draft("Ich bring dich um!"), ReviewContext())
    assert decision.action is Action.REJECT
    assert len(decision.findings) == 1
    (finding,) = decision.findings
    assert (finding.rule, finding.also) == ("strafrecht", ("drohung",))
    # Moderators still filter by both rules.
    assert decision.rules == ("strafrecht", "drohung")
    message = rejection_message(decision, "Ich bring dich um!")
    assert message.count("Strafrechtlich relevant") == 1  # the guideline clause, once


def test_findings_of_one_clause_on_different_words_stay_apart_but_read_as_one_message():
    from comments.moderation.review import rejection_message

    text = "Ich bring dich um. Wenn ich den Autor treffe, schlage ich ihn zusammen."
    decision = review(Draft(text), ReviewContext())
    assert len(decision.findings) >= 2
    assert rejection_message(decision, text).count("Strafrechtlich relevant") == 1


def test_findings_of_different_clauses_are_not_folded():
    decision = review(Draft("Du Vollidiot, ich bring dich um!"), ReviewContext())
    assert {f.rule for f in decision.findings} == {"beleidigung", "strafrecht"}


def test_folding_keeps_the_strictest_finding():
    # A quoted call is held by both rules; a call of the commenter's own is rejected.
    quoted = review(Draft("Sätze wie „Man sollte euch alle erschießen“ melden wir."))
    assert quoted.action is Action.HOLD and len(quoted.findings) == 1
    own = review(Draft("Man sollte euch alle erschießen."))
    assert own.action is Action.REJECT and len(own.findings) == 1


# --- the post's own words never reject -------------------------------------------------------

POST = "Cosby fragte: „But what, if you are an asshole?“ Social Media ist das Kokain der Branche."


@pytest.mark.parametrize(
    "text",
    [
        "Das Asshole-Zitat von Cosby ist genial.",
        "Ich musste bei dem Asshole-Beispiel laut lachen.",
        "Der Cosby-Witz mit dem asshole funktioniert im Original besser.",
    ],
)
def test_quoting_a_word_of_the_post_publishes(text):
    assert review(Draft(text), ReviewContext(post_text=POST)).action is Action.PUBLISH
    # Without the post, the same word is an insult.
    assert review(Draft(text), ReviewContext()).action is Action.REJECT


def test_a_word_of_the_post_aimed_at_someone_is_held_not_rejected():
    decision = review(Draft("Du Asshole!"), ReviewContext(post_text=POST))
    assert decision.action is Action.HOLD
    assert review(Draft("Du Asshole!"), ReviewContext()).action is Action.REJECT


def test_any_rule_that_would_reject_the_posts_own_words_holds():
    # Structural, whatever rule finds the words: a watched word set to reject by a moderator
    # that the post itself uses is held.
    post = "Der Autor nennt das Konkurrenzprodukt beim Namen."
    context = ReviewContext(post_text=post, watched_words=(("Konkurrenzprodukt", "reject"),))
    assert review(Draft("Ein Konkurrenzprodukt eben."), context).action is Action.HOLD
    other = ReviewContext(post_text="Ein anderer Text.", watched_words=context.watched_words)
    assert review(Draft("Ein Konkurrenzprodukt eben."), other).action is Action.REJECT


def test_own_words_beside_the_posts_still_reject():
    text = "Asshole-Zitat hin oder her: Du Vollidiot!"
    decision = review(Draft(text), ReviewContext(post_text=POST))
    assert decision.action is Action.REJECT
