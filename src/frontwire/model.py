"""Plain data objects passed between pipeline stages.

Data flows one way: ingest -> clean -> nlp -> mentions -> events -> geocode ->
merge -> store -> serve/export. Every stage takes and returns these objects, so
each stage can be tested (and replaced) on its own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(v: Any) -> Any:
    # dataclasses.asdict deep-copies every leaf; ours are str/int/float/bool, so only
    # containers are rebuilt (it was the store's largest cost per mention and event).
    if hasattr(v, "__dataclass_fields__"):
        cls: type = type(v)
        return {k: _plain(getattr(v, k)) for k in _field_names(cls)}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def asdict(obj: Any) -> dict[str, Any]:
    """A model object as plain dicts and lists (what `dataclasses.asdict` gives, faster)."""
    return _plain(obj)


class InputError(Exception):
    """Bad user input: reported as one line naming the file and the problem (exit code 2)."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass
class Article:
    """One news report. `id` is the input's own id when it gives one (kept verbatim)."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    language: str = "en"
    title: str | None = None
    source: str | None = None  # file the article came from
    meta: dict[str, Any] = field(default_factory=dict)  # everything else from the input

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    """Where in an article a value was read: the sentence and its character offsets in `Article.text`."""

    article_id: str
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Claim:
    """One source's statement about an event.

    field: killed | injured | killed_or_injured | captured | controls_location | occurred | denied
    kind: qualifier of a number ("at least", "more than", "about", "dozens") or None
    claimant: who is quoted ("Russian Reconciliation Center", "NLF"), not the outlet.
    """

    field: str
    value: Any
    kind: str | None = None
    claimant: str | None = None
    outlet: str | None = None
    article_id: str | None = None
    evidence: Evidence | None = None
    victim: str | None = None  # whose losses a casualty figure counts (actor name), when known
    low: int | None = None  # numeric range a vague figure stands for ("dozens" -> 24..99)
    high: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Place:
    """A toponym resolved (or not) against the gazetteer.

    geo_precision: 1 the town itself; 2 near / outskirts / axis; 3 only a region known.
    An unresolved place keeps its text, has lat/lon None and geo_precision None.
    """

    text: str  # the toponym as written in the report
    name: str | None = None  # gazetteer's preferred name
    place_id: str | None = None  # stable id, "geonames:<id>" where the entry came from GeoNames
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    geo_precision: int | None = None
    confidence: float = 0.0
    reason: str = ""  # why this entry was chosen (or why none was)
    feature: str | None = None  # "populated place", "admin1", "admin2", ...
    note: str | None = None  # where it is not its own entry: "governorate centre", "country centroid", "not found"

    @property
    def resolved(self) -> bool:
        return self.latitude is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EventMention:
    """One event as told in one article (before cross-article merging)."""

    article_id: str
    event_type: str
    sub_event_type: str
    event_date: str | None
    date_precision: str  # "day" | "week" | "month" | "estimated" | "unknown"
    location_text: str  # the place as written ("Kfarawid", "southeastern Idlib countryside")
    place: Place | None = None
    near: bool = False  # "outskirts of", "axis of", "near": geo_precision 2
    region_hint: str | None = None  # "southeastern Idlib countryside", "west of Aleppo"
    actor1: str | None = None
    assoc_actor1: list[str] = field(default_factory=list)
    actor2: str | None = None
    assoc_actor2: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    evidence: Evidence | None = None
    outlet: str | None = None
    trigger: str | None = None  # the word that signalled the event
    mention_id: str = ""  # stable: hash of article id + evidence offsets + location + type
    date_source: str = ""  # sentence | context (an earlier sentence) | published | unknown
    headline: bool = False  # told in the report's headline (repeated in its body as a rule)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Contradiction:
    """Two or more claims about one event that cannot all be true."""

    field: str
    explanation: str
    claims: list[Claim] = dataclasses.field(default_factory=list)  # `field` is taken by the attribute

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """One row of the dataset: an event with every source's claims (SPEC 'Event record')."""

    event_id: str
    event_date: str | None
    date_precision: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor1: list[str]
    actor2: str | None
    assoc_actor2: list[str]
    interaction: str | None
    civilian_targeting: bool
    country: str | None
    admin1: str | None
    admin2: str | None
    location: str
    latitude: float | None
    longitude: float | None
    place_id: str | None
    geo_precision: int | None
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    injured: int | None
    sources: list[str]  # outlets
    articles: list[str]  # article ids
    claims: list[Claim] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    notes: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    needs_review: bool = False  # e.g. place not resolved
    geo_note: str | None = None  # an approximate placement said in words ("approximate: Idlib governorate centre")
    merge_reasons: list[str] = field(default_factory=list)  # why its mentions were judged one incident
    first_reported: str | None = None  # earliest publication date among its articles
    mention_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Rejected:
    """An input record (or a whole file) that could not be read: skipped and reported, never the run.

    `where` reads `file:line`, `file item N` or `file`; `record` is the raw record when
    one was read, kept so the rejects file can be fixed and re-run.
    """

    path: str
    problem: str
    line: int | None = None
    item: int | None = None
    record: Any = None

    @property
    def where(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}"
        if self.item:
            return f"{self.path} item {self.item}"
        return self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"

    def to_error(self) -> InputError:
        """The same problem as an InputError (for all-or-nothing callers)."""
        loc = f"line {self.line}: " if self.line else (f"item {self.item}: " if self.item else "")
        return InputError(self.path, loc + self.problem)
