"""Guideline: „… strafrechtlich relevante Äußerungen und Beiträge tolerieren wir nicht.“

Covered (the most common criminal content in comment sections):

* threats against the reader or others (§ 241 StGB): "ich bring dich um", "ich stech dich
  ab", "ich weiß, wo du wohnst", "deine Tage sind gezählt";
* calls for violence (§ 111 StGB): "man sollte … erschießen", "gehört aufgehängt",
  arson against shelters, mosques or synagogues;
* slogans, greetings and symbols of unconstitutional organisations (§ 86a StGB): "Sieg
  Heil", "Meine Ehre heißt Treue", 卐/卍, SS runes; the number codes 88 / HH / 14/88 only
  next to Nazi context words or as a sign-off, so "88 Prozent" and "HH-Altona" pass;
* Holocaust denial (§ 130 StGB).

Patterns are written in the normalised spelling (see ``normalize.py``): umlauts as
ae/oe/ue, ß as s, no doubled letters ("erschiesen", "aufhaengen", "stelen").
Idioms such as "Killerfeature", "Kill-Switch", "ich lach mich tot", "Geld verbrennen",
"Kosten umlegen", "die Zeit totschlagen" or "Plakate aufhängen" are not matched, nor a
threat or call with a negation in it ("Man muss den Praktikanten ja nicht gleich
erschießen"). One found only inside quotation marks ("Ein Satz wie „Man sollte euch alle
erschießen“ gehört gelöscht") is reported speech: held for a moderator, not rejected.
"""

from __future__ import annotations

import re

from core import linear

from .base import Draft, Finding, ReviewContext, Rule
from .normalize import Normalized, fold, normalized
from .racism import at_word_start, findings, negated, reported, window_matches
from .terms import TermMatcher

_S = r"[^\n]"  # within one sentence (windows are single sentences anyway)
_W = r"(?<![a-z])"  # word start
_E = r"(?![a-z])"  # word end

_KILL = (
    r"(?:umbringen|umgebracht|abstechen|abgestochen|abknalen|abgeknalt|erschiesen|erschosen"
    r"|totschlagen|totgeschlagen|kaltmachen|kaltgemacht|aufschlitzen|aufgeschlitzt"
    r"|erwuergen|erwuergt|erstechen|erstochen|erschlagen|hinrichten|hingerichtet"
    r"|abschlachten|abgeschlachtet|vergasen|vergast|aufknuepfen|aufgeknuepft|lynchen"
    r"|gelyncht|erhaengen|erhaengt|steinigen|gesteinigt|masakrieren|kopf abschlagen"
    r"|an die wand stelen|an die wand gestelt|an den galgen)"
)
_OBJ = r"(?:dich|dir|euch|sie|ihn|ihm|ihnen)"
_PARTICLE_VERBS = (
    r"(?:bring\w*|leg\w*) +OBJ(?: +[a-z]+){0,2}? +um"
    r"(?=[^\w\n]*(?:$|\n|[.!?,;]|(?:und|wen|du|ihr|ich|ey|alter|sonst|dan|oder)(?![a-z])))"
    r"|(?:mach\w*) +OBJ(?: +[a-z]+){0,2}? +(?:tot|kalt)"
    r"|(?:schlag\w*|pruegel\w*|hau|haue|hauen) +OBJ(?: +[a-z]+){0,2}? +"
    r"(?:tot|zusamen|krankenhausreif|windelweich|nieder)"
    r"|(?:knal\w*|stech\w*|schies\w*|ballere?) +OBJ(?: +[a-z]+){0,2}? +"
    r"(?:ab|nieder|tot)"
).replace("OBJ", _OBJ)

