"""The one coding function: articles in, geocoded event mentions and framing out.

Every engine (in-process, process pool, Ray) and the API call `code_articles_safely`
(or `code_chunk`, its list form), so they produce the same results. One article
that crashes the coder costs only itself: it comes back as a `Coded` with `error`
set, and the run stores it as failed (re-tried by the next run).
"""

from __future__ import annotations

import gc
import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from . import registry
from .events import Classifier, absorb_regional, extract_events
from .framing import frame_article
from .geo import Geocoder, geocode_mentions
from .model import Article, EventMention
from .nlp import parse
from .settings import Settings

log = logging.getLogger("frontwire")
SAFE_BATCH = 32  # articles parsed together; a parser failure re-codes only these one by one


@dataclass
class Coded:
    """One article after coding: its mentions and framing, or the error that stopped it."""

    article: Article
    mentions: list[EventMention] = field(default_factory=list)
    framing: dict = field(default_factory=dict)
    error: str | None = None


@dataclass
class Coder:
    """What codes one article, made once per process from the settings: the classifier the
    settings name (through the registry) and the one geocoder both stages share."""

    settings: Settings
    classifier: Classifier
    geocoder: Geocoder

    @classmethod
    def of(cls, settings: Settings | None = None) -> Coder:
        """The process's coder for these settings (built on first use, then reused)."""
        return _coder(settings or Settings.default())

    def prepare(self, parsed: list[list]) -> None:
        """Let a classifier that reads sentences in batches (a model) read a whole batch of parsed
        articles in one call: one call per article costs ~20 ms of overhead whatever its size."""
        prepare = getattr(self.classifier, "prepare", None)
        if prepare is None:
            return
        try:
            prepare([s.text for paragraphs in parsed for p in paragraphs for s in p.sents])
        except Exception as exc:  # each article's own reading retries and fails alone
            log.warning("batch prediction failed: %s", _describe(exc))

    def mentions(self, article: Article, paragraphs: list) -> list[EventMention]:
        """Event mentions of one parsed article, geocoded (raises on a coder bug)."""
        found = extract_events(
            article, paragraphs, classifier=self.classifier, settings=self.settings, geocoder=self.geocoder
        )
        geocode_mentions(found, article.text, geocoder=self.geocoder, settings=self.settings)
        return absorb_regional(found)


@cache
def _coder(settings: Settings) -> Coder:
    return Coder(settings, make_classifier(settings), Geocoder.default(settings))


def make_classifier(settings: Settings) -> Classifier:
    """The classifier named by `settings.coder`, from the registry (built-ins and plug-ins alike)."""
    factory = registry.get("classifier", settings.coder)
    return factory(settings) if getattr(factory, "takes_settings", False) else factory()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _code_batch(articles: list[Article], batch_size: int, coder: Coder) -> Iterator[Coded]:
    """Parse a batch together; a failure after parsing costs only its article."""
    parsed = list(parse(articles, batch_size=batch_size))
    coder.prepare([paragraphs for _, paragraphs in parsed])
    for article, paragraphs in parsed:
        try:
            yield Coded(article, coder.mentions(article, paragraphs), frame_article(article.text))
        except Exception as exc:  # a coder bug on one report must not cost the run
            log.warning("article %s: coding failed: %s", article.id, _describe(exc))
            yield Coded(article, error=_describe(exc))


def code_articles_safely(
    articles: Iterable[Article], batch_size: int = 64, settings: Settings | None = None
) -> Iterator[Coded]:
    """`Coded` for each article in input order (lazy); never raises for one bad article."""
    coder = Coder.of(settings)
    it = iter(articles)
    while chunk := list(itertools.islice(it, SAFE_BATCH)):
        try:
            done = list(_code_batch(chunk, batch_size, coder))
        except Exception:  # the parser itself failed: find the article by coding them one by one
            done = []
            for a in chunk:
                try:
                    done.extend(_code_batch([a], batch_size, coder))
                except Exception as exc:
                    log.warning("article %s: parsing failed: %s", a.id, _describe(exc))
                    done.append(Coded(a, error=_describe(exc)))
        yield from done


def code_chunk(articles: list[Article], batch_size: int = 64, settings: Settings | None = None) -> list[Coded]:
    """`code_articles_safely` as a list (what worker processes and Ray actors return)."""
    return list(code_articles_safely(articles, batch_size=batch_size, settings=settings))


_WARM = False


def warm_up(settings: Settings | None = None) -> None:
    """Load the model, lexicons and gazetteer once per process, then hide them from the garbage collector.

    One tiny article pulls in every lazily loaded table. They live as long as the
    process, and `gc.freeze` keeps the collector from rescanning their hundreds of
    thousands of objects on every collection (measured: 0.5 s of GC per 400 reports
    down to 0.1 s).
    """
    global _WARM
    if _WARM:
        return
    sample = Article(
        id="warm-up",
        text="Government forces shelled Sarmin in Idlib on Monday, killing two civilians.",
        published="2020-02-10",
    )
    coder = Coder.of(settings)
    for article, paragraphs in parse([sample]):
        coder.mentions(article, paragraphs)  # raises: a broken table must show at start-up
        frame_article(article.text)
    gc.collect()
    gc.freeze()
    _WARM = True


class LocalEngine:
    """Codes in this process."""

    def __init__(self, workers: int = 1, settings: Settings | None = None):
        self.workers = 1
        self.settings = settings or Settings.default()

    def code(self, articles: Iterable[Article]) -> Iterator[Coded]:
        warm_up(self.settings)
        return code_articles_safely(articles, settings=self.settings)
