"""The command line: one-line errors (exit 2 for unusable input, 3 for rejected records), the main commands."""

from __future__ import annotations

import json
import subprocess
import sys


def _cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "frontwire.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def _one_line_error(proc, name: str):
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert name in lines[0]
    assert "Traceback" not in proc.stderr


def _rejected(proc, name: str):
    """Exit 3: the run finished, and each bad record got one line naming its file."""
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
    assert name in lines[0] and "rejected" in lines[-1]


def test_missing_file(tmp_path):
    proc = _cli("run", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "x.db"))
    _one_line_error(proc, "nope.jsonl")
    assert not (tmp_path / "x.db").exists()  # no empty database left behind


def test_usage_error_is_one_line(tmp_path):
    proc = _cli("run")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert [ln for ln in proc.stderr.splitlines() if ln.strip()] == ["frontwire: error: Missing argument 'inputs'."]


def test_empty_file(tmp_path):
    f = tmp_path / "empty.jsonl"
    f.write_text("")
    _rejected(_cli("run", str(f), "--db", str(tmp_path / "x.db")), "empty.jsonl")


def test_binary_file(tmp_path):
    f = tmp_path / "blob.txt"
    f.write_bytes(b"\x00\x01\x02\xff" * 100)
    _rejected(_cli("run", str(f), "--db", str(tmp_path / "x.db")), "blob.txt")


def test_invalid_jsonl_line_keeps_stored_data(tmp_path):
    db = tmp_path / "x.db"
    good = tmp_path / "good.jsonl"
    good.write_text(
        json.dumps(
            {
                "id": "a1",
                "published": "2020-02-04",
                "outlet": "Test",
                "text": "Government forces shelled the town of Sarmin on Monday.",
            }
        )
        + "\n"
    )
    assert _cli("run", str(good), "--db", str(db), "-q").returncode == 0
    count = _cli("export", "--format", "jsonl", "-o", str(tmp_path / "a.jsonl"), "--db", str(db))
    assert count.returncode == 0
    before = (tmp_path / "a.jsonl").read_text()
    assert before.strip()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"id": "b1", "text": "Regime forces shelled the town of Ariha on Monday."}) + "\n{not json\n"
    )
    proc = _cli("run", str(bad), "--db", str(db))
    _rejected(proc, "bad.jsonl:2")
    _cli("export", "--format", "jsonl", "-o", str(tmp_path / "b.jsonl"), "--db", str(db))
    after = (tmp_path / "b.jsonl").read_text()
    assert all(line in after for line in before.splitlines())  # nothing stored was lost
    assert "Ariha" in after  # and the good line of the bad file was stored


def test_export_never_overwrites_the_database(tmp_path):
    db = tmp_path / "x.db"
    art = tmp_path / "arts.jsonl"
    art.write_text(json.dumps({"id": "a1", "text": "Clashes near Saraqib on Monday."}) + "\n")
    _cli("run", str(art), "--db", str(db), "-q")
    size = db.stat().st_size
    for target in (db, tmp_path / "x.db-wal", tmp_path / "." / "x.db"):
        proc = _cli("export", "--format", "jsonl", "-o", str(target), "--db", str(db))
        assert proc.returncode == 2 and "refusing" in proc.stderr
    assert db.stat().st_size == size
    assert not (tmp_path / "x.db-wal").exists() or (tmp_path / "x.db-wal").stat().st_size == 0


def test_database_file_alone_holds_the_data(tmp_path):
    """After a command ends the WAL is folded into the .db: copying the .db alone is enough."""
    db = tmp_path / "x.db"
    art = tmp_path / "arts.jsonl"
    art.write_text(json.dumps({"id": "a1", "text": "Government forces shelled Ariha on Monday."}) + "\n")
    assert _cli("run", str(art), "--db", str(db), "-q").returncode == 0
    copy = tmp_path / "copy" / "x.db"
    copy.parent.mkdir()
    copy.write_bytes(db.read_bytes())
    table = _cli("events", "--db", str(copy))
    assert "Ariha" in table.stdout


def test_not_a_database(tmp_path):
    f = tmp_path / "notes.db"
    f.write_text("just some text, not sqlite")
    _one_line_error(_cli("events", "--db", str(f)), "notes.db")


