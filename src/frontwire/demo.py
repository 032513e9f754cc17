"""The bundled demo: ten illustrative sample reports (not real news) run end to end.

`run_demo()` codes `data/demo/` into a fresh database and writes the ACLED CSV,
GeoJSON and map next to it, so a new user sees every output in one command.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def demo_inputs() -> list[str]:
    """Input paths of the bundled sample corpus (its manifest)."""
    return [str(resources.files("frontwire").joinpath("data/demo/meta.jsonl"))]


def run_demo(outdir: str = "frontwire-demo", progress: bool = False) -> dict[str, str]:
    """Code the sample corpus into `outdir`; return {"db", "csv", "geojson", "map"} paths.

    Idempotent: the demo database is rebuilt from scratch each time, so repeated
    runs give the same result.
    """
    from .export import export_events
    from .mapview import write_map
    from .pipeline import run
    from .store import Store

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "frontwire.db"
    # Only the demo's own database files are removed: a stale one would mask changes in the code.
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    run(demo_inputs(), str(db), progress=progress)
    store = Store(str(db))
    try:
        events = store.events()
    finally:
        store.close()
    paths = {
        "db": str(db),
        "csv": str(out / "events.csv"),
        "geojson": str(out / "events.geojson"),
        "map": str(out / "map.html"),
    }
    export_events(events, "acled-csv", paths["csv"])
    export_events(events, "geojson", paths["geojson"])
    write_map(events, paths["map"], title="frontwire demo (illustrative samples, not real news)")
    return paths
