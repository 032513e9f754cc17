"""ingest stage: read news reports from files, folders, feeds and URLs into `Article`s (lazily).

Supported inputs: a directory (of .txt/.html/.htm with optional sidecar NAME.json,
plus any of the formats below), JSONL of articles, a JSONL manifest (lines naming a
`file` beside it), CSV with a `text` column, RSS/Atom (.xml/.rss/.atom), a single
.txt/.html/.json file, and http(s) URLs. `.gz` compressed JSONL/CSV stream too.

`iter_records` yields each good article (with where it was read) and a `Rejected`
for each bad record or file, and goes on; `iter_articles` is the all-or-nothing
form that raises `InputError` at the first bad record.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from ..model import Article, Rejected
from ..settings import Settings
from .readers import iter_raw
from .records import RecordError, build_article, normalise_date

__all__ = ["iter_records", "iter_articles", "read_all", "normalise_date", "build_article", "RecordError", "Located"]

Located = tuple[str, Article]  # (where it was read: file:line, file item N or file; the article)


def iter_records(inputs: list[str] | str, settings: Settings | None = None) -> Iterator[Located | Rejected]:
    """Each input record as `(where, Article)`, or `Rejected` when it cannot be read.

    A record whose id already came earlier in the same inputs is rejected with both
    locations: which copy should win would otherwise depend on the order of the files.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [str(inputs)]
    settings = settings or Settings.default()
    first_seen: dict[str, str] = {}
    for raw in iter_raw(list(inputs)):
        if isinstance(raw, Rejected):
            yield raw
            continue
        where = raw.where
        try:
            article = build_article(raw.rec, raw.source, settings)
        except RecordError as exc:
            yield raw.reject(str(exc))
            continue
        if article.id in first_seen:
            yield raw.reject(f"duplicate id {article.id!r} (first at {first_seen[article.id]})")
            continue
        first_seen[article.id] = where
        yield where, article


def iter_articles(inputs: list[str] | str, settings: Settings | None = None) -> Iterator[Article]:
    """Cleaned articles from each input in turn; raises `InputError` at the first bad record."""
    for rec in iter_records(inputs, settings):
        if isinstance(rec, Rejected):
            raise rec.to_error()
        yield rec[1]


def read_all(inputs: Iterable[str]) -> list[Article]:
    """Eager convenience wrapper around `iter_articles`."""
    return list(iter_articles(list(inputs)))
