"""Export events: ACLED-compatible CSV, GeoJSON, JSONL, gold JSONL; and a pandas DataFrame.

Files are written to a temporary name and renamed into place, so an interrupted
export never leaves a half-written file behind.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import time
from collections.abc import Callable
from typing import IO, Any

from .actors import actor_table
from .data_files import write_atomically
from .model import Claim, Event, InputError

FORMATS = ("acled-csv", "geojson", "jsonl", "gold")

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
EXTRA_COLUMNS = [
    "fatalities_low",
    "fatalities_high",
    "injured",
    "sources",
    "articles",
    "claims",
    "contradictions",
    "needs_review",
    "date_precision",
    "place_id",
    "first_reported",
]

# ACLED's time_precision: 1 the day is known, 2 within a week (or a range of days), 3 only the month.
_TIME_PRECISION = {"day": 1, "week": 2, "estimated": 2, "month": 3, "unknown": 3}
# ACLED's disorder types group its event types.
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


def export_events(events: list[Event], fmt: str, path: str, timestamp: int | None = None) -> int:
    """Write `events` to `path` in `fmt` (acled-csv | geojson | jsonl | gold); return the number written.

    `gold` is the event-record shape `frontwire evaluate --gold` and `frontwire train --gold`
    read; callers pass it the events an analyst reviewed (`Store.reviewed_events`).
    """
    writer = _writer(fmt, str(path), timestamp)
    write_atomically(path, lambda fh: writer(list(events), fh))
    return len(events)


def write_events(events: list[Event], fmt: str, fh: IO[str], timestamp: int | None = None) -> int:
    """Write `events` in `fmt` to an open text stream (the API's downloads); return the number written."""
    _writer(fmt, fmt, timestamp)(list(events), fh)
    return len(events)


def _writer(fmt: str, where: str, timestamp: int | None) -> Callable[[list[Event], IO[str]], None]:
    key = (fmt or "").strip().lower()
    key = {"csv": "acled-csv", "acled": "acled-csv", "json-lines": "jsonl", "ndjson": "jsonl"}.get(key, key)
    writers: dict[str, Callable[[list[Event], IO[str]], None]] = {
        "acled-csv": lambda ev, fh: _write_acled_csv(ev, fh, timestamp),
        "geojson": _write_geojson,
        "jsonl": _write_jsonl,
        "gold": _write_gold,
    }
    if key not in writers:
        raise InputError(where, f"unknown export format {fmt!r} (choose {', '.join(FORMATS)})")
    return writers[key]


# ---------------------------------------------------------------- ACLED CSV


def _inter(actor: str | None, country: str | None = None) -> int | None:
    """ACLED inter code of an actor in an event in `country`, from the actor table.

    The table follows FRONTWIRE_ACTORS (or `Settings.actors_path`) as extraction and
    merging do; state forces are 1 in their own country and 8 abroad.
    """
    return actor_table().inter(actor, country) if actor else None


# Spreadsheets run a cell that starts with one of these as a formula (CSV injection):
# OWASP's advice is to prefix such a cell with a single quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _csv_safe(v: Any) -> Any:
    """A cell value that a spreadsheet will not run as a formula; numbers (-1.5) stay numbers."""
    if isinstance(v, str) and v.startswith(_FORMULA_START) and not _NUMBER.fullmatch(v):
        return "'" + v
    return v


def claim_summary(c: Claim) -> str:
    """'killed at least 40 (Russian Reconciliation Center via Outlet)'."""
    if isinstance(c.value, bool):
        # "occurred True" reads badly: a yes/no claim is just its field (or its negation).
        head = c.field if c.value else f"not {c.field}"
    else:
        value = c.value if not isinstance(c.value, (dict, list)) else json.dumps(c.value, ensure_ascii=False)
        head = " ".join(str(x) for x in (c.field, c.kind, value) if x not in (None, ""))
    who = c.claimant or "unattributed"
    return f"{head} ({who} via {c.outlet})" if c.outlet else f"{head} ({who})"


def _fmt(v: Any) -> Any:
    return "" if v is None else v


def acled_row(e: Event, timestamp: int) -> dict[str, Any]:
    """One event as a dict keyed by ACLED's column names plus frontwire's extra columns."""
    inter1, inter2 = _inter(e.actor1, e.country), _inter(e.actor2, e.country)
    if e.interaction:
        interaction = e.interaction
    elif inter1 is not None:
        a, b = sorted(x for x in (inter1, inter2 or 0))
        interaction = f"{a}{b}" if a else f"{b}0"
    else:
        interaction = ""
    cinfo = actor_table().country(e.country) or {}
    return {
        "event_id_cnty": e.event_id,
        "event_date": _fmt(e.event_date),
        "year": int(e.event_date[:4]) if e.event_date else "",
        "time_precision": _TIME_PRECISION.get(e.date_precision, 3),
        "disorder_type": _DISORDER.get(e.event_type, ""),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": _fmt(e.actor1),
        "assoc_actor_1": "; ".join(e.assoc_actor1),
        "inter1": _fmt(inter1),
        "actor2": _fmt(e.actor2),
        "assoc_actor_2": "; ".join(e.assoc_actor2),
        "inter2": _fmt(inter2),
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if e.civilian_targeting else "",
        "iso": _fmt(cinfo.get("iso")),
        "region": _fmt(cinfo.get("region")),
        "country": _fmt(e.country),
        "admin1": _fmt(e.admin1),
        "admin2": _fmt(e.admin2),
        "admin3": "",
        "location": e.location,
        "latitude": _fmt(e.latitude),
        "longitude": _fmt(e.longitude),
        "geo_precision": _fmt(e.geo_precision),
        "source": "; ".join(e.sources),
        "source_scale": "",
        "notes": e.notes,
        # Empty, not 0, when no source gives a figure: unknown is not "none died".
        "fatalities": _fmt(e.fatalities),
        "tags": "needs review" if e.needs_review else "",
        "timestamp": timestamp,
        "fatalities_low": _fmt(e.fatalities_low),
        "fatalities_high": _fmt(e.fatalities_high),
        "injured": _fmt(e.injured),
        "sources": "; ".join(e.sources),
        "articles": "; ".join(e.articles),
        "claims": "; ".join(claim_summary(c) for c in e.claims),
        "contradictions": "; ".join(f"{c.field}: {c.explanation}" for c in e.contradictions),
        "needs_review": bool(e.needs_review),
        "date_precision": e.date_precision,
        "place_id": _fmt(e.place_id),
        "first_reported": _fmt(e.first_reported),
    }


def _write_acled_csv(events: list[Event], fh: IO[str], timestamp: int | None) -> None:
    ts = int(time.time()) if timestamp is None else int(timestamp)
    w = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS)
    w.writeheader()
    for e in events:
        w.writerow({k: _csv_safe(v) for k, v in acled_row(e, ts).items()})