def test_bad_gold_file(tmp_path):
    db = tmp_path / "x.db"
    good = tmp_path / "good.jsonl"
    good.write_text(
        json.dumps(
            {"id": "a1", "published": "2020-02-04", "text": "Government forces shelled the town of Sarmin on Monday."}
        )
        + "\n"
    )
    _cli("run", str(good), "--db", str(db), "-q")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{broken\n")
    _one_line_error(_cli("evaluate", "--gold", str(gold), "--db", str(db)), "gold.jsonl")


def test_run_events_export_evaluate(tmp_path):
    db = tmp_path / "x.db"
    art = tmp_path / "arts.jsonl"
    art.write_text(
        json.dumps(
            {
                "id": "a1",
                "published": "2020-02-04",
                "outlet": "Test",
                "text": "Russian warplanes bombed the town of Ariha on Monday, killing three civilians.",
            }
        )
        + "\n"
    )
    assert _cli("run", str(art), "--db", str(db), "-q").returncode == 0
    table = _cli("events", "--db", str(db))
    assert table.returncode == 0 and "Ariha" in table.stdout
    for fmt, name in (("acled-csv", "e.csv"), ("geojson", "e.geojson"), ("jsonl", "e.jsonl")):
        proc = _cli("export", "--format", fmt, "-o", str(tmp_path / name), "--db", str(db))
        assert proc.returncode == 0, proc.stderr
    geo = json.loads((tmp_path / "e.geojson").read_text())
    assert geo["features"][0]["properties"]["sub_event_type"] == "Air/drone strike"
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "article": "a1",
                "event_date": "2020-02-03",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "actor1": "Military Forces of Russia (2000-)",
                "location": "Ariha",
                "latitude": 35.81,
                "longitude": 36.61,
            }
        )
        + "\n"
    )
    proc = _cli("evaluate", "--gold", str(gold), "--db", str(db), "--json")
    result = json.loads(proc.stdout)
    assert result["event_f1"] == 1.0 and result["actor1_accuracy"] == 1.0
    # the event list names each event's id, which `frontwire event ID` takes
    event_id = json.loads((tmp_path / "e.jsonl").read_text().splitlines()[0])["event_id"]
    assert event_id in table.stdout.replace("\n", "")
    assert _cli("event", event_id, "--db", str(db)).returncode == 0
    # --details names the gold event that was missed, after the totals
    with gold.open("a") as fh:
        missed = {"article": "a1", "event_date": "2020-02-03", "event_type": "Battles", "location": "Kafr Nabl"}
        fh.write(json.dumps(missed | {"sub_event_type": "Armed clash", "latitude": 35.61, "longitude": 36.56}) + "\n")
    proc = _cli("evaluate", "--gold", str(gold), "--db", str(db), "--details")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.index("event_f1") < proc.stdout.index("1 missed gold events") < proc.stdout.index("Kafr Nabl")
    assert "0 false positives" in proc.stdout
    found = json.loads(_cli("evaluate", "--gold", str(gold), "--db", str(db), "--json", "--details").stdout)
    assert [d["location"] for d in found["details"]["missed"]] == ["Kafr Nabl"]


def test_unknown_export_format(tmp_path):
    db = tmp_path / "x.db"
    art = tmp_path / "arts.jsonl"
    art.write_text(json.dumps({"id": "a1", "text": "Clashes near Saraqib."}) + "\n")
    _cli("run", str(art), "--db", str(db), "-q")
    proc = _cli("export", "--format", "xml", "-o", str(tmp_path / "e.xml"), "--db", str(db))
    assert proc.returncode == 2 and "xml" in proc.stderr and "Traceback" not in proc.stderr


def test_demo_writes_four_files(tmp_path):
    proc = _cli("demo", "--out", str(tmp_path / "demo"))
    assert proc.returncode == 0, proc.stderr
    count = proc.stdout.split(" events from the bundled sample reports")[0].split()[-1]
    assert int(count) > 0  # the demo says how many events it coded
    for name in ("frontwire.db", "events.csv", "events.geojson", "map.html"):
        assert (tmp_path / "demo" / name).stat().st_size > 0
