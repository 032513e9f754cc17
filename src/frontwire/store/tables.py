"""The store's tables, and model objects as rows and back.

Whole dataclasses are kept as JSON `payload`s; the scalar columns beside them
exist for filtering and indexing in SQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from ..model import Article, Event, EventMention
from ..serialize import article_from_dict

SCHEMA_VERSION = "1"
CHUNK = 500  # ids per IN (...) clause: stays under SQLite's bound-parameter limit
PG_SCHEMA_LOCK = 0x66775F736368  # advisory lock id held while creating tables on PostgreSQL

metadata = sa.MetaData()

t_meta = sa.Table(
    "frontwire_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text),
)

t_articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(255), primary_key=True),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.String(255), index=True),
    sa.Column("published", sa.String(10), index=True),
    sa.Column("language", sa.String(16)),
    sa.Column("title", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("text_hash", sa.String(40), nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("meta", sa.JSON),
    sa.Column("framing", sa.JSON),
)

t_mentions = sa.Table(
    "event_mentions",
    metadata,
    sa.Column("mention_id", sa.String(255), primary_key=True),
    sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("event_date", sa.String(10), index=True),
    sa.Column("event_type", sa.String(64), index=True),
    sa.Column("sub_event_type", sa.String(64)),
    sa.Column("location_text", sa.Text),
    sa.Column("place_id", sa.String(128), index=True),
    sa.Column("place_name", sa.Text),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("country", sa.String(128)),
    sa.Column("admin1", sa.String(128)),
    sa.Column("admin2", sa.String(128)),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("actor1", sa.Text),
    sa.Column("actor2", sa.Text),
    sa.Column("outlet", sa.String(255)),
    sa.Column("payload", sa.JSON, nullable=False),
)

t_events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.String(255), primary_key=True),
    sa.Column("event_date", sa.String(10), index=True),
    sa.Column("date_precision", sa.String(16)),
    sa.Column("event_type", sa.String(64), index=True),
    sa.Column("sub_event_type", sa.String(64), index=True),
    sa.Column("actor1", sa.Text),
    sa.Column("actor2", sa.Text),
    sa.Column("assoc_actors", sa.Text),
    sa.Column("location", sa.Text, index=True),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("place_id", sa.String(128), index=True),
    sa.Column("country", sa.String(128)),
    sa.Column("admin1", sa.String(128)),
    sa.Column("admin2", sa.String(128)),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("fatalities", sa.Integer),
    sa.Column("fatalities_low", sa.Integer),
    sa.Column("fatalities_high", sa.Integer),
    sa.Column("injured", sa.Integer),
    sa.Column("civilian_targeting", sa.Boolean),
    sa.Column("needs_review", sa.Boolean),
    sa.Column("first_reported", sa.String(10)),
    sa.Column("search_text", sa.Text),  # lower-cased text for `q` searches
    sa.Column("payload", sa.JSON, nullable=False),
)

t_members = sa.Table(
    "event_members",
    metadata,  # which mentions an event was merged from
    sa.Column("event_id", sa.String(255), primary_key=True),
    sa.Column("mention_id", sa.String(255), primary_key=True, index=True),
)

t_claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(255), nullable=False, index=True),
    sa.Column("field", sa.String(64)),
    sa.Column("value", sa.JSON),
    sa.Column("kind", sa.String(64)),
    sa.Column("claimant", sa.Text),
    sa.Column("outlet", sa.String(255)),
    sa.Column("article_id", sa.String(255)),
    sa.Column("evidence", sa.JSON),
)

t_sources = sa.Table(
    "event_sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(255), nullable=False, index=True),
    sa.Column("outlet", sa.String(255), index=True),
    sa.Column("article_id", sa.String(255)),
)

t_failures = sa.Table(
    "coding_failures",
    metadata,  # articles the coder crashed on: kept whole, re-tried by the next run
    sa.Column("article_id", sa.String(255), primary_key=True),
    sa.Column("text_hash", sa.String(40), nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("failed_at", sa.String(32)),
    sa.Column("article", sa.JSON, nullable=False),
)

t_outlets = sa.Table(
    "outlets",
    metadata,
    sa.Column("name", sa.String(255), primary_key=True),
    sa.Column("stance", sa.JSON),
)

t_corrections = sa.Table(
    "corrections",
    metadata,  # an analyst's accept/edit/reject/merge/split of an event: the audit trail
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(255), nullable=False, index=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", sa.String(32), nullable=False),  # UTC, ISO 8601
    sa.Column("changes", sa.JSON),
    sa.Column("before", sa.JSON, nullable=False),  # the events (dicts) as they were
    sa.Column("after", sa.JSON, nullable=False),  # the events the correction made
    sa.Column("anchor", sa.JSON),  # mention ids: find the event again after a re-merge
    sa.Column("undone", sa.Boolean, nullable=False, default=False),
)


def text_hash(text: str) -> str:
    """SHA-1 of an article's text: tells a changed article from an unchanged one."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def chunks(items: Sequence[Any], n: int = CHUNK) -> Iterable[Sequence[Any]]:
    """`items` in slices of at most `n` (one IN (...) clause each)."""
    for i in range(0, len(items), n):
        yield items[i : i + n]