# ---------------------------------------------------------------- GeoJSON / JSONL


def event_feature(e: Event) -> dict[str, Any]:
    """A GeoJSON Feature; events without coordinates keep `geometry: null`."""
    props = e.to_dict()
    geom = None
    if e.latitude is not None and e.longitude is not None:
        geom = {"type": "Point", "coordinates": [e.longitude, e.latitude]}
    return {"type": "Feature", "id": e.event_id, "geometry": geom, "properties": props}


def _write_geojson(events: list[Event], fh: IO[str]) -> None:
    json.dump(
        {"type": "FeatureCollection", "features": [event_feature(e) for e in events]}, fh, ensure_ascii=False, indent=1
    )
    fh.write("\n")


def _write_jsonl(events: list[Event], fh: IO[str]) -> None:
    for e in events:
        fh.write(json.dumps(e.to_dict(), ensure_ascii=False))
        fh.write("\n")


def gold_record(e: Event) -> dict[str, Any]:
    """One event in the gold shape (one line of a gold JSONL): its articles, fields, claims and evidence."""
    return {
        "article": e.articles[0] if e.articles else None,
        "articles": list(e.articles),
        "event_id": e.event_id,
        "event_date": e.event_date,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "assoc_actor1": "; ".join(e.assoc_actor1) or None,
        "actor2": e.actor2,
        "assoc_actor2": "; ".join(e.assoc_actor2) or None,
        "location": e.location,
        "admin1": e.admin1,
        "country": e.country,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "place_id": e.place_id,
        "geo_precision": e.geo_precision,
        "fatalities": e.fatalities,
        "injured": e.injured,
        "claims": [{"field": c.field, "value": c.value, "claimant": c.claimant, "kind": c.kind} for c in e.claims],
        "optional": False,
        "evidence": e.evidence[0].sentence if e.evidence else None,
    }


def _write_gold(events: list[Event], fh: IO[str]) -> None:
    for e in events:
        if e.articles:  # a gold event is found again by its articles
            fh.write(json.dumps(gold_record(e), ensure_ascii=False, default=str))
            fh.write("\n")


# ---------------------------------------------------------------- pandas


def to_dataframe(events: list[Event]):  # -> pandas.DataFrame (imported lazily: pandas is slow to load)
    """One row per event, one column per Event field; claims/contradictions/evidence as lists of dicts."""
    import pandas as pd

    cols = [f.name for f in dataclasses.fields(Event)]
    return pd.DataFrame([e.to_dict() for e in events], columns=cols)
