"""Scoring frontwire against an ACLED export's own coding (the user's download).

Each row's `notes` are coded as a one-paragraph report published on its
`event_date`; the main event frontwire finds is compared with the row: sub-event
type, date, place within 10 km of the row's point, and fatalities.
"""

from __future__ import annotations

from typing import Any

from ..coding import code_articles_safely
from ..geo.gazetteer import haversine_km
from ..model import Article
from ..settings import Settings
from .examples import NO_EVENT, read_acled_rows
from .model import weighted_f1
from .snippets import main_mention

NEEDED = {"notes", "sub_event_type", "event_date", "latitude", "longitude", "fatalities"}


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except ValueError:
        return None


def score_acled(path: str, settings: Settings | None = None) -> dict[str, Any]:
    """Weighted sub-type F1, events found, and date / place / fatality agreement on found events."""
    rows = read_acled_rows(path, NEEDED)
    arts = [
        Article(id=f"row{i}", text=r["notes"], published=(r.get("event_date") or "")[:10] or None)
        for i, r in enumerate(rows)
    ]
    gold, pred = [], []
    agree = {"date": 0, "within_10km": 0, "fatalities": 0, "placed": 0}
    found = 0
    for row, coded in zip(rows, code_articles_safely(arts, settings=settings)):
        m = main_mention(coded.mentions)
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
