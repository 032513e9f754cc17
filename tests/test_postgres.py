"""PostgreSQL through the same store: indexes, and concurrent runs that do not duplicate events.

Runs when FRONTWIRE_PG_URL names a server (scripts/start_postgres.sh starts a throwaway one);
each test works in a database of its own, created and dropped here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from frontwire import pipeline
from frontwire.demo import demo_inputs
from frontwire.store import Store

URL = os.environ.get("FRONTWIRE_PG_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="FRONTWIRE_PG_URL unset: no PostgreSQL server (scripts/start_postgres.sh starts one)"
)


@pytest.fixture
def pg_db():
    """A fresh, empty database on the server; yields its URL."""
    pytest.importorskip("psycopg")
    import sqlalchemy as sa

    base = sa.engine.make_url(URL)
    name = f"fw_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {URL} is not reachable: {exc.orig}")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_indexes_on_date_place_type(pg_db):
    import sqlalchemy as sa

    s = Store(pg_db)
    insp = sa.inspect(s.engine)
    for table in ("events", "event_mentions"):
        indexed = {tuple(ix["column_names"]) for ix in insp.get_indexes(table)}
        for col in ("event_date", "place_id", "event_type"):
            assert (col,) in indexed, f"{table}.{col} has no index"
    s.close()


def test_concurrent_runs_do_not_duplicate(pg_db, tmp_path):
    """Two runs of the same input at once give exactly the events of one run."""
    import time

    import sqlalchemy as sa

    from frontwire.workers import writer_lock

    single = str(tmp_path / "single.db")
    pipeline.run(demo_inputs(), single, progress=False)
    with Store(single) as s:
        expected = [e.to_dict() for e in s.events()]
        expected_summary = s.summary()

    store = Store(pg_db)
    # Hold the writers' lock until both runs have coded their input and wait for it: this
    # forces the worst case (both saw an empty database) instead of leaving overlap to chance.
    with writer_lock(store) as held:
        assert held
        cmd = [sys.executable, "-m", "frontwire.cli", "run", *demo_inputs(), "--db", pg_db, "-q"]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        waiting, deadline = 0, time.monotonic() + 600
        while waiting < 2 and time.monotonic() < deadline and all(p.poll() is None for p in procs):
            time.sleep(0.5)
            with store.engine.connect() as c:
                waiting = c.execute(
                    sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                ).scalar_one()
        assert waiting == 2, [p.communicate()[1] for p in procs if p.poll() is not None]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    assert store.count_events() == len(expected)
    assert [e.to_dict() for e in store.events()] == expected
    got = store.summary()
    store.close()
    assert (got["articles"], got["mentions"], got["events"]) == (
        expected_summary["articles"],
        expected_summary["mentions"],
        expected_summary["events"],
    )
