"""Read raw records from files, folders, feeds and URLs (lazily), one format per reader.

A reader yields `Raw` records (the fields of one article and where they were read)
or `Rejected` for a record it cannot read; a problem with the whole file raises
`InputError`, which `iter_raw` turns into one `Rejected` for that file before going
on with the next input. Only regular files are read (a FIFO would block forever),
and a manifest's `file` must stay inside the manifest's folder.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import sys
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..about import __version__
from ..model import InputError, Rejected

TEXT_EXT = {".txt"}
HTML_EXT = {".html", ".htm"}
FEED_EXT = {".xml", ".rss", ".atom"}
FETCH_TIMEOUT = 10  # seconds: a slow site must not stall a batch run
_STREAM_ERRORS = (OSError, EOFError, zlib.error)  # a corrupt .gz fails while being read


@dataclass
class Raw:
    """The fields of one article as read, and where: `source` file, `line` or `item` number."""

    rec: dict[str, Any]
    source: str
    line: int | None = None
    item: int | None = None
    origin: str | None = None  # the file whose line or item this is, when not `source` (a manifest)

    @property
    def where(self) -> str:
        path = self.origin or self.source
        if self.line:
            return f"{path}:{self.line}"
        return f"{path} item {self.item}" if self.item else path

    def reject(self, problem: str) -> Rejected:
        return Rejected(
            self.origin or self.source, problem, line=self.line, item=self.item, record=_plain_record(self.rec)
        )


def iter_raw(inputs: list[str]) -> Iterator[Raw | Rejected]:
    """Every record of every input in turn; a bad file costs only itself."""
    for inp in inputs:
        try:
            yield from _iter_one(str(inp))
        except InputError as exc:
            yield Rejected(exc.path, exc.problem)


def _iter_one(inp: str) -> Iterator[Raw | Rejected]:
    if re.match(r"^https?://", inp, re.IGNORECASE):
        yield from _iter_url(inp)
        return
    p = Path(inp)
    if not p.exists():
        raise InputError(inp, "no such file or directory")
    if p.is_dir():
        yield from _iter_dir(p)
        return
    yield from _guarded(p)


def _guarded(p: Path) -> Iterator[Raw | Rejected]:
    """One file of a folder or of the command line: its failure is its own."""
    try:
        yield from _iter_file(p)
    except InputError as exc:
        yield Rejected(exc.path, exc.problem)


def _kind(p: Path) -> str:
    name = p.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if ext in TEXT_EXT:
        return "text"
    if ext in HTML_EXT:
        return "html"
    if ext in (".jsonl", ".ndjson"):
        return "jsonl"
    return {".json": "json", ".csv": "csv"}.get(ext) or ("feed" if ext in FEED_EXT else "")


def _check_regular(p: Path, shown: str | None = None) -> None:
    if not p.is_file():
        raise InputError(shown or str(p), "not a regular file (a pipe, device or socket is not read)")


def _iter_file(p: Path) -> Iterator[Raw | Rejected]:
    _check_regular(p)
    kind = _kind(p)
    if not kind:
        raise InputError(
            str(p),
            f"unknown file type {p.suffix or '(no extension)'!r} "
            "(expected .txt, .html, .htm, .jsonl, .json, .csv, .xml, .rss, .atom)",
        )
    if kind == "jsonl":
        yield from _iter_jsonl(p)
    elif kind == "csv":
        yield from _iter_csv(p)
    elif kind == "feed":
        yield from _iter_feed(p)
    elif kind == "json":
        yield from _iter_json(p)
    else:
        yield _raw_from_file(p, _sidecar(p))


def _iter_dir(d: Path) -> Iterator[Raw | Rejected]:
    files = sorted(
        f for f in d.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(d).parts)
    )
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
        yield from _guarded(f)


# ---------------------------------------------------------------- reading helpers


def _read_bytes(p: Path, shown: str | None = None) -> bytes:
    shown = shown or str(p)
    _check_regular(p, shown)
    try:
        data = gzip.open(p).read() if p.name.lower().endswith(".gz") else p.read_bytes()
    except FileNotFoundError:
        raise InputError(shown, "no such file or directory") from None
    except _STREAM_ERRORS as exc:
        raise InputError(shown, f"cannot read: {exc.__class__.__name__}: {exc}") from None
    if not data.strip():
        raise InputError(shown, "empty file")
    return data


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data:
        raise InputError(where, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 text (undecodable byte at offset {exc.start})") from None


def _open_text(p: Path) -> io.TextIOWrapper:
    """A line iterator over a (possibly gzipped) UTF-8 file, checked for emptiness/binary first."""
    opener: Any = gzip.open if p.name.lower().endswith(".gz") else open
    try:
        fh = opener(p, "rb")
    except FileNotFoundError:
        raise InputError(str(p), "no such file or directory") from None
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc}") from None
    try:
        head = fh.read(65536)
    except _STREAM_ERRORS as exc:
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


def _lines(p: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a text file; an undecodable or corrupt stream ends it with `file:line`."""
    with _open_text(p) as fh:
        lineno = 0
        while True:
            try:
                line = fh.readline()
            except UnicodeDecodeError:
                raise InputError(f"{p}:{lineno + 1}", "not UTF-8 text") from None
            except _STREAM_ERRORS as exc:
                raise InputError(f"{p}:{lineno + 1}", f"corrupt or truncated data ({exc})") from None
            if not line:
                return
            lineno += 1
            if "\x00" in line:
                raise InputError(f"{p}:{lineno}", "binary data (NUL bytes), not text")
            yield lineno, line


