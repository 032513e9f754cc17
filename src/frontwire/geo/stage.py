"""The geocode pipeline stage: fill `EventMention.place` from the mention and its article."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import partial

from frontwire.geo.admin import with_admin_names
from frontwire.geo.country import country_names, stated_countries
from frontwire.geo.fold import fold
from frontwire.geo.geocoder import Geocoder, GeoContext
from frontwire.geo.lookup import GENERIC_WORDS
from frontwire.model import EventMention, Place
from frontwire.settings import Settings

# Region phrases in running text: "southeastern Idlib countryside", "the countryside of Idlib",
# "rural Hama", "Idlib province", "west of Aleppo", "Jabal al-Zawiya".
_DIR = (
    r"(?:north|south|east|west|northern|southern|eastern|western|central|north-?east(?:ern)?|"
    r"north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?)"
)
# Transliterated articles inside names: "Deir ez-Zor", "Ras al-Ain", "Tell es-Sultan".
_PARTICLE = r"(?:al|el|il|ul|ad|ed|as|es|ash|esh|at|et|az|ez|ar|er|an|en|ath|adh)"
# a name's words are capitalised (the pattern is otherwise case-blind): "north of Ariha", not "... in"
_NAME = rf"(?:{_PARTICLE}[- ])?(?-i:[A-Z])[\w'’-]+(?: (?:{_PARTICLE}-)?(?-i:[A-Z])[\w'’-]+)?"
_REGION_RE = re.compile(
    rf"\b(?:(?:{_DIR}\s+)?(?:countryside|rural areas?|outskirts|suburbs|parts?)\s+of\s+{_NAME}"
    rf"|(?:{_DIR}\s+)?rural\s+{_NAME}"
    rf"|(?:{_DIR}\s+)?{_NAME}\s+(?:countryside|province|governorate|region|state)"
    rf"|{_DIR}\s+of\s+{_NAME}"
    rf"|{_DIR}\s+{_NAME})",
    re.I,
)


_FACILITY = re.compile(
    r"^(.+?)\s+((?:international\s+|military\s+)?(?:airport|air\s*base|airbase|military\s+base|base|hospital|"
    r"crossing|border\s+crossing|dam|bridge|prison|checkpoint|roundabout|industrial\s+(?:zone|city)|highway|"
    r"road|camp|refinery|power\s+station|factory|desert|plain|plains|valley|hills?|mountains?|gas\s+field|oil\s+field))$",
    re.I,
)


# Every region phrase holds one of these words; the full pattern is tried only around them
# (a scan of the whole text tried a name at every word, a visible share of a run).
_REGION_WORD = re.compile(
    rf"\b(?:{_DIR}|countryside|rural|outskirts|suburbs|parts?|province|governorate|region|state)", re.I
)
_REGION_REACH = 120  # characters: far more than a phrase reaches on either side of its key word


def _region_matches(text: str) -> list[re.Match]:
    """`_REGION_RE.finditer(text)`, looked for only in windows around the key words."""
    windows: list[list[int]] = []
    for m in _REGION_WORD.finditer(text):
        lo, hi = max(0, m.start() - _REGION_REACH), m.end() + _REGION_REACH
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return [m for lo, hi in windows for m in _REGION_RE.finditer(text, lo, hi)]


def article_regions(geocoder: Geocoder, text: str) -> list[Place]:
    """Region phrases stated in an article, parsed (in text order)."""
    out = []
    for m in _region_matches(text or ""):
        p = geocoder.parse_region(m.group(0))
        if p is not None:
            out.append(p)
    return out


@dataclass(frozen=True)
class ArticleCountry:
    """The country a report is about, and what says so."""

    name: str
    """The gazetteer's name of the country ("Kenya"); the settings' theatre name by default."""
    iso2: str | None
    source: str
    """"text" (the places and countries the text puts events in), "places" (where most of its
    resolved places lie) or "theatre" (nothing says: the settings' theatre country)."""


def article_country(geocoder: Geocoder, text: str, settings: Settings | None = None) -> ArticleCountry:
    """The country a report is about: the one rule both the event and the geocode stage use.

    1. The countries its text puts events in: toponyms after a locative word ("in Idlib",
       "the town of Ariha"; not "brokered by Moscow", "Ankara said") by their best gazetteer
       match, and country names after "in", "across", "inside", "of" ("fighting in Syria";
       not "Turkey blamed", nor demonyms: "Russian warplanes" over Idlib are in Syria).
    2. Else the country of most of its confidently resolved places and region phrases.
    3. Else the theatre country of `settings` (default `Settings.default()`).
    Ties go to the theatre country, then to the first name in alphabetical order.
    """
    s = settings or Settings.default()
    return geocoder.remember(
        "article_country",
        (text or "", s.theatre_country, s.theatre_iso2),
        lambda: _article_country(geocoder, text or "", s),
        limit=64,
    )


def _article_country(geocoder: Geocoder, text: str, s: Settings) -> ArticleCountry:
    names = country_names(geocoder)
    stated = stated_countries(geocoder, text, s)
    if stated:
        # the theatre wins near-ties: the reports are mostly about it (a village name shared with
        # towns abroad, "Al-Bara", "Palmyra", stays in the theatre)
        code = max(
            sorted(stated, key=lambda c: names[c]), key=lambda c: stated[c] + (0.3 if c == s.theatre_iso2 else 0)
        )
        return ArticleCountry(names[code], code, "text")
    regions, _, anchors = _article_places(geocoder, text)
    found = Counter(p.country for p in anchors + regions if p.country)
    if found:
        name = max(sorted(found), key=lambda c: (found[c], geocoder.country_code(c) == s.theatre_iso2))
        return ArticleCountry(name, geocoder.country_code(name), "places")
    return ArticleCountry(s.theatre_country, s.theatre_iso2, "theatre")


def _article_places(geocoder: Geocoder, text: str) -> tuple[list[Place], GeoContext, list[Place]]:
    """An article's region phrases, its context of region hints, and its confidently resolved
    places (anchors, of any country), computed once per article text."""

    def build() -> tuple[list[Place], GeoContext, list[Place]]:
        regions = article_regions(geocoder, text)
        base = GeoContext(region_hints=_distinct(regions))
        anchors = []
        hints_key = tuple((h.place_id, h.name, h.admin1, h.admin2, h.latitude, h.longitude) for h in base.region_hints)
        for _, _, t in geocoder.find_toponyms(text or ""):
            # The same towns recur report after report under the same regions: resolve each pair once.
            p = geocoder.remember("anchors", (t, hints_key), partial(geocoder.resolve, t, base))
            if p.resolved and p.confidence >= 0.5 and p.feature != "admin1":
                anchors.append(replace(p))
        return regions, base, anchors

    return geocoder.remember("article_places", text or "", build, limit=64)


def article_context(geocoder: Geocoder, text: str, settings: Settings | None = None) -> tuple[GeoContext, str | None]:
    """Context from a whole article: its regions, its confidently resolved places (anchors),
    its country, and its dominant admin1 (None when the article names no region or place)."""
    regions, base, anchors = _article_places(geocoder, text)
    found = article_country(geocoder, text, settings)
    # nothing says where: no country hint (the geocoder's own preference applies)
    country = found.name if found.source != "theatre" else None
    # a stray foreign match ("al-Shifa" -> Chiffa, Algeria) must not drag the article's centroid
    anchors = [replace(p) for p in anchors if p.country == country]
    # nor a region of another country ("north of Ariha" read in the theatre, in a report from Nigeria)
    hints = [r for r in base.region_hints if country is None or r.country == country]
    a1 = Counter(p.admin1 for p in regions if p.admin1 and (country is None or p.country == country))
    a1.update(p.admin1 for p in anchors if p.admin1)
    dominant = a1.most_common(1)[0][0] if a1 else None
    ctx = GeoContext(region_hints=hints, anchors=anchors, country=country)
    return ctx, dominant


def _distinct(regions: list[Place]) -> list[Place]:
    """Regions in order of how often the article names them, one per name."""
    counts = Counter((p.name, p.admin1) for p in regions)
    seen, out = set(), []
    for p in sorted(regions, key=lambda p: -counts[(p.name, p.admin1)]):
        if (p.name, p.admin1) not in seen:
            seen.add((p.name, p.admin1))
            out.append(p)
    return out


def geocode_mentions(
    mentions: list[EventMention], article_text: str, geocoder: Geocoder | None = None, settings: Settings | None = None
) -> None:
    """Set `m.place` for every mention (never drops one).

    Town resolved -> precision 1 (2 when m.near); a region phrase -> precision 3;
    a village not in the gazetteer -> the stated region's centroid at precision 3
    (the mention's own region_hint, else the article's dominant region); else unresolved.
    `settings` (default `Settings.default()`) gives the theatre country assumed when nothing says.
    """
    gc = geocoder or Geocoder.default()
    if not mentions:
        return
    s = settings or Settings.default()
    ctx, dominant = article_context(gc, article_text, s)
    fallback = None
    if dominant:
        fallback = next((r for r in ctx.region_hints if r.admin1 == dominant), None)
        if fallback is None:
            unit = gc.admin_unit("admin1", dominant)
            if unit is not None:
                fallback = gc.parse_region(f"{dominant} province")
    cache: dict[tuple, Place] = {}
    sites = {fold(m.location_text) for m in mentions if m.location_text}
    for m in mentions:
        text = (m.location_text or "").strip()
        hint = _hint_region(gc, m.region_hint, text) if m.region_hint else None
        sentence = m.evidence.sentence if m.evidence is not None else ""
        key = (text, m.near, m.region_hint, sentence)
        if key in cache:
            m.place = replace(cache[key])
            continue
        place = _geocode_one(gc, text, m.near, hint, ctx, fallback, s.theatre_country)
        if text and not place.place_id and place.feature != "country":
            # "Sheikh Khoros in Afrin": a village missing from the gazetteer is put at the town
            # the sentence locates it by, closer than its region's centre
            place = _town_locating(gc, sentence, text, place, ctx) or place
        if not text or place.feature == "country" or gc.parse_region(text) is not None:
            # Placed by a region phrase alone: a village the same sentence names in that region
            # (and no other event of the report sits at) is closer than the region's centre.
            place = _village_in(gc, sentence, place, hint, ctx, sites) or place
        m.place = with_admin_names(_honest(place), gc.country_code(place.country), s.theatre_iso2)
        cache[key] = replace(m.place)
    _one_point_per_village(mentions)


def _one_point_per_village(mentions: list[EventMention]) -> None:
    """A village missing from the gazetteer, named several times in one report ("AlRafa",
    "Al Rafa", "Rafah"), is put at one point: the most precise of its placements."""
    groups: dict[str, list[EventMention]] = {}
    for m in mentions:
        p = m.place
        if p is not None and p.resolved and not p.place_id and p.note and m.location_text:
            groups.setdefault(fold(m.location_text), []).append(m)
    for ms in groups.values():
        if len(ms) < 2:
            continue

        def rank(m: EventMention) -> tuple:
            p = m.place
            assert p is not None
            return (p.geo_precision or 9, "part of" not in (p.note or ""), -p.confidence, p.note or "")

        best = min(ms, key=rank).place
        assert best is not None
        for m in ms:
            m.place = replace(best, text=m.location_text)


def _town_locating(gc: Geocoder, sentence: str, text: str, place: Place, ctx: GeoContext) -> Place | None:
    """The town right after "<text> in/near/outside (the town of)" in the sentence, as an
    approximate placement of `text`; None when there is none or it lies outside the stated region."""
    at = re.search(re.escape(text) + _LOCATOR, sentence) if sentence else None
    if at is None:
        return None
    hit = next(((s, e, t) for s, e, t in gc.find_toponyms(sentence) if s == at.end()), None)
    if hit is None or fold(hit[2]) == fold(text):
        return None
    # "X in Idlib" may mean the governorate; "X near Idlib" means the city
    if _in_region_phrase(gc, sentence, hit, admin1_names=" in " in f" {at.group(0).lower()} "):
        return None
    name = hit[2]
    local = GeoContext(region_hints=ctx.region_hints, anchors=ctx.anchors, country=ctx.country or place.country)
    town = gc.resolve(name, local, near=True)
    if not (town.resolved and town.place_id and town.feature == "populated place" and town.confidence >= 0.5):
        return None
    if place.resolved and place.admin1 and town.admin1 != place.admin1:
        return None
    return replace(
        town,
        text=text,
        name=None,
        place_id=None,
        geo_precision=2,
        confidence=round(min(town.confidence, 0.5), 3),
        reason=f"{text} not in gazetteer; placed at {town.name}, which the sentence locates it by",
        note=f"approximate: near {town.name}",
    )


def _in_region_phrase(gc: Geocoder, sentence: str, hit: tuple[int, int, str], admin1_names: bool = True) -> bool:
    """Whether a toponym is a region's name: inside a region phrase ("Idlib" of "Idlib countryside")
    or (`admin1_names`) a governorate's name."""
    start, end, name = hit
    if any(r.start() < end and start < r.end() for r in _region_matches(sentence)):
        return True
    return admin1_names and any(c.entry.feature == "admin1" and c.match == "exact" for c in gc.lookup(name))


_LOCATOR = r"(?:['’]s)?\s*,?\s+(?:in|near|outside|by|close\s+to)\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?"


def _hint_region(gc: Geocoder, phrase: str, text: str) -> Place | None:
    """The region a mention's hint names; a governorate's bare name ("Al-Bara (Idlib)") counts,
    unless the place itself bears that name (then the hint is the town, not its governorate)."""
    region = gc.parse_region(phrase)
    if region is None and fold(phrase) != fold(text) and gc.admin_unit("admin1", phrase.strip()) is not None:
        region = gc.parse_region(f"{phrase.strip()} province")
    return region


def _village_in(
    gc: Geocoder, sentence: str, region: Place, hint: Place | None, ctx: GeoContext, sites: set[str]
) -> Place | None:
    """The one village of `region` (a region-level placement) that `sentence` names, if exactly one."""
    country_only = region.feature == "country"
    if not sentence or not region.resolved or not (region.admin1 or country_only):
        return None
    local = GeoContext(region_hints=[hint or region], anchors=ctx.anchors, country=region.country)
    found: dict[str, Place] = {}
    for start, end, name in gc.find_toponyms(sentence):
        if fold(name) in sites or _in_region_phrase(gc, sentence, (start, end, name)):
            continue  # another event's site, or a region's name
        p = gc.resolve(name, local, near=True)
        if (
            p.resolved
            and p.place_id
            and p.feature == "populated place"
            and p.note is None
            and p.confidence >= 0.5
            and (p.admin1 == region.admin1 if not country_only else p.country == region.country)
        ):
            found[p.place_id] = p
    if len(found) != 1:
        return None
    (p,) = found.values()
    p.text = region.text
    p.reason += f"; the village this sentence names in {region.name or region.text}"
    return p


def _same_unit(gc: Geocoder, text: str, hint: Place) -> bool:
    """Whether `text` names the very admin unit / region the hint is a part of."""
    return bool(hint.place_id) and any(c.id == hint.place_id and c.match == "exact" for c in gc.lookup(text))


def _geocode_one(
    gc: Geocoder, text: str, near: bool, hint: Place | None, ctx: GeoContext, fallback: Place | None, theatre: str
) -> Place:
    if not text:
        if hint is not None:
            return replace(hint, text="")
        return Place(text="", reason="no place text")
    region = gc.parse_region(text)
    if region is not None and _in_country(gc, region, ctx):
        return region
    if hint is not None and not _in_country(gc, hint, ctx):
        hint = None  # "west of Bama" in a report from Nigeria is not a theatre village's district
    if hint is not None and hint.resolved and _same_unit(gc, text, hint):
        # "Idlib" with the hint "the Idlib countryside": the event is in the region, not the city.
        return replace(hint, text=text)
    local = GeoContext(
        region_hints=[hint] if hint else ctx.region_hints,
        anchors=ctx.anchors,
        country=(ctx.country or theatre) if (hint or ctx.region_hints) else ctx.country,
    )
    place = gc.resolve(text, local, near=near)
    m = _FACILITY.match(text)
    if not place.resolved and m and fold(m.group(1)) not in GENERIC_WORDS:  # "Tal Dam" is a village
        # "Damascus International Airport", "Abu al-Duhur airbase": the facility is near its town
        town = gc.resolve(m.group(1), local, near=True)
        if town.resolved and town.place_id and town.geo_precision != 3:
            town.text = text
            town.reason += f"; {m.group(2)} of {town.name}"
            # the town's point stands for its airport, dam or desert: close, but not its own entry
            town.note = f"approximate: {m.group(2).lower()} near {town.name}"
            return town
    if place.resolved or place.feature == "country":
        return place  # a country without a point is not a village to put in a region
    stated = hint or fallback or _country_of(gc, ctx)
    if stated is not None and stated.resolved:
        where = "stated region" if hint else f"the article's region ({stated.admin1})" if fallback else "its country"
        return Place(
            text=text,
            name=None,
            place_id=None,
            latitude=stated.latitude,
            longitude=stated.longitude,
            country=stated.country,
            admin1=stated.admin1,
            admin2=stated.admin2,
            geo_precision=3,
            confidence=0.3 if hint else 0.2,
            feature="country" if stated.feature == "country" else "region",
            reason=f"village not in gazetteer; placed at {where}: {stated.name or stated.text}",
            note=stated.note or f"approximate: {stated.name or stated.text}",
        )
    return place


def _in_country(gc: Geocoder, region: Place, ctx: GeoContext) -> bool:
    """Whether a region lies in the country the article's text names (true when it names none)."""
    return not ctx.country or gc.country_code(region.country) == gc.country_code(ctx.country)


def _country_of(gc: Geocoder, ctx: GeoContext) -> Place | None:
    """The article's country (when its text says which) at its centroid: where a place that
    is not found goes rather than nowhere ("Kiri" in a report from Congo)."""
    return gc.country_place(ctx.country) if ctx.country else None


def _honest(p: Place) -> Place:
    """Every placement that is not the place's own gazetteer entry says so in `note`."""
    if p.note is None:
        if not p.resolved:
            p.note = "not found"
        elif not p.place_id or p.geo_precision == 3:
            p.note = f"approximate: {p.name or p.text or 'region'} ({p.feature or 'region'})"
    return p
