"""The countries a report's text points at, with a strength each (see `stage.article_country`).

Evidence: toponyms (a town or unit of that country of that name, after a locative more),
country names ("in Kenya", "..., Mozambique."), admin1 names ("in Borno", "(Lower Juba)"),
demonyms ("Malian army post", weak), armed groups of one country's conflict ("M23 rebels").
"""

from __future__ import annotations

import re
from functools import partial

from frontwire.data_files import read_yaml
from frontwire.geo.admin import world_admin
from frontwire.geo.fold import fold
from frontwire.geo.geocoder import Geocoder, written_as
from frontwire.geo.tables import data_rows
from frontwire.settings import Settings

# a name right after one of these is where something happens ("in Idlib", "Ariha (Idlib)")
_LOCATIVE = re.compile(r"(?:\b(?:in|on|near|of|at|into|outside|around|towards?)\s+(?:the\s+)?|\()$")


def stated_countries(geocoder: Geocoder, text: str, s: Settings) -> dict[str, float]:
    """ISO2 code -> how strongly the text puts its events there (empty when nothing says)."""
    names = country_names(geocoder)
    # Each country scores by how many of the text's toponyms it has a place for (a name after a
    # locative counts fully, others less), plus the countries the text names: "Gwoza and Bama
    # in Borno" is Nigeria though Borno's best match is Brno, and "Tripoli ... in north
    # Lebanon" is Lebanon though Tripoli alone ranks Libya first.
    # per name in the text (by where it starts), the countries it may lie in
    spans: dict[int, dict[str, float]] = {}
    for start, _, name in geocoder.find_toponyms(text):
        weight = 1.0 if _LOCATIVE.search(text[max(0, start - 16) : start]) else 0.4
        votes = geocoder.remember("name_countries", name, partial(_name_countries, geocoder, name))
        spans[start] = {code: weight * strength for code, strength in votes if code in names}
    for start, end, units in world_admin().mentions(text, geocoder.not_places):
        abroad = all(u.country != s.theatre_iso2 for u in units)
        if abroad and _UNIT_WORD.match(text, end) and not _theatre_unit(geocoder, text, start, end):
            # "Abyan governorate", "Borno State": the unit, not a theatre village of that name
            spans[start] = {}
        # "in Borno", "(Lower Juba)", "Sagaing's Pale township": a first-level unit's name (a
        # town's name too counts once: "Ma'an" is a town and a governorate)
        weight = (1.0 if _LOCATIVE.search(text[max(0, start - 16) : start]) else 0.4) / len(units)
        votes = spans.setdefault(start, {})
        for u in units:
            if u.country in names and u.country != s.theatre_iso2:  # the theatre's are its toponyms
                votes[u.country] = max(votes.get(u.country, 0.0), weight)
    for m in _AFTER_LOCATIVE.finditer(text):
        name = m.group(1)
        if m.start(1) in spans or name.lower() in geocoder.not_places:
            continue
        # "near Ansongo", "in Tsafe": a village too small to be detected in running text, named
        # where something happens, says which country when only one or two have it, spelt so
        where = geocoder.remember("small_places", name, partial(_small_place_countries, geocoder, name))
        if 0 < len(where) <= 2:
            spans[m.start(1)] = {code: 0.5 / len(where) for code in where if code in names}
    stated: dict[str, float] = {}
    for votes in spans.values():
        for code, w in votes.items():
            stated[code] = stated.get(code, 0.0) + w
    weak: dict[str, float] = {}  # said of who acts, not where: each country counts once
    for kind, code in _country_phrases(geocoder).find(text):
        if kind in ("where", "closing"):
            stated[code] = stated.get(code, 0.0) + 1.5
        else:
            # "Ukraine's ministry said", "the Cameroon government": often who speaks
            weak[code] = max(weak.get(code, 0.0), 0.5 if kind == "possessive" else 0.4)
    demonyms = _demonyms(geocoder)
    for m in demonyms[0].finditer(text):
        # "Malian army post", "Bolivian police": weak, as forces fight abroad ("Russian jets")
        code = demonyms[1][m.group(1).lower()]
        weak[code] = max(weak.get(code, 0.0), 0.3)
    for code, w in weak.items():
        stated[code] = stated.get(code, 0.0) + w
    groups, firsts = _armed_groups(geocoder, s)
    words = _WORD.findall(text.lower())
    seen: set[str] = set()
    for i, w in enumerate(words):
        if w not in firsts:
            continue
        for n in range(min(4, len(words) - i), 0, -1):
            group = groups.get(" ".join(words[i : i + n]))
            if group and group not in seen:
                # "M23 rebels", "ISWAP", "Fano militia": a group of one country's conflict (weak:
                # groups cross borders, and the one report may be about a neighbour)
                seen.add(group)
                stated[group] = stated.get(group, 0.0) + 0.4
    return stated


