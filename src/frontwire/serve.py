"""REST API and the analyst's web page, as a FastAPI app (`create_app`).

Read-only unless started with a token: then `POST /api/articles` codes new
reports into the same database, and analysts correct events (accept, edit, reject,
merge, split, undo) through `POST /api/events/{id}/corrections` (Bearer token required). The page at `/` is
plain static files from `web/`; it needs no tile server (governorate outlines
are shipped) and fetches an online tile layer only when one is configured.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import threading
from contextlib import asynccontextmanager
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator
from swagger_ui_bundle import swagger_ui_path  # Swagger UI's files, vendored on PyPI (Apache-2.0)

from . import pipeline
from .about import __version__
from .ingest import Located, RecordError, build_article
from .model import Event, InputError, Rejected
from .settings import Settings
from .store import Store
from .store.corrections import taxonomy as sub_event_types

WEB_DIR = Path(__file__).parent / "web"
MAX_LIMIT = 10000
MAX_OFFSET = 100_000_000  # far beyond any real database; keeps the number inside SQL's 64-bit range
MAX_FATALITIES = 10_000_000
MAX_TEXT_PARAM = 200  # characters in a name filter (type, actor, outlet, ...)
MAX_Q_CHARS, MAX_Q_WORDS = 500, 20  # each word of `q` is one LIKE clause
MAX_POST_ARTICLES = 1000
EVENT_PARAMS = {
    "start",
    "end",
    "bbox",
    "type",
    "sub_type",
    "actor",
    "outlet",
    "min_fatalities",
    "q",
    "limit",
    "offset",
    "format",
    "event_type",
    "sub_event_type",
}  # an unknown one is refused, not silently ignored
DOUBT_CONFIDENCE = 0.5  # the learned model names another sub-type at least this surely: the queue asks a human
TILES_ENV = "FRONTWIRE_TILES"  # optional online tile URL template for the page

# Scripts only from this server: even if some data slipped into markup, it could not run.
# Images may come from a user-configured tile server, whose host we cannot know here.
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: https: http:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


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


class CorrectionIn(BaseModel):
    """One analyst correction: accept | edit | reject | merge | split, with the fields it changes."""

    action: Literal["accept", "edit", "reject", "merge", "split"]
    changes: dict[str, Any] = Field(default_factory=dict, max_length=40)
    who: str = Field("analyst", min_length=1, max_length=200)


class GuardPost:
    """ASGI middleware for POST /api/articles: the token is checked before any of the body is
    read, and a body over `max_bytes` is refused (413) from its Content-Length or as it streams."""

    def __init__(self, app: Any, token: str | None, max_bytes: int):
        self.app, self.token, self.max_bytes = app, token, max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or self.token is None:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = _token_problem(headers.get("authorization", ""), self.token)
        if problem:
            await _plain(send, *problem)
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            await _plain(send, 413, f"request body over {self.max_bytes} bytes")
            return
        seen, too_big = 0, False

        async def limited() -> dict:
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    too_big = True
                    raise _BodyTooBig
            return message

        async def quiet_if_too_big(message: dict) -> None:
            if not too_big:  # the app's answer to a cut-off body (a 400 or 422) is replaced by the 413
                await send(message)

        try:
            await self.app(scope, limited, quiet_if_too_big)
        except Exception:
            if not too_big:
                raise
        if too_big:
            await _plain(send, 413, f"request body over {self.max_bytes} bytes")


class _BodyTooBig(Exception):
    pass


def _token_problem(auth: str, token: str) -> tuple[int, str] | None:
    """(status, message) when the Authorization header does not carry this bearer token."""
    scheme, _, given = auth.partition(" ")
    if not auth or scheme.lower() != "bearer" or not given.strip():
        return 401, "missing bearer token"
    if not secrets.compare_digest(given.strip().encode(), token.encode()):
        return 403, "wrong token"
    return None


async def _plain(send: Any, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


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
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)) or (
                ev.sentence and text[start:end] != ev.sentence
            ):
                # Offsets that do not point at the quoted sentence would highlight the
                # wrong words: fall back to finding the sentence itself.
                pos = text.find(ev.sentence) if ev.sentence else -1
                if pos < 0:
                    continue
                start, end = pos, pos + len(ev.sentence)
            out[(start, end, e.event_id)] = None
    return [{"start": s, "end": t, "event_id": i} for s, t, i in sorted(out)]


def create_app(
    db: str, token: str | None = None, tiles: str | None = None, settings: Settings | None = None
) -> FastAPI:
    """The frontwire web app over database `db`.

    token: enables `POST /api/articles`, guarded by `Authorization: Bearer <token>`.
    tiles: an online tile URL template (`https://.../{z}/{x}/{y}.png`) for the page's
    map; defaults to $FRONTWIRE_TILES; without one the map uses no network.
    """
    settings = settings or Settings.default()
    store = Store(db)  # one Store (one engine, one pool) for the app's life

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()

    tiles = tiles if tiles is not None else (os.environ.get(TILES_ENV) or None)
    app = FastAPI(
        title="frontwire",
        version=__version__,
        description="Geocoded, source-attributed conflict events: every source's claims side by side.",
        lifespan=lifespan,
        docs_url=None,  # served below from vendored Swagger UI files: FastAPI's own page loads a CDN
        redoc_url=None,
    )
    app.state.store = store
    app.state.db = db
    app.add_middleware(GuardPost, token=token, max_bytes=settings.max_body_bytes)

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):
        resp = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        # Swagger UI starts itself from an inline script; its files come from this server too
        resp.headers.setdefault("Content-Security-Policy", _DOCS_CSP if request.url.path == "/docs" else _CSP)
        return resp

    _add_page_routes(app, tiles, token)
    _add_read_routes(app, store)
    _add_review_routes(
        app, store, token, settings
    )  # before the record routes: their {event_id:path} would swallow these
    _add_record_routes(app, store)
    _add_write_routes(app, store, token, settings)

    @app.exception_handler(InputError)
    async def _input_error(_request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"detail": exc.problem}, status_code=422)

    return app


def _add_page_routes(app: FastAPI, tiles: str | None, token: str | None) -> None:
    """The single page, its static files and the settings it reads."""

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    app.mount("/docs-assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="frontwire API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )

    @app.get("/api/config", summary="Settings the web page needs")
    def config() -> dict[str, Any]:
        return {"tiles": tiles, "write_enabled": token is not None}


def _add_read_routes(app: FastAPI, store: Store) -> None:
    """GET /api/events: the events matching all given filters (every parameter bounded)."""

    @app.get("/api/events", summary="Events matching all given filters")
    def events(
        request: Request,
        start: date | None = Query(None, description="first event date (YYYY-MM-DD), inclusive"),
        end: date | None = Query(None, description="last event date (YYYY-MM-DD), inclusive"),
        bbox: str | None = Query(
            None, max_length=MAX_TEXT_PARAM, description="minLon,minLat,maxLon,maxLat", examples=["35.5,35,37.5,36.5"]
        ),
        type: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="event_type, exact"),
        sub_type: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="sub_event_type, exact"),
        actor: str | None = Query(
            None, max_length=MAX_TEXT_PARAM, description="actor name, case-insensitive substring"
        ),
        outlet: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="outlet name, case-insensitive exact"),
        min_fatalities: int | None = Query(None, ge=0, le=MAX_FATALITIES),
        q: str | None = Query(
            None,
            max_length=MAX_Q_CHARS,
            description=f"words (at most {MAX_Q_WORDS}) that must all appear in the event's text",
        ),
        limit: int = Query(500, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
        format: Literal["json", "geojson"] = Query("json"),
        event_type: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's name for `type`"),
        sub_event_type: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's name for `sub_type`"),
    ) -> Any:
        unknown = sorted(set(request.query_params) - EVENT_PARAMS)
        if unknown:
            raise HTTPException(422, f"unknown parameter {unknown[0]!r} (known: {', '.join(sorted(EVENT_PARAMS))})")
        type, sub_type = type or event_type, sub_type or sub_event_type
        if start and end and start > end:
            raise HTTPException(422, f"start ({start}) is after end ({end})")
        if q and len(q.split()) > MAX_Q_WORDS:
            raise HTTPException(422, f"q holds more than {MAX_Q_WORDS} words")
        filters: dict[str, Any] = dict(
            start=start.isoformat() if start else None,
            end=end.isoformat() if end else None,
            bbox=parse_bbox(bbox),
            type=type or None,
            sub_type=sub_type or None,
            actor=actor or None,
            outlet=outlet or None,
            min_fatalities=min_fatalities,
            q=q or None,
        )
        total = store.count_events(**filters)
        rows = [e.to_dict() for e in store.events(**filters, limit=limit, offset=offset)]
        if format == "geojson":
            return {
                "type": "FeatureCollection",
                "total": total,
                "limit": limit,
                "offset": offset,
                "features": [_event_feature(d) for d in rows],
            }
        return {"total": total, "limit": limit, "offset": offset, "events": rows}


def _add_record_routes(app: FastAPI, store: Store) -> None:
    """GET endpoints for one event, one article, the outlets and the totals."""

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
                arts[aid] = {"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url, "published": a.published}
        d["article_info"] = arts
        stances = {o["name"]: o["stance"] for o in store.outlets()}
        d["outlet_stance"] = {o: stances.get(o) for o in e.sources if o}
        return d

    @app.get("/api/articles/{article_id:path}", summary="An article's cleaned text and the evidence spans events use")
    def article(article_id: str) -> dict[str, Any]:
        a = store.article(article_id)
        if a is None:
            raise HTTPException(404, f"no article {article_id!r}")
        citing = [
            e
            for e in store.events_with_mentions(store.mention_ids_for_articles([a.id]))
            if a.id in e.articles or any(ev.article_id == a.id for ev in e.evidence)
        ]
        meta = dict(a.meta)
        framing = meta.pop("framing", None)
        return {
            "id": a.id,
            "title": a.title,
            "outlet": a.outlet,
            "url": a.url,
            "published": a.published,
            "language": a.language,
            "text": a.text,
            "framing": framing,
            "spans": _spans(a.id, a.text, citing),
            "events": [
                {"event_id": e.event_id, "event_date": e.event_date, "event_type": e.event_type, "location": e.location}
                for e in citing
            ],
        }

    @app.get("/api/outlets", summary="Outlets with article/event counts and framing/stance")
    def outlets() -> list[dict[str, Any]]:
        return store.outlets()

    @app.get("/api/summary", summary="Totals and event counts by day and by type")
    def summary() -> dict[str, Any]:
        return store.summary()


def _add_review_routes(app: FastAPI, store: Store, token: str | None, settings: Settings) -> None:
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
        return {"events": store.review_queue(limit, doubt), "status": store.review_status()}

    check_token = _token_guard(token, "review events")

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


def _token_guard(token: str | None, what: str) -> Any:
    """A route dependency: the request must carry the server's Bearer token (405 without one)."""

    def check_token(request: Request) -> None:
        if token is None:
            raise HTTPException(405, f"this server is read-only: start it with a token to {what}")
        problem = _token_problem(request.headers.get("authorization", ""), token)
        if problem:
            raise HTTPException(problem[0], problem[1], headers={"WWW-Authenticate": "Bearer"})

    return check_token


