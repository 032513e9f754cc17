"""Where a sentence's events happen: the sites (villages, towns, bases) and region phrases
it names, the region that qualifies each site, and the trigger each place belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..geo.geocoder import Geocoder
from ..mentions import (
    COMPASS,
    NEAR_WORDS,
    NUMBER_WORDS,
    ORG_WORDS,
    PLACE_NOUNS,
    REGION_AFTER,
    VAGUE,
    ActorMention,
    Trigger,
    _is_cap,
    countries,
    name_chunks,
)
from ..model import EventMention
from .lexicon import DEMONYMS, FACILITY_NOUNS, LOCATIVE_PREPS, POSITION_WORDS, REGION_LEFT, SITE_LEFT, TRIGGER_WORDS

Region = tuple[int, int, str]
"""(specificity: 0 a country, 1 a region; token index; the region phrase)"""


@dataclass
class PlaceCandidate:
    text: str
    start: int  # token indices (doc)
    end: int
    role: str  # site | region
    near: bool = False


def find_places(
    sent: Span, actors: list[ActorMention], geocoder: Geocoder
) -> tuple[list[PlaceCandidate], list[Region]]:
    """Sites (villages, towns, bases) and region phrases named in a sentence."""
    doc = sent.doc
    actor_tokens = {i for a in actors for i in range(a.start, a.end)}
    ner: dict[int, str] | None = None  # read only when nothing else marks a name as a place
    sites: list[PlaceCandidate] = []
    regions: list[Region] = []
    last_end = -1  # end of the last name taken as a place, for lists ("Kansafra, Sarjah and Bara")
    for s, e in name_chunks(sent):
        text = doc[s:e].text.strip(" -’'`")
        if actor_tokens.intersection(range(s, e)) or _not_a_place_name(sent, s, e, text):
            last_end = -1
            continue
        left = [t.lower_ for t in doc[max(sent.start, s - 5) : s]]
        nxt = doc[e].lower_ if e < sent.end else ""
        if not _marked_as_place(doc, s, e, text, left, nxt, last_end, geocoder):
            if ner is None:
                ner = {i: ent.label_ for ent in sent.ents for i in range(ent.start, ent.end)}
            if not (ner.get(s) in ("GPE", "LOC", "FAC") and left and left[-1] in LOCATIVE_PREPS):
                last_end = -1
                continue
        last_end = e
        country_name = text.lower() in countries()
        if country_name or _is_region(text, left, nxt, geocoder):
            regions.append((0 if country_name else 1, s, _region_phrase(doc, s, e, sent)))
            continue
        if _not_a_site(doc, sent, s, e, left, nxt, sites):
            continue
        near = any(w in NEAR_WORDS for w in left) or nxt in ("front", "fronts", "axis", "area")
        sites.append(PlaceCandidate(text, s, e, "site", near))
    return sites, regions


def _not_a_place_name(sent: Span, s: int, e: int, text: str) -> bool:
    """Datelines, trigger words, a sentence's first word, short names, organisations, demonyms."""
    doc = sent.doc
    words = {t.lower_ for t in doc[s:e]}
    if (
        doc[s].is_sent_start
        and doc[s].text.isupper()
        and len(doc[s].text) > 2
        and e < sent.end
        and doc[e].text in (",", "(", "-", "–", "—")
    ):
        return True  # "BEIRUT (Reuters) -", "IDLIB, Syria (North Press) –": the dateline, where the report was filed
    if words & TRIGGER_WORDS:
        return True
    if all(t.text.isupper() and t.is_alpha and len(t.text) <= 6 for t in doc[s:e]):
        return True  # "TFSA", "YBS", "HTS": an armed group's abbreviation, never a place
    if (
        e - s == 1
        and doc[s].is_sent_start
        and (
            doc[s].is_stop
            or doc[s].like_num
            or doc[s].lower_ in NUMBER_WORDS
            or doc[s].lower_ in VAGUE
            or doc[s].pos_ != "PROPN"
        )
    ):
        return True
    return (
        len(text) < 3 or not any(c.isupper() for c in text[:4]) or bool(words & ORG_WORDS) or text.lower() in DEMONYMS
    )


def _marked_as_place(
    doc: Doc, s: int, e: int, text: str, left: list[str], nxt: str, last_end: int, geocoder: Geocoder
) -> bool:
    """A name the gazetteer knows, after a place noun, in a list of places, or before a region word."""
    gap = doc[last_end:s] if last_end >= 0 else None
    joined = gap is not None and len(gap) == 0 and doc[last_end - 1].text.endswith("-")
    in_list = (
        joined
        or gap is not None
        and len(gap) <= 5
        and any(t.text in (",", "-", "and", "or", "&", "/") for t in gap)
        and all(
            t.text in (",", "-", "(", ")", "and", "or", "&", "/") or t.lower_ in ("the", "town", "village", "of")
            for t in gap
        )
    )
    context_place = any(w in PLACE_NOUNS or w in NEAR_WORDS for w in left[-5:]) or (
        doc[s].lower_ in PLACE_NOUNS and e - s > 1
    )  # "Base 46", "Camp Atmeh"
    named_region = nxt in REGION_AFTER or bool(left and left[-1] in REGION_LEFT)
    return geocoder.is_place(text) or context_place or in_list or named_region


