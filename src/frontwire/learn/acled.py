"""Scoring frontwire against an ACLED export's own coding (the user's download).

Each row's `notes` are coded as a one-paragraph report published on its
`event_date`; the main event frontwire finds is compared with the row: sub-event
type, date, place within 10 km of the row's point, and fatalities.
"""

from __future__ import annotations

import csv
import sys
from typing import Any

from ..coding import code_articles_safely
from ..geo.gazetteer import haversine_km
from ..model import Article, EventMention, InputError
from ..settings import Settings
from .examples import NO_EVENT
from .model import weighted_f1

NEEDED = {"notes", "sub_event_type", "event_date", "latitude", "longitude", "fatalities"}


def read_rows(path: str) -> list[dict[str, str]]:
    """The rows of an ACLED export that carry notes (InputError naming the file otherwise)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = NEEDED - set(reader.fieldnames or [])
            if missing:
                raise InputError(path, f"not an ACLED export: no {', '.join(sorted(missing))} column")
            rows = [r for r in reader if (r.get("notes") or "").strip()]
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None
    if not rows:
        raise InputError(path, "no rows with notes")
    return rows


def _main(mentions: list[EventMention]) -> EventMention | None:
    return min(mentions, key=lambda m: m.evidence.start if m.evidence else 0) if mentions else None


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except ValueError:
        return None


def score_acled(path: str, settings: Settings | None = None) -> dict[str, Any]:
    """Weighted sub-type F1, events found, and date / place / fatality agreement on found events."""
    rows = read_rows(path)
    arts = [
        Article(id=f"row{i}", text=r["notes"], published=(r.get("event_date") or "")[:10] or None)
        for i, r in enumerate(rows)
    ]
    gold, pred = [], []
    agree = {"date": 0, "within_10km": 0, "fatalities": 0, "placed": 0}
    found = 0
    for row, coded in zip(rows, code_articles_safely(arts, settings=settings)):
        m = _main(coded.mentions)
        gold.append(row.get("sub_event_type") or NO_EVENT)
        pred.append(m.sub_event_type if m else NO_EVENT)
        if m is None:
            continue
        found += 1
        agree["date"] += m.event_date == (row.get("event_date") or "")[:10]
        lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
        if (
            m.place
            and m.place.latitude is not None
            and m.place.longitude is not None
            and lat is not None
            and lon is not None
        ):
            agree["placed"] += 1
            agree["within_10km"] += haversine_km(m.place.latitude, m.place.longitude, lat, lon) <= 10
        killed = sum(int(c.value) for c in m.claims if c.field == "killed" and str(c.value).isdigit())
        agree["fatalities"] += str(killed) == (row.get("fatalities") or "0").strip()
    f1, per = weighted_f1(gold, pred)
    share: dict[str, float | None] = {
        k: round(v / found, 3) if found else 0.0 for k, v in agree.items() if k not in ("placed", "within_10km")
    }
    # the place is judged only where both sides have coordinates
    share["within_10km"] = round(agree["within_10km"] / agree["placed"], 3) if agree["placed"] else None
    return {"rows": len(rows), "events_found": found, "sub_event_type_weighted_f1": f1, **share, "per_label": per}