def mention_row(m: EventMention) -> dict[str, Any]:
    p = m.place
    return dict(
        mention_id=m.mention_id,
        article_id=m.article_id,
        event_date=m.event_date,
        event_type=m.event_type,
        sub_event_type=m.sub_event_type,
        location_text=m.location_text,
        place_id=p.place_id if p else None,
        place_name=p.name if p else None,
        latitude=p.latitude if p else None,
        longitude=p.longitude if p else None,
        country=p.country if p else None,
        admin1=p.admin1 if p else None,
        admin2=p.admin2 if p else None,
        geo_precision=p.geo_precision if p else None,
        actor1=m.actor1,
        actor2=m.actor2,
        outlet=m.outlet,
        payload=m.to_dict(),
    )


def event_sources(e: Event) -> list[tuple[str | None, str | None]]:
    """(outlet, article) pairs; from claims/evidence where they tell which outlet ran which article."""
    pairs: dict[tuple[str | None, str | None], None] = {}
    by_article: dict[str, str | None] = {}
    for cl in e.claims:
        if cl.article_id and cl.outlet:
            by_article[cl.article_id] = cl.outlet
    for a in e.articles:
        pairs[(by_article.get(a), a)] = None
    covered = {o for o, _ in pairs if o}
    for o in e.sources:
        if o not in covered:
            pairs[(o, None)] = None
    return list(pairs)


def event_row(e: Event) -> dict[str, Any]:
    assoc = "; ".join([*e.assoc_actor1, *e.assoc_actor2])
    words = [
        e.location,
        e.actor1,
        e.actor2,
        assoc,
        e.event_type,
        e.sub_event_type,
        e.notes,
        e.admin1,
        e.admin2,
        e.country,
        *e.sources,
        *(ev.sentence for ev in e.evidence),
    ]
    return dict(
        event_id=e.event_id,
        event_date=e.event_date,
        date_precision=e.date_precision,
        event_type=e.event_type,
        sub_event_type=e.sub_event_type,
        actor1=e.actor1,
        actor2=e.actor2,
        assoc_actors=assoc or None,
        location=e.location,
        latitude=e.latitude,
        longitude=e.longitude,
        place_id=e.place_id,
        country=e.country,
        admin1=e.admin1,
        admin2=e.admin2,
        geo_precision=e.geo_precision,
        fatalities=e.fatalities,
        fatalities_low=e.fatalities_low,
        fatalities_high=e.fatalities_high,
        injured=e.injured,
        civilian_targeting=bool(e.civilian_targeting),
        needs_review=bool(e.needs_review),
        first_reported=e.first_reported,
        search_text=" ".join(w for w in words if w).lower(),
        payload=e.to_dict(),
    )


def article_from_row(row: Any) -> Article:
    a = article_from_dict(
        {k: row[k] for k in ("id", "text", "url", "outlet", "published", "language", "title", "source", "meta")}
    )
    if row["framing"] is not None:
        # Stored framing travels with the article (frame_outlets reads it from meta).
        a.meta["framing"] = row["framing"]
    return a
