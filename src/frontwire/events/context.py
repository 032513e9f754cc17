"""What one article gives every sentence: its date anchor, its country, and the state of
the telling so far (who is being quoted, the day last stated, the events just told)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Span

from ..actors import actor_table
from ..data_files import read_yaml
from ..geo.geocoder import Geocoder
from ..geo.stage import ArticleCountry, article_country
from ..mentions import REPORT_VERBS, ClaimantMention, TimeMention, find_claimant, find_times, infer_published
from ..model import Article, EventMention
from ..settings import Settings
from .lexicon import is_background

FUTURE_DAYS = 2  # a report may carry a date a day or two ahead of its publication date (time zones)
FOLLOW_UP_SENTENCES = 3  # how far a follow-up ("The attack killed ...") reaches back to the events told

# "the source", "the same ministry": a later mention of the source quoted before
_SAME_SOURCE = re.compile(
    r"^(?:the\s+)?(?:same\s+)?(source|sources|center|centre|front|ministry|statement|"
    r"observatory|commander|official|agency|group|factions|channel)$",
    re.I,
)
_COMPARISON_WORDS = frozenset(str(w) for w in read_yaml("en/dates.yaml")["comparison_words"])
COMPARISON_REACH = 6  # words before "since <time>" searched for the superlative it completes
_NEXT_DAY = re.compile(r"\bthe (?:next|following) (?:day|morning)\b", re.I)


@dataclass
class Discourse:
    """The state of the telling, carried from sentence to sentence."""

    carried_date: date | None = None
    """The day last stated for an event (it holds for the sentences after it)."""
    claimant: ClaimantMention | None = None
    """Whoever was quoted last."""
    quote_open: bool = False
    last_group: list[EventMention] = field(default_factory=list)
    """The events of the last sentence that told any, for follow-ups to add to."""
    last_group_sentence: int = -10

    def recent(self, sent_index: int) -> list[EventMention]:
        """The events a follow-up in sentence `sent_index` may add to (none when too far back)."""
        return self.last_group if sent_index - self.last_group_sentence <= FOLLOW_UP_SENTENCES else []

    def speaker(self, sent: Span) -> ClaimantMention | None:
        """Who speaks in this sentence: its own claimant, or the one whose quote is still open."""
        claimant = find_claimant(sent)
        if claimant and self.claimant and _SAME_SOURCE.match(claimant.text):
            head = claimant.text.lower().split()[-1].rstrip("s")
            if head in self.claimant.text.lower():
                claimant = self.claimant
        if claimant is None and self.quote_open:
            claimant = self.claimant
        text = sent.text
        opens = text.count("“") + text.count('"') % 2
        closes = text.count("”")
        self.quote_open = (self.quote_open or opens > closes) and not (closes > opens)
        if claimant is not None:
            self.claimant = claimant
        return claimant


@dataclass(frozen=True)
class SentenceDate:
    """The date a sentence's events get, and whether the sentence is background."""

    event_date: date | None
    source: str
    """sentence | context (an earlier sentence) | published | unknown"""
    explicit: bool
    """The sentence states the day itself."""
    background: bool
    """History, plans, summaries: nothing this report witnessed."""

    @property
    def precision(self) -> str:
        return "day" if self.event_date else "unknown"


@dataclass
class ArticleContext:
    """An article's facts for its sentences, computed once per article."""

    article: Article
    published: date | None
    """The date anchor: the publication date, else one inferred from the text."""
    country: str
    """The country the report is about, named as the actor table names it."""
    settings: Settings
    geocoder: Geocoder
    discourse: Discourse = field(default_factory=Discourse)

    @classmethod
    def of(cls, article: Article, settings: Settings | None = None, geocoder: Geocoder | None = None) -> ArticleContext:
        s = settings or Settings.default()
        gc = geocoder or Geocoder.default()
        published = parse_iso(article.published) or infer_published(article.text)
        return cls(article, published, country_name(article_country(gc, article.text, s), s), s, gc)

    def date_sentence(self, sent: Span, eventful: bool, lexicon: bool = True) -> SentenceDate:
        """Read a sentence's dates; a stated day carries over to the sentences after it.

        `eventful`: the sentence has triggers or follows events closely (only then does the
        background lexicon matter for a sentence that states no day). `lexicon=False`: a
        classifier that read the whole sentence judged it an event, so only its dates (history,
        days after publication) can make it background.
        """
        text = sent.text
        pub = self.published
        times = [t for t in find_times(text, pub) if not reporting_time(sent, t) and not comparison_time(sent, t)]
        # Past events told as history, and dates after the report appeared (plans, announcements,
        # or a mistaken year): neither is an event this report witnessed.
        history = any(t.date and pub and not -FUTURE_DAYS <= (pub - t.date).days <= 14 for t in times) or any(
            t.precision == "year" for t in times
        )
        day_times = [t for t in times if t.precision == "day" and t.date]
        background = history or bool(lexicon and (day_times or eventful) and is_background(text))
        d = self.discourse
        explicit = bool(day_times)
        if day_times and not background:
            d.carried_date = day_times[0].date
        if not day_times and d.carried_date and _NEXT_DAY.search(text):
            d.carried_date += timedelta(days=1)  # "In a separate incident the next day, ..."
            explicit = True
        event_date = d.carried_date or pub
        source = "sentence" if explicit else ("context" if d.carried_date else "published")
        return SentenceDate(event_date, source if event_date else "unknown", explicit, background)


def country_name(found: ArticleCountry, settings: Settings) -> str:
    """The article's country as the actor table names it (countries.yaml), else as found."""
    row = actor_table(settings).country(found.iso2) if found.iso2 else None
    return str(row["name"]) if row else found.name


def parse_iso(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def comparison_time(sent: Span, t: TimeMention) -> bool:
    """ "the deadliest attack since 2021": a time a superlative is measured against."""
    if not t.text.lower().startswith("since"):
        return False
    char = sent.start_char + t.start
    i = next((x.i for x in sent if x.idx >= char), sent.end)
    before = sent.doc[max(sent.start, i - COMPARISON_REACH) : i]
    return any(x.tag_ in ("JJS", "RBS") or x.lower_ in _COMPARISON_WORDS for x in before)


def reporting_time(sent: Span, t: TimeMention) -> bool:
    """ "X said on Sunday that ...": the day a claim was made, not the day of the event."""
    char = sent.start_char + t.start
    tok = next((x for x in sent if x.idx >= char), None)
    if tok is not None and any(
        x.lemma_.lower() in REPORT_VERBS and x.pos_ == "VERB" for x in sent.doc[max(sent.start, tok.i - 2) : tok.i]
    ):
        return True  # "stated Thursday dawn ...", "said on Sunday ..."
    steps = 0
    while tok is not None and steps < 5:
        if tok.lemma_.lower() in REPORT_VERBS and tok.pos_ == "VERB":
            # "X said on Sunday that ..." (the report comes first), not "... yesterday, X said"
            return any((c.dep_ in ("ccomp", "dobj") or c.lower_ == "that") and c.i > tok.i for c in tok.children)
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in REPORT_VERBS:
            return False
        tok, steps = tok.head, steps + 1
    return False
