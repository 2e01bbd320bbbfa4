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