def _event_or_none(store: Store, row: dict[str, Any]) -> dict[str, Any] | None:
    e = store.event(row["event_id"])
    return e.to_dict() if e is not None else None


def _add_write_routes(app: FastAPI, store: Store, token: str | None, settings: Settings) -> None:
    """POST /api/articles: codes reports into the app's own Store when a token is set (else 405)."""
    write_lock = threading.Lock()  # one coding run at a time: they write the same events

    if token is not None:

        @app.post(
            "/api/articles",
            # GuardPost has already checked; kept so the route itself can never run unguarded
            dependencies=[Depends(_token_guard(token, "accept articles"))],
            summary="Code new articles into the database (needs the Bearer token)",
        )
        def post_articles(articles: list[ArticleIn]) -> dict[str, Any]:
            if not articles:
                raise HTTPException(422, "expected a non-empty JSON list of articles")
            if len(articles) > MAX_POST_ARTICLES:
                raise HTTPException(422, f"at most {MAX_POST_ARTICLES} articles per request")
            records: list[Located | Rejected] = []
            for n, a in enumerate(articles, 1):
                rec = {k: v for k, v in a.model_dump(mode="json").items() if v is not None}
                try:
                    records.append((f"item {n}", build_article(rec, "api", settings)))
                except RecordError as exc:
                    records.append(Rejected("request", str(exc), item=n))
            if all(isinstance(r, Rejected) for r in records):
                raise HTTPException(422, "; ".join(str(r) for r in records)[:2000])
            seen: list[str] = []
            with write_lock:  # one coding run at a time: they write the same events
                report = pipeline.store_records(
                    store, records, settings=settings, on_article=lambda art: seen.append(art.id)
                )
            return {
                "article_ids": seen,
                **report.as_dict(),
                "rejects": [{"item": r.item, "problem": r.problem} for r in report.rejects],
                "failures": [{"article_id": i, "error": e} for i, e in report.failures],
            }

    else:
        # Explicit, so clients get a plain 405 rather than a slash redirect into the GET route.
        @app.post("/api/articles", include_in_schema=False)
        def post_disabled() -> JSONResponse:
            return JSONResponse(
                {"detail": "this server is read-only: start it with a token to accept articles"},
                status_code=405,
                headers={"Allow": "GET"},
            )
