"""Shared fixtures: paths to ../shared (seeds, gold) with clean skips when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _shared(relative: str, what: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{what} not found at {path} (clone the project beside ../shared)")
    return path


@pytest.fixture(scope="session")
def seeds_manifest() -> Path:
    return _shared("seeds/meta.jsonl", "seed reports")


@pytest.fixture(scope="session")
def gold_file() -> Path:
    return _shared("gold/seeds.jsonl", "gold events")


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory, seeds_manifest) -> str:
    """The seeds coded once into a SQLite file shared by the end-to-end tests."""
    from frontwire.pipeline import run

    db = str(tmp_path_factory.mktemp("seeds") / "seeds.db")
    run([str(seeds_manifest)], db, progress=False)
    return db
