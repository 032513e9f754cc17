"""Read news reports from files, folders, feeds and URLs into `Article`s (lazily).

Supported inputs: a directory (of .txt/.html/.htm with optional sidecar NAME.json,
plus any of the formats below), JSONL of articles, a JSONL manifest (lines naming a
`file` beside it), CSV with a `text` column, RSS/Atom (.xml/.rss/.atom), a single
.txt/.html/.json file, and http(s) URLs. `.gz` compressed JSONL/CSV stream too.
Bad input raises `InputError(path, problem)` when it is reached.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import gzip
import hashlib
import io
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .clean import clean_text, extract_html
from .model import Article, InputError

TEXT_EXT = {".txt"}
HTML_EXT = {".html", ".htm"}
FEED_EXT = {".xml", ".rss", ".atom"}
KNOWN_FIELDS = {"id", "url", "outlet", "published", "language", "title", "text", "html", "file"}
FETCH_TIMEOUT = 10  # seconds: a slow site must not stall a batch run

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def iter_articles(inputs: list[str]) -> Iterator[Article]:
    """Yield cleaned articles from each input in turn (streaming; nothing is read ahead)."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]  # type: ignore[list-item]
    for inp in inputs:
        yield from _iter_one(str(inp))


def _iter_one(inp: str) -> Iterator[Article]:
    if re.match(r"^https?://", inp, re.IGNORECASE):
        yield from _iter_url(inp)
        return
    p = Path(inp)
    if not p.exists():
        raise InputError(inp, "no such file or directory")
    if p.is_dir():
        yield from _iter_dir(p)
        return
    yield from _iter_file(p)


def _kind(p: Path) -> str:
    name = p.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if ext in TEXT_EXT:
        return "text"
    if ext in HTML_EXT:
        return "html"
    if ext == ".jsonl" or ext == ".ndjson":
        return "jsonl"
    if ext == ".json":
        return "json"
    if ext == ".csv":
        return "csv"
    if ext in FEED_EXT:
        return "feed"
    return ""


def _iter_file(p: Path, sidecar_ok: bool = True) -> Iterator[Article]:
    kind = _kind(p)
    if not kind:
        raise InputError(str(p), f"unknown file type {p.suffix or '(no extension)'!r} "
                                 "(expected .txt, .html, .htm, .jsonl, .json, .csv, .xml, .rss, .atom)")
    if kind == "jsonl":
        yield from _iter_jsonl(p)
    elif kind == "csv":
        yield from _iter_csv(p)
    elif kind == "feed":
        yield from _iter_feed(p)
    elif kind == "json":
        yield from _iter_json(p)
    else:
        meta = _sidecar(p) if sidecar_ok else {}
        yield _article_from_file(p, meta)


def _iter_dir(d: Path) -> Iterator[Article]:
    files = sorted(f for f in d.rglob("*") if f.is_file() and not any(
        part.startswith(".") for part in f.relative_to(d).parts))
    present = set(files)
    # Files a manifest names are read through it (with its metadata), not twice.
    claimed: set[Path] = set()
    manifests: list[Path] = []
    for f in files:
        if _kind(f) == "jsonl" and not f.name.endswith(".gz") and _is_manifest(f):
            manifests.append(f)
            claimed.update(_manifest_files(f))
    for f in files:
        kind = _kind(f)
        if f in claimed or not kind:
            continue  # other files in a corpus folder (README, images) are not articles
        if kind == "json" and any(f.with_suffix(ext) in present for ext in (*TEXT_EXT, *HTML_EXT)):
            continue  # a sidecar, read with its article
        if f in manifests:
            yield from _iter_jsonl(f)
        else:
            yield from _iter_file(f)


# ---------------------------------------------------------------- reading helpers

def _read_bytes(p: Path) -> bytes:
    try:
        data = gzip.open(p).read() if p.name.lower().endswith(".gz") else p.read_bytes()
    except FileNotFoundError:
        raise InputError(str(p), "no such file or directory") from None
    except (OSError, EOFError) as exc:
        raise InputError(str(p), f"cannot read: {exc.__class__.__name__}: {exc}") from None
    if not data.strip():
        raise InputError(str(p), "empty file")
    return data


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data:
        raise InputError(where, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 text (undecodable byte at offset {exc.start})") from None


def _open_text(p: Path) -> io.TextIOBase:
    """A line iterator over a (possibly gzipped) UTF-8 file, checked for emptiness/binary first."""
    opener = gzip.open if p.name.lower().endswith(".gz") else open
    try:
        fh = opener(p, "rb")
    except FileNotFoundError:
        raise InputError(str(p), "no such file or directory") from None
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc}") from None
    try:
        head = fh.read(65536)
    except (OSError, EOFError) as exc:
        fh.close()
        raise InputError(str(p), f"cannot read: {exc.__class__.__name__}: {exc}") from None
    if not head.strip():
        fh.close()
        raise InputError(str(p), "empty file")
    if b"\x00" in head:
        fh.close()
        raise InputError(str(p), "binary file (NUL bytes), not text")
    fh.seek(0)
    return io.TextIOWrapper(fh, encoding="utf-8-sig", errors="strict", newline="")