_WORD = re.compile(r"[\w'’-]+")


def _armed_groups(geocoder: Geocoder, s: Settings) -> tuple[dict[str, str], frozenset[str]]:
    """Alias -> ISO2 of the armed groups (rebels, militias) of the actors file that belong to a
    country other than the theatre (the theatre's own groups say nothing the tie-break does not)."""

    def build() -> tuple[dict[str, str], frozenset[str]]:
        from frontwire.actors import actor_table  # an earlier stage's table, loaded once for the coder

        out: dict[str, str] = {}
        for a in actor_table(s).entries:
            if a.type not in ("rebel", "militia") or a.generic:
                continue
            code = geocoder.country_code(a.country or "")
            if code and code != s.theatre_iso2:
                for alias in a.aliases:
                    if len(alias) >= 3:
                        out[" ".join(_WORD.findall(alias.lower()))] = code
        return out, frozenset(k.split()[0] for k in out if k)  # first words: most words start none

    return geocoder.remember("armed_groups", (s.actors_path, s.theatre_iso2), build)


def _theatre_unit(geocoder: Geocoder, text: str, start: int, end: int) -> bool:
    """Whether the name is one of the theatre's own admin units ("Homs province")."""
    return any(geocoder.admin_unit(level, text[start:end]) for level in ("admin1", "admin2"))


_UNIT_WORD = re.compile(r"\s+(?:governorate|province|state|region)\b", re.I)
_AFTER_LOCATIVE = re.compile(
    r"\b(?:in|near|at|outside|into|around|of)\s+(?:the\s+(?:town|village|city|locality|area)\s+of\s+)?"
    r"([A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)\b(?!\s+[A-Z])"  # "in Abu Jarif": not the one word "Abu"
)


def _small_place_countries(geocoder: Geocoder, name: str) -> list[str]:
    """Countries having a town or village spelt exactly `name`."""
    found = {
        c.entry.country
        for c in geocoder.lookup(name)
        if c.match == "exact" and c.entry.feature == "populated place" and written_as(c.entry, name)
    }
    return sorted(found)


_SITE_FEATURES = frozenset({"populated place", "admin1", "admin2", "admin3", "region", "camp", "military base"})


def _name_countries(geocoder: Geocoder, name: str) -> list[tuple[str, float]]:
    """(country, strength) for each country a toponym may lie in: 1 where it is a town or unit
    there, less where only a neighbourhood, a spot or a spelling variant; its best match +0.1."""
    local = geocoder.theatre.local
    best: dict[str, float] = {}
    cands = geocoder.lookup(name)
    for c in cands:
        e = c.entry
        if c.match == "fuzzy" or not (
            e.country in local or e.population >= 5000 or e.feature in _SITE_FEATURES - {"populated place"}
        ):
            continue  # a foreign hamlet sharing the name says nothing about the story
        if c.match != "exact" and e.country != geocoder.theatre.iso2:
            continue  # a spelling variant across a border ("Borno" for a Turkish village) neither
        strength = (1.0 if e.feature in _SITE_FEATURES else 0.6) * (1.0 if c.match == "exact" else 0.5)
        if e.country not in local and fold(e.name) != c.key:
            strength *= 0.5  # a foreign city's alternate name ("Shan" for Anshan) is weak evidence
        if e.country not in local and not written_as(e, name):
            strength *= 0.5  # folding joins Derry, Dire and Delhi: the one spelt as written counts
        if e.country != geocoder.theatre.iso2 and e.population < 5000:
            strength *= 0.5  # a neighbour's hamlet ("Borno" in Turkey) is weak evidence too
        best[e.country] = max(best.get(e.country, 0.0), strength)
    if cands and cands[0].entry.country in best:
        best[cands[0].entry.country] += 0.1  # the biggest namesake: a tie-breaker, no more
    return sorted(best.items())


def country_names(geocoder: Geocoder) -> dict[str, str]:
    """ISO2 code -> country name: the gazetteer's names, and countries.yaml's for the others."""

    def build() -> dict[str, str]:
        out = {
            str(c["code"]).upper(): str(c["name"]) for c in read_yaml("countries.yaml")["countries"] if c.get("code")
        }
        out.update(geocoder.countries)
        return out

    return geocoder.remember("country_names", None, build)


