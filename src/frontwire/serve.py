"""REST API and the analyst's web page, as a FastAPI app (`create_app`).

Read-only unless started with a token: then `POST /api/articles` codes new
reports into the same database, and analysts correct events (accept, edit, reject,
merge, split, undo) through `POST /api/events/{id}/corrections` (Bearer token required). The page at `/` is
plain static files from `web/`; it needs no tile server (governorate outlines
are shipped) and fetches an online tile layer only when one is configured.
"""

from __future__ import annotations

import io
import math
import os
import threading
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator
from swagger_ui_bundle import swagger_ui_path  # Swagger UI's files, vendored on PyPI (Apache-2.0)

from . import pipeline
from .about import __version__
from .export import write_events
from .ingest import Located, RecordError, build_article
from .model import Event, InputError, Rejected
from .serve_guard import GuardPost, token_guard
from .serve_review import MAX_LIMIT, MAX_TEXT_PARAM, add_review_routes
from .settings import Settings
from .store import Store

WEB_DIR = Path(__file__).parent / "web"
MAX_OFFSET = 100_000_000  # far beyond any real database; keeps the number inside SQL's 64-bit range
MAX_FATALITIES = 10_000_000
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
    "needs_review",
    # ACLED's column names where they mean what ours do
    "event_type",
    "sub_event_type",
    "event_date",
    "year",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
}  # an unknown one is refused, not silently ignored
ACLED_PLACE_PARAMS = ("actor1", "actor2", "country", "admin1", "admin2", "location")
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


def _first_line(text: str, most: int = 160) -> str | None:
    """A report's opening line when short enough to be its headline (feeds often give no title)."""
    first = (text or "").split("\n", 1)[0].strip()
    return first if 0 < len(first) <= most else None


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
    # before the record routes: their {event_id:path} would swallow these
    add_review_routes(app, store, token, settings)
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


def event_filters(
    request: Request,
    start: date | None = Query(None, description="first event date (YYYY-MM-DD), inclusive"),
    end: date | None = Query(None, description="last event date (YYYY-MM-DD), inclusive"),
    bbox: str | None = Query(
        None, max_length=MAX_TEXT_PARAM, description="minLon,minLat,maxLon,maxLat", examples=["35.5,35,37.5,36.5"]
    ),
    type: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="event_type, exact"),
    sub_type: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="sub_event_type, exact"),
    actor: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="actor name, case-insensitive substring"),
    outlet: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="outlet name, case-insensitive exact"),
    min_fatalities: int | None = Query(None, ge=0, le=MAX_FATALITIES),
    q: str | None = Query(
        None,
        max_length=MAX_Q_CHARS,
        description=f"words (at most {MAX_Q_WORDS}) that must all appear in the event's text",
    ),
    needs_review: bool | None = Query(None, description="only events flagged for review (true) or not (false)"),
    event_type: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's name for `type`"),
    sub_event_type: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's name for `sub_type`"),
    event_date: str | None = Query(
        None,
        max_length=21,
        description="ACLED's event_date: one day, or a range as FIRST|LAST (as ACLED's API writes BETWEEN)",
        examples=["2020-01-01|2020-01-31"],
    ),
    year: int | None = Query(None, ge=1, le=9999, description="ACLED's year: events of that calendar year"),
    actor1: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's actor1, substring"),
    actor2: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's actor2, substring"),
    country: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's country, exact"),
    admin1: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's admin1, exact"),
    admin2: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's admin2, exact"),
    location: str | None = Query(None, max_length=MAX_TEXT_PARAM, description="ACLED's location, exact"),
) -> dict[str, Any]:
    """The filters of the event routes as `Store.events` keywords (a dependency shared by the list and
    its downloads); HTTP 422 on an unknown parameter or an impossible filter. ACLED's column names
    are accepted where they mean what ours do (event_type, event_date, actor1, admin1, ...)."""
    unknown = sorted(set(request.query_params) - EVENT_PARAMS)
    if unknown:
        raise HTTPException(422, f"unknown parameter {unknown[0]!r} (known: {', '.join(sorted(EVENT_PARAMS))})")
    type, sub_type = type or event_type, sub_type or sub_event_type
    start, end = _narrow_dates(start, end, event_date, year)
    if start and end and start > end:
        raise HTTPException(422, f"start ({start}) is after end ({end})")
    if q and len(q.split()) > MAX_Q_WORDS:
        raise HTTPException(422, f"q holds more than {MAX_Q_WORDS} words")
    return dict(
        start=start.isoformat() if start else None,
        end=end.isoformat() if end else None,
        bbox=parse_bbox(bbox),
        type=type or None,
        sub_type=sub_type or None,
        actor=actor or None,
        outlet=outlet or None,
        min_fatalities=min_fatalities,
        q=q or None,
        needs_review=needs_review,
        columns={k: v for k, v in zip(ACLED_PLACE_PARAMS, (actor1, actor2, country, admin1, admin2, location)) if v},
    )


