"""REST API and the analyst's web page, as a FastAPI app (`create_app`).

Read-only unless started with a token: then `POST /api/articles` codes new
reports into the same database (Bearer token required). The page at `/` is
plain static files from `web/`; it needs no tile server (governorate outlines
are shipped) and fetches an online tile layer only when one is configured.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import tempfile
import threading
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator

from .model import Event, InputError
from .store import Store

WEB_DIR = Path(__file__).parent / "web"
MAX_LIMIT = 10000
MAX_POST_ARTICLES = 1000
TILES_ENV = "FRONTWIRE_TILES"  # optional online tile URL template for the page

# Scripts only from this server: even if some data slipped into markup, it could not run.
# Images may come from a user-configured tile server, whose host we cannot know here.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data: https: http:; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'")


class ArticleIn(BaseModel):
    """One report to code: only `text` is required."""

    id: str | None = Field(None, max_length=255)
    text: str = Field(..., min_length=1)
    url: str | None = None
    outlet: str | None = Field(None, max_length=255)
    published: date | None = None
    title: str | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is blank")
        return v


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    """'minLon,minLat,maxLon,maxLat' -> floats, or HTTP 422 saying what is wrong."""
    if bbox is None or bbox.strip() == "":
        return None
    parts = bbox.split(",")
    if len(parts) != 4:
        raise HTTPException(422, f"bbox must be minLon,minLat,maxLon,maxLat (4 numbers); got {bbox!r}")
    try:
        w, s, e, n = (float(p) for p in parts)
    except ValueError:
        raise HTTPException(422, f"bbox must hold 4 numbers; got {bbox!r}") from None
    if not all(math.isfinite(x) for x in (w, s, e, n)):
        raise HTTPException(422, f"bbox numbers must be finite; got {bbox!r}")
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= 90 and -90 <= n <= 90):
        raise HTTPException(422, "bbox out of range: longitudes in [-180, 180], latitudes in [-90, 90]")
    if w > e or s > n:
        raise HTTPException(422, "bbox must be minLon,minLat,maxLon,maxLat with min <= max")
    return w, s, e, n


def _event_feature(d: dict[str, Any]) -> dict[str, Any]:
    geom = None
    if d.get("latitude") is not None and d.get("longitude") is not None:
        geom = {"type": "Point", "coordinates": [d["longitude"], d["latitude"]]}
    return {"type": "Feature", "id": d["event_id"], "geometry": geom, "properties": d}


def _spans(article_id: str, text: str, events: list[Event]) -> list[dict[str, Any]]:
    """Evidence spans of `events` inside this article, checked against its text."""
    out: dict[tuple[int, int, str], None] = {}
    for e in events:
        evs = [ev for ev in e.evidence if ev.article_id == article_id]
        evs += [c.evidence for c in e.claims if c.evidence and c.evidence.article_id == article_id]
        for ev in evs:
            start, end = ev.start, ev.end
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)) \
                    or (ev.sentence and text[start:end] != ev.sentence):
                # Offsets that do not point at the quoted sentence would highlight the
                # wrong words: fall back to finding the sentence itself.
                pos = text.find(ev.sentence) if ev.sentence else -1
                if pos < 0:
                    continue
                start, end = pos, pos + len(ev.sentence)
            out[(start, end, e.event_id)] = None
    return [{"start": s, "end": t, "event_id": i} for s, t, i in sorted(out)]


def create_app(db: str, token: str | None = None, tiles: str | None = None) -> FastAPI:
    """The frontwire web app over database `db`.

    token: enables `POST /api/articles`, guarded by `Authorization: Bearer <token>`.
    tiles: an online tile URL template (`https://.../{z}/{x}/{y}.png`) for the page's
    map; defaults to $FRONTWIRE_TILES; without one the map uses no network.
    """
    store = Store(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()

    tiles = tiles if tiles is not None else (os.environ.get(TILES_ENV) or None)
    app = FastAPI(
        title="frontwire",
        version="0.1.0",
        description="Geocoded, source-attributed conflict events: every source's claims side by side.",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.db = db
    write_lock = threading.Lock()  # one coding run at a time: they write the same events

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):
        resp = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        if not request.url.path.startswith(("/docs", "/redoc")):  # Swagger UI loads from a CDN
            resp.headers.setdefault("Content-Security-Policy", _CSP)
        return resp

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")

    @app.get("/api/config", summary="Settings the web page needs")
    def config() -> dict[str, Any]:
        return {"tiles": tiles, "write_enabled": token is not None}

    @app.get("/api/events", summary="Events matching all given filters")
    def events(
        start: date | None = Query(None, description="first event date (YYYY-MM-DD), inclusive"),
        end: date | None = Query(None, description="last event date (YYYY-MM-DD), inclusive"),
        bbox: str | None = Query(None, description="minLon,minLat,maxLon,maxLat", examples=["35.5,35,37.5,36.5"]),
        type: str | None = Query(None, description="event_type, exact"),
        sub_type: str | None = Query(None, description="sub_event_type, exact"),
        actor: str | None = Query(None, description="actor name, case-insensitive substring"),
        outlet: str | None = Query(None, description="outlet name, case-insensitive exact"),
        min_fatalities: int | None = Query(None, ge=0),
        q: str | None = Query(None, description="words that must all appear in the event's text"),
        limit: int = Query(500, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0),
        format: Literal["json", "geojson"] = Query("json"),
    ) -> Any:
        if start and end and start > end:
            raise HTTPException(422, f"start ({start}) is after end ({end})")
        filters = dict(start=start.isoformat() if start else None, end=end.isoformat() if end else None,
                       bbox=parse_bbox(bbox), type=type or None, sub_type=sub_type or None,
                       actor=actor or None, outlet=outlet or None, min_fatalities=min_fatalities, q=q or None)
        total = store.count_events(**filters)
        rows = [e.to_dict() for e in store.events(**filters, limit=limit, offset=offset)]
        if format == "geojson":
            return {"type": "FeatureCollection", "total": total, "limit": limit, "offset": offset,
                    "features": [_event_feature(d) for d in rows]}
        return {"total": total, "limit": limit, "offset": offset, "events": rows}

    @app.get("/api/events/{event_id:path}", summary="One event with its claims, contradictions and evidence")
    def event(event_id: str) -> dict[str, Any]:
        e = store.event(event_id)
        if e is None:
            raise HTTPException(404, f"no event {event_id!r}")
        d = e.to_dict()
        # Titles and stances let the page label each source without more requests.
        arts = {}
        for aid in e.articles:
            a = store.article(aid)
            if a is not None:
                arts[aid] = {"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url,
                             "published": a.published}
        d["article_info"] = arts
        stances = {o["name"]: o["stance"] for o in store.outlets()}
        d["outlet_stance"] = {o: stances.get(o) for o in e.sources if o}
        return d

    @app.get("/api/articles/{article_id:path}", summary="An article's cleaned text and the evidence spans events use")
    def article(article_id: str) -> dict[str, Any]:
        a = store.article(article_id)
        if a is None:
            raise HTTPException(404, f"no article {article_id!r}")
        citing = [e for e in store.events_with_mentions(store.mention_ids_for_articles([a.id]))
                  if a.id in e.articles or any(ev.article_id == a.id for ev in e.evidence)]
        meta = dict(a.meta)
        framing = meta.pop("framing", None)
        return {"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url, "published": a.published,
                "language": a.language, "text": a.text, "framing": framing,
                "spans": _spans(a.id, a.text, citing),
                "events": [{"event_id": e.event_id, "event_date": e.event_date, "event_type": e.event_type,
                            "location": e.location} for e in citing]}

    @app.get("/api/outlets", summary="Outlets with article/event counts and framing/stance")
    def outlets() -> list[dict[str, Any]]:
        return store.outlets()

    @app.get("/api/summary", summary="Totals and event counts by day and by type")
    def summary() -> dict[str, Any]:
        return store.summary()

    if token is not None:
        def check_token(request: Request) -> None:
            auth = request.headers.get("authorization", "")
            scheme, _, given = auth.partition(" ")
            if not auth or scheme.lower() != "bearer" or not given.strip():
                raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
            if not secrets.compare_digest(given.strip().encode(), token.encode()):
                raise HTTPException(403, "wrong token")

        @app.post("/api/articles", dependencies=[Depends(check_token)],
                  summary="Code new articles into the database (needs the Bearer token)")
        def post_articles(articles: list[ArticleIn]) -> dict[str, Any]:
            if not articles:
                raise HTTPException(422, "expected a non-empty JSON list of articles")
            if len(articles) > MAX_POST_ARTICLES:
                raise HTTPException(422, f"at most {MAX_POST_ARTICLES} articles per request")
            from . import pipeline

            seen: list[str] = []
            with tempfile.TemporaryDirectory(prefix="frontwire-post-") as tmp:
                path = Path(tmp) / "articles.jsonl"
                with open(path, "w", encoding="utf-8") as fh:
                    for a in articles:
                        rec = {k: v for k, v in a.model_dump(mode="json").items() if v is not None}
                        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                with write_lock:
                    try:
                        stats = pipeline.run([str(path)], db, progress=False,
                                             on_article=lambda art: seen.append(art.id))
                    except InputError as exc:
                        # The temp file's name means nothing to the client: report the problem only.
                        raise HTTPException(422, exc.problem) from None
            return {"article_ids": seen, **(stats or {})}

    else:
        # Explicit, so clients get a plain 405 rather than a slash redirect into the GET route.
        @app.post("/api/articles", include_in_schema=False)
        def post_disabled() -> JSONResponse:
            return JSONResponse({"detail": "this server is read-only: start it with a token to accept articles"},
                                status_code=405, headers={"Allow": "GET"})

    @app.exception_handler(InputError)
    async def _input_error(_request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"detail": exc.problem}, status_code=422)

    return app