THREATS = [
    # "ich bring dich um", "wir machen euch kalt", "ich werde dich abstechen"
    at_word_start(rf"{_W}(?:ich|wir)(?: +[a-z]+){{0,3}}? +(?:{_PARTICLE_VERBS}){_E}"),
    at_word_start(
        rf"{_W}(?:ich|wir){_E}{_S}{{0,30}}?{_W}(?:dich|euch|dir|sie|ihn){_E}{_S}{{0,30}}?"
        rf"{_W}(?:{_KILL}|umlegen|aufhaengen|anzuenden|verbrenen|fertigmachen){_E}"
    ),
    # "man sollte … erschießen", "jemand müsste die alle aufknüpfen"
    at_word_start(
        rf"{_W}(?:man|jemand|einer|wir|ihr) +(?:solte|solten|mueste|muesten|mus|muesen"
        rf"|sol|solen|darf|duerfte|kan|kanst|könte|koente)"
        rf"{_E}{_S}{{0,60}}?{_W}{_KILL}{_E}"
    ),
    # "… gehört erschossen / aufgehängt / an die Wand gestellt"
    at_word_start(
        rf"{_W}(?:gehoert|gehoeren|gehoerst|gehort)(?: +[a-z]+){{0,3}}? +"
        rf"(?:erschosen|aufgehaengt|aufgeknuepft|vergast|gelyncht|hingerichtet|abgestochen"
        rf"|totgeschlagen|umgebracht|abgeknalt|erhaengt|gesteinigt|verbrant|kastriert"
        rf"|an die wand gestelt|an den galgen|ins gas|erschlagen|vergewaltigt){_E}"
    ),
    at_word_start(
        rf"{_W}(?:solte|solten|mueste|muesten|mus|muesen)(?: +[a-z]+){{0,4}}? +"
        rf"(?:erschosen|aufgeknuepft|vergast|gelyncht|hingerichtet|abgestochen|totgeschlagen"
        rf"|umgebracht|abgeknalt|gesteinigt|an die wand gestelt) +werden{_E}"
    ),
    # "ich weiß, wo du wohnst"
    at_word_start(
        rf"{_W}(?:ich|wir) +(?:weis|wisen|kene|kenen) +wo +(?:du|sie|ihr|deine?)"
        rf" +(?:wohn\w*|lebst|leben|kinder|familie|arbeitest|schlaeft|schlafen)"
    ),
    at_word_start(
        rf"{_W}(?:deine|ihre|eure) +tage +sind +gezaehlt"
        rf"|{_W}du +bist +(?:so +gut +wie +)?(?:tot|ein +toter +man){_E}"
        rf"|{_W}(?:ich|wir) +(?:hofe|hofen|wuensche|wuenschen) +(?:[a-z]+ +){{0,2}}?"
        rf"(?:du|sie|ihr) +(?:stirbst|sterben|vereckst|verecken|krepierst|krepieren)"
        rf"|{_W}(?:ich|wir) +(?:wuensche|wuenschen) +(?:dir|ihnen|euch) +den +tod"
        rf"|{_W}kugel +(?:in|durch) +(?:den|deinen|ihren|euren) +(?:kopf|schaedel)"
        rf"|{_W}(?:dein|ihr|euer|eure|deine|ihre) +(?:haus|buero|wohnung|auto|firma|laden"
        rf"|redaktion) +(?:[a-z]+ +){{0,3}}?(?:anzuenden|abfackeln|abrenen"
        rf"|in die luft jagen|in die luft sprengen|hochjagen)"
    ),
    # Arson against shelters and places of worship
    at_word_start(
        rf"{_W}(?:asyl|fluechtlings|asylanten|mosche|synagoge|unterkunft|unterkuenfte)[a-z]*"
        rf"{_S}{{0,40}}?{_W}(?:anzuenden|abfackeln|abfackelt|niederbrenen|niederbrent|abrenen"
        rf"|abrent|anzünden|in brand stecken|in brand setzen|zuendet)"
    ),
]
# Holocaust denial: the negation is the statement ("hat es nie gegeben").
DENIAL = [
    at_word_start(
        rf"{_W}(?:holocaust|shoah|gaskamern)[a-z]* +(?:hat es nie gegeben|gab es nie"
        rf"|gab es nicht|ist eine luege|war eine luege|ist erfunden|wurde erfunden"
        rf"|ist eine erfindung|ist ein mythos|hat nie statgefunden|ist nie pasiert)"
        rf"|{_W}den +holocaust +gab +es +(?:nie|nicht)"
    ),
]

