"""Read-side queries of the store: events by filter, outlets with counts, totals.

A mixin of `Store` (it reads through `self._read()`), kept apart so the write paths
and the queries the API and CLI run can each be read on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

import sqlalchemy as sa

from ..model import Event
from ..serialize import event_from_dict
from .corrections import rejected_ids_query
from .tables import chunks, t_articles, t_events, t_mentions, t_outlets, t_sources

# Event columns a filter may match, case-insensitively: actors by substring (as `actor`), places exactly
FILTER_COLUMNS = {
    "actor1": "substring",
    "actor2": "substring",
    "country": "exact",
    "admin1": "exact",
    "admin2": "exact",
    "location": "exact",
}


def _more_filters(s: sa.Select, needs_review: bool | None, columns: dict[str, str] | None) -> sa.Select:
    if needs_review is not None:
        flag = sa.func.coalesce(t_events.c.needs_review, sa.false())
        s = s.where(flag == sa.true() if needs_review else flag == sa.false())
    for name, value in (columns or {}).items():
        if FILTER_COLUMNS.get(name) is None or not value:
            continue
        col = sa.func.lower(t_events.c[name])
        if FILTER_COLUMNS[name] == "substring":
            s = s.where(col.like(f"%{_like_escape(value.lower())}%", escape="\\"))
        else:
            s = s.where(col == value.lower())
    return s


class Queries:
    """Filtered event reads, outlets and summary (mixed into `Store`)."""

    def _read(self) -> AbstractContextManager[sa.Connection]:
        raise NotImplementedError

    def events(
        self,
        start: str | None = None,
        end: str | None = None,
        bbox: Any = None,
        type: str | None = None,
        sub_type: str | None = None,
        actor: str | None = None,
        outlet: str | None = None,
        min_fatalities: int | None = None,
        q: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        include_rejected: bool = False,
        needs_review: bool | None = None,
        columns: dict[str, str] | None = None,
    ) -> list[Event]:
        """Events matching all given filters, ordered by date (undated last) then id.

        bbox: (west, south, east, north) in degrees, or the string "w,s,e,n".
        actor/q: case-insensitive substring; outlet: exact (case-insensitive) name.
        Events an analyst rejected are left out unless `include_rejected`.
        needs_review: only events flagged (True) or not flagged (False) for review.
        columns: ACLED columns matched case-insensitively (see `FILTER_COLUMNS`).
        """
        s = self._filtered(
            sa.select(t_events.c.payload), start, end, bbox, type, sub_type, actor, outlet, min_fatalities, q
        )
        s = _more_filters(s, needs_review, columns)
        if not include_rejected:
            s = s.where(t_events.c.event_id.not_in(rejected_ids_query()))
        s = s.order_by(t_events.c.event_date.is_(None), t_events.c.event_date, t_events.c.event_id)
        if limit is not None:
            s = s.limit(int(limit))
        if offset:
            s = s.offset(int(offset))
        with self._read() as c:
            return [event_from_dict(p) for p in c.execute(s).scalars()]

    def count_events(self, **filters: Any) -> int:
        """Number of stored events (optionally with the same filters as `events`)."""
        s = self._filtered(
            sa.select(sa.func.count()).select_from(t_events),
            filters.get("start"),
            filters.get("end"),
            filters.get("bbox"),
            filters.get("type"),
            filters.get("sub_type"),
            filters.get("actor"),
            filters.get("outlet"),
            filters.get("min_fatalities"),
            filters.get("q"),
        )
        s = _more_filters(s, filters.get("needs_review"), filters.get("columns"))
        if not filters.get("include_rejected"):
            s = s.where(t_events.c.event_id.not_in(rejected_ids_query()))
        with self._read() as c:
            return int(c.execute(s).scalar_one())

    def event(self, event_id: str) -> Event | None:
        with self._read() as c:
            p = c.execute(sa.select(t_events.c.payload).where(t_events.c.event_id == event_id)).scalar()
        return event_from_dict(p) if p is not None else None

    def _filtered(
        self,
        s: sa.Select,
        start: Any,
        end: Any,
        bbox: Any,
        type: Any,
        sub_type: Any,
        actor: Any,
        outlet: Any,
        min_fatalities: Any,
        q: Any,
    ) -> sa.Select:
        e = t_events.c
        if start:
            s = s.where(e.event_date >= str(start))
        if end:
            s = s.where(e.event_date <= str(end))
        if bbox is not None and bbox != "":
            w, so, ea, n = _parse_bbox(bbox)
            s = s.where(e.longitude >= w, e.longitude <= ea, e.latitude >= so, e.latitude <= n)
        if type:
            s = s.where(e.event_type == type)
        if sub_type:
            s = s.where(e.sub_event_type == sub_type)
        if actor:
            pat = f"%{_like_escape(actor.lower())}%"
            s = s.where(
                sa.or_(*(sa.func.lower(col).like(pat, escape="\\") for col in (e.actor1, e.actor2, e.assoc_actors)))
            )
        if outlet:
            sub = sa.select(t_sources.c.event_id).where(sa.func.lower(t_sources.c.outlet) == outlet.lower())
            s = s.where(e.event_id.in_(sub))
        if min_fatalities is not None:
            s = s.where(e.fatalities >= int(min_fatalities))
        if q:
            for word in q.lower().split():
                s = s.where(e.search_text.like(f"%{_like_escape(word)}%", escape="\\"))
        return s

    def _load_events(self, c: sa.Connection, ids: Sequence[str]) -> list[Event]:
        out: list[Event] = []
        for chunk in chunks(list(ids)):
            out.extend(
                event_from_dict(p)
                for p in c.execute(
                    sa.select(t_events.c.payload).where(t_events.c.event_id.in_(chunk)).order_by(t_events.c.event_id)
                ).scalars()
            )
        return out

    def outlets(self) -> list[dict]:
        """One dict per outlet: name, articles (count), events (count), stance, framing."""
        with self._read() as c:
            names = {r[0]: r[1] for r in c.execute(sa.select(t_outlets.c.name, t_outlets.c.stance))}
            n_art: dict[str, int] = dict(
                c.execute(
                    sa.select(t_articles.c.outlet, sa.func.count())
                    .where(t_articles.c.outlet.is_not(None))
                    .group_by(t_articles.c.outlet)
                ).all()
            )
            n_ev: dict[str, int] = dict(
                c.execute(
                    sa.select(t_sources.c.outlet, sa.func.count(sa.distinct(t_sources.c.event_id)))
                    .where(t_sources.c.outlet.is_not(None))
                    .group_by(t_sources.c.outlet)
                ).all()
            )
        out = []
        for name in sorted(set(names) | set(n_art) | set(n_ev)):
            framing = names.get(name)
            stance = framing.get("stance") if isinstance(framing, dict) else None
            out.append(
                {
                    "name": name,
                    "articles": int(n_art.get(name, 0)),
                    "events": int(n_ev.get(name, 0)),
                    "stance": stance,
                    "framing": framing,
                }
            )
        return out

    def summary(self) -> dict:
        """Totals and event counts by day and by type."""
        e = t_events.c
        with self._read() as c:
            by_day = {
                d: n
                for d, n in c.execute(
                    sa.select(e.event_date, sa.func.count())
                    .where(e.event_date.is_not(None))
                    .group_by(e.event_date)
                    .order_by(e.event_date)
                )
            }
            by_type = {
                t: n
                for t, n in c.execute(
                    sa.select(e.event_type, sa.func.count()).group_by(e.event_type).order_by(e.event_type)
                )
            }
            count = lambda t: int(c.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())  # noqa: E731
            undated = int(
                c.execute(sa.select(sa.func.count()).select_from(t_events).where(e.event_date.is_(None))).scalar_one()
            )
            return {
                "events": count(t_events),
                "articles": count(t_articles),
                "mentions": count(t_mentions),
                "outlets": count(t_outlets),
                "undated_events": undated,
                "by_day": by_day,
                "by_type": by_type,
            }


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _parse_bbox(bbox: Any) -> tuple[float, float, float, float]:
    try:
        parts = [float(x) for x in (bbox.split(",") if isinstance(bbox, str) else bbox)]
    except (TypeError, ValueError):
        parts = []
    if len(parts) != 4:
        raise ValueError(f"bbox must be west,south,east,north; got {bbox!r}")
    return parts[0], parts[1], parts[2], parts[3]