def _sidecar(p: Path) -> dict[str, Any]:
    side = p.with_suffix(".json")
    if not side.exists():
        return {}
    data = _decode(_read_bytes(side), str(side))
    meta = _loads(data, str(side))
    if not isinstance(meta, dict):
        raise InputError(str(side), "sidecar metadata must be a JSON object")
    return meta


def _loads(data: str, where: str) -> Any:
    try:
        return json.loads(data, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except ValueError as exc:
        raise InputError(where, f"invalid JSON: {exc}") from None
    except RecursionError:
        raise InputError(where, "invalid JSON: nested too deeply") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _plain_record(rec: dict[str, Any]) -> dict[str, Any]:
    """The record as JSON-safe values (raw HTML bytes as text) for the rejects file."""
    return {k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else v) for k, v in rec.items()}


# ---------------------------------------------------------------- formats


def _raw_from_file(p: Path, meta: dict[str, Any], shown: str | None = None) -> Raw:
    where = shown or str(p)
    data = _read_bytes(p, where)
    if _kind(p) == "html":
        if b"\x00" in data:
            raise InputError(where, "binary file (NUL bytes), not HTML")
        return Raw(dict(meta, html=data), str(p))
    return Raw(dict(meta, text=_decode(data, where)), str(p))


def _iter_jsonl(p: Path) -> Iterator[Raw | Rejected]:
    folder = p.parent.resolve()
    for lineno, line in _lines(p):
        if not line.strip():
            continue
        try:
            rec = _loads(line, str(p))
        except InputError as exc:
            yield Rejected(str(p), exc.problem, line=lineno, record=line[:10000])
            continue
        if not isinstance(rec, dict):
            yield Rejected(str(p), f"expected a JSON object, got {type(rec).__name__}", line=lineno, record=rec)
            continue
        if "file" in rec and not _has_text(rec):
            yield _manifest_entry(p, folder, lineno, rec)
        else:
            yield Raw(rec, str(p), line=lineno)


def _manifest_entry(p: Path, folder: Path, lineno: int, rec: dict[str, Any]) -> Raw | Rejected:
    name = str(rec["file"])
    target = (folder / name).resolve()
    if not target.is_relative_to(folder):
        return Rejected(str(p), f"file {name!r} is outside the manifest's folder", line=lineno, record=rec)
    if not target.exists():
        return Rejected(str(p), f"file {name!r} not found beside the manifest", line=lineno, record=rec)
    if _kind(target) not in ("text", "html"):
        return Rejected(str(p), f"file {name!r} is not .txt/.html", line=lineno, record=rec)
    try:
        raw = _raw_from_file(target, rec, shown=str(target))
    except InputError as exc:
        return Rejected(str(p), f"file {name!r}: {exc.problem}", line=lineno, record=rec)
    raw.line, raw.origin = lineno, str(p)
    return raw


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
    except (OSError, ValueError, RecursionError):
        return False
    return False


def _manifest_files(p: Path) -> set[Path]:
    out: set[Path] = set()
    with open(p, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(rec, dict) and rec.get("file"):
                out.add(p.parent / str(rec["file"]))
                out.add((p.parent / str(rec["file"])).resolve())
    return out


def _iter_json(p: Path) -> Iterator[Raw | Rejected]:
    obj = _loads(_decode(_read_bytes(p), str(p)), str(p))
    recs = obj if isinstance(obj, list) else [obj]
    for n, rec in enumerate(recs, 1):
        if isinstance(rec, dict):
            yield Raw(rec, str(p), item=n)
        else:
            yield Rejected(str(p), "expected a JSON object", item=n, record=rec)


def _iter_csv(p: Path) -> Iterator[Raw | Rejected]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies exceed the 128 KB default
    with _open_text(p) as fh:
        reader = csv.DictReader(fh)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError, *_STREAM_ERRORS) as exc:
            raise InputError(str(p), f"unreadable CSV header: {exc}") from None
        if "text" not in header and "html" not in header:
            raise InputError(str(p), "CSV header has no 'text' column")
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Rejected(str(p), f"unreadable CSV ({exc})", line=reader.line_num)
                continue
            except (UnicodeDecodeError, *_STREAM_ERRORS) as exc:
                raise InputError(f"{p}:{reader.line_num + 1}", f"unreadable data ({exc})") from None
            rec = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
            yield Raw(rec, str(p), line=reader.line_num)


def _iter_feed(p: Path, data: bytes | None = None, origin: str | None = None) -> Iterator[Raw | Rejected]:
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
        yield Raw(rec, where, item=n)


def _iter_url(url: str) -> Iterator[Raw | Rejected]:
    req = urllib.request.Request(url, headers={"User-Agent": f"frontwire/{__version__} (+news event coding)"})
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
        yield Raw({"url": url, "html": data}, url)
    else:
        yield Raw({"url": url, "text": _decode(data, url)}, url)
