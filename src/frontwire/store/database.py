"""The `Store`: articles, mentions, events, claims, outlets and coding failures in one database.

Every write is one transaction and every row has a stable id, so saving the same
thing twice changes nothing. `Store.transaction()` groups several calls into one
transaction (a batch's save and merge), so a crash leaves all of it or none.
"""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from ..model import Article, Event, EventMention, InputError
from ..serialize import mention_from_dict
from .connect import make_engine
from .corrections import Corrections
from .queries import Queries
from .tables import (
    PG_SCHEMA_LOCK,
    SCHEMA_VERSION,
    article_from_row,
    chunks,
    event_row,
    event_sources,
    mention_row,
    metadata,
    t_articles,
    t_claims,
    t_events,
    t_failures,
    t_members,
    t_mentions,
    t_meta,
    t_outlets,
    t_sources,
    text_hash,
)


class Store(Queries, Corrections):
    """Articles, event mentions, merged events, claims and outlets in one database."""

    def __init__(self, db: str = "frontwire.db"):
        self.db = str(db)
        self._local = threading.local()  # the transaction this thread is in, if any
        self.engine = make_engine(self.db)
        try:
            self._init_schema()
        except sa.exc.OperationalError as exc:
            self.engine.dispose()
            raise InputError(self.db, f"cannot open database ({exc.orig or exc})") from None
        except sa.exc.DatabaseError as exc:
            self.engine.dispose()
            raise InputError(self.db, f"not a frontwire database ({exc.orig or exc})") from None

    # ------------------------------------------------------------ setup

    def _init_schema(self) -> None:
        # Under the write lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL),
        # so two first runs on a new database cannot both try CREATE TABLE.
        with self.transaction() as c:
            if c.dialect.name == "postgresql":
                c.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_SCHEMA_LOCK})
            existing = set(sa.inspect(c).get_table_names())
            if existing and "frontwire_meta" not in existing and c.dialect.name == "sqlite":
                raise InputError(
                    self.db,
                    "not a frontwire database (a SQLite file holding other tables: "
                    + ", ".join(sorted(existing)[:5])
                    + ")",
                )
            metadata.create_all(c)
            if c.execute(sa.select(t_meta.c.value).where(t_meta.c.key == "schema")).first() is None:
                c.execute(t_meta.insert().values(key="schema", value=SCHEMA_VERSION))

    # ------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One write transaction; every Store call made inside it (in this thread) joins it.

        On SQLite it starts with BEGIN IMMEDIATE, so a read-merge-write step never
        meets another writer half-way (no "database is locked" on upgrade) and a crash
        anywhere inside leaves nothing of it behind.
        """
        joined = getattr(self._local, "conn", None)
        if joined is not None:
            yield joined
            return
        with self.engine.connect().execution_options(frontwire_write=True) as c:
            with c.begin():
                self._local.conn = c
                try:
                    yield c
                finally:
                    self._local.conn = None

    @contextlib.contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        joined = getattr(self._local, "conn", None)
        if joined is not None:
            yield joined
            return
        with self.engine.connect() as c:
            yield c

    def close(self) -> None:
        """Fold the write-ahead log into the database file and release every connection.

        After this the `.db` file alone holds all the data (copying it is enough).
        """
        if self.engine.dialect.name == "sqlite" and self.db != ":memory:":
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]  # outside any transaction
            except sqlite3.Error:
                pass  # another process is busy with the file: the last one to close checkpoints
            finally:
                raw.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------ articles and mentions

    def has_article(self, article_id: str, text_hash: str) -> bool:
        """True when this article is stored with exactly this text (so it needs no re-coding)."""
        return self.stored_hashes([article_id]).get(article_id) == text_hash

    def stored_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id -> text hash, for the given ids already stored (one query per chunk)."""
        return self._by_article(t_articles.c.text_hash, article_ids)

    def save_articles_and_mentions(
        self, articles: list[Article], mentions: list[EventMention], framings: dict[str, dict] | None = None
    ) -> None:
        """Upsert articles (by id) with their mentions in one transaction.

        Re-saving an article replaces all its previous mentions. `framings` maps
        article id -> framing dict (stored with the article).
        """
        framings = framings or {}
        ids = list(dict.fromkeys(a.id for a in articles))
        with self.transaction() as c:
            for chunk in chunks(ids):
                c.execute(t_mentions.delete().where(t_mentions.c.article_id.in_(chunk)))
                c.execute(t_articles.delete().where(t_articles.c.id.in_(chunk)))
                c.execute(t_failures.delete().where(t_failures.c.article_id.in_(chunk)))
            latest = {a.id: a for a in articles}  # the last copy of a duplicated id wins
            article_rows = []
            for aid in ids:
                a = latest[aid]
                meta = dict(a.meta)
                framing = framings.get(a.id, meta.pop("framing", None))
                meta.pop("framing", None)  # kept in its own column (articles() puts it back in meta)
                article_rows.append(
                    dict(
                        id=a.id,
                        url=a.url,
                        outlet=a.outlet,
                        published=a.published,
                        language=a.language,
                        title=a.title,
                        text=a.text,
                        text_hash=text_hash(a.text),
                        source=a.source,
                        meta=meta,
                        framing=framing,
                    )
                )
            if article_rows:
                c.execute(t_articles.insert(), article_rows)
            self._ensure_outlets(c, {a.outlet for a in latest.values() if a.outlet})
            mids = list(dict.fromkeys(m.mention_id for m in mentions if m.mention_id))
            for chunk in chunks(mids):
                c.execute(t_mentions.delete().where(t_mentions.c.mention_id.in_(chunk)))
            rows = {}
            for m in mentions:
                if not m.mention_id:
                    raise ValueError(f"mention of article {m.article_id!r} has no mention_id")
                rows[m.mention_id] = mention_row(m)
            if rows:
                c.execute(t_mentions.insert(), list(rows.values()))

    def save_failures(self, failed: Sequence[tuple[Article, str | None]]) -> None:
        """Keep articles the coder failed on (whole, with the error); a later success removes them."""
        if not failed:
            return
        now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        rows = {
            a.id: dict(article_id=a.id, text_hash=text_hash(a.text), error=err, failed_at=now, article=a.to_dict())
            for a, err in failed
        }
        with self.transaction() as c:
            for chunk in chunks(sorted(rows)):
                c.execute(t_failures.delete().where(t_failures.c.article_id.in_(chunk)))
            c.execute(t_failures.insert(), list(rows.values()))

    def failures(self) -> list[dict[str, Any]]:
        """Articles whose coding failed: id, error, when, and the article itself."""
        with self._read() as c:
            return [dict(r) for r in c.execute(sa.select(t_failures).order_by(t_failures.c.article_id)).mappings()]

    def orphan_mentions(self) -> list[EventMention]:
        """Stored mentions that belong to no event (what a crash between save and merge left)."""
        q = (
            sa.select(t_mentions.c.payload)
            .where(~sa.exists().where(t_members.c.mention_id == t_mentions.c.mention_id))
            .order_by(t_mentions.c.article_id, t_mentions.c.mention_id)
        )
        with self._read() as c:
            return [mention_from_dict(p) for p in c.execute(q).scalars()]

    def mention_ids_for_articles(self, article_ids: Iterable[str]) -> set[str]:
        """Ids of the stored mentions of these articles (to find events a re-save affects)."""
        with self._read() as c:
            return set(self._by_ids(c, sa.select(t_mentions.c.mention_id), t_mentions.c.article_id, article_ids))

    def mentions(
        self,
        start: str | None = None,
        end: str | None = None,
        article_ids: Iterable[str] | None = None,
        include_undated: bool = False,
        undated_only: bool = False,
        mention_ids: Iterable[str] | None = None,
    ) -> list[EventMention]:
        """Stored mentions with event_date in [start, end] (inclusive, ISO strings).

        With no start/end every mention is returned, undated ones included. With a
        window, undated mentions are added only when `include_undated`;
        `undated_only` returns just the mentions whose date is null.
        `article_ids` / `mention_ids` restrict the result further.
        """
        q = sa.select(t_mentions.c.payload).order_by(t_mentions.c.article_id, t_mentions.c.mention_id)
        if undated_only:
            q = q.where(t_mentions.c.event_date.is_(None))
        elif start or end:
            cond: sa.ColumnElement[bool] = sa.true()
            if start:
                cond = sa.and_(cond, t_mentions.c.event_date >= start)
            if end:
                cond = sa.and_(cond, t_mentions.c.event_date <= end)
            if include_undated:
                cond = sa.or_(cond, t_mentions.c.event_date.is_(None))
            q = q.where(cond)
        with self._read() as c:
            if article_ids is not None and mention_ids is not None:
                allowed = set(article_ids)
                rows = [
                    p
                    for p in self._by_ids(c, q, t_mentions.c.mention_id, mention_ids)
                    if p.get("article_id") in allowed
                ]
            elif article_ids is not None:
                rows = self._by_ids(c, q, t_mentions.c.article_id, article_ids)
            elif mention_ids is not None:
                rows = self._by_ids(c, q, t_mentions.c.mention_id, mention_ids)
            else:
                rows = list(c.execute(q).scalars())
        return [mention_from_dict(p) for p in rows]

    @staticmethod
    def _by_ids(c: sa.Connection, q: sa.Select, col: sa.Column, ids: Iterable[str]) -> list[Any]:
        rows: list[Any] = []
        for chunk in chunks(sorted(set(ids))):
            rows.extend(c.execute(q.where(col.in_(chunk))).scalars())
        return rows

    def published_dates(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id -> publication date, for the given articles that have one."""
        return self._by_article(t_articles.c.published, article_ids)

    def _by_article(self, column: sa.Column, article_ids: Iterable[str]) -> dict[str, Any]:
        """Article id -> `column`, for the given stored articles where it is not NULL."""
        out: dict[str, Any] = {}
        with self._read() as c:
            for chunk in chunks(sorted(set(article_ids))):
                out.update(
                    (i, v)
                    for i, v in c.execute(
                        sa.select(t_articles.c.id, column).where(t_articles.c.id.in_(chunk), column.is_not(None))
                    )
                )
        return out

    # ------------------------------------------------------------ events

    def events_with_mentions(self, mention_ids: set[str]) -> list[Event]:
        """Stored events merged from any of these mentions."""
        with self._read() as c:
            event_ids = set(self._by_ids(c, sa.select(t_members.c.event_id), t_members.c.mention_id, mention_ids))
            return self._load_events(c, sorted(event_ids))

    def replace_events(self, old_event_ids: set[str], events: list[Event]) -> None:
        """In one transaction: delete these events (and their claims/sources) and insert `events`."""
        doomed = list(set(old_event_ids) | {e.event_id for e in events})
        with self.transaction() as c:
            for chunk in chunks(doomed):
                for t in (t_claims, t_sources, t_members, t_events):
                    c.execute(t.delete().where(t.c.event_id.in_(chunk)))
            latest = {e.event_id: e for e in events}
            if not latest:
                return
            c.execute(t_events.insert(), [event_row(e) for e in latest.values()])
            claims: list[dict] = []
            sources: list[dict] = []
            members: list[dict] = []
            for e in latest.values():
                for cl in e.claims:
                    claims.append(
                        dict(
                            event_id=e.event_id,
                            field=cl.field,
                            value=cl.value,
                            kind=cl.kind,
                            claimant=cl.claimant,
                            outlet=cl.outlet,
                            article_id=cl.article_id,
                            evidence=cl.evidence.to_dict() if cl.evidence else None,
                        )
                    )
                pairs = event_sources(e)
                sources.extend(dict(event_id=e.event_id, outlet=o, article_id=a) for o, a in pairs)
                members.extend(dict(event_id=e.event_id, mention_id=m) for m in dict.fromkeys(e.mention_ids))
            self._ensure_outlets(c, {o for e in latest.values() for o in e.sources if o})
            for table, rows in ((t_claims, claims), (t_sources, sources), (t_members, members)):
                if rows:
                    c.execute(table.insert(), rows)

    # ------------------------------------------------------------ articles, outlets, summary

    def article(self, article_id: str) -> Article | None:
        with self._read() as c:
            row = c.execute(sa.select(t_articles).where(t_articles.c.id == article_id)).mappings().first()
        return article_from_row(row) if row else None

    def articles(self) -> list[Article]:
        with self._read() as c:
            return [article_from_row(r) for r in c.execute(sa.select(t_articles).order_by(t_articles.c.id)).mappings()]

    def iter_outlet_framings(
        self, chunk: int = 1000, outlets: Iterable[str | None] | None = None
    ) -> Iterable[tuple[str, dict]]:
        """(outlet or "unknown", framing) of every article (or only these outlets' articles), by id,
        streamed in chunks (texts stay unread)."""
        base = sa.select(t_articles.c.id, t_articles.c.outlet, t_articles.c.framing).order_by(t_articles.c.id)
        if outlets is not None:
            wanted = set(outlets)
            names = sorted({o for o in wanted if o})
            cond: sa.ColumnElement[bool] = t_articles.c.outlet.in_(names)
            if None in wanted or "unknown" in wanted:  # articles without an outlet are grouped as "unknown"
                cond = sa.or_(cond, t_articles.c.outlet.is_(None))
            base = base.where(cond)
        last = None
        while True:
            q = base
            if last is not None:
                q = q.where(t_articles.c.id > last)
            with self._read() as c:
                rows = c.execute(q.limit(chunk)).all()
            if not rows:
                return
            for _, outlet, framing in rows:
                yield outlet or "unknown", framing or {}
            last = rows[-1][0]

    def article_framing(self, article_id: str) -> dict | None:
        with self._read() as c:
            return c.execute(sa.select(t_articles.c.framing).where(t_articles.c.id == article_id)).scalar()

    def set_outlet_framing(self, name: str, framing: dict) -> None:
        """Store an outlet's stance/framing summary (replacing the previous one)."""
        with self.transaction() as c:
            self._ensure_outlets(c, {name})
            c.execute(t_outlets.update().where(t_outlets.c.name == name).values(stance=framing))

    @staticmethod
    def _ensure_outlets(c: sa.Connection, names: set[str]) -> None:
        """Add the outlets not yet stored (one query for the batch, not one per row)."""
        have: set[str] = set()
        for chunk in chunks(sorted(names)):
            have.update(r[0] for r in c.execute(sa.select(t_outlets.c.name).where(t_outlets.c.name.in_(chunk))))
        new = sorted(names - have)
        if new:
            c.execute(t_outlets.insert(), [dict(name=n, stance=None) for n in new])


# ---------------------------------------------------------------- row helpers