def _sidecar(p: Path) -> dict[str, Any]:
    side = p.with_suffix(".json")
    if not side.exists():
        return {}
    data = _decode(_read_bytes(side), str(side))
    try:
        meta = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(str(side), f"invalid JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(meta, dict):
        raise InputError(str(side), "sidecar metadata must be a JSON object")
    return meta


# ---------------------------------------------------------------- formats

def _article_from_file(p: Path, meta: dict[str, Any], where: str | None = None) -> Article:
    where = where or str(p)
    data = _read_bytes(p)
    if _kind(p) == "html":
        if b"\x00" in data:
            raise InputError(where, "binary file (NUL bytes), not HTML")
        return _build(dict(meta, html=data), str(p), where)
    return _build(dict(meta, text=_decode(data, where)), str(p), where)


def _iter_jsonl(p: Path) -> Iterator[Article]:
    fh = _open_text(p)
    with fh:
        lineno = 0
        while True:
            try:
                line = fh.readline()
            except UnicodeDecodeError:
                raise InputError(str(p), f"line {lineno + 1}: not UTF-8 text") from None
            if not line:
                break
            lineno += 1
            if not line.strip():
                continue
            where = f"{p}:{lineno}"
            rec = _json_record(line, str(p), lineno)
            if "file" in rec and not _has_text(rec):
                target = (p.parent / str(rec["file"])).resolve()
                if not target.exists():
                    raise InputError(str(p), f"line {lineno}: file {rec['file']!r} not found beside the manifest")
                if not _kind(target) in ("text", "html"):
                    raise InputError(str(p), f"line {lineno}: file {rec['file']!r} is not .txt/.html")
                yield _article_from_file(target, rec, where=str(target))
            else:
                yield _build(rec, str(p), where, line=lineno)


def _json_record(line: str, path: str, lineno: int) -> dict[str, Any]:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"line {lineno}: invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(rec, dict):
        raise InputError(path, f"line {lineno}: expected a JSON object, got {type(rec).__name__}")
    return rec


def _has_text(rec: dict[str, Any]) -> bool:
    return any(isinstance(rec.get(k), str) and rec[k].strip() for k in ("text", "html"))


def _is_manifest(p: Path) -> bool:
    """A JSONL whose first record names a `file` and carries no text."""
    try:
        with open(p, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    return isinstance(rec, dict) and "file" in rec and not _has_text(rec)
    except (OSError, json.JSONDecodeError):
        return False
    return False


def _manifest_files(p: Path) -> set[Path]:
    out: set[Path] = set()
    with open(p, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict) and rec.get("file"):
                out.add((p.parent / str(rec["file"])))
                out.add((p.parent / str(rec["file"])).resolve())
    return out


def _iter_json(p: Path) -> Iterator[Article]:
    data = _decode(_read_bytes(p), str(p))
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(str(p), f"invalid JSON: {exc.msg} (line {exc.lineno})") from None
    recs = obj if isinstance(obj, list) else [obj]
    for n, rec in enumerate(recs, 1):
        if not isinstance(rec, dict):
            raise InputError(str(p), f"item {n}: expected a JSON object")
        yield _build(rec, str(p), f"{p}#{n}", item=n)


def _iter_csv(p: Path) -> Iterator[Article]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies exceed the 128 KB default
    fh = _open_text(p)
    with fh:
        reader = csv.DictReader(fh)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(str(p), f"unreadable CSV header: {exc}") from None
        if "text" not in header and "html" not in header:
            raise InputError(str(p), "CSV header has no 'text' column")
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:
                raise InputError(str(p), f"line {reader.line_num}: unreadable CSV ({exc})") from None
            rec = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
            yield _build(rec, str(p), f"{p}:{reader.line_num}", line=reader.line_num)


def _iter_feed(p: Path, data: bytes | None = None, origin: str | None = None) -> Iterator[Article]:
    import feedparser

    where = origin or str(p)
    raw = data if data is not None else _read_bytes(p)
    # Bytes, not a path: feedparser would otherwise treat a string as a URL to fetch.
    feed = feedparser.parse(raw)
    if not feed.entries:
        problem = "not an RSS/Atom feed" if feed.get("bozo") else "feed has no entries"
        raise InputError(where, problem)
    outlet = feed.feed.get("title")
    for n, e in enumerate(feed.entries, 1):
        body = ""
        if e.get("content"):
            body = max((c.get("value") or "" for c in e.content), key=len)
        body = body or e.get("summary") or e.get("description") or ""
        rec: dict[str, Any] = {
            "id": e.get("id") or None,
            "url": e.get("link"),
            "title": e.get("title"),
            "outlet": outlet,
            "html": body,
        }
        when = e.get("published_parsed") or e.get("updated_parsed")
        if when:
            rec["published"] = f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}"
        if not rec["id"]:
            rec.pop("id")
        yield _build(rec, where, f"{where} entry {n}", item=n)


def _iter_url(url: str) -> Iterator[Article]:
    req = urllib.request.Request(url, headers={"User-Agent": "frontwire/0.1 (+news event coding)"})
    try:
        with urllib.request.urlopen(req, timeout=FETCH_TIMEOUT) as resp:
            data = resp.read()
            ctype = resp.headers.get("Content-Type", "")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(url, f"could not fetch ({reason})") from None
    if not data.strip():
        raise InputError(url, "empty response")
    head = data[:2000].lstrip().lower()
    if "xml" in ctype or "rss" in ctype or "atom" in ctype or head.startswith((b"<?xml", b"<rss", b"<feed")):
        if b"<html" not in head:
            yield from _iter_feed(Path(url), data=data, origin=url)
            return
    if "html" in ctype or b"<html" in head or b"<!doctype html" in head:
        yield _build({"url": url, "html": data}, url, url)
    else:
        yield _build({"url": url, "text": _decode(data, url)}, url, url)


# ---------------------------------------------------------------- building Articles

def _build(rec: dict[str, Any], source: str, where: str, line: int | None = None,
           item: int | None = None) -> Article:
    """Normalise one input record into a cleaned Article."""
    path_for_error = source
    loc = f"line {line}: " if line else (f"item {item}: " if item else "")
    text = rec.get("text")
    html = rec.get("html")
    page: dict[str, Any] = {}
    if isinstance(text, str) and text.strip():
        raw_for_hash = text
        if "\x00" in text:
            raise InputError(path_for_error, f"{loc}text contains NUL bytes")
        body = clean_text(text)
    elif isinstance(html, (str, bytes)) and (html.strip() if isinstance(html, str) else html.strip()):
        raw_for_hash = html if isinstance(html, str) else html.decode("utf-8", "replace")
        body, page = extract_html(html, url=rec.get("url") if isinstance(rec.get("url"), str) else None)
    else:
        raise InputError(path_for_error, f"{loc}no article text (expected a non-empty 'text' or 'html' field)")
    if not body.strip():
        raise InputError(path_for_error, f"{loc}no article text left after removing boilerplate")

    url = _str_or_none(rec.get("url")) or page.get("url")
    raw_id = rec.get("id")
    if raw_id is not None and str(raw_id).strip():
        art_id = str(raw_id)  # kept verbatim: exports and scoring join on it
    elif url:
        art_id = _hash(url)
    else:
        art_id = _hash(" ".join(raw_for_hash.split()).lower())

    meta = {k: v for k, v in rec.items() if k not in KNOWN_FIELDS}
    published = None
    raw_pub = rec.get("published", page.get("date"))
    if raw_pub not in (None, ""):
        published = normalise_date(raw_pub)
        if published is None or str(raw_pub).strip()[:10] != published:
            meta.setdefault("published_raw", raw_pub)

    return Article(
        id=art_id,
        text=body,
        url=url,
        outlet=_str_or_none(rec.get("outlet")) or page.get("sitename") or _host(url),
        published=published,
        language=_str_or_none(rec.get("language")) or "en",
        title=_str_or_none(rec.get("title")) or page.get("title"),
        source=source,
        meta=meta,
    )


def _str_or_none(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urllib.parse.urlsplit(url).hostname
    return host[4:] if host and host.startswith("www.") else host


def _hash(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:16]


def normalise_date(value: Any) -> str | None:
    """ISO YYYY-MM-DD for an absolute date (ISO, RFC 2822, '21 December 2019', ...); else None.

    Relative expressions ("yesterday") and dates lacking a day are not resolved here:
    a publication date must not be invented.
    """
    if value is None:
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Unix timestamps (seconds) from some exports.
        try:
            return dt.datetime.fromtimestamp(float(value), dt.timezone.utc).strftime("%Y-%m-%d")
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s or s.lower() in {"null", "none", "nan", "unknown", "n/a", "na", "-"}:
        return None
    m = _ISO_DATE.match(s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(s).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        d = dateparser.parse(s, settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        })
    except Exception:  # dateparser raises assorted errors on odd strings; unparseable is None
        return None
    return d.strftime("%Y-%m-%d") if d else None


def read_all(inputs: Iterable[str]) -> list[Article]:
    """Eager convenience wrapper around `iter_articles`."""
    return list(iter_articles(list(inputs)))