SLOGANS = TermMatcher.from_files("nazi_slogans")

# Words that make it worth running the threat patterns on their sentence.
_VERBS = [
    "bring",
    "bringe",
    "bringen",
    "leg",
    "lege",
    "legen",
    "mach",
    "mache",
    "machen",
    "schlag",
    "schlage",
    "schlagen",
    "knall",
    "knalle",
    "knallen",
    "stech",
    "steche",
    "stechen",
    "schiess",
    "schiesse",
    "schiessen",
    "hau",
    "haue",
    "hauen",
    "pruegel",
    "pruegle",
    "pruegeln",
    "baller",
    "balere",
]
TRIGGERS = TermMatcher(
    [f"{verb} {obj}" for verb in _VERBS for obj in ("dich", "euch", "sie", "ihn", "dir")]
    + [
        f"{stem}*"
        for stem in [
            "umbring",
            "umgebracht",
            "abstech",
            "abgestoch",
            "abknall",
            "abgeknall",
            "erschiess",
            "erschoss",
            "totschlag",
            "totgeschlag",
            "kaltmach",
            "kaltgemach",
            "aufschlitz",
            "aufgeschlitz",
            "erwuerg",
            "erstech",
            "erstoch",
            "erschlag",
            "hinricht",
            "hingericht",
            "abschlacht",
            "abgeschlacht",
            "vergas",
            "aufknuepf",
            "aufgeknuepf",
            "lynch",
            "gelyncht",
            "erhaeng",
            "steinig",
            "gesteinigt",
            "massakrier",
            "aufhaeng",
            "aufgehaeng",
            "umleg",
            "anzuend",
            "anzünd",
            "abfackel",
            "niederbrenn",
            "abbrenn",
            "verbrenn",
            "verbrannt",
            "gaskammer",
            "holocaust",
            "shoah",
            "hochjag",
            "fertigmach",
            "gehoert",
            "gehoer",
        ]
    ]
    + """an die wand|an den galgen|ich weiss wo|wir wissen wo|tage sind gezaehlt|bist tot
    |toter mann|kugel|den tod|stirbst|vereckst|krepierst|in die luft|in brand|zuendet
    |fackelt""".replace("\n", " ").split("|")
)

_SYMBOL_CHARS = "卐卍࿕࿖࿗࿘ᛋϟ"
SYMBOLS = linear.compile("[卐卍࿕࿖࿗࿘]|ᛋ\\s?ᛋ|ϟ\\s?ϟ|ᛋϟ")

_HH_CONTEXT = frozenset(
    fold(w)
    for w in [
        "heil",
        "hitler",
        "sieg",
        "kamerad",
        "kameraden",
        "kameradschaft",
        "nazi",
        "nazis",
        "ns",
        "nsdap",
        "npd",
        "führer",
        "volksgenossen",
        "arier",
        "arisch",
        "white",
        "skinhead",
        "skins",
        "aryan",
        "rasse",
        "88",
        "18",
    ]
)
# "88" is more often a sign-off ("Grüße, 88"), so greetings count as context for it.
_88_CONTEXT = _HH_CONTEXT | frozenset(
    fold(w) for w in ["gruß", "grüße", "gruss", "mfg", "juden", "jude", "skin", "hh"]
)
_CODE_1488 = linear.compile(r"(?<![\w.,])14[ /._-]?88(?![\w.,])")
# Same without the leading look-behind, so the regex engine can skip ahead to "14".
_CODE_1488_PROBE = linear.compile(r"14[ /._-]?88")
# After a code: not a letter/digit, no decimal or unit ("88 %", "88,5", "88 Euro").
_CODE_BOUNDARY = linear.compile(r"(?![\w%]|[.,]\d| ?(?:%|prozent|euro|eur|mio|kg|km|cent)\b)")
_CODE_BEFORE = linear.compile(r"[^\w.,-]")