def _is_region(text: str, left: list[str], nxt: str, geocoder: Geocoder) -> bool:
    """A region's name: "Idlib countryside", "rural Hama", "west of Aleppo", a governorate alone."""
    if (
        nxt in REGION_AFTER
        or (left and left[-1] in REGION_LEFT)
        or (len(left) >= 2 and left[-1] == "of" and (left[-2] in REGION_AFTER or COMPASS.match(left[-2])))
    ):
        return True
    if (
        nxt not in ("city", "town")
        and not (left and left[-1] in SITE_LEFT)
        and not (len(left) >= 2 and left[-2] in SITE_LEFT)
    ):
        # a governorate's name alone ("in Idlib") is the region unless called a city
        return any(c.entry.feature == "admin1" and c.match == "exact" for c in geocoder.lookup(text))
    return False


def _not_a_site(doc: Doc, sent: Span, s: int, e: int, left: list[str], nxt: str, sites: list[PlaceCandidate]) -> bool:
    """A place named as a position, a locator of the site before it, an addressee, a building's name."""
    if POSITION_WORDS.intersection(left):
        return True
    if sites and doc[sites[-1].end : s].text.strip(" ,") in (
        "in",
        "in the",
        "of",
        "near",
        "at",
        "close to",
        "near the",
        "in the area of",
    ):
        # "Sarjah near Jabal al-Arba'in", "Kafr Oweid in Jabal al-Zawiya": the second name locates the first
        return True
    if left and (left[-1] in ("told", "telling", "tells") or left[-2:] == ["according", "to"]):
        return True  # "told Idlib Monitor": whom a source spoke to
    # "al-Shifa hospital in Afrin": a building's name; the town follows
    return nxt in FACILITY_NOUNS and e + 2 < sent.end and doc[e + 1].lower_ in ("in", "of") and _is_cap(doc[e + 2].text)


def _region_phrase(doc: Doc, s: int, e: int, sent: Span) -> str:
    """Extend a region name to its full phrase: "southeastern Idlib countryside", "west of Aleppo"."""
    a, b = s, e
    while b < sent.end and doc[b].lower_ in REGION_AFTER:
        b += 1
    if a - 1 >= sent.start and doc[a - 1].lower_ in ("rural",):
        a -= 1
    if (
        a - 2 >= sent.start
        and doc[a - 1].lower_ == "of"
        and (doc[a - 2].lower_ in REGION_AFTER or COMPASS.match(doc[a - 2].text))
    ):
        a -= 2
        while a - 1 >= sent.start and doc[a - 1].lower_ in ("the",):
            a -= 1
    while a - 1 >= sent.start and (COMPASS.match(doc[a - 1].text) or doc[a - 1].lower_ in ("the",)):
        a -= 1
    return doc[a:b].text.strip()


def region_for(place_start: int, regions: list[Region]) -> str | None:
    """The region phrase that qualifies a place: the nearest one after it, else before; countries last."""
    if not regions:
        return None
    best = max(r[0] for r in regions)
    cands = [r for r in regions if r[0] == best]
    after = [r for r in cands if r[1] > place_start]
    return (min(after, key=lambda r: r[1]) if after else max(cands, key=lambda r: r[1]))[2]


def governing_trigger(doc: Doc, place: PlaceCandidate, triggers: list[Trigger]) -> Trigger | None:
    """The trigger a place belongs to: up the dependency path, else the nearest one before it.

    None when the path passes a position verb first ("warships located near X launched ...").
    """
    tok = doc[place.start]
    # a bare "killed" reports the toll of whatever else the sentence tells ("killed in air raids on X")
    tolls = [t for t in triggers if t.spec.get("sub") == "victim" and not t.spec.get("standalone")]
    if len(tolls) < len(triggers):
        triggers = [t for t in triggers if t not in tolls]
    by_tok = {i: t for t in triggers for i in range(t.start, t.end)}
    steps = 0
    while tok.head.i != tok.i and steps < 8:
        tok = tok.head
        steps += 1
        if tok.i in by_tok:
            return by_tok[tok.i]
        if tok.lower_ in POSITION_WORDS:
            return None
    before = [t for t in triggers if t.end <= place.start]
    if before:
        return max(before, key=lambda t: (t.start, t.spec.get("priority", 0)))
    after = [t for t in triggers if t.start >= place.end]
    return after[0] if after else None


def place_char(ev: EventMention, sent: Span) -> int:
    """Character offset (in the doc) of an event's place in its sentence (the sentence end if not found)."""
    i = sent.text.find(ev.location_text)
    return sent.start_char + (i if i >= 0 else len(sent.text))
