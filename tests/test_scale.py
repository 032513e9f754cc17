"""Scale paths give the local engine's results: worker processes, the Ray engine, lazy reading."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import pytest

from frontwire import pipeline, workers
from frontwire.demo import demo_inputs
from frontwire.model import Article, InputError
from frontwire.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "meta.jsonl"


def corpora() -> list[tuple[str, list[str]]]:
    out = [("demo", demo_inputs())]
    if SEEDS.exists():
        out.append(("seeds", [str(SEEDS)]))
    return out


def snapshot(db: str) -> tuple[list[dict], list[dict], dict]:
    """Everything a run leaves behind that a user sees: events, outlets, totals."""
    with Store(db) as s:
        return [e.to_dict() for e in s.events()], s.outlets(), s.summary()


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, tuple]:
    """One local single-process run per corpus, shared by the comparisons below."""
    out = {}
    for name, inputs in corpora():
        db = str(tmp_path_factory.mktemp("ref") / f"{name}.db")
        pipeline.run(inputs, db, progress=False)
        out[name] = snapshot(db)
    return out


def test_seeds_present_or_skipped():
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent: scale tests run on the demo corpus only")


@pytest.mark.slow
def test_two_workers_match_one(reference, tmp_path):
    for name, ps in corpora():
        db = str(tmp_path / f"{name}-w2.db")
        stats = pipeline.run(ps, db, progress=False, workers=2)
        assert stats["articles_coded"] == stats["articles_seen"] > 0
        assert snapshot(db) == reference[name], name
        # a second run codes nothing and changes nothing
        assert pipeline.run(ps, db, progress=False, workers=2)["articles_coded"] == 0
        assert snapshot(db) == reference[name], name


@pytest.mark.slow
def test_ray_engine_matches_local(reference, tmp_path):
    if importlib.util.find_spec("ray") is None:
        pytest.skip("ray is not installed (pip install 'frontwire[ray]')")
    for name, ps in corpora():
        db = str(tmp_path / f"{name}-ray.db")
        stats = pipeline.run(ps, db, progress=False, workers=2, engine="ray")
        assert stats["articles_coded"] == stats["articles_seen"] > 0
        assert snapshot(db) == reference[name], name


def _fake_code_chunk(articles, batch_size=64, settings=None):
    from frontwire.coding import Coded

    return [Coded(a, [], {"stance": "neutral-unclear"}) for a in articles]


def test_workers_read_lazily(monkeypatch):
    """Only a bounded window of chunks is read ahead of the consumer, and order is kept."""
    # Forked workers inherit the patched module, so no model is loaded here.
    monkeypatch.setattr(workers, "code_chunk", _fake_code_chunk)
    monkeypatch.setattr(workers, "warm_up", lambda settings=None: None)
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("needs the fork start method")
    pulled = []

    def source():
        for i in itertools.count():
            pulled.append(i)
            yield Article(id=f"a{i}", text=f"text {i}")

    stream = workers.code_parallel(source(), 2, chunk=4, in_flight=3)
    first = [next(stream).article.id for _ in range(10)]
    assert first == [f"a{i}" for i in range(10)]
    assert len(pulled) <= 4 * (3 + 3)  # consumed chunks plus the window in flight
    stream.close()


def test_unknown_engine(tmp_path):
    from frontwire.registry import UnknownPlugin

    with pytest.raises(UnknownPlugin, match="spark"):
        pipeline.run(demo_inputs(), str(tmp_path / "x.db"), engine="spark")


def test_ray_missing_is_one_line_error(monkeypatch, tmp_path, capsys):
    from frontwire import cli

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    monkeypatch.setattr(
        sys, "argv", ["frontwire", "run", *demo_inputs(), "--db", str(tmp_path / "r.db"), "--engine", "ray", "-q"]
    )
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Ray is not installed" in err
    with pytest.raises(InputError):
        from frontwire.engine_ray import require_ray

        require_ray()


def test_importing_frontwire_does_not_import_ray():
    import subprocess

    code = "import sys, frontwire, frontwire.pipeline, frontwire.cli, frontwire.engine_ray; print('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_merge_windows_stay_apart():
    """A batch mixing an old report with new ones loads two short date ranges, not the span between."""
    from frontwire.model import EventMention

    def m(d):
        return EventMention(
            article_id="a",
            event_type="Battles",
            sub_event_type="Armed clash",
            event_date=d,
            date_precision="day",
            location_text="Sarmin",
        )

    got = pipeline._windows([m("2020-01-10"), m("2020-03-01"), m("2020-03-03"), m(None), m("2020-01-10")])
    assert got == [("2020-01-08", "2020-01-12"), ("2020-02-28", "2020-03-05")]
    assert pipeline._windows([m(None)]) == []


def test_runs_update_only_their_outlets(reference, tmp_path):
    """A run recomputes the stance of the outlets it coded; the totals match one run over all."""
    import shutil

    src = Path(demo_inputs()[0]).parent
    shutil.copytree(src, tmp_path / "demo")
    lines = (src / "meta.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "demo" / "meta.jsonl").unlink()
    (tmp_path / "demo" / "first.jsonl").write_text("".join(lines[:4]), encoding="utf-8")
    (tmp_path / "demo" / "rest.jsonl").write_text("".join(lines[4:]), encoding="utf-8")
    db = str(tmp_path / "two-runs.db")
    pipeline.run([str(tmp_path / "demo" / "first.jsonl")], db, progress=False)
    pipeline.run([str(tmp_path / "demo" / "rest.jsonl")], db, progress=False)
    _, outlets, _ = snapshot(db)
    assert outlets == reference["demo"][1]
