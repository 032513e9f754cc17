"""Turn one raw input record (a dict of fields) into a cleaned, checked `Article`.

Every check that can fail raises `RecordError(problem)`; the reader that found the
record adds where it was (file and line) and the run skips it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import math
import re
import unicodedata
import urllib.parse
from functools import cache
from typing import Any

from ..clean import clean_text, extract_html
from ..data_files import read_text
from ..model import Article
from ..settings import Settings

KNOWN_FIELDS = {"id", "url", "outlet", "published", "language", "title", "text", "html", "file"}
MAX_ID_CHARS = 255  # the store's id column
EARLIEST_PUBLISHED = dt.date(1900, 1, 1)

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


class RecordError(ValueError):
    """A record that cannot become an article; the message says why (no location)."""


def build_article(
    rec: dict[str, Any], source: str, settings: Settings | None = None, today: dt.date | None = None
) -> Article:
    """Normalise one input record into a cleaned Article, or raise RecordError."""
    settings = settings or Settings.default()
    _check_strings(rec)
    text, html = rec.get("text"), rec.get("html")
    page: dict[str, Any] = {}
    limit = settings.max_article_chars
    if isinstance(text, str) and text.strip():
        raw_for_hash = text
        if "\x00" in text:
            raise RecordError("text contains NUL bytes")
        _check_size(len(text), limit)
        body = clean_text(text)
    elif isinstance(html, (str, bytes)) and html.strip():
        raw_for_hash = html if isinstance(html, str) else html.decode("utf-8", "replace")
        _check_size(len(html), 4 * limit)  # markup around the text: judged again once cleaned
        body, page = extract_html(html, url=rec.get("url") if isinstance(rec.get("url"), str) else None)
    elif text is not None and not isinstance(text, str):
        raise RecordError(f"'text' must be a string, got {type(text).__name__}")
    else:
        raise RecordError("no article text (expected a non-empty 'text' or 'html' field)")
    if not body.strip():
        raise RecordError("no article text left after removing boilerplate")
    _check_size(len(body), limit)

    url = _str_or_none(rec.get("url")) or page.get("url")
    raw_id = rec.get("id")
    if raw_id is not None and str(raw_id).strip():
        art_id = str(raw_id)  # kept verbatim: exports and scoring join on it
        if len(art_id) > MAX_ID_CHARS:
            raise RecordError(f"id longer than {MAX_ID_CHARS} characters")
    elif url:
        art_id = _hash(url)
    else:
        art_id = _hash(" ".join(raw_for_hash.split()).lower())

    meta = {k: v for k, v in rec.items() if k not in KNOWN_FIELDS}
    published = None
    raw_pub = rec.get("published", page.get("date"))
    if raw_pub not in (None, ""):
        if not isinstance(raw_pub, (str, int, float)) or isinstance(raw_pub, bool):
            raise RecordError(f"'published' must be a date string, got {type(raw_pub).__name__}")
        published = normalise_date(raw_pub)
        if published is None and not isinstance(raw_pub, str):
            raise RecordError(f"publication date {raw_pub!r} is not a date")
        if published is not None:
            _check_published(published, today or dt.date.today())
        if published is None or str(raw_pub).strip()[:10] != published:
            meta.setdefault("published_raw", raw_pub)

    return Article(
        id=art_id,
        text=body,
        url=url,
        outlet=_str_or_none(rec.get("outlet")) or page.get("sitename") or _host(url),
        published=published,
        language=_str_or_none(rec.get("language")) or guess_language(body),
        title=_str_or_none(rec.get("title")) or page.get("title"),
        source=source,
        meta=meta,
    )


def _check_size(n: int, limit: int) -> None:
    if n > limit:
        raise RecordError(
            f"article of {n:,} characters is over the {limit:,}-character limit (max_article_chars in the settings)"
        )


def _check_strings(value: Any, field: str = "") -> None:
    """Refuse lone surrogates (they cannot be stored as UTF-8) and NaN/infinite numbers."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise RecordError(
                f"{field or 'a field'} holds a lone surrogate ({value[exc.start]!r} at offset {exc.start})"
            ) from None
    elif isinstance(value, float) and not math.isfinite(value):
        raise RecordError(f"{field or 'a field'} is {value} (not a number)")
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(k, field or "a key")
            _check_strings(v, f"{field}.{k}" if field else str(k))
    elif isinstance(value, list):
        for v in value:
            _check_strings(v, field)


def _check_published(published: str, today: dt.date) -> None:
    day = dt.date.fromisoformat(published)
    if day > today + dt.timedelta(days=1):
        raise RecordError(f"publication date {published} is in the future")
    if day < EARLIEST_PUBLISHED:
        raise RecordError(f"publication date {published} is before {EARLIEST_PUBLISHED.year}")


def _str_or_none(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:
        return None
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
            return dt.datetime.fromtimestamp(float(value), dt.UTC).strftime("%Y-%m-%d")
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

        d = dateparser.parse(
            s,
            settings={
                "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except Exception:  # dateparser raises assorted errors on odd strings; unparseable is None
        return None
    return d.strftime("%Y-%m-%d") if d else None


@cache
def _scripts() -> tuple[tuple[str, str], ...]:
    rows = [
        line.split("\t") for line in read_text("scripts.tsv").splitlines() if line.strip() and not line.startswith("#")
    ]
    return tuple((prefix.strip(), tag.strip()) for prefix, tag in rows)


def guess_language(text: str, sample: int = 2000) -> str:
    """ "en" unless most letters of the text are in another script (then that script's tag).

    Only the script is judged: an article that names no language and is written in
    Latin letters is taken as English, the language of the pipeline.
    """
    counts: dict[str, int] = {}
    letters = 0
    for ch in text[:sample]:
        if not ch.isalpha():
            continue
        letters += 1
        if ch.isascii():
            continue
        name = unicodedata.name(ch, "")
        for prefix, tag in _scripts():
            if name.startswith(prefix):
                counts[tag] = counts.get(tag, 0) + 1
                break
    if counts:
        tag, n = max(counts.items(), key=lambda kv: kv[1])
        if n * 2 > letters:
            return tag
    return "en"
