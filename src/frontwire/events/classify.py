"""Typing a candidate event: the `Classifier` interface and the lexicon's rules behind it.

The events stage proposes candidates (a trigger governing a place, with its sides read
from the parse) and asks a classifier what kind of event each is, if any. Any object
with a `classify(candidate) -> Typing | None` method will do: pass it to
`extract_events(..., classifier=...)`. `RuleClassifier` is frontwire's own rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from .lexicon import ATTACK_INSTRUMENTS, ATTEMPT, civilian, info, instrument, opponent, protesters, side_of, taxonomy

if TYPE_CHECKING:
    from .context import ArticleContext


@dataclass(frozen=True)
class Typing:
    """What a classifier makes of a candidate: the ACLED event type and sub-event type."""

    event_type: str
    sub_event_type: str
    confidence: float = 1.0

    @classmethod
    def of(cls, sub_event_type: str, confidence: float = 1.0) -> Typing:
        """A typing by sub-event type alone (its event type from the ACLED taxonomy)."""
        return cls(taxonomy()[sub_event_type], sub_event_type, confidence)


@dataclass(frozen=True)
class Candidate:
    """A proposed event: one trigger governing one place in one sentence, with its sides."""

    sentence: str
    """The sentence text."""
    trigger: str
    """The trigger words as written, lower-cased ("shelled", "took control of")."""
    lemma: str
    """The trigger's lemmas ("shell", "take control of")."""
    category: str | None
    """The lexicon's category of the trigger: a sub-event type ("Armed clash"), or "instrument"
    (typed by the weapon named), "attack", "victim", "protest"; None for territory triggers."""
    spec: Mapping[str, Any]
    """The trigger's whole lexicon entry (territory, repel, standalone, priority...)."""
    window: str
    """Lower-cased text of the trigger's clause (weapons, "tear gas", "by mistake")."""
    before: tuple[str, ...]
    """Up to eight lower-cased words before the trigger ("an attempt to ...")."""
    agent: str | None
    """Canonical name of the side that acted, as read from the sentence (None: not named)."""
    target: str | None
    """Canonical name of the side acted on."""
    actors: tuple[str, ...]
    """Every actor the sentence names (those quoted as sources left out)."""
    place: str
    """The place as written."""
    context: ArticleContext
    explosive: str | None = None
    """The device the sentence names ("An explosion targeted a patrol"), if any."""
    alone: bool = False
    """The only trigger of its sentence."""

    @property
    def country(self) -> str:
        return self.context.country


@runtime_checkable
class Classifier(Protocol):
    """Types candidate events: a `Typing`, or None for "no event"."""

    def classify(self, candidate: Candidate) -> Typing | None: ...


class RuleClassifier:
    """frontwire's rules: the trigger lexicon's categories, weapons named, who the sides are."""

    name = "rules"

    def classify(self, candidate: Candidate) -> Typing | None:
        sub = rule_sub_event_type(candidate)
        return Typing.of(sub) if sub is not None else None


def rule_sub_event_type(c: Candidate) -> str | None:
    """The sub-event type the rules give a candidate; None drops it."""
    if c.spec.get("territory"):
        if ATTEMPT.intersection(c.before):
            return "Armed clash"  # "an attempt to storm X": fighting, no change of control
        gainer, _ = territory_sides(c)
        if gainer is None:
            return None
        return (
            "Government regains territory" if side_of(gainer) == "government" else "Non-state actor overtakes territory"
        )
    sub = c.category
    if sub == "instrument":
        sub = _instrument_sub(c)
    elif sub == "attack":
        sub = instrument(c.window, ATTACK_INSTRUMENTS) or ("Attack" if civilian(c.target) else "Armed clash")
    elif sub == "victim":
        if civilian(c.target):
            sub = "Attack"
        elif (c.spec.get("standalone") or c.alone) and c.target and c.agent:
            sub = "Armed clash"  # fighters killed by a named attacker: ACLED codes armed targets as battles
        else:
            return None
    elif sub == "protest":
        if re.search(r"\b(killed|shot|live fire|live ammunition|live bullets)\b", c.window):
            return "Excessive force against protesters"
        if re.search(r"\b(dispers|tear gas|arrest|detain|beat|water cannon|rubber bullets)", c.window):
            return "Protest with intervention"
        return "Peaceful protest"
    if sub == "Armed clash" and c.spec.get("repel"):
        return sub
    if protesters(c.target) and taxonomy().get(sub or "") != "Protests":
        # force used on a protest is coded as the protest (ACLED)
        return (
            "Excessive force against protesters"
            if re.search(r"\b(killed|killing|shot|live fire|live ammunition|opened fire|dead)\b", c.window)
            else "Protest with intervention"
        )
    return sub


def _instrument_sub(c: Candidate) -> str:
    """A strike or attack typed by the weapon named, else by who struck whom."""
    sub = instrument(c.window) or instrument(c.trigger)
    if sub is not None:
        return sub
    agent_air = bool(c.agent) and instrument((c.agent or "").lower()) == "Air/drone strike"
    # "carried out a strike" by a state's forces, with no weapon named, is an air strike
    state_strike = c.trigger.startswith("strike") and info(c.agent).get("type") in ("state", "external")
    if agent_air or state_strike:
        return "Air/drone strike"
    return c.explosive or ("Attack" if civilian(c.target) else "Armed clash")


def territory_sides(c: Candidate) -> tuple[str | None, str | None]:
    """(gainer, loser) of a change of control; the gainer None when nobody is named to gain."""
    territory = c.spec.get("territory")
    gainer: str | None
    loser: str | None
    if territory in ("gain_passive", "loss_object"):
        # "areas taken by X", "fell to X": X gained; the parse may give X as subject or object
        gainer, loser = (c.target, c.agent) if c.target else (c.agent, None)
    elif territory == "loss":
        gainer, loser = c.target or opponent(c.agent, c.country), c.agent
    else:
        gainer, loser = c.agent, c.target
    if gainer is None:
        return None, None
    if loser and (side_of(loser) == side_of(gainer) or civilian(loser)):
        loser = None  # "captured X after Russian air strikes": the ally is not who lost X
    return gainer, loser or opponent(gainer, c.country)
