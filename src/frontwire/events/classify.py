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

from .lexicon import (
    ATTEMPT,
    arrest_told,
    cancelled,
    civilian,
    countries,
    cue_match,
    cues_in,
    info,
    instrument,
    labour_strike,
    ladder,
    lexicon,
    opponent,
    phrases_in,
    protesters,
    side_of,
    taxonomy,
)

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
    (typed by the weapon named), "attack", "victim", "protest", "property"; None for territory triggers."""
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
    low = c.sentence.lower()
    kind = "territory" if c.spec.get("territory") else (c.category or "")
    # other news told with conflict words (a crowd beating a suspected thief is mob violence, not
    # ordinary crime); "March" the month
    if (cancelled(kind, low) and not (kind in _LADDER_KINDS and _crowd_acts(c))) or (
        c.trigger == "march" and not _MARCH.search(c.sentence)
    ):
        return None
    if kind == "Arrests" and not arrest_told(c.window):
        return None  # "an arrest warrant", "ordered the arrest of"
    if kind in ("Arrests", "territory") and cues_in(lexicon()["disappearance"], low):
        return "Abduction/forced disappearance"  # held incommunicado, taken away for ransom
    if c.trigger.startswith("gather") and (info(c.agent).get("type") in _ARMED or _ARMED_GATHERING.search(low)):
        # "blew himself up amid a gathering of government forces": the gathering is a target, no protest
        return instrument(low) or c.explosive
    if kind in _SEXUAL_KINDS and cues_in(lexicon()["sexual"], low):
        return "Sexual violence"  # "raped women during a raid", "abducted and raped girls"
    riot = protest_ladder(c)
    if riot is not None:
        return riot
    if c.spec.get("territory"):
        return _territory_sub(c)
    sub = c.category
    if sub == "instrument":
        sub = _instrument_sub(c)
    elif sub == "attack":
        sub = _weapon(c.window) or ("Armed clash" if _two_armed_sides(c) else "Attack")
    elif sub == "victim":
        if (weapon := _weapon(c.window)) is not None:
            sub = weapon  # "killed by an IED"
        elif civilian(c.target):
            sub = "Attack"
        elif not (c.spec.get("standalone") or c.alone):
            return None  # the toll of another act the sentence tells
        elif c.target and not civilian(c.target):
            sub = "Armed clash"  # fighters killed: ACLED codes armed targets as battles
        else:
            sub = "Attack"  # someone killed by an unidentified actor
    elif sub == "property":
        sub = _property_sub(c, low)
    elif sub == "protest":
        return None
    if sub == "Change to group/activity" and c.lemma.startswith("patrol") and cues_in(lexicon()["patrol_target"], low):
        return instrument(low) or c.explosive  # "an IED hit a patrol": the patrol is the target of another act
    if c.spec.get("blast"):
        sub = instrument(low) or sub  # "explosions after drones attacked": the weapon named decides
    if sub is None:
        return None
    if sub == "Non-violent transfer of territory" and cues_in(lexicon()["weapon_objects"], c.window):
        return "Agreement"  # weapons handed over under a deal: a disarmament, no place changing hands
    if sub in _DEVICES and disrupted(c.window):
        return "Disrupted weapons use"  # "defused an IED", "intercepted two missiles"
    if sub in _DEVICES:
        # the most specific weapon the sentence names: "shells filled with chlorine", "a suicide car bomb"
        sub = instrument(low, _SPECIFIC) or sub
    return sub


_SEXUAL_KINDS = ("attack", "instrument", "victim", "Armed clash", "Arrests", "Abduction/forced disappearance", "Attack")
_SPECIFIC = ("Chemical weapon", "Suicide bomb")
_MARCH = re.compile(r"\bmarch")  # case-sensitive: "March" is the month
_DEVICES = (
    "Remote explosive/landmine/IED",
    "Suicide bomb",
    "Grenade",
    "Shelling/artillery/missile attack",
    "Air/drone strike",
)
# triggers a demonstration or crowd turns into a protest or riot
_LADDER_KINDS = {
    "protest",
    "Violent demonstration",
    "Mob violence",
    "attack",
    "victim",
    "Attack",
    "property",
    "Looting/property destruction",
    "Armed clash",
    "Arrests",
    "instrument",
    "territory",
    "Grenade",
}


def protest_ladder(c: Candidate) -> str | None:
    """ACLED's protest and riot ladder, read from the whole sentence; None when the candidate is
    no protest or riot. A demonstration's own violence makes it a violent demonstration; lethal
    force on it, excessive force; arrests, dispersal, tear gas, a protest with intervention; a
    crowd's violence with no demonstration told, mob violence."""
    kind = "territory" if c.spec.get("territory") else (c.category or "")
    if kind not in _LADDER_KINDS:
        return None
    cues = ladder()
    low = _RIOT_POLICE.sub(" police ", c.sentence.lower())
    if kind == "Violent demonstration" and not re.search(r"\briot|\bstone|\bpelt|\bbomb|molotov|\bburn", low):
        kind = "protest"  # "riot police dispersed ...": the police, not a riot
    if kind == "instrument" and c.trigger.startswith("strik") and labour_strike(low) and not instrument(low):
        kind = "protest"  # workers on strike
    if kind == "Grenade":
        if not re.search(r"\b(stun|tear gas|teargas|sound) grenade", low):
            return None
        kind = "protest"  # stun grenades: crowd control
    violent = cues_in(cues["violent"], _cue_regex_sub(cues["symbolic_burning"], low))
    armed_agent = info(c.agent).get("type") in _ARMED
    army_march = armed_agent and _ARMY_MARCH.search(low) is not None
    if kind == "protest" and c.trigger.startswith("march") and army_march:
        return None  # troops marching into a town, on the capital: no demonstration
    # stones and petrol bombs, no guns or explosives: a riot's weapons ("attacked the police station with stones")
    riot_arms = kind in ("attack", "Armed clash", "property", "territory") and (
        cues_in(cues["riot_weapons"], low) and not instrument(low)
    )
    protest = (
        kind == "protest"
        or cues_in(cues["protest"], low)
        or bool(re.search(r"\bmarch(?:es|ed|ing|ers)?\b", c.sentence) and not army_march)
        or protesters(c.target)
        or protesters(c.agent)
        or (kind in ("property", "victim") and _protest_nearby(c))
    )
    at = low.find(c.trigger)
    if violent and (armed_agent or (at > 0 and _ARMED_WORDS.search(low[:at]))):
        # troops or militiamen storming a sit-in: force used on the protest, not the protesters' violence
        violent = cues_in(cues["violent"], _cue_regex_sub(["stormed", "storm the", "storm"], low))
    if kind == "Arrests" and cues_in(cues["arrest_apart"], low):
        return None  # an organiser arrested ahead of a rally: an arrest, not the protest
    if not protest and kind != "Arrests" and cues_in(cues["protest_weak"], low):
        protest = cues_in(cues["crowd_control"], low) or violent
    marks = kind == "Mob violence" or cues_in(cues["mob_marks"], low)
    if _crowd_acts(c) and kind != "protest" and (marks or not protest):
        if not marks and (violent or riot_arms) and cues_in(cues["state_targets"], low):
            return "Violent demonstration"  # youths stoning gendarmes, burning a party office
        return "Mob violence"
    violent = violent or riot_arms
    protest = protest or riot_arms
    if not protest:
        if kind == "Mob violence" or (kind == "Violent demonstration" and marks):
            return "Mob violence"
        return "Violent demonstration" if kind == "Violent demonstration" else None
    if violent or kind == "Violent demonstration":
        return "Violent demonstration"
    if _lethal(low):
        return "Excessive force against protesters"
    if cues_in(cues["intervention"], low) or kind in ("Arrests", "attack", "Attack", "victim", "instrument"):
        return "Protest with intervention"
    return "Peaceful protest"


