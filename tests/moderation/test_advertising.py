import pytest
from moderation_helpers import SEED_COMMENTS

from comments.moderation.advertising import AdvertisingRule, find_emails, find_links
from comments.moderation.base import Draft, ReviewContext

RULE = AdvertisingRule()


def flagged(text: str, website: str = "") -> bool:
    return bool(RULE.check(Draft(text, website=website), ReviewContext()))


@pytest.mark.parametrize(
    "text",
    [
        "www.a.de www.b.de www.c.de",  # three links
        "Mehr dazu: https://a.example.com, https://b.example.com und https://c.example.com",
        "https://www.social-media-profis.example.com",  # link only
        "Guckst du hier: www.example.de",  # nearly link only
        "Jetzt bestellen und 30 % Rabatt sichern – nur heute!",
        "Gratis testen: Unser Tool für nur 49 € im Monat! Rufen Sie uns an: 0800 1234567.",
        "Besuchen Sie unsere Website und sichern Sie sich einen Gutschein!",
        "Follower kaufen, Likes kaufen, jetzt zugreifen!",
        "Klicken Sie hier für einen Rabattcode: deals.example.de",
        "Buy now, limited offer, best price!",
        "J3tzt b3st3ll3n und R.a.b.a.t.t sichern!",  # evasion
        "GUTSCHEIN!!! NUR HEUTE!!!",
    ],
)
def test_advertising(text):
    assert flagged(text), text


def test_own_website_promoted_in_the_body():
    text = (
        "Wir bieten genau das an, mehr unter mustermann-consulting.de – kostenloses Erstgespräch!"
    )
    assert flagged(text, website="https://www.mustermann-consulting.de/")
    # Without the promotional phrase, naming one's own site once is fine.
    assert not flagged(
        "Ich habe das mal auf mustermann-consulting.de aufgeschrieben.",
        website="https://www.mustermann-consulting.de/",
    )


@pytest.mark.parametrize(
    "text",
    [
        SEED_COMMENTS["christian_buggisch"],
        "Wir nutzen Hootsuite und Brandwatch, beides hat Stärken und Schwächen.",
        "Den Artikel gibt es auch auf t3n.de, die Kommentare dort sind lesenswert.",
        "XING, LinkedIn und Facebook sind für uns die wichtigsten Kanäle.",
        "Das Tool kostet 49 € im Monat, für uns lohnt sich das nicht.",
        "Unser Budget lag bei 10.000 Euro, der Rabatt der Agentur war ein Witz.",
        "Wer eine Studie sucht: www.bitkom.org hat gute Zahlen dazu.",
        "Kontakt über die Pressestelle, Tel. 02151 970785, hat bei mir nie geklappt.",
        "Dr. Kerstin Hoffmann hat dazu ein E-Book geschrieben, das ich empfehlen kann.",
    ],
)
def test_products_companies_and_sites_named_in_context(text):
    assert not flagged(text), text


def test_link_and_email_extraction():
    text = "siehe (http://www.facebook.com/dateveg), www.x.de. mail: a.b@firma.de oder c(at)d.de"
    assert find_links(text) == ["http://www.facebook.com/dateveg", "www.x.de"]
    assert find_emails(text) == ["a.b@firma.de", "c(at)d.de"]


def test_finding_carries_the_score():
    (finding,) = RULE.check(Draft("Jetzt bestellen mit Gutschein!"), ReviewContext())
    assert finding.score >= RULE.threshold
    assert finding.excerpt == "Jetzt bestellen"
