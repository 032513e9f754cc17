"""Opening a database: SQLite files (WAL, frontwire's own BEGIN) or any SQLAlchemy URL."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.pool import StaticPool

from ..model import InputError


def make_engine(db: str) -> sa.Engine:
    """An engine for a SQLite path, ":memory:" or a SQLAlchemy URL; InputError when unusable."""
    if "://" in db:
        url = sa.engine.make_url(db)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            _check_sqlite_path(url.database, db)
    elif db == ":memory:":
        url = sa.engine.make_url("sqlite://")
    else:
        _check_sqlite_path(db, db)
        try:
            Path(db).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(db, f"cannot create the database's folder ({exc.strerror})") from None
        url = sa.engine.make_url(f"sqlite:///{Path(db).expanduser().resolve()}")
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        return sa.create_engine(url, pool_pre_ping=True, json_serializer=_strict_json)
    except (ImportError, sa.exc.ArgumentError) as exc:
        raise InputError(db, f"cannot open database URL ({exc})") from None


def _check_sqlite_path(path: str, shown: str) -> None:
    # Only stat() the path: opening and closing the live database file with plain
    # open() would drop this process's SQLite locks (SQLite's "how to corrupt" list).
    p = Path(path).expanduser()
    if p.is_dir():
        raise InputError(shown, "not a frontwire database (it is a directory)")


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    """A SQLite engine in WAL mode whose transactions frontwire begins itself.

    pysqlite's own implicit BEGIN is switched off (SQLAlchemy's documented recipe), so
    a write transaction can start with BEGIN IMMEDIATE and reads with a plain BEGIN.
    """
    memory = url.database in (None, "", ":memory:")
    kw: dict[str, Any] = {"poolclass": StaticPool} if memory else {}
    engine = sa.create_engine(
        url, connect_args={"timeout": 30, "check_same_thread": False}, json_serializer=_strict_json, **kw
    )

    @sa_event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _rec: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=30000")
        if not memory:
            _retry_locked(lambda: cur.execute("PRAGMA journal_mode=WAL"))  # readers go on while a run writes
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @sa_event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get("frontwire_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _retry_locked(fn: Any, attempts: int = 300) -> None:
    """Run `fn`, retrying while SQLite says the database is locked (WAL switch of two first runs)."""

    for i in range(attempts):
        try:
            fn()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or i == attempts - 1:
                raise
            time.sleep(0.1)


def _strict_json(v: Any) -> str:
    """JSON columns refuse NaN/inf and non-JSON values: the statement fails and its
    transaction rolls back, so a bad payload never half-writes a batch."""
    return json.dumps(v, allow_nan=False)