_ARMED = ("state", "rebel", "militia", "external")
_ARMED_GATHERING = re.compile(
    r"\bgather(?:ing|ings|ed)?\s+of\s+(?:\S+\s+){0,3}?(?:forces|troops|fighters|militants|soldiers|militiamen|members)\b"
)
# armed men named before an act: who acted, where the actor table does not know them
_ARMED_WORDS = re.compile(r"\b(?:militiamen|militias?|gunmen|forces|troops|police|soldiers|army|militants|security)\b")
_ARMY_MARCH = re.compile(r"\bmarch(?:es|ed|ing)?\s+(?:back\s+)?(?:into|on|onto|toward|towards|through|across)\b")
_RIOT_POLICE = re.compile(
    r"\b(?:anti-?\s*)?riot[- ](?:police(?:men)?|gear|squad|control|officers|unit|units|troops)\b|\banti-?\s*riot\b"
)


def _protest_nearby(c: Candidate) -> bool:
    """A demonstration named in the sentences just around this one ("Cars burning on the avenue.
    Le Pen protest turned nasty."), where no armed group is who acted."""
    if info(c.agent).get("type") in ("rebel", "militia", "external", "unidentified"):
        return False
    text = c.context.article.text
    at = text.find(c.sentence)
    if at < 0:
        return False
    near = text[max(0, at - _NEARBY) : at + len(c.sentence) + _NEARBY].lower()
    return cues_in(ladder()["protest"], near)


_NEARBY = 160  # characters either side: about one sentence


def _lethal(low: str) -> bool:
    """Lethal force or serious injury told of, not only protested against ("protesting the killing of")."""
    cues = ladder()
    exempt = set(cues["lethal_exempt"])
    pos = 0
    while (m := cue_match(cues["lethal"], low, pos)) is not None:
        before = low[max(0, m.start() - 40) : m.start()].split()[-3:]
        if not exempt.intersection(before):
            return True
        pos = m.end()
    return False


