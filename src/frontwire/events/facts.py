"""What the events of one sentence share (its date, actors, triggers, figures and source),
and the stable id of an event mention."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span

from ..mentions import ActorMention, ClaimantMention, Trigger
from ..model import Article, Claim, EventMention, Evidence
from .casualties import CasualtyReading
from .context import SentenceDate


@dataclass(frozen=True)
class ClaimSource:
    """Who states a sentence's claims (its claimant, in this outlet's article), and where."""

    claimant: ClaimantMention | None
    article: Article
    evidence: Evidence

    def __call__(self, field_: str, value: Any, kind: str | None = None, victim: str | None = None) -> Claim:
        return Claim(
            field_,
            value,
            kind,
            self.claimant.text if self.claimant else None,
            self.article.outlet,
            self.article.id,
            self.evidence,
            victim,
        )


@dataclass
class SentenceFacts:
    """What the events of one sentence share: its date, actors, triggers, figures and source."""

    sent: Span
    index: int
    dating: SentenceDate
    actors: list[ActorMention]
    triggers: list[Trigger]
    claim: ClaimSource
    casualties: CasualtyReading
    recent: list[EventMention]
    pronoun_subject: bool
    """ "It also targeted ...", "They shelled ...": the subject is the previous event's agent."""


def mention_id(article_id: str, start: int, location: str, sub: str) -> str:
    h = hashlib.sha1(f"{article_id}|{start}|{location}|{sub}".encode()).hexdigest()[:16]
    return f"M{h}"
