"""Who did what to whom: agent and target of a trigger from the parse, actors backing a
side, the two sides of "clashes between A and B", speakers, victims, coalitions, and the
final actor1 / actor2 of an event once it is typed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from ..mentions import REPORT_VERBS, ActorMention, CasualtyMention, ClaimantMention, Trigger
from .classify import Candidate, Typing, territory_sides
from .lexicon import ATTEMPT, COALITION_VERBS, TARGET_MARKERS, TERRITORY_SUBS, civilian, opponent, protesters, taxonomy


def _covers(a: ActorMention, tok_i: int) -> bool:
    return a.start <= tok_i < a.end


def actor_at(actors: list[ActorMention], tokens: Iterable[Token]) -> ActorMention | None:
    """The actor a phrase names: its head's own actor ("Army units, in cooperation with Russian
    forces" -> the army), unless that is a generic word owned by a named group ("the factions of
    Fateh al-Mubin" -> Fateh al-Mubin)."""
    tokens = list(tokens)
    found = [a for t in tokens for a in actors if _covers(a, t.i)]
    if not found:
        return None
    head = next((t for t in tokens if t.head not in tokens or t.head == t), tokens[0])
    own = next((a for a in found if _covers(a, head.i)), None)
    if own is not None and not own.entry.generic:
        return own
    owners = [
        a
        for a in found
        if a is not own
        and not a.entry.generic
        and head.doc[a.start : a.end].root.head.lower_ == "of"
        and head.doc[a.start : a.end].root.head.head.i == head.i
    ]
    if owners:
        return owners[0]
    if own is not None:
        return own
    found.sort(key=lambda a: (a.entry.generic, a.start))
    return found[0]


def _is_target_position(doc: Doc, a: ActorMention, start: int) -> bool:
    left = [t.lower_ for t in doc[max(start, a.start - 3) : a.start]]
    return any(w in TARGET_MARKERS for w in left[-2:]) or any(
        w in ("positions", "sites", "gathering", "points", "convoy", "headquarters", "members", "ranks") for w in left
    )


def roles(
    sent: Span, trig: Trigger, actors: list[ActorMention], victims: set[int], hi: int
) -> tuple[ActorMention | None, ActorMention | None, bool]:
    """(agent, target, pronoun_subject) for a trigger: parse relations first, then word order."""
    doc = sent.doc
    root = doc[trig.start : trig.end].root
    agent, target, pronoun = _parsed_roles(root, actors)
    passive_subj = root.pos_ == "VERB" and any(c.dep_ == "nsubjpass" for c in root.children)
    before = (
        []
        if passive_subj
        else [
            a
            for a in actors
            if a.end <= trig.start and id(a) not in victims and not _is_target_position(doc, a, sent.start)
        ]
    )
    # "Russian air raids": the trigger is inside the actor's own name
    before += [a for a in actors if a.start < trig.start < a.end]
    after = [a for a in actors if trig.end <= a.start < hi]
    if agent is None and before:
        agent = before[-1]
    if target is None:
        # "an attempt by X to ...": an actor after "by" is an agent, never the target; casualties
        # counted later in the sentence ("13 soldiers were killed") are not what this trigger hit
        passive = trig.text.lower().split()[-1] in ("by", "to")
        cands = [
            a
            for a in after
            if a is not agent
            and (passive or doc[a.start - 1].lower_ != "by")
            and (id(a) not in victims or trig.spec.get("sub") in ("victim", "attack"))
        ]
        target = cands[0] if cands else None
    if agent is not None and target is None and trig.spec.get("sub") == "Armed clash" and not trig.spec.get("repel"):
        # "A and B clashed": the second of two conjoined subjects is the other side
        # (for one-sided acts, "Turkish forces and their allied factions shelled", both are agents)
        head = doc[agent.start : agent.end].root
        conj = [c for c in head.children if c.dep_ == "conj"]
        target = actor_at(actors, conj[0].subtree) if conj else None
    if agent is not None and target is not None and agent.entry is target.entry:
        target = None
    return agent, target, pronoun and agent is None


