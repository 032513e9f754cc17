"""Nothing lost, nothing broken: kills between a run's commits, a database left by an older
version, two first runs at once, and a real `frontwire serve` coding POSTs while GETs and an
outside process read the same SQLite file. Texts are illustrative, written for these tests."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from frontwire import pipeline
from frontwire.store import Store

pytestmark = pytest.mark.slow

PLACES = ["Ariha", "Sarmin", "Saraqib", "Binnish", "Atarib", "Kafranbel", "Taftanaz", "Maarat al-Numan"]
ACTS = [
    "Government forces shelled {p} on {d}, killing {n} civilians, a monitor said.",
    "Clashes broke out between rebels and government forces near {p} on {d}; {n} fighters died.",
    "Russian warplanes struck {p} on {d}, wounding {n} people, the civil defence said.",
    "Residents of {p} protested on {d} against rising prices.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]


def corpus(path: Path, n: int = 60) -> Path:
    with open(path, "w") as fh:
        for i in range(n):
            text = " ".join(
                ACTS[(i + k) % 4].format(p=PLACES[(i + k) % 8], d=DAYS[(i + k) % 4], n=2 + (i + k) % 5)
                for k in range(3)
            )
            fh.write(
                json.dumps(
                    {
                        "id": f"r{i:03d}",
                        "text": text,
                        "outlet": f"Wire {i % 5}",
                        "published": f"2020-0{1 + i % 6}-1{i % 9}",
                    }
                )
                + "\n"
            )
    return path


def cli(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "frontwire.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )


def export(db: Path) -> list[dict]:
    with Store(str(db)) as s:
        return sorted((e.to_dict() for e in s.events()), key=lambda e: e["event_id"])


def count_articles(db: Path) -> int:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return c.execute("select count(*) from articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("clean")
    src = corpus(d / "corpus.jsonl")
    db = d / "clean.db"
    p = cli("run", str(src), "--db", str(db), "-q", "--batch", "10")
    assert p.wait(600) == 0, p.stderr.read()
    return src, export(db)


@pytest.mark.parametrize("after_articles", [1, 10, 20, 40])
def test_kill_between_commits_then_rerun_equals_clean(clean_run, tmp_path, after_articles):
    src, clean = clean_run
    db = tmp_path / "crash.db"
    p = cli("run", str(src), "--db", str(db), "-q", "--batch", "10")
    t0 = time.time()
    while p.poll() is None and time.time() - t0 < 300 and count_articles(db) < after_articles:
        time.sleep(0.002)
    p.send_signal(signal.SIGKILL)
    p.wait()
    with sqlite3.connect(db) as c:
        assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
    rerun = cli("run", str(src), "--db", str(db), "-q", "--batch", "10")
    assert rerun.wait(600) == 0, rerun.stderr.read()
    assert export(db) == clean


def test_older_database_with_orphan_mentions_is_repaired(clean_run, tmp_path):
    """Mentions stored without their merge (what a crash of an older version left) are merged by the next run."""
    src, clean = clean_run
    db = tmp_path / "old.db"
    p = cli("run", str(src), "--db", str(db), "-q", "--batch", "10")
    assert p.wait(600) == 0
    with sqlite3.connect(db) as c:  # drop every event of the first 20 articles, keep their mentions
        c.execute(
            "delete from event_members where event_id in (select event_id from event_sources where article_id < 'r020')"
        )
        c.execute("delete from events where event_id not in (select event_id from event_members)")
    assert len(export(db)) < len(clean)
    rerun = cli("run", str(src), "--db", str(db), "-q")
    assert rerun.wait(600) == 0
    assert export(db) == clean


def test_two_first_runs_at_once_on_a_new_database(tmp_path):
    a, b = corpus(tmp_path / "a.jsonl", 8), tmp_path / "b.jsonl"
    b.write_text(a.read_text().replace('"id": "r', '"id": "b'))
    db = tmp_path / "new.db"
    for _ in range(2):
        for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            f.unlink(missing_ok=True)
        procs = [cli("run", str(f), "--db", str(db), "-q") for f in (a, b)]
        results = [(p.wait(600), p.stderr.read()) for p in procs]
        assert all(code == 0 for code, _ in results), results
        with Store(str(db)) as s:
            assert len(s.articles()) == 16


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_concurrent_posts_gets_and_outside_reader(clean_run, tmp_path):
    src, _ = clean_run
    db = tmp_path / "serve.db"
    first = tmp_path / "first.jsonl"
    first.write_text("".join(src.read_text().splitlines(keepends=True)[:5]))
    assert cli("run", str(first), "--db", str(db), "-q").wait(600) == 0
    port = free_port()
    srv = subprocess.Popen(
        [sys.executable, "-m", "frontwire.cli", "serve", "--db", str(db), "--port", str(port)],
        env=dict(os.environ, FRONTWIRE_TOKEN="tok"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(base + "/api/summary", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        reader = subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"""
