"""An event's `notes`, written as an analyst would: what happened, who claims what, what is disputed.

"On 10 January 2020, Military Forces of Russia struck Sarmin (Idlib) from the air. Syrian Civil
Defence said 9 civilians were killed; a military source said more than 14 members of Hayat Tahrir
al-Sham were killed and denied that civilians were hit. Sources disagree on who was killed."

The wording (sentence per sub-event type, vague figures, what a dispute is about) is data:
`data/en/notes.yaml`. Field names never appear in the text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from frontwire.data_files import read_yaml
from frontwire.model import Claim, Event

from .actor_facts import ActorFacts

MAX_CLAIMANTS = 4  # claimants named in full; more are counted
_SUFFIX = re.compile(r"\s*\(\d{4}-(\d{4})?\)$")  # ACLED's "(2000-)" period of an actor name
_ACRONYM = re.compile(r"^[A-Z][A-Za-z-]{1,9}: (?=\S)")  # ACLED's "HTS: Hayat Tahrir al Sham": the name reads alone


@cache
def _words() -> dict[str, Any]:
    return read_yaml("en/notes.yaml")


@cache
def _qualifiers() -> frozenset[str]:
    return frozenset(str(q) for q in read_yaml("en/numbers.yaml").get("qualifiers") or [])


def readable_date(iso: str | None, precision: str | None = None) -> str:
    """'On 10 January 2020'; 'In January 2020' when only the month is known; 'On an unknown date'."""
    if not iso or len(iso) < 10:
        return "On an unknown date"
    y, m, d = iso[:4], int(iso[5:7]), int(iso[8:10])
    month = _words()["months"][m - 1]
    if precision == "month":
        return f"In {month} {y}"
    return f"{'Around' if precision in ('week', 'estimated') else 'On'} {d} {month} {y}"


def actor_name(name: str | None, country: str | None = None) -> str:
    """An actor as a sentence names it: no "(2000-)" period, no "(Syria)" for the event's own
    country, ACLED's generic names in plain words ("Civilians (Syria)" -> "civilians")."""
    if not name:
        return "unidentified actors"
    short = _ACRONYM.sub("", _SUFFIX.sub("", name.strip()))
    bare = re.sub(r"\s*\([^()]*\)$", "", short)
    plain = _words()["actor_words"].get(bare.lower())
    if plain:
        return plain
    if country and short.endswith(f"({country})"):
        return bare
    return short


def _place(ev: Event) -> str:
    loc = ev.location or "an unknown place"
    return f"{loc} ({ev.admin1})" if ev.admin1 and ev.admin1 != ev.location else loc


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def what_happened(ev: Event) -> str:
    """The first sentence: date, actors, sub-event type, place."""
    w = _words()["events"].get(ev.sub_event_type) or {}
    a1, a2 = actor_name(ev.actor1, ev.country), actor_name(ev.actor2, ev.country) if ev.actor2 else None
    if a2 and w.get("target_implied") and a2 == _words()["actor_words"]["civilians"]:
        a2 = None  # "struck Sarmin": the claims tell who was hit
    template = w.get("pair" if a2 else "single")
    if template:
        what = template.format(a1=a1, a2=a2, place=_place(ev))
    else:
        what = f"{a1}: {ev.sub_event_type.lower()} in {_place(ev)}"
    return f"{readable_date(ev.event_date, ev.date_precision)}, {what}."


def _people(c: Claim, n: int | None, country: str | None) -> str:
    """Whose losses a figure counts, agreeing with the figure ("1 civilian", "members of X")."""
    victim = actor_name(c.victim, country) if c.victim else None
    one = n == 1
    if victim is None:
        return "person" if one else "people"
    if victim == _words()["actor_words"]["civilians"]:
        return "civilian" if one else "civilians"
    return f"{'member' if one else 'members'} of {victim}"


