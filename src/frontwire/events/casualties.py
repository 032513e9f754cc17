"""Casualty figures of a sentence as claims: whom each counts, and which event gets it."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span

from ..mentions import ActorMention, CasualtyMention, find_casualties
from ..model import Claim, EventMention
from .lexicon import civilian, generic
from .places import place_char
from .roles import victim_actor

ClaimMaker = Callable[..., Claim]
"""claim(field, value, kind=None, victim=None) -> a Claim of the sentence's claimant."""


class CasualtyReading:
    """A sentence's casualty figures: the claims, the actors counted, and those the act itself hit."""

    def __init__(self, sent: Span, actors: list[ActorMention], country: str, claim: ClaimMaker):
        self.victims: dict[int, ActorMention] = {}
        self.hit: dict[int, ActorMention] = {}
        self.claims: list[tuple[CasualtyMention, Claim]] = []
        for c in find_casualties(sent.text):
            v = victim_actor(c, sent, actors)
            if v is not None:
                self.victims[id(v)] = v
                if re.match(r"(?:killing|wounding|injuring|claiming)\b", c.text, re.I):
                    self.hit[id(v)] = v  # "..., killing two HTS members": those the act itself hit
            cl = claim(c.field, c.value, c.kind, v.name(country) if v else None)
            if c.high is not None:  # a range: its bottom is the figure, both ends are kept
                cl.low, cl.high = c.value, c.high
            self.claims.append((c, cl))

    def all_claims(self) -> list[Claim]:
        return [cl for _, cl in self.claims]


def attach(group: list[EventMention], claims: list[Claim]) -> None:
    """Claims of a follow-up sentence: figures to the first event told, "no casualties" to all."""
    for cl in claims:
        for ev in group if cl.value == 0 else group[:1]:
            ev.claims.append(cl)
            if (
                cl.victim
                and civilian(cl.victim)
                and cl.value
                and generic(ev.actor2)
                and ev.event_type == "Explosions/Remote violence"
            ):
                ev.actor2 = cl.victim


def distribute(events: list[EventMention], claims: list[tuple[CasualtyMention, Claim]], sent: Span) -> None:
    """Each casualty figure goes to the event whose place is nearest to it in the sentence."""
    for c, cl in claims:
        if c.value == 0:  # "no casualties" holds for every place the sentence names
            for ev in events:
                ev.claims.append(cl)
            continue
        pos = sent.start_char + c.start
        best = min(
            events,
            key=lambda ev: (
                cl.victim is not None and ev.actor2 != cl.victim,
                min(abs(place_char(ev, sent) - pos), abs(place_char(ev, sent) - pos - len(c.text))),
            ),
        )
        best.claims.append(cl)
