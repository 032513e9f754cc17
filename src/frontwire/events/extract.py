"""The events stage's entry point: event mentions of one article from its parsed paragraphs."""

from __future__ import annotations

from collections import Counter

from ..actors import ActorMatcher
from ..geo.geocoder import Geocoder
from ..geo.stage import article_country
from ..mentions import actor_dictionary
from ..model import Article, EventMention
from ..nlp import Paragraph
from ..settings import Settings
from .classify import Candidate, Classifier, RuleClassifier, Typing
from .context import ArticleContext
from .roles import COALITION_CUES, coalition, led_by
from .sentence import sentence_events


def extract_events(
    article: Article,
    paragraphs: list[Paragraph],
    classifier: Classifier | None = None,
    settings: Settings | None = None,
    geocoder: Geocoder | None = None,
) -> list[EventMention]:
    """Event mentions of one article, from its parsed paragraphs.

    `classifier` types the candidate events (default: `RuleClassifier()`); `settings` gives the
    theatre country assumed when nothing says otherwise (default: `Settings.default()`);
    `geocoder` is the one the geocode stage uses (default: `Geocoder.default()`).

    A classifier that can `propose` events (a learned coder reading whole sentences) fills the
    gap where the triggers find nothing in the whole article: the article is then read again
    with its proposals for the sentences no trigger matched. Where triggers found events, the
    proposals stay out (they would retell the same incident at a vaguer place), except in the
    sentences before the first triggered event: events come out in the order told.

    A triggered event whose sentence names no site is placed at the region the sentence names,
    else at the article's country (see `proposals.unnamed_site`); with a proposing classifier
    only in the second reading (in the first, such an event would outrank the model's proposals
    for the same sentence: dev set 0.880 -> 0.856).
    """
    typer = classifier if classifier is not None else RuleClassifier()
    prepare = getattr(typer, "prepare", None)
    if prepare is not None:  # a model reads all of an article's sentences in one call
        prepare([s.text for p in paragraphs for s in p.sents])
    propose = getattr(typer, "propose", None)
    proposes = propose is not None
    # a classifier that proposes places its own events where no site is named (see proposals.py)
    out = _read(article, paragraphs, _TriggersOnly(typer), settings, geocoder, not proposes)
    if not out and proposes:
        out = _read(article, paragraphs, typer, settings, geocoder, True)
    elif out and proposes:
        # the sentences before the first triggered event: a proposal there is the report's first
        # event ("Police lobbed tear gas at traders ... Three were arrested": the protest, then
        # the arrests), so the events come out in the order the text tells them
        first = min(m.evidence.start for m in out if m.evidence) if any(m.evidence for m in out) else 0
        before = {s.text for p in paragraphs for s in p.sents if p.offset + s.end_char <= first}
        # no proposal for any of them: a second reading would change nothing
        if propose is not None and any(propose(text) is not None for text in before):
            again = _read(article, paragraphs, _ProposalsBefore(typer, before), settings, geocoder, False)
            if any(m.evidence and m.evidence.start < first for m in again):
                out = again
    return out


class _ProposalsBefore:
    """A classifier's typing, with its proposals only for the given sentences."""

    def __init__(self, inner: Classifier, sentences: set[str]):
        self.inner = inner
        self.sentences = sentences

    def classify(self, candidate: Candidate) -> Typing | None:
        return self.inner.classify(candidate)

    def propose(self, sentence: str, triggered: bool = False) -> Typing | None:
        # only where no trigger word matched: a sentence whose trigger the rules declined (a
        # headline naming no site) is not an event the model should restore at a vaguer place
        propose = getattr(self.inner, "propose", None)
        if propose is None or triggered or sentence not in self.sentences:
            return None
        return propose(sentence, triggered)


def _actors_country(paragraphs: list[Paragraph], ad: ActorMatcher) -> str | None:
    """The country most of an article's named actors belong to (a state's own forces count
    double); forces abroad and generic words ("gunmen", "the army") say nothing of where."""
    votes: Counter[str] = Counter()
    for para in paragraphs:
        for sent in para.sents:
            for a in ad.find(sent):
                e = a.entry
                if e.name and e.country and not e.generic and e.type != "external":
                    votes[e.country] += 2 if e.type == "state" else 1  # a state's forces act at home
                elif e.name is None and a.start > sent.start:
                    # "Kenyan police", "Iraqi security forces": a demonym before a generic actor
                    home = ad.table.demonym_country(sent.doc[a.start - 1].text)
                    if home is not None:
                        votes[home] += 2 if e.type == "state" else 1
    return max(votes, key=lambda c: (votes[c], c)) if votes else None


class _TriggersOnly:
    """A classifier's typing without its proposals (the first reading of an article)."""

    def __init__(self, inner: Classifier):
        self.inner = inner

    def classify(self, candidate: Candidate) -> Typing | None:
        return self.inner.classify(candidate)


def _read(
    article: Article,
    paragraphs: list[Paragraph],
    typer: Classifier,
    settings: Settings | None,
    geocoder: Geocoder | None,
    place_unnamed: bool,
) -> list[EventMention]:
    ctx = ArticleContext.of(article, settings, geocoder)
    ad = actor_dictionary(ctx.settings)
    if article_country(ctx.geocoder, article.text, ctx.settings).source == "theatre":
        # no place says where: the home country of the article's own actors ("Malian soldiers",
        # "JNIM fighters") rather than the settings' theatre
        ctx.country = _actors_country(paragraphs, ad) or ctx.country
    country = ctx.country
    out: list[EventMention] = []
    coalitions: dict[str, list[str]] = {}
    leaders: dict[str, str] = {}
    seen: list[str] = []  # named actors so far, for "the operations room" / "the group"
    sent_index = 0
    for n, para in enumerate(paragraphs):
        title = len(paragraphs) > 1 and len(para.doc) < 25 and not para.doc.text.rstrip().endswith((".", '"', "”"))
        headline = n == 0 and title and not para.doc.text.rstrip().endswith(".")
        for sent in para.sents:
            sent_index += 1
            # a title (or a repeated one, a caption) naming no site sums up what the body tells
            found = sentence_events(ctx, para, sent, sent_index, ad, typer, place_unnamed and not title)
            for m in found:
                m.headline = headline
            out.extend(found)
            low = sent.text.lower()
            if COALITION_CUES.search(low):
                coalitions.update(coalition(sent, ad.find(sent), country, seen))
            seen.extend(a.name(country) for a in ad.find(sent) if not a.entry.generic)
            if " by " in low:
                leaders.update(led_by(sent, ad.find(sent), country))
    for m in out:
        m.actor1 = leaders.get(m.actor1, m.actor1) if m.actor1 else m.actor1
        m.actor2 = leaders.get(m.actor2, m.actor2) if m.actor2 else m.actor2
        if m.actor1 in coalitions:
            m.assoc_actor1 = m.assoc_actor1 + [
                a for a in coalitions[m.actor1] if a not in m.assoc_actor1 and a != m.actor1
            ]
    return out