class CriminalRule(Rule):
    code = "strafrecht"
    label = "Strafrechtlich relevant"
    message = (
        "Drohungen, Aufrufe zu Gewalt, verbotene Kennzeichen und Parolen sowie die "
        "Leugnung des Holocaust veröffentlichen wir nicht"
    )

    def check(self, draft: Draft, context: ReviewContext) -> list[Finding]:
        norm = normalized(draft.body)
        found = findings(self, norm, reported(_needles, norm))
        excerpts: list[str] = []
        if not norm.lower.isascii() and any(char in norm.lower for char in _SYMBOL_CHARS):
            symbol = SYMBOLS.search(norm.raw)
            if symbol:
                excerpts.append(symbol.group())
        excerpts += self._codes(norm.lower)
        return found + [self.finding(e) for e in dict.fromkeys(excerpts)]

    @staticmethod
    def _codes(lower: str) -> list[str]:
        """Nazi number codes, only with context (``lower`` keeps digits and "hh")."""
        found = []
        has_88 = False
        for code, finder in _CODE_FINDERS:
            match = finder.search(lower)
            while match is not None:
                pos = match.start()
                has_88 = has_88 or code == "88"
                end = pos + 2
                if code == "88" and pos >= 2 and lower[pos - 2 : pos] == "14":
                    pass  # "1488" is reported by _CODE_1488 below
                elif _is_code_at(lower, pos, end, code):
                    found.append(code)
                match = finder.search(lower, end)
        if has_88 and _CODE_1488_PROBE.search(lower) is not None:
            found += [m.group() for m in _CODE_1488.finditer(lower)]
        return found


def _needles(norm: Normalized) -> list[tuple[str, bool]]:
    """Threats, calls for violence, denial and slogans as normalised text (not whole words)."""
    triggers = TRIGGERS.hits(norm)
    found = [
        match
        for match in window_matches(THREATS, norm.words, triggers)
        if not negated(match) and not _idiom(match)
    ]
    found += window_matches(DENIAL, norm.words, triggers)
    found += [hit.token for hit in SLOGANS.hits(norm)]
    return [(needle, False) for needle in found]


def _idiom(match: str) -> bool:
    """ "die Zeit totschlagen": killing time."""
    return " zeit " in f" {match} " and "tot" in match


def _is_code_at(lower: str, start: int, end: int, code: str) -> bool:
    """Is ``lower[start:end]`` a standalone code next to Nazi context words?"""
    if _CODE_BOUNDARY.match(lower, end) is None:
        return False
    if start and not _CODE_BEFORE.match(lower[start - 1]):
        return False
    window = " " + lower[max(0, start - 60) : end + 60]
    return _CONTEXT_NEAR[code].search(window) is not None or _is_sign_off(lower, start, end)


def _token_search(words):
    """Finds one of ``words`` as a whole token (a run of [a-z0-9]) in " " + text."""
    return linear.compile(rf"[^a-z0-9](?:{'|'.join(map(re.escape, sorted(words)))})(?![a-z0-9])")


# The other code words near a code (a code alone is no context for itself).
_CONTEXT_NEAR = {
    "hh": _token_search(_HH_CONTEXT - {"hh"}),
    "88": _token_search(_88_CONTEXT - {"88"}),
}
# Plain searches for the two-character codes skip ahead faster than ``str.find``.
_CODE_FINDERS = (("88", linear.compile("88")), ("hh", linear.compile("hh")))
# Anything but the characters a sign-off may be followed by.
_NOT_TRAILING = linear.compile(r"[^ \t\r\n.!,;:-]")


def _is_sign_off(lower: str, start: int, end: int) -> bool:
    """The code stands alone on the last line ("…\n88")."""
    if _NOT_TRAILING.search(lower, end) is not None:  # lower[end:].strip(…) is not empty
        return False
    return not lower[lower.rfind("\n", 0, start) + 1 : start].strip(" \t-,")
