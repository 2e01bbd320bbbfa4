"""Shared test data: the seed comments, the seed article and the two corpora.

``SEED_COMMENTS`` are the original reader comments of the seed posts, copied verbatim
from the seed sources 001 and 003 (``comments/fixtures/seed_comments.json``); they must all
publish. ``seed_article.txt`` is the article part of source 003 (up to "4 Kommentare").
"""

from pathlib import Path

SEED_COMMENTS = {
    "dank": ("Vielen Dank für diesen großartigen Text. Sie sprechen mir aus der Seele."),
    "indianer3c": ("Gibt es Erfahrungen im b2b-Bereich? Oder ist Social Media Consumer-lastig?"),
    "mirko_lange": (
        "@Indianer3c Ja klar gibt es Erfahrungen im b2b Bereich. Die Antwort auf die "
        "(nicht gestellte) Frage ist: Ja, auch für B2B-Unternehmen bietet das „Social "
        "Web“ Möglichkeiten. Also zumindest dann, wenn an den Geschäftstätigkeiten "
        "Menschen beteiligt sind ;-)\n"
        "\n"
        "Scherz beiseite. Man muss einfach festhalten, dass im Social Web vor allem "
        "auch *Menschen* unterwegs sind. Und viele dieser Menschen – auch wenn sie "
        "zunächst vielleicht nur „privat“ im Social Web unterwegs waren – haben auch "
        "persönliche Interessen an den Themen ihres Berufes. Und schon fangen sie an "
        "Antworten zu suchen, suchen den Kontakt zu Fachleuten, fangen an zu "
        "dirskutieren, wollen sich vielleicht selbst als Spezialisten outen usw. Ja, "
        "das sind weniger als in einem Consumer-Unternehmem. Aber das macht ja "
        "nichts.\n"
        "\n"
        "Man denke an das Bild der Fachkonferenz oder einer Fachmesse. Da sind "
        "sicherlich (deutlich) weniger Menschen als auf der IFA oder der CeBIT. "
        "Trotzdem macht die Fachmesse Sinn, weil Sie sich dort mit genau DEN Menschen "
        "austauschen können, die für sie wichtig sind. Aus meiner Sicht ist das für "
        "B2B-Unternehmemn sogar noch viel einfacher, grade WEIL sie weniger Menschen "
        "ansprechen müssen. Kommunikation (auch im Social Web) muss langfristig immer "
        "AUCH dazu beitragen, mehr Geschäft zu machen. Und damit sich das für ein "
        "Consumer-Unternehmen lohnt, muss es oft Hunderttausende im Jahr ansprechen. "
        "Für ein B2B- oder vielleicht sogar ein Investitionsgüter-Unternehmen reicht "
        "unter Umständen einer. Nämlich der eine richtige, mit dem man dann den "
        "Millionenabschluss macht."
    ),
    "christian_buggisch": (
        "Völlig richtig …! Social Media „funktioniert“ auch im B2B-Bereich, weil auch "
        "B2B-Märkte Gespräche sind. Gerade für B2B-Unternehmen, die vielleicht "
        "gelegentlich technokratisch oder rein Zahlen-/Daten-/Fakten-orientiert "
        "daherkommen, bietet sich die Möglichkeit, auf Social Media persönlich und "
        "authentisch in Gespräche mit Kunden und Interessenten einzusteigen. Und dieses "
        "Gesprächsangebot wird auch von B2B-Kunden gerne angenommen. Das geht so weit, "
        "dass inzwischen fast 2.000 Menschen Nachrichten zum Beispiel von DATEV "
        "(http://www.facebook.com/dateveg) in ihrer Facebook-Timeline lesen und auf "
        "dieser Plattform mit DATEV ins Gespräch kommen wollen, obwohl doch Facebook "
        "eher in die Kategorie „privates Umfeld“ gehört (wobei das, finde ich, ohnehin "
        "eine spannende Frage ist: ob diese vermeintliche Trennung privat vs. "
        "beruflich, die sich ja auch in Plattformen wie Facebook vs. XING manifestiert, "
        "noch lange haltbar ist)."
    ),
    "bernhard_scheer": (
        "Kann Ihren Ausführungen nur zustimmen und freue mich, dass neben aller Social "
        "Media Euphorie auch einmal die Businessrelevanz in den Vordergrund gerückt "
        "wird.\n"
        "\n"
        "Erst dann, wenn Ziele klar definiert sind und eine erwartete Wertschöpfung, "
        "mit einer plausiblen Prognose beziffert/beschrieben ist, werden auch Budgets "
        "und Ressourcen verfügbar sein. Auch im Social Media Zeitalter „counts the "
        "bottom line“.\n"
        "\n"
        "Bernhard Scheer"
    ),
}

HERE = Path(__file__).resolve().parent
ARTICLE = (HERE / "seed_article.txt").read_text(encoding="utf-8")
WATCHED = (("Schwurbler", "reject"), ("Konkurrenzprodukt", "hold"))


def acceptable_corpus() -> list[str]:
    """Blocks of ``corpus_acceptable.txt`` (blank-line separated, "#" lines skipped)."""
    blocks, current = [], []
    for line in (HERE / "corpus_acceptable.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def violating_corpus() -> list[tuple[str, str]]:
    """(rule code, comment) pairs of ``corpus_violating.txt``."""
    cases = []
    for line in (HERE / "corpus_violating.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, text = line.split("|", 1)
        cases.append((code.strip(), text.strip().replace("\\n", "\n")))
    return cases


def rule_action(rule, text: str):
    """What ``rule`` alone decides on ``text``: None (nothing found), HOLD or REJECT (a
    finding without its own action gets the rule's policy action, reject for these rules)."""
    from comments.moderation.base import Action, Draft, ReviewContext

    found = rule.check(Draft(text), ReviewContext())
    if not found:
        return None
    if all(f.action is Action.HOLD for f in found):
        return Action.HOLD
    return Action.REJECT


class AlwaysHoldRule:
    """A stand-in for an extra rule registered through COMMENTS_MODERATION_EXTRA_RULES."""

    code = "testregel"
    label = "Testregel"
    message = "Nur ein Test"

    def check(self, draft, context):
        from comments.moderation.base import Finding

        return [Finding(rule=self.code, excerpt="", score=0.9)] if "Testwort" in draft.body else []