def _parsed_roles(root: Token, actors: list[ActorMention]) -> tuple[ActorMention | None, ActorMention | None, bool]:
    """(agent, target, pronoun subject) from the dependency relations of a trigger's head."""
    agent = target = None
    pronoun = False
    heads = [root] + ([root.head] if root.pos_ in ("NOUN", "PROPN") and root.head != root else [])
    for h in heads:
        for c in h.children:
            if c.dep_ in ("nsubj",) and agent is None:
                agent = actor_at(actors, c.subtree)
                pronoun = pronoun or c.pos_ == "PRON"
            elif (c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by" and h.pos_ == "NOUN")) and agent is None:
                agent = actor_at(actors, c.subtree)
            elif c.dep_ in ("dobj", "nsubjpass") and target is None:
                target = actor_at(actors, c.subtree)
            elif c.dep_ == "prep" and c.lower_ in ("on", "against", "at") and target is None:
                target = actor_at(actors, c.subtree)
    return agent, target, pronoun


BACKING = re.compile(
    r"\b(?:backed|supported|aided|assisted|accompanied|covered)\s+by\s*$"
    r"|\b(?:with the (?:support|help|backing|participation) of|in cooperation with|"
    r"in coordination with|alongside|along with|together with)\s*(?:the\s+)?$",
    re.I,
)


def backers(
    doc: Doc, actors: list[ActorMention], country: str, a1: str | None, a2: str | None
) -> tuple[list[str], list[str]]:
    """Associated actors: "forces backed by Russian warplanes", "in cooperation with Russian forces"."""
    assoc1: list[str] = []
    assoc2: list[str] = []
    for i, a in enumerate(actors):
        before = doc[max(0, a.start - 6) : a.start].text
        if not BACKING.search(before):
            continue
        backed = next(
            (b for b in reversed(actors[:i]) if not BACKING.search(doc[max(0, b.start - 6) : b.start].text)), None
        )
        name = a.name(country)
        owner = backed.name(country) if backed else None
        if owner == a1 and name not in (a1, a2) and name not in assoc1:
            assoc1.append(name)
        elif owner == a2 and name not in (a1, a2) and name not in assoc2:
            assoc2.append(name)
    return assoc1, assoc2


def between_pair(doc: Doc, actors: list[ActorMention], lo: int, hi: int) -> tuple[ActorMention, ActorMention] | None:
    """The two sides of "between A and B", when that phrase belongs to this trigger's clause."""
    for t in doc[lo:hi]:
        if t.lower_ == "between":
            after = [a for a in actors if a.start > t.i and a.start - t.i <= 12]
            if len(after) >= 2 and any(x.lower_ == "and" for x in doc[after[0].end : after[1].start]):
                return after[0], after[1]
    return None


def is_speaker(doc: Doc, a: ActorMention, claimant: ClaimantMention | None, sent: Span) -> bool:
    """An actor quoted as the source ("residents said", "according to activists"), not a side."""
    head = doc[a.start : a.end].root
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in REPORT_VERBS:
        return True
    if claimant is not None and claimant.start >= 0:
        lo = sent.start_char + claimant.start
        return (
            lo <= doc[a.start].idx < lo + len(claimant.text)
            and "according to" in sent.text[max(0, claimant.start - 20) : claimant.start].lower()
        )
    return False


_BOTH_SIDES = re.compile(r"\bbetween\b|\bboth sides\b")


def victim_actor(c: CasualtyMention, sent: Span, actors: list[ActorMention]) -> ActorMention | None:
    """The actor a casualty figure counts ("two HTS members killed")."""
    lo = sent.start_char + c.start
    hi = sent.start_char + c.end + 45
    for a in actors:
        at = sent.doc[a.start].idx
        if lo <= at <= hi:
            # "23 fighters were killed in clashes between A and B": the figure counts both sides
            gap = sent.text[c.end : at - sent.start_char].lower()
            return None if _BOTH_SIDES.search(gap) else a
    return None


def acting_actors(actors: list[ActorMention], victims: dict[int, ActorMention], country: str) -> list[ActorMention]:
    """Actors who can be a side of the event: not only counted among the dead, not civilians."""
    return [a for a in actors if id(a) not in victims and not civilian(a.name(country))]


# ---------------------------------------------------------------- actor1 / actor2 of a typed event


def assign_actors(c: Candidate, typing: Typing) -> tuple[str | None, str | None, str | None]:
    """(actor1, actor2, who controls the place) of a typed candidate, ACLED style.

    A change of control: gainer and loser. A protest: the protesters, and the force used on
    them. "X repelled an attack by Y": Y initiated, X defended and holds the ground. When only
    one side is named, the other is its default opponent (battles, remote violence).
    """
    a1, a2, control = _sides(c, typing)
    if a1 is None and a2 is not None:
        a1 = opponent(a2, c.country)
    if a2 is None and a1 is not None and typing.event_type in ("Battles", "Explosions/Remote violence"):
        a2 = opponent(a1, c.country)
    return a1, a2, control


def _sides(c: Candidate, typing: Typing) -> tuple[str | None, str | None, str | None]:
    sub, agent, target, country = typing.sub_event_type, c.agent, c.target, c.country
    if c.spec.get("territory") and sub in TERRITORY_SUBS and not ATTEMPT.intersection(c.before):
        gainer, loser = territory_sides(c)
        if gainer is not None:
            return gainer, loser, gainer
    if typing.event_type == "Protests" and c.category == "protest":
        return f"Protesters ({country})", _force(c), None
    if sub == "Armed clash" and c.spec.get("repel"):
        m = re.search(r"\b(?:attack|attempt|attempts|assault|advance|offensive)s?\s+by\s+", c.window)
        defender = agent
        attacker = target if m else (target or opponent(defender, country))
        return attacker or opponent(defender, country), defender, defender
    if typing.event_type == "Protests" and taxonomy().get(c.category or "") != "Protests":
        if protesters(target):
            return target, agent, None  # force used on a protest: the protesters are actor1
        return f"Protesters ({country})", _force(c), None
    if sub in ("Attack", "Abduction/forced disappearance", "Sexual violence") and target is None:
        target = f"Civilians ({country})"
    return agent, target, None


def _force(c: Candidate) -> str | None:
    """The force that dispersed or fired on a protest (actor2, ACLED): never the marchers
    themselves, named as protesters or by who they are ("students", "traders")."""
    if c.target and not protesters(c.target) and not civilian(c.target):
        return c.target
    return c.agent if c.agent and not protesters(c.agent) and not civilian(c.agent) else None


# ---------------------------------------------------------------- coalitions and leaders

COALITION_CUES = re.compile(r"\b(?:includ|compris|consist|gather|unit|group|encompass)")


def coalition(sent: Span, actors: list[ActorMention], country: str, seen: list[str]) -> dict[str, list[str]]:
    """ "X includes A, B and C" -> {X: [A, B, C]} (members become associated actors of X).

    X may be a description of a group named earlier ("The operations room includes ...").
    """
    for tok in sent:
        if tok.lemma_.lower() in COALITION_VERBS and tok.pos_ == "VERB":
            head = [a.name(country) for a in actors if a.end <= tok.i]
            members = [a for a in actors if a.start > tok.i]
            if not head:
                subj = [c for c in tok.children if c.dep_ == "nsubj"]
                word = subj[0].lower_ if subj else ""
                head = [n for n in seen if word and len(word) > 3 and word in n.lower()][-1:]
            if head and len(members) >= 2:
                return {head[-1]: [m.name(country) for m in members]}
    return {}


def led_by(sent: Span, actors: list[ActorMention], country: str) -> dict[str, str]:
    """ "opposition groups led by the National Liberation Front": the generic name means the leader."""
    doc = sent.doc
    for a, b in zip(actors, actors[1:]):
        between = re.sub(r"\s+the$", "", doc[a.end : b.start].text.lower().strip())
        if (
            between in ("led by", "headed by", "spearheaded by", ", led by")
            and a.entry.generic
            and not b.entry.generic
            and a.entry.side == b.entry.side
        ):
            return {a.name(country): b.name(country)}
    return {}