def _crowd_acts(c: Candidate) -> bool:
    """A crowd (villagers, a mob, residents) is who acted: named just before the act, no armed
    side or report verb in between, and no armed actor read as the agent."""
    if info(c.agent).get("type") in _ARMED:
        return False
    cues = ladder()
    if re.search(r"\bby\s+(?:\S+\s+){0,2}?(?:mobs?|crowds?|villagers|vigilantes)\b", c.window):
        return True  # "were attacked by organised mobs"
    crowd, counts = set(cues["crowd"]), set(cues["crowd_counts"])
    low = c.sentence.lower()
    at = low.find(c.trigger)
    # the words before the act, from the sentence's start: "A crowd in a town in X dragged two men ... and beat them"
    words = [w.strip(".,;:'\"") for w in (low[:at].split() if at >= 0 else c.before)]
    last = max(
        (
            i
            for i, w in enumerate(words)
            if w in crowd and (w not in ("people", "men") or (i > 0 and words[i - 1] in counts))
        ),
        default=None,
    )
    if last is None:
        return False
    armed = set(cues["armed_agents"])
    if armed.intersection(words[:last]):
        return False
    return not (armed | set(cues["not_crowd_agent"])).intersection(words[last + 1 :])


def disrupted(window: str) -> bool:
    """A device found, defused or stopped, not set off."""
    lex = lexicon()
    if not phrases_in(lex["disrupt_cues"], window):
        return False
    rest = _cue_regex_sub(lex["not_went_off"], window)
    return not cues_in(lex["went_off"], rest)


def _cue_regex_sub(words: list[str], text: str) -> str:
    out = text
    while (m := cue_match(words, out)) is not None:
        out = out[: m.start()] + " " + out[m.end() :]
    return out


def _two_armed_sides(c: Candidate) -> bool:
    """An armed target, a second armed side named, or nobody told hurt: a battle, not an attack on
    people (ACLED)."""
    if c.target is not None:
        return not civilian(c.target)
    armed = {a for a in c.actors if info(a).get("type") in _ARMED or info(a).get("type") == "unidentified"}
    if len(armed) >= 2:
        return True
    # one side only: an attack on people where the sentence tells people hurt, else fighting on a front
    return not cues_in(_HURT, c.sentence.lower())


_HURT = ["kill", "killing", "injure", "injuring", "wound", "wounding", "dead", "shot dead", "hurt"]


def _property_sub(c: Candidate, low: str) -> str | None:
    """Property burned, destroyed, looted: weapons destroyed are disrupted weapons use; where the
    sentence also tells people killed, the violence is the event (ACLED codes the gravest act)."""
    if c.trigger in ("burn", "burns"):
        return None  # a burn, the injury
    if {"suspected", "accused", "involvement", "charged", "responsible"}.intersection(c.before[-4:]):
        return None  # "arrested settlers suspected of torching cars": the arrest is this report's event
    if cues_in(lexicon()["weapon_objects"], c.window) and c.trigger.startswith(("destroy", "dismantl", "blow")):
        return "Disrupted weapons use"
    if cues_in(["kill", "killing", "shot dead", "shoot dead", "massacre"], low) and not (
        c.target and not civilian(c.target)
    ):
        return "Attack"
    return "Looting/property destruction"


def _weapon(window: str) -> str | None:
    """The weapon a generic attack verb's clause names, unless named as a ground assault's means."""
    m = cue_match(lexicon()["weapon_means"], window)
    return instrument(window[: m.start()] if m else window)


def _territory_sub(c: Candidate) -> str | None:
    """A change of control: who gained it, or a non-violent transfer."""
    low = c.sentence.lower()
    lex = lexicon()
    if ATTEMPT.intersection(c.before):
        return "Armed clash"  # "an attempt to storm X": fighting, no change of control
    fighting = cues_in(lex["fighting"], _cue_regex_sub(["no clashes", "no fighting"], low))
    gainer, _ = territory_sides(c)
    transfer = phrases_in(lex["transfer_cues"], low) or (
        c.spec.get("peaceful")
        and (cues_in(lex["transfer_cues_peaceful"], low) or info(gainer).get("type") in ("state", "external"))
    )
    if transfer and c.spec.get("territory") != "loss" and not fighting:
        return "Non-violent transfer of territory"
    if gainer is None:
        if c.spec.get("territory") == "loss":
            return "Change to group/activity" if c.agent else None  # a withdrawal nobody is told to gain from
        # nobody named to gain: retaking is the government's, seizing a non-state actor's (ACLED's usual)
        return "Government regains territory" if _RETAKE.match(c.lemma) else "Non-state actor overtakes territory"
    if side_of(gainer) == "government" or (info(gainer).get("type") == "state" and _own_state(gainer, c.country)):
        return "Government regains territory"
    if side_of(gainer) is None and info(gainer).get("type") not in _ARMED and _RETAKE.match(c.lemma):
        return "Government regains territory"  # a side the actor table does not know, retaking a place
    return "Non-state actor overtakes territory"


def _own_state(name: str, country: str) -> bool:
    """A state's forces fighting in their own country (a foreign army taking ground overtakes it, ACLED)."""
    row = countries().get(country.lower())
    if row is not None:
        return name in (row.get("military"), row.get("police")) or name.startswith(f"Government of {row['name']}")
    return bool(country) and f"of {country.lower()}" in name.lower()


_RETAKE = re.compile(r"re[- ]?|liberate|recover|restore|back under")


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
