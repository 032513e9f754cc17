"""A corpus of bad inputs, each run beside three good articles: the good ones are stored,
the bad one is reported in one line naming its file, the exit code is 3, no traceback.

Runs the real command line in this process (the model loads once), one fresh database
per case. The texts are illustrative, written for these tests, not real news.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pytest

from frontwire import cli
from frontwire.store import Store

GOOD = [
    {
        "id": "good-1",
        "outlet": "Test Wire",
        "published": "2021-03-02",
        "text": "Police fired tear gas at protesters in Nairobi on Monday, a witness said.",
    },
    {
        "id": "good-2",
        "outlet": "Test Wire",
        "published": "2021-03-03",
        "text": "Gunmen abducted four farmers near the village of Kankara on Tuesday, residents said.",
    },
    {
        "id": "good-3",
        "outlet": "Test Daily",
        "published": "2021-03-04",
        "text": "Government forces shelled the town of Ariha on Wednesday, killing two civilians.",
    },
]
GOOD_IDS = {g["id"] for g in GOOD}
OK = {"id": "ok-x", "text": "Clashes broke out in the town of Saraqib on Monday.", "published": "2021-03-01"}


def jl(*recs: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in recs)


def _w(p: Path, data: str | bytes) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    (p.write_bytes if isinstance(data, bytes) else p.write_text)(data)
    return p


def _gz(data: bytes) -> bytes:
    return gzip.compress(data)


def _fifo(p: Path) -> Path:
    os.mkfifo(p)
    return p


def _manifest(d: Path, entry: dict) -> Path:
    _w(d / "m" / "a.txt", "Clashes broke out in the town of Saraqib on Monday.")
    _w(d / "m" / "blob.txt", b"\x00\x01\x02" * 50)
    _w(d / "m" / "pic.png", b"\x89PNG")
    return _w(d / "m" / "meta.jsonl", jl({"id": "m-ok", "file": "a.txt"}, entry))


LONG = "Shelling was reported in the district. " * 11_000  # over the 400,000-character limit

# name -> (builder(dir) -> path of the bad input, the string its message must name)
CASES = {
    "binary .bin": lambda d: _w(d / "bad.bin", b"\x00\x01\x02garbage\x00" * 100),
    "binary .txt": lambda d: _w(d / "bad.txt", b"\x00\x01\x02\xff" * 100),
    "binary .jsonl": lambda d: _w(d / "bad.jsonl", b"\x00\x01\x02\xff" * 100),
    "binary .csv": lambda d: _w(d / "bad.csv", b"text\n\x00\x00\x00"),
    "binary .html": lambda d: _w(d / "bad.html", b"<html>\x00\x00</html>"),
    "empty .jsonl": lambda d: _w(d / "bad.jsonl", ""),
    "empty .txt": lambda d: _w(d / "bad.txt", ""),
    "blank .txt": lambda d: _w(d / "bad.txt", "  \n\n\t \n"),
    "latin-1 .txt": lambda d: _w(d / "bad.txt", "Caf\xe9 shelled".encode("latin-1")),
    "latin-1 jsonl line": lambda d: _w(d / "bad.jsonl", jl(OK).encode() + b'{"text": "caf\xe9"}\n'),
    "unknown extension": lambda d: _w(d / "bad.docx", "some words"),
    "no extension": lambda d: _w(d / "badfile", "some words"),
    "missing file": lambda d: d / "bad-missing.jsonl",
    "fifo": lambda d: _fifo(d / "bad.jsonl"),
    "corrupt .gz": lambda d: _w(d / "bad.jsonl.gz", b"\x1f\x8b\x08\x00garbage-not-deflate" * 20),
    "truncated .gz": lambda d: _w(d / "bad.jsonl.gz", _gz(jl(OK, OK | {"id": "ok-y"}).encode() * 50)[:60]),
    "gz of binary": lambda d: _w(d / "bad.jsonl.gz", _gz(b"\x00\x01\x02" * 100)),
    "corrupt .csv.gz": lambda d: _w(d / "bad.csv.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 200),
    "invalid JSON line": lambda d: _w(d / "bad.jsonl", jl(OK, "{not json")),
    "truncated JSON line": lambda d: _w(d / "bad.jsonl", jl(OK, '{"id": "t1", "text": "Shelling in')),
    "JSON array line": lambda d: _w(d / "bad.jsonl", jl(OK, [1, 2])),
    "JSON number line": lambda d: _w(d / "bad.jsonl", jl(OK, "5")),
    "JSON string line": lambda d: _w(d / "bad.jsonl", jl(OK, '"just a string"')),
    "JSON null line": lambda d: _w(d / "bad.jsonl", jl(OK, "null")),
    "deeply nested JSON": lambda d: _w(d / "bad.jsonl", jl(OK, "[" * 100_000 + "]" * 100_000)),
    "text is a number": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "b1", "text": 5})),
    "text is a list": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "b1", "text": ["a", "b"]})),
    "text is null": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "b1", "text": None})),
    "no text field": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "b1", "title": "no body"})),
    "blank text": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "b1", "text": "   \n "})),
    "boilerplate-only text": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "b1", "text": "Share it."})),
    "empty html": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "b1", "html": "<html><body></body></html>"})),
    "NUL in text": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "b1", "text": "Shelling\u0000 in Ariha."})),
    "NaN published": lambda d: _w(
        d / "bad.jsonl", jl(OK, '{"id": "b1", "text": "Shelling in Ariha.", "published": NaN}')
    ),
    "Infinity in a field": lambda d: _w(
        d / "bad.jsonl", jl(OK, '{"id": "b1", "text": "Shelling in Ariha.", "score": Infinity}')
    ),
    "future published": lambda d: _w(
        d / "bad.jsonl", jl(OK, {"id": "b1", "text": "Shelling in Ariha.", "published": "2999-01-01"})
    ),
    "ancient published": lambda d: _w(
        d / "bad.jsonl", jl(OK, {"id": "b1", "text": "Shelling in Ariha.", "published": "1066-10-14"})
    ),
    "absurd timestamp": lambda d: _w(
        d / "bad.jsonl", jl(OK, {"id": "b1", "text": "Shelling in Ariha.", "published": 1e20})
    ),
    "published is an object": lambda d: _w(
        d / "bad.jsonl", jl(OK, {"id": "b1", "text": "Shelling in Ariha.", "published": {"y": 2020}})
    ),
    "lone surrogate in text": lambda d: _w(d / "bad.jsonl", jl(OK, '{"id": "b1", "text": "Shelling \\ud800 in"}')),
    "lone surrogate in title": lambda d: _w(
        d / "bad.jsonl", jl(OK, '{"id": "b1", "text": "Shelling in Ariha.", "title": "\\udfff"}')
    ),
    "lone surrogate in id": lambda d: _w(d / "bad.jsonl", jl(OK, '{"id": "\\ud834", "text": "Shelling in Ariha."}')),
    "lone surrogate in a key": lambda d: _w(
        d / "bad.jsonl", jl(OK, '{"id": "b1", "text": "Shelling in Ariha.", "\\ud834": 1}')
    ),
    "id too long": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "x" * 300, "text": "Shelling in Ariha."})),
    "duplicate id in one file": lambda d: _w(d / "bad.jsonl", jl(OK, OK | {"text": "Other words in Idlib."})),
    "duplicate of a good id": lambda d: _w(d / "bad.jsonl", jl(GOOD[0] | {"text": "A second telling in Idlib."})),
    "article over the size limit": lambda d: _w(d / "bad.jsonl", jl(OK, {"id": "b1", "text": LONG})),
    "one huge line over the parser limit": lambda d: _w(d / "bad.txt", "word " * 260_000),
    "manifest path outside its folder": lambda d: _manifest(d, {"id": "m1", "file": "../../../etc/passwd"}),
    "manifest absolute path": lambda d: _manifest(d, {"id": "m1", "file": "/etc/hostname"}),
    "manifest missing file": lambda d: _manifest(d, {"id": "m1", "file": "gone.txt"}),
    "manifest non-text file": lambda d: _manifest(d, {"id": "m1", "file": "pic.png"}),
    "manifest binary file": lambda d: _manifest(d, {"id": "m1", "file": "blob.txt"}),
    "CSV without text column": lambda d: _w(d / "bad.csv", "id,title\n1,hello\n"),
    "CSV row without text": lambda d: _w(d / "bad.csv", "id,text\nc1,Clashes broke out in Saraqib on Monday.\nc2,\n"),
    "not a feed": lambda d: _w(d / "bad.xml", "<notes><note>hello</note></notes>"),
    "feed without entries": lambda d: _w(
        d / "bad.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    ),
    "invalid .json": lambda d: _w(d / "bad.json", "{broken"),
    ".json list with a non-object": lambda d: _w(d / "bad.json", json.dumps([OK, 7])),
    ".json top-level number": lambda d: _w(d / "bad.json", "42"),
    "broken sidecar": lambda d: (_w(d / "bad.txt", "Clashes in Saraqib on Monday."), _w(d / "bad.json", "{x"))[0],
    "sidecar not an object": lambda d: (_w(d / "bad.txt", "Clashes in Saraqib."), _w(d / "bad.json", "[1]"))[0],
    "folder of bad files": lambda d: (
        (_w(d / "badfolder" / "a.txt", b"\x00\x00"), _w(d / "badfolder" / "b.jsonl", "{no"))[0].parent
    ),
    "unreachable URL": lambda d: "http://127.0.0.1:9/bad-url",
}


@pytest.fixture(scope="module")
def good_file(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("good")
    return _w(d / "good.jsonl", jl(*GOOD))


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    old = sys.argv
    sys.argv = ["frontwire", *args]
    try:
        cli.main()
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    finally:
        sys.argv = old
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_beside_good(case, good_file, tmp_path, capsys):
    bad = CASES[case](tmp_path)
    name = Path(str(bad)).stem if "://" not in str(bad) else str(bad)  # a sidecar case names bad.json
    db = tmp_path / "x.db"
    code, err = run_cli(["run", str(good_file), str(bad), "--db", str(db), "-q"], capsys)
    assert code == 3, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert any(name in ln for ln in lines), err
    assert lines[-1].startswith("frontwire: ") and "rejected" in lines[-1]
    with Store(str(db)) as s:
        stored = {a.id for a in s.articles()}
    assert GOOD_IDS <= stored, (case, stored)
    rejects = [json.loads(ln) for ln in open(f"{db}.rejects.jsonl", encoding="utf-8")]
    assert rejects and all(r["where"] and r["problem"] for r in rejects)


def test_corpus_is_large_enough():
    assert len(CASES) >= 60


def test_strict_refuses_everything(good_file, tmp_path, capsys):
    bad = CASES["invalid JSON line"](tmp_path)
    db = tmp_path / "x.db"
    code, err = run_cli(["run", str(good_file), str(bad), "--db", str(db), "-q", "--strict"], capsys)
    assert code == 2 and "bad.jsonl" in err and "line 2" in err and len(err.strip().splitlines()) == 1
    assert not db.exists()


def test_fixed_rejects_can_be_rerun(good_file, tmp_path, capsys):
    bad = _w(tmp_path / "bad.jsonl", jl(OK, {"id": "b1", "text": 5}))
    db = tmp_path / "x.db"
    assert run_cli(["run", str(good_file), str(bad), "--db", str(db), "-q"], capsys)[0] == 3
    (rej,) = [json.loads(ln) for ln in open(f"{db}.rejects.jsonl", encoding="utf-8")]
    assert rej["where"] == f"{bad}:2" and rej["record"] == {"id": "b1", "text": 5}
    fixed = _w(tmp_path / "fixed.jsonl", jl(rej["record"] | {"text": "Clashes in Ariha on Monday."}))
    assert run_cli(["run", str(fixed), "--db", str(db), "-q"], capsys)[0] == 0
    with Store(str(db)) as s:
        assert "b1" in {a.id for a in s.articles()}


def test_language_without_pipeline_is_counted_and_kept(good_file, tmp_path, capsys):
    arabic = _w(
        tmp_path / "ar.jsonl",
        jl(
            {"id": "ar-1", "text": "قصفت القوات الحكومية بلدة سرمين يوم الاثنين"},
            {"id": "ru-1", "text": "Обстрел города продолжался всю ночь", "language": "ru"},
        ),
    )
    db = tmp_path / "x.db"
    code, err = run_cli(["run", str(good_file), str(arabic), "--db", str(db), "-q"], capsys)
    assert code == 0, err
    assert "1 articles skipped: language ar has no pipeline" in err
    assert "1 articles skipped: language ru has no pipeline" in err
    with Store(str(db)) as s:
        assert GOOD_IDS <= {a.id for a in s.articles()}
        assert {f["article_id"]: f["error"] for f in s.failures()} == {
            "ar-1": "language ar has no pipeline",
            "ru-1": "language ru has no pipeline",
        }
