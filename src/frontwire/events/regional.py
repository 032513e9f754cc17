"""After geocoding: vaguer tellings of an event folded into the same article's precise ones."""

from __future__ import annotations

from datetime import date

from ..geo.fold import fold
from ..model import EventMention
from .lexicon import generic, side_of


def absorb_regional(mentions: list[EventMention]) -> list[EventMention]:
    """Fold vaguer tellings into the same article's precise tellings of that event.

    "TIP attacked army sites in Idlib on Wednesday" after "gunmen broke through on the
    al-Tah - Abu Jarif axis" is one incident: its claims and its more specific actor go to
    the village events instead of standing as a separate, vaguer event. A headline
    ("Regime warplanes strike Sarmin market") folds into the body's telling the same way, and
    so does an event placed at a region or the country because its sentence names no site.
    """
    regional = [m for m in mentions if _vague(m) or m.headline]
    keep = [m for m in mentions if m not in regional]
    for r in regional:
        targets = sorted(
            (m for m in keep if _fits(m, r)),
            key=lambda m: abs((m.evidence.start if m.evidence else 0) - (r.evidence.start if r.evidence else 0)),
        )
        if not targets:
            if not (r.headline and _vague(r) and any(not m.headline for m in keep)):
                keep.append(r)  # a headline naming no site only sums up what the body tells
            continue
        targets[0].claims.extend(r.claims)
        for m in targets:
            if r.date_source == "sentence" and m.date_source == "published" and not r.headline:
                m.event_date = r.event_date  # the day is stated only in the regional telling
            if generic(m.actor1) and not generic(r.actor1):
                m.actor1 = r.actor1
                m.assoc_actor1 = sorted(set(m.assoc_actor1) | set(r.assoc_actor1))
    order = {id(m): i for i, m in enumerate(mentions)}
    return sorted(keep, key=lambda m: order[id(m)])


def _vague(m: EventMention) -> bool:
    """An event placed at a region or a country because its sentence names no site (a named
    village the gazetteer lacks, put at its country's centre, still names its site)."""
    if m.region_hint and m.location_text == m.region_hint:
        return True
    return bool(m.place and m.place.feature == "country" and fold(m.location_text or "") == fold(m.place.name or ""))


def _fits(m: EventMention, r: EventMention) -> bool:
    """Whether `m` may be the precise telling of the regional (or headline) telling `r`."""
    if m.article_id != r.article_id or m.event_type != r.event_type:
        return False
    if m.sub_event_type != r.sub_event_type and m.event_type != "Battles":
        return False
    if (
        m.event_date
        and r.event_date
        and abs((date.fromisoformat(m.event_date) - date.fromisoformat(r.event_date)).days) > 1
    ):
        return False
    r_a1 = r.place.admin1 if r.place else None
    m_a1 = m.place.admin1 if m.place else None
    if r_a1 and m_a1 and r_a1 != m_a1:
        return False
    if (
        r.headline
        and not _vague(r)
        and not (r.place and m.place and r.place.place_id and r.place.place_id == m.place.place_id)
        and fold(r.location_text) != fold(m.location_text)
    ):
        return False
    if r.headline and m.headline:
        return False
    if r.actor1 is None and _vague(r):
        return True  # "Fighting flared, officials said": no side named, nothing to tell it apart
    return m.actor1 == r.actor1 or ((generic(m.actor1) or generic(r.actor1)) and side_of(m.actor1) == side_of(r.actor1))
