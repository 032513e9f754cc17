"""The registry: a toy classifier registered like a plug-in is used by the local engine, the
process pool and the API path, without touching the core. Texts are illustrative."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from frontwire import pipeline, registry
from frontwire.events import Typing
from frontwire.serve import create_app
from frontwire.settings import Settings
from frontwire.store import Store

TEXT = "Government forces shelled the town of Ariha on Monday, killing two civilians, a monitor said."


class EverythingIsAProtest:
    """A toy coder: every candidate event is a peaceful protest."""

    def classify(self, candidate):
        return Typing.of("Peaceful protest", 0.5)


@pytest.fixture
def toy():
    registry.register("classifier", "toy", EverythingIsAProtest)
    yield Settings.default().replace(coder="toy")
    registry.unregister("classifier", "toy")


def _types(db: str) -> set[str]:
    with Store(db) as s:
        return {e.sub_event_type for e in s.events()}


def _corpus(tmp_path, n: int = 3) -> str:
    p = tmp_path / "in.jsonl"
    p.write_text(
        "".join(
            json.dumps({"id": f"a{i}", "text": TEXT, "published": "2021-05-0" + str(i + 1)}) + "\n" for i in range(n)
        )
    )
    return str(p)


def test_registry_lists_builtins():
    assert {"rules", "learned", "hybrid"} <= set(registry.names("classifier"))
    assert {"local", "pool", "ray"} <= set(registry.names("engine"))
    with pytest.raises(registry.UnknownPlugin):
        registry.get("classifier", "nope")


@pytest.mark.parametrize("engine,workers", [("local", 1), ("pool", 2)])
def test_toy_classifier_used_by_engines(toy, tmp_path, engine, workers):
    src = _corpus(tmp_path)
    db = str(tmp_path / "toy.db")
    pipeline.run([src], db, settings=toy, engine=engine, workers=workers)
    assert _types(db) == {"Peaceful protest"}
    plain = str(tmp_path / "rules.db")
    pipeline.run([src], plain, engine=engine, workers=workers)
    assert "Peaceful protest" not in _types(plain)


def test_toy_classifier_used_by_the_api(toy, tmp_path):
    db = str(tmp_path / "api.db")
    with TestClient(create_app(db, token="t", settings=toy)) as c:
        r = c.post(
            "/api/articles",
            headers={"Authorization": "Bearer t"},
            json=[{"id": "p1", "text": TEXT, "published": "2021-05-03"}],
        )
        assert r.status_code == 200, r.text
        types = {e["sub_event_type"] for e in c.get("/api/events").json()["events"]}
    assert types == {"Peaceful protest"}