def _figure(c: Claim, country: str | None) -> tuple[str, str, bool] | None:
    """A casualty claim as (who, what befell them, plural): ("more than 13 civilians", "killed", True)."""
    befell = _words()["befell"].get(c.field)
    if befell is None or isinstance(c.value, bool):
        return None
    n = c.value if isinstance(c.value, int) else None
    kind = (c.kind or "").strip().lower()
    if kind == "none reported" or n == 0:
        return f"no {_people(c, None, country)}", befell, True
    vague = _words()["vague"].get(kind)
    if vague:
        return f"{vague} {_people(c, None, country)}", befell, True
    if n is None:
        return None
    count = f"{n}" if not (c.high and c.high != n and not kind) else f"{n} to {c.high}"
    if kind in _qualifiers():
        count = f"{kind} {count}"
    single = count == "1"
    return f"{count} {_people(c, 1 if single else None, country)}", befell, not single


_ORDER = {"controls_location": 0, "killed": 1, "killed_or_injured": 2, "injured": 3, "captured": 4}


def _clauses(claims: list[Claim], ev: Event) -> tuple[list[str], list[str]]:
    """(what a claimant said, what it denied), each once; figures of one kind joined
    ("2 soldiers and at least 7 fighters were killed")."""
    said: list[str] = []
    denied: list[str] = []
    figures: dict[str, list[tuple[str, bool]]] = {}
    w = _words()
    for c in sorted(claims, key=lambda c: _ORDER.get(c.field, 9)):
        if c.field == "controls_location" and c.value:
            form = w["control"].get(c.kind or "held", w["control"]["held"])
            text = form.format(actor=actor_name(str(c.value), ev.country), place=ev.location or "the place")
            if text not in said:
                said.append(text)
        elif c.field == "denied" or (c.field == "occurred" and c.value is False):
            victims = actor_name(c.victim, ev.country) if c.victim else None
            d = w["denied_victims"].format(victims=victims) if victims else w["denied_event"]
            if d not in denied:
                denied.append(d)
        elif (fig := _figure(c, ev.country)) is not None:
            whom, befell, plural = fig
            if (whom, plural) not in figures.get(befell, []):
                figures.setdefault(befell, []).append((whom, plural))
    for what, who_all in figures.items():
        many = len(who_all) > 1 or who_all[0][1]
        said.append(f"{_join([x for x, _ in who_all])} {'were' if many else 'was'} {what}")
    return said, denied


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def who_said_what(ev: Event, facts: ActorFacts) -> str:
    """One sentence: each claimant's claims, claimants apart by semicolons."""
    by: dict[str, list[Claim]] = {}
    for c in ev.claims:
        by.setdefault(actor_name(facts.who(c), ev.country), []).append(c)
    parts = []
    for name, claims in by.items():
        first = name.split(" ", 1)[0]
        common = name[:1].islower() and first not in _words()["determiners"] and not name.endswith("s")
        who = f"a {name}" if common else name  # "a military source said", not "military source said"
        said, denied = _clauses(claims, ev)
        if said and denied:
            parts.append(f"{who} said {_join(said)} and {_join(denied)}")
        elif said:
            parts.append(f"{who} said {_join(said)}")
        elif denied:
            parts.append(f"{who} {_join(denied)}")
    if not parts:
        return ""
    more = len(parts) - MAX_CLAIMANTS
    text = "; ".join(parts[:MAX_CLAIMANTS]) + (f"; {more} more sources gave other accounts" if more > 0 else "")
    return _capital(text) + "."


def disputes(ev: Event) -> str:
    """'Sources disagree on who was killed and who holds Samkha.' (empty without contradictions)."""
    topics: list[str] = []
    for c in ev.contradictions:
        t = _words()["disagree"].get(c.field, "the facts").format(place=ev.location or "the place")
        if t not in topics:
            topics.append(t)
    return f"Sources disagree on {_join(topics)}." if topics else ""


def reported_by(ev: Event) -> str:
    """'Reported by Enab Baladi and SANA.' (outlets, at most MAX_CLAIMANTS named)."""
    names = [s for s in ev.sources if s]
    if not names:
        return ""
    more = len(names) - MAX_CLAIMANTS
    shown = names[:MAX_CLAIMANTS] + ([f"{more} more"] if more > 0 else [])
    return f"Reported by {_join(shown)}."


def write_notes(ev: Event, facts: ActorFacts) -> str:
    """The event's notes: what happened, who claims what, what the sources disagree on, who reported it."""
    parts = (what_happened(ev), who_said_what(ev, facts), disputes(ev), reported_by(ev))
    return " ".join(s for s in parts if s)