_COMPASS_WORDS = (
    r"(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|"
    r"south-?eastern|south-?western)"
)
# what comes before a country named as where things happen: "in", "across the north-eastern"
_WHERE_BEFORE = re.compile(r"(?<!\w)(?i:in|across|inside|of)\s+(?:(?i:the\s+)?(?i:" + _COMPASS_WORDS + r")\s+)?$")
_COMMA_BEFORE = re.compile(r",\s+$")
_CLOSING_AFTER = re.compile(r"\s*(?:[.;:,)\-–—]|$)")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_NAME_WORD = re.compile(r"\w+")


class CountryPhrases:
    """Country names in running text, read word by word (one dictionary look-up per word: a
    regular expression of some 250 names tried at every word cost a visible share of a run).

    Kinds: "where" ("in Kenya", "across northern Mali": countries.yaml names in any case, the
    gazetteer's other names as capitalised), "closing" ("..., Mozambique."), "possessive"
    ("Ukraine's ministry"), "bare" ("the Cameroon government"); the last three as capitalised.
    The longest name wins ("South Sudan", not "Sudan").
    """

    def __init__(self, listed: dict[str, str], others: dict[str, str], proper: set[str]):
        self.code = {**{n.lower(): c for n, c in others.items()}, **listed}
        self.any_case = set(listed)  # lower-case forms matched in any case after a locative
        self.cased = set(others) | proper
        self.by_words: dict[tuple[str, ...], str] = {}
        for name in set(listed) | {n.lower() for n in self.cased}:
            self.by_words[tuple(_NAME_WORD.findall(name))] = name
        self.longest = max((len(k) for k in self.by_words), default=0)
        self.firsts = frozenset(k[0] for k in self.by_words if k)

    def find(self, text: str) -> list[tuple[str, str]]:
        """(kind, ISO2) of each country name in `text`, in text order."""
        words = list(_NAME_WORD.finditer(text))
        low = [w.group().lower() for w in words]
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(words):
            hit = self._name_at(text, words, low, i) if low[i] in self.firsts else None
            if hit is None:
                i += 1
                continue
            j, name, span = hit
            start, end = words[i].start(), words[j - 1].end()
            where = _WHERE_BEFORE.search(text, max(0, start - 40), start)
            if where and (name in self.any_case or span in self.cased):
                out.append(("where", self.code[name]))
            elif span not in self.cased:
                i += 1
                continue
            elif _COMMA_BEFORE.search(text, max(0, start - 8), start) and _CLOSING_AFTER.match(text, end):
                out.append(("closing", self.code[name]))
            elif _POSSESSIVE_AFTER.match(text, end):
                out.append(("possessive", self.code[name]))
            else:
                out.append(("bare", self.code[name]))
            i = j
        return out

    def _name_at(self, text: str, words: list[re.Match[str]], low: list[str], i: int) -> tuple[int, str, str] | None:
        """(end word index, lower-case name, text as written) of the longest name starting at word i."""
        for n in range(min(self.longest, len(words) - i), 0, -1):
            name = self.by_words.get(tuple(low[i : i + n]))
            if name is None:
                continue
            span = text[words[i].start() : words[i + n - 1].end()]
            if span.lower() == name:  # the words are joined as in the name
                return i + n, name, span
        return None


def _country_phrases(geocoder: Geocoder) -> CountryPhrases:
    """The finder of country names: countries.yaml's, the gazetteer's and the aliases'."""

    def build() -> CountryPhrases:
        rows = [c for c in read_yaml("countries.yaml")["countries"] if c.get("code")]
        listed = {str(c["name"]).lower(): str(c["code"]).upper() for c in rows}
        others = {n: code for code, n in geocoder.countries.items() if n.lower() not in listed}
        # other names of countries ("Palestine", "DR Congo", "Northern Ireland"), as capitalised
        others.update({a: code for a, code in data_rows("geo_country_aliases.tsv") if a.lower() not in listed})
        return CountryPhrases(listed, others, {str(c["name"]) for c in rows})

    return geocoder.remember("country_phrases", None, build)


def _demonyms(geocoder: Geocoder) -> tuple[re.Pattern[str], dict[str, str]]:
    """Capitalised demonyms of countries.yaml ("Malian", "Lebanese") and the code of each."""

    def build() -> tuple[re.Pattern[str], dict[str, str]]:
        by_word = {
            str(d).lower(): str(c["code"]).upper()
            for c in read_yaml("countries.yaml")["countries"]
            if c.get("code")
            for d in c.get("demonyms") or []
            if len(str(d)) > 3 and str(d).isalpha()
        }
        alt = "|".join(re.escape(w.capitalize()) for w in sorted(by_word, key=len, reverse=True))
        return re.compile(r"\b(" + (alt or "(?!)") + r")s?\b"), by_word  # "Malian", "Jordanians"

    return geocoder.remember("demonyms", None, build)
