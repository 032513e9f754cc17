"""The review desk's routes: corrections (read by all, written with the token), the review
queue, the taxonomy and gazetteer look-ups, and the desk's additions to the user's overlay
files (actor aliases, places)."""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel, Field

from .serve_guard import token_guard
from .settings import Settings
from .store import Store
from .store.corrections import taxonomy as sub_event_types

MAX_LIMIT = 10000
MAX_TEXT_PARAM = 200  # characters in a name filter (type, actor, outlet, ...)
DOUBT_CONFIDENCE = 0.5  # the learned model names another sub-type at least this surely: the queue asks a human


class AliasIn(BaseModel):
    """An actor alias the analyst teaches: `alias` stands for `actor` (a new actor name is allowed)."""

    alias: str = Field(..., min_length=1, max_length=200)
    actor: str = Field(..., min_length=1, max_length=200)
    who: str = Field("analyst", min_length=1, max_length=200)


class PlaceIn(BaseModel):
    """A place the gazetteer lacks (a village), added to the user's gazetteer overlay."""

    name: str = Field(..., min_length=1, max_length=200)
    latitude: float = Field(..., ge=-90, le=90)
    longitude: float = Field(..., ge=-180, le=180)
    country_code: str = Field(..., min_length=2, max_length=2, pattern="^[A-Za-z]{2}$")
    admin1: str | None = Field(None, max_length=200)
    admin2: str | None = Field(None, max_length=200)
    who: str = Field("analyst", min_length=1, max_length=200)


class CorrectionIn(BaseModel):
    """One analyst correction: accept | edit | reject | merge | split, with the fields it changes."""

    action: Literal["accept", "edit", "reject", "merge", "split"]
    changes: dict[str, Any] = Field(default_factory=dict, max_length=40)
    who: str = Field("analyst", min_length=1, max_length=200)


def add_review_routes(app: FastAPI, store: Store, token: str | None, settings: Settings) -> None:
    """The review desk: corrections of an event (read by all, written with the token) and the queue."""

    @app.get("/api/events/{event_id:path}/corrections", summary="An event's corrections, oldest first")
    def event_corrections(event_id: str) -> list[dict[str, Any]]:
        return store.corrections(event_id)

    @app.get("/api/taxonomy", summary="ACLED's event types and their sub-event types")
    def taxonomy() -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for sub, et in sub_event_types().items():
            out.setdefault(et, []).append(sub)
        return out

    doubts: dict[tuple[str, str, str], str | None] = {}  # (event, sub-type, sentence) -> reason, per app

    def doubt(e: dict[str, Any]) -> str | None:
        """'low confidence' when the learned model doubts the event's sub-type on its first evidence sentence."""
        sentence = ((e.get("evidence") or [{}])[0] or {}).get("sentence") or ""
        key = (e["event_id"], e.get("sub_event_type") or "", sentence)
        if key not in doubts and sentence:
            label, conf = classifier().predict(sentence)
            doubts[key] = "low confidence" if label != key[1] and conf >= DOUBT_CONFIDENCE else None
        return doubts.get(key)

    @cache
    def classifier() -> Any:
        from .learn.classifier import LearnedClassifier

        return LearnedClassifier(settings=settings)

    @app.get("/api/places", summary="Gazetteer places with this name (for placing an event by hand)")
    def places(q: str = Query(..., min_length=1, max_length=MAX_TEXT_PARAM)) -> list[dict[str, Any]]:
        from .geo.fold import fold
        from .geo.gazetteer import Gazetteer

        g = Gazetteer.shared()
        found = [g.entry(i) for i in g.find(fold(q))[:20]]
        return [
            {"place_id": e.id, "name": e.name, "feature": e.feature, "latitude": e.lat, "longitude": e.lon}
            | {"admin1": e.admin1 or None, "admin2": e.admin2 or None}
            for e in found
        ]

    @app.get("/api/review", summary="Unreviewed events needing a look (flagged, contradicted, doubted), oldest first")
    def review(limit: int = Query(100, ge=1, le=MAX_LIMIT)) -> dict[str, Any]:
        return {
            "events": store.review_queue(limit, doubt),
            "status": store.review_status(),
            "unanchored": store.unanchored(),  # corrections a re-run could not place: a human re-does them
        }

    check_token = token_guard(token, "review events")
    _add_overlay_routes(app, store, check_token, settings)

    @app.post(
        "/api/events/{event_id:path}/corrections",
        dependencies=[Depends(check_token)],
        summary="Accept, edit, reject, merge or split an event (needs the Bearer token)",
    )
    def correct(event_id: str, body: CorrectionIn) -> dict[str, Any]:
        try:
            row = store.correct(event_id, body.action, body.changes, body.who)
        except LookupError as exc:
            raise HTTPException(404, str(exc)) from None
        return {"correction": row, "event": _event_or_none(store, row)}

    @app.post(
        "/api/corrections/{correction_id}/undo",
        dependencies=[Depends(check_token)],
        summary="Undo a correction (needs the Bearer token)",
    )
    def undo(correction_id: int) -> dict[str, Any]:
        if not 0 < correction_id < 2**62:
            raise HTTPException(404, f"no correction {correction_id}")
        try:
            row = store.undo(correction_id)
        except LookupError as exc:
            raise HTTPException(404, str(exc)) from None
        return {"correction": row, "event": _event_or_none(store, row)}


def _event_or_none(store: Store, row: dict[str, Any]) -> dict[str, Any] | None:
    e = store.event(row["event_id"])
    return e.to_dict() if e is not None else None


def _add_overlay_routes(app: FastAPI, store: Store, check_token: Any, settings: Settings) -> None:
    """The desk teaches the next run: actor aliases and places go to the user's overlay files,
    and each is kept in the audit trail."""
    overlay_lock = threading.Lock()  # each overlay file is read, extended and rewritten whole

    @app.post(
        "/api/aliases",
        status_code=201,
        dependencies=[Depends(check_token)],
        summary="Add an actor alias to the user's actor overlay, used from the next run (needs the Bearer token)",
    )
    def add_alias(body: AliasIn) -> dict[str, Any]:
        from .actors import clear_actor_tables
        from .store.overlays import add_actor_alias

        with overlay_lock:
            out = add_actor_alias(body.alias, body.actor, body.who)
        clear_actor_tables()  # this process's next coding run builds the table again
        store.record_addition("alias", {k: out[k] for k in ("alias", "actor", "file")}, body.who)
        return out

    @app.post(
        "/api/gazetteer",
        status_code=201,
        dependencies=[Depends(check_token)],
        summary="Add a place to the user's gazetteer overlay, used from the next run (needs the Bearer token)",
    )
    def add_place(body: PlaceIn) -> dict[str, Any]:
        from .geo.gazetteer import add_place as add_to_overlay

        name = " ".join(body.name.split())
        with overlay_lock:
            r = add_to_overlay(
                name,
                body.latitude,
                body.longitude,
                body.country_code.upper(),
                body.admin1 or None,
                body.admin2 or None,
                settings=settings,
            )
        out = {"place_id": r["place_id"], "name": name, "file": r["path"]}
        entry = out | body.model_dump(include={"latitude", "longitude", "country_code", "admin1", "admin2"})
        store.record_addition("place", entry, body.who)
        return out

    @app.get("/api/additions", summary="Actor aliases and places added from the desk (who, when, what)")
    def additions() -> list[dict[str, Any]]:
        return store.additions()