def _narrow_dates(start: date | None, end: date | None, event_date: str | None, year: int | None) -> tuple:
    """start/end narrowed by ACLED's `event_date` (DAY or FIRST|LAST) and `year`; 422 on a bad date."""
    firsts, lasts = [start] if start else [], [end] if end else []
    if event_date:
        parts = event_date.split("|")
        try:
            days = [date.fromisoformat(p.strip()) for p in parts]
        except ValueError:
            days = []
        if len(parts) > 2 or not days:
            raise HTTPException(422, f"event_date must be YYYY-MM-DD or YYYY-MM-DD|YYYY-MM-DD; got {event_date!r}")
        firsts.append(days[0])
        lasts.append(days[-1])
    if year:
        firsts.append(date(year, 1, 1))
        lasts.append(date(year, 12, 31))
    return (max(firsts) if firsts else None), (min(lasts) if lasts else None)


def _add_read_routes(app: FastAPI, store: Store) -> None:
    """GET /api/events: the events matching all given filters (every parameter bounded), and the
    same selection as a CSV or GeoJSON download."""

    @app.get("/api/events", summary="Events matching all given filters")
    def events(
        filters: dict[str, Any] = Depends(event_filters),
        limit: int = Query(500, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
        format: Literal["json", "geojson"] = Query("json"),
    ) -> Any:
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

    def download_route(suffix: str, kind: str, media_type: str, summary: str) -> None:
        @app.get(f"/api/events.{suffix}", summary=summary)
        def download(
            filters: dict[str, Any] = Depends(event_filters),
            limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT),
            offset: int = Query(0, ge=0, le=MAX_OFFSET),
            format: str | None = Query(None, max_length=20, description="ignored: the path names the format"),
        ) -> Response:
            buf = io.StringIO()
            write_events(store.events(**filters, limit=limit, offset=offset), kind, buf)
            return Response(
                buf.getvalue(),
                media_type=media_type,
                headers={"Content-Disposition": f'attachment; filename="frontwire-events.{suffix}"'},
            )

    download_route("csv", "acled-csv", "text/csv; charset=utf-8", "The filtered events as an ACLED-column CSV file")
    download_route("geojson", "geojson", "application/geo+json", "The filtered events as a GeoJSON file")


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
                arts[aid]["headline"] = a.title or _first_line(a.text)
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


def _add_write_routes(app: FastAPI, store: Store, token: str | None, settings: Settings) -> None:
    """POST /api/articles: codes reports into the app's own Store when a token is set (else 405)."""
    write_lock = threading.Lock()  # one coding run at a time: they write the same events

    if token is not None:

        @app.post(
            "/api/articles",
            # GuardPost has already checked; kept so the route itself can never run unguarded
            dependencies=[Depends(token_guard(token, "accept articles"))],
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
