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


def points(text: str, website: str = "") -> dict:
    return RULE.signals(Draft(text, website=website))[0]


@pytest.mark.parametrize(
    "text",
    [
        "Hier der Link zur Studie der Universität Hohenheim: https://www.uni-hohenheim.de/pm",
        "Destatis hat Zahlen dazu: https://www.destatis.de/DE/Themen/_inhalt.html",
        "https://www.bfdi.bund.de",  # a bare link, but to a public body
        "Die EU-Kommission dazu: https://commission.europa.eu/strategy",
        "Statista: https://de.statista.com/statistik/daten/studie/",
        "Wikipedia erklärt das gut: https://de.wikipedia.org/wiki/Cluetrain-Manifest",
    ],
)
def test_a_link_to_a_study_or_a_public_body_is_not_suspicious(text):
    assert not flagged(text), text
    assert sum(points(text).values()) == 0, points(text)


@pytest.mark.parametrize(
    "text",
    [
        # an agency's landing page with a call to action
        "Wir von der B2B-Agentur Klartext helfen gern. Jetzt Erstgespräch buchen: "
        "https://klartext-b2b.example/termin",
        "Spannend! Die Checkliste dazu können Sie hier kostenlos herunterladen: "
        "https://www.growth.example/checkliste",
        "Als Agentur können wir das bestätigen. Mehr dazu: www.cocreation-agentur.example",
        # a coupon code, alone
        "Mit dem Code LESER20 gibt es das Buch günstiger.",
        # a price with a call to action
        "Unser Profil-Check kostet nur 49 Euro. Jetzt bestellen!",
        # a phone number with "rufen Sie an"
        "Rufen Sie uns einfach an unter 0211 / 987 654 32.",
        # two links and "Whitepaper gratis"
        "Whitepaper gratis: www.agentur-x.example/whitepaper und www.agentur-x.example/studie",
        "Teste jetzt MetricMate 14 Tage kostenlos: www.metricmate.example/trial",
        "Buchen Sie jetzt unser Analysepaket und sparen Sie!",
    ],
)
def test_commercial_calls_with_links_prices_codes_and_phones_are_held(text):
    assert flagged(text), (text, points(text))


@pytest.mark.parametrize(
    "text",
    [
        "Monitoring-Werkzeuge gibt es inzwischen auch kostenlos.",
        "Unsere App hat 10.000 Nutzer, die meisten kommen über LinkedIn.",
        "Ich habe auf meinem Blog darüber geschrieben, ohne Link, versprochen.",
        "Die Studie steht bei Bitkom zum Download: https://www.bitkom.org/Presse",
        "Telekom hilft war das Paradebeispiel. Rufen Sie da mal an, die sind gut.",
        "Der Workshop kostete 490 Euro, hat sich aber gelohnt.",
        "Wir haben mit einer Agentur zusammengearbeitet, das war teuer.",
    ],
)
def test_single_signals_in_ordinary_comments_publish(text):
    assert not flagged(text), (text, points(text))


def test_weights_and_threshold_come_from_the_settings(settings):
    text = "Mit dem Code LESER20 gibt es das Buch günstiger."
    assert points(text) == {"coupon": 4}
    settings.COMMENTS_ADVERTISING_WEIGHTS = {"coupon": 2}  # merged over the defaults
    assert points(text) == {"coupon": 2}
    assert not flagged(text)
    assert points("Jetzt bestellen!") == {"call_to_action": 3}
    settings.COMMENTS_ADVERTISING_THRESHOLD = 2
    assert flagged(text)


def test_the_finding_shows_the_strongest_signal_and_keeps_the_score():
    text = "Unser Tool gibt es für 19,90 €/Monat. Jetzt kostenlos testen!"
    (finding,) = RULE.check(Draft(text), ReviewContext())
    assert finding.excerpt == "Jetzt kostenlos testen"
    assert finding.score == 2 + 3 + 1 + 1