import sqlite3, time
t = time.time()
while time.time() - t < 6:
    c = sqlite3.connect('file:{db}?mode=ro', uri=True, timeout=5)
    c.execute("select count(*) from events").fetchone(); c.close()
    time.sleep(0.02)
""",
            ]
        )
        texts = [json.loads(ln) for ln in src.read_text().splitlines()[5:]]
        res = asyncio.run(_load(base, texts))
        assert reader.wait(30) == 0  # the outside reader never failed either
        assert res["bad"] == [] and res["posts"] > 0 and res["gets"] > 20, res
        # pooled connections and sockets are reused: more POSTs open no more files
        fds = len(os.listdir(f"/proc/{srv.pid}/fd"))
        with httpx.Client(base_url=base, timeout=120) as c:
            for t in texts[-12:]:
                assert (
                    c.post(
                        "/api/articles", headers={"Authorization": "Bearer tok"}, json=[t | {"id": t["id"] + "-again"}]
                    ).status_code
                    == 200
                )
        assert len(os.listdir(f"/proc/{srv.pid}/fd")) <= fds + 4  # a leak would add one or more per POST
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait(20)
    with sqlite3.connect(db) as c:
        assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert Path(f"{db}-wal").stat().st_size == 0 if Path(f"{db}-wal").exists() else True


async def _load(base: str, texts: list[dict]) -> dict:
    res: dict = {"bad": [], "posts": 0, "gets": 0}
    deadline = time.monotonic() + 5
    async with httpx.AsyncClient(base_url=base, timeout=120) as c:

        async def poster(k: int) -> None:
            for t in texts[k::2][:8]:
                if time.monotonic() > deadline:
                    return
                r = await c.post("/api/articles", headers={"Authorization": "Bearer tok"}, json=[t])
                res["posts"] += 1
                if r.status_code >= 500:
                    res["bad"].append(("POST", r.status_code, r.text[:200]))

        async def getter() -> None:
            while time.monotonic() < deadline:
                r = await c.get("/api/events", params={"limit": 50})
                res["gets"] += 1
                if r.status_code >= 500:
                    res["bad"].append(("GET", r.status_code, r.text[:200]))

        await asyncio.gather(poster(0), poster(1), *(getter() for _ in range(4)))
    return res


def test_coder_crash_costs_only_its_article(tmp_path, monkeypatch):
    """An exception in the coder on one article: the others are stored, it is kept as failed and re-tried."""
    from frontwire import coding

    real = coding.extract_events

    def flaky(article, paragraphs, *a, **kw):
        if article.id == "r002":
            raise TypeError("simulated coder bug")
        return real(article, paragraphs, *a, **kw)

    src = corpus(tmp_path / "c.jsonl", 6)
    db = tmp_path / "f.db"
    monkeypatch.setattr(coding, "extract_events", flaky)
    stats = pipeline.run([str(src)], str(db))
    assert stats["failed"] == 1 and stats["articles_coded"] == 5
    with Store(str(db)) as s:
        assert [f["article_id"] for f in s.failures()] == ["r002"]
        assert "r002" not in {a.id for a in s.articles()}
    rejects = [json.loads(ln) for ln in open(f"{db}.rejects.jsonl")]
    assert "simulated coder bug" in rejects[0]["problem"]
    monkeypatch.setattr(coding, "extract_events", real)
    again = pipeline.run([str(src)], str(db))
    assert again["failed"] == 0 and again["articles_coded"] == 1  # only the failed one was re-tried
    with Store(str(db)) as s:
        assert s.failures() == [] and "r002" in {a.id for a in s.articles()}
