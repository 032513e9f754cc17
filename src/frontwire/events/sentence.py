"""Event mentions of one sentence: which triggers count, which places they govern, who the
sides are, what a classifier types each candidate as, and where the casualty figures go."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from ..actors import ActorMatcher
from ..geo.fold import fold
from ..mentions import PLACE_NOUNS, ActorMention, Trigger, cue, find_times, find_triggers
from ..model import EventMention, Evidence
from ..nlp import Paragraph
from .casualties import CasualtyReading, attach, distribute
from .classify import Candidate, Classifier
from .context import ArticleContext
from .facts import ClaimSource, SentenceFacts, mention_id
from .lexicon import ATTEMPT, FACILITY_NOUNS, INSTRUMENTAL, POSITION_WORDS, civilian, instrument, taxonomy
from .places import PlaceCandidate, Region, find_places, governing_trigger, region_for
from .proposals import proposed_events, unnamed_site
from .roles import acting_actors, assign_actors, backers, between_pair, is_speaker, roles

_PRONOUN = re.compile(r"\b(?:it|they)\b", re.I)
_FUTURE = frozenset({"will", "shall", "'ll", "wo", "would"})  # auxiliaries of what is yet to happen
_FRIENDLY_FIRE = re.compile(r"\bby mistakes?\b|friendly fire", re.I)
SEIZED_THINGS = cue("seized_things")


def sentence_events(
    ctx: ArticleContext,
    para: Paragraph,
    sent: Span,
    index: int,
    ad: ActorMatcher,
    classifier: Classifier,
    place_unnamed: bool = True,
) -> list[EventMention]:
    """The event mentions a sentence tells; follow-up figures go to the events just told.

    `place_unnamed`: a triggered event whose sentence names no site is placed at the sentence's
    region, else the article's country (off for a classifier whose proposals do this instead).
    """
    doc = sent.doc
    d = ctx.discourse
    claimant = d.speaker(sent)
    found = find_triggers(sent)
    continuing = bool(d.recent(index))
    propose = getattr(classifier, "propose", None)
    proposal = propose(sent.text, bool(found)) if propose is not None else None
    # proposals come only where the triggers found nothing in the whole report: there the model,
    # which read the whole sentence, outweighs the background lexicon
    dating = ctx.date_sentence(
        sent, eventful=bool(found) or continuing or proposal is not None, lexicon=proposal is None
    )
    if not found and not continuing and proposal is None:
        return []  # nothing happens here and nothing to add to: the sentence only moved the context
    # whoever is quoted ("residents said", "according to activists") is neither side of the event
    actors = [a for a in ad.find(sent) if not is_speaker(doc, a, claimant, sent)]
    evidence = Evidence(ctx.article.id, sent.text, para.offset + sent.start_char, para.offset + sent.end_char)
    claim = ClaimSource(claimant, ctx.article, evidence)
    facts = SentenceFacts(
        sent,
        index,
        dating,
        actors,
        usable_triggers(sent, found, actors),
        claim,
        CasualtyReading(sent, actors, ctx.country, claim),
        d.recent(index),
        _pronoun_subject(sent),
    )
    if dating.background:
        return []
    if not facts.triggers:
        if proposal is not None and not facts.recent:
            return proposed_events(ctx, facts, proposal)
        # a follow-up sentence ("The attack claimed the lives of ...") adds claims to the last events
        if facts.casualties.claims and facts.recent:
            attach(facts.recent, facts.casualties.all_claims())
        return []
    events = _events(ctx, facts, classifier, place_unnamed)
    if not events and proposal is not None and not facts.recent:
        events = proposed_events(ctx, facts, proposal)
    return events


def usable_triggers(sent: Span, found: list[Trigger], actors: list[ActorMention]) -> list[Trigger]:
    """Triggers that tell an event: not intentions, not a weapon named as another act's means,
    and protests / attacks on civilians only where protesters / civilians are named."""
    doc = sent.doc
    types = {a.entry.type for a in actors}
    triggers = [
        t
        for t in found
        if not is_intention(doc, t)
        and not (t.spec.get("territory") and _takes_a_thing(doc, t))
        and not (t.spec.get("needs_protesters") and "protesters" not in types)
        and not (t.spec.get("needs_civilian") and "civilians" not in types)
    ]
    if len(triggers) > 1:
        # "an attack ... supported with car bombs": a weapon named as a means is not its own event
        triggers = [
            t
            for t in triggers
            if not (
                INSTRUMENTAL.intersection(x.lower_ for x in doc[max(sent.start, t.start - 6) : t.start])
                and taxonomy().get(t.spec.get("sub") or "") == "Explosions/Remote violence"
            )
        ] or triggers
    return triggers


def is_intention(doc: Any, trig: Trigger) -> bool:
    """A trigger in an infinitive of purpose ("to confront", "to support") or in the future ("will
    attack") states an intention, not an event.

    Protests are the exception: "took to the streets to protest" is the protest itself.
    """
    if trig.spec.get("sub") == "protest":
        return False
    root = doc[trig.start : trig.end].root
    auxes = {c.lower_ for c in root.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE and not auxes & {"have", "has", "had"}:
        return True  # "forces will attack the town next week": announced, not told as done
    if "to" not in auxes:
        return False
    # "an attempt by X to infiltrate ... and by Y to advance": attempts are fighting, not intentions
    before = doc[root.sent.start : trig.start]
    return not any(t.lower_ in ATTEMPT or t.lemma_.lower() in ATTEMPT for t in before)


def _takes_a_thing(doc: Any, trig: Trigger) -> bool:
    """ "seized 84 rifles", "recovered a consignment of pistols": a territory verb whose object
    is arms or goods took no place."""
    for obj in doc[trig.start : trig.end].root.children:
        if obj.dep_ not in ("dobj", "obj", "nsubjpass"):
            continue
        # the object itself, or what it is a quantity of ("a number of weapons")
        of = [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        if any(t.lower_ in SEIZED_THINGS for t in [obj, *of]):
            return True
    return False


def _day_told(sent: Span) -> bool:
    """Whether a sentence tells the day of its events, stated or relative."""
    return any(t.precision == "day" for t in find_times(sent.text, None))


def _pronoun_subject(sent: Span) -> bool:
    return bool(_PRONOUN.search(sent.text)) and any(
        t.dep_ == "nsubj" and t.lower_ in ("it", "they") and t.head.dep_ == "ROOT" for t in sent
    )


def _priority(t: Trigger) -> Any:
    return t.spec.get("priority", 0)


def _events(
    ctx: ArticleContext, facts: SentenceFacts, classifier: Classifier, place_unnamed: bool
) -> list[EventMention]:
    """One event per place the sentence names as a site of violence (or its region)."""
    sent, triggers, cas, recent = facts.sent, facts.triggers, facts.casualties, facts.recent
    sites, regions = find_places(sent, facts.actors, ctx.geocoder)
    tolls_only = all(t.spec.get("sub") == "victim" and not t.spec.get("standalone") for t in triggers)
    acting = acting_actors(facts.actors, cas.victims, ctx.country)
    if tolls_only and not acting and recent and sites:
        # "Two civilians were killed in Kafr Nabudah." after the strike there: the strike's toll
        same = [ev for ev in recent if any(fold(ev.location_text) == fold(p.text) for p in sites)]
        if same:
            attach(same, cas.all_claims())
            return []
    if not sites and not regions and recent and not acting:
        if cas.claims:
            attach(recent, cas.all_claims())
        return []
    sites, regions = _places_told_elsewhere(facts, sites, regions)
    if not sites and not recent and place_unnamed:
        # nothing names the site and no event was just told: the events would be lost, so they
        # are placed at the region the sentence names, else the article's country
        sites = [unnamed_site(ctx, regions, max(triggers, key=_priority).end)]
    explosive = next(
        (
            t.spec["sub"]
            for t in triggers
            if t.spec.get("sub") in ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade")
        ),
        None,
    )
    events = [
        ev for place in sites if (ev := _place_event(ctx, facts, place, regions, explosive, classifier)) is not None
    ]
    if events:
        distribute(events, cas.claims, sent)
        ctx.discourse.last_group = events
        ctx.discourse.last_group_sentence = facts.index
    elif cas.claims and recent:
        attach(recent, cas.all_claims())
    return events


def _places_told_elsewhere(
    facts: SentenceFacts, sites: list[PlaceCandidate], regions: list[Region]
) -> tuple[list[PlaceCandidate], list[Region]]:
    """A sentence naming no site: the place of the event just told, or its region alone."""
    sent, triggers, recent = facts.sent, facts.triggers, facts.recent
    doc = sent.doc
    if (
        not sites
        and not regions
        and recent
        and any(
            doc[t.start].pos_ == "VERB"
            and doc[t.start].dep_ not in ("amod", "compound", "acl")
            and t.spec.get("sub") in ("Armed clash", "attack", "instrument")
            for t in triggers
        )
    ):
        # "The raids targeted ...": the same place as the event just told
        ev = recent[0]
        sites = [PlaceCandidate(ev.location_text, sent.end, sent.end, "site", True)]
        regions = regions or ([(1, sent.end, ev.region_hint)] if ev.region_hint else [])
    if not sites and regions and (facts.dating.explicit or _day_told(sent)):
        # only a region is known and the day is told ("on 3 May", and as for villages "on Tuesday",
        # "yesterday", even with no publication date to resolve them): one event there, geo_precision 3
        trig = max(triggers, key=_priority)
        reg = region_for(trig.end, regions)
        if reg is not None:
            sites = [PlaceCandidate(reg, trig.end, trig.end, "region")]
    return sites, regions


def _place_event(
    ctx: ArticleContext,
    facts: SentenceFacts,
    place: PlaceCandidate,
    regions: list[Region],
    explosive: str | None,
    classifier: Classifier,
) -> EventMention | None:
    """The event at one place: its trigger, sides, typing by the classifier, claims."""
    sent, triggers = facts.sent, facts.triggers
    doc = sent.doc
    trig: Trigger | None
    if place.role != "site" or place.start >= sent.end:
        trig = max(triggers, key=_priority)
    else:
        trig = governing_trigger(doc, place, triggers)
    if trig is None or (trig.spec.get("needs_place") and place.role != "site" and not _takes_a_place(doc, trig)):
        return None
    between = {t.lower_ for t in doc[min(trig.end, place.start) : max(trig.end, place.start)]}
    if between & POSITION_WORDS:
        return None
    nxt = [t.start for t in triggers if t.start > trig.start]
    prv = [t.start for t in triggers if t.end <= trig.start]
    lo = prv[-1] if prv else sent.start
    hi = nxt[0] if nxt else sent.end
    # a new clause ("..., while a convoy was hit") belongs to its own trigger
    hi = next((t.i for t in doc[trig.end : hi] if t.lower_ in ("while", "whereas", ";") and t.i > place.end), hi)
    cand = _candidate(ctx, facts, trig, place, lo, hi, explosive)
    typing = classifier.classify(cand)
    if typing is None:
        return None
    a1, a2, control = assign_actors(cand, typing)
    assoc1, assoc2 = backers(doc, facts.actors, ctx.country, a1, a2)
    sub = typing.sub_event_type
    claims = [facts.claim("occurred", True)]
    if control:
        claims.append(facts.claim("controls_location", control, "gained" if sub.endswith("territory") else "held"))
    region_hint = place.text if place.role == "region" else region_for(place.start, regions)
    event_date, evidence = facts.dating.event_date, facts.claim.evidence
    return EventMention(
        article_id=ctx.article.id,
        event_type=typing.event_type,
        sub_event_type=sub,
        event_date=event_date.isoformat() if event_date else None,
        date_precision=facts.dating.precision,
        location_text=place.text,
        near=place.near or place.role == "region",
        region_hint=region_hint,
        actor1=a1,
        actor2=a2,
        assoc_actor1=assoc1,
        assoc_actor2=assoc2,
        claims=claims,
        evidence=evidence,
        outlet=ctx.article.outlet,
        trigger=trig.text,
        mention_id=mention_id(ctx.article.id, evidence.start, place.text, sub),
        date_source=facts.dating.source,
    )


def _takes_a_place(doc: Any, trig: Trigger) -> bool:
    """ "seized a border village", "took control of three villages": the trigger's object is a
    place left unnamed, so the event stands at the region or country the report gives."""
    todo, seen = [doc[trig.start : trig.end].root], 0
    while todo and seen < 12:
        tok = todo.pop()
        seen += 1
        for c in tok.children:
            if c.dep_ in ("dobj", "obj", "nsubjpass", "pobj", "prt", "conj") or (
                c.dep_ == "prep" and c.lower_ in ("of", "over")
            ):
                if c.lower_ in PLACE_NOUNS or c.lower_ in FACILITY_NOUNS:
                    return True
                todo.append(c)
    return False


def _candidate(
    ctx: ArticleContext,
    facts: SentenceFacts,
    trig: Trigger,
    place: PlaceCandidate,
    lo: int,
    hi: int,
    explosive: str | None,
) -> Candidate:
    """A trigger's candidate event at one place, with its sides as the sentence tells them."""
    sent = facts.sent
    doc = sent.doc
    window = doc[lo : max(hi, min(place.end, sent.end))].text.lower()
    agent, target, window = _sides(ctx, facts, trig, place, lo, hi, window)
    return Candidate(
        sentence=sent.text,
        trigger=trig.text.lower(),
        lemma=" ".join(t.lemma_ for t in doc[trig.start : trig.end]).lower(),
        category=trig.spec.get("sub"),
        spec=trig.spec,
        window=window,
        before=tuple(t.lower_ for t in doc[max(sent.start, trig.start - 8) : trig.start]),
        agent=agent,
        target=target,
        actors=tuple(a.name(ctx.country) for a in facts.actors),
        place=place.text,
        context=ctx,
        explosive=explosive,
        alone=len(facts.triggers) == 1,
    )


def _sides(
    ctx: ArticleContext, facts: SentenceFacts, trig: Trigger, place: PlaceCandidate, lo: int, hi: int, window: str
) -> tuple[str | None, str | None, str]:
    """(agent, target, window) of a trigger: parsed roles, then the sentence's other clues."""
    sent, actors, country, recent = facts.sent, facts.actors, ctx.country, facts.recent
    victims, hit = facts.casualties.victims, facts.casualties.hit
    doc = sent.doc
    agent, target, pronoun = roles(sent, trig, actors, set(victims), hi)
    agent_name = agent.name(country) if agent else None
    target_name = target.name(country) if target else None
    pair = between_pair(doc, actors, lo, hi)
    if pair:  # "clashes between A and B"
        agent_name, target_name = (a.name(country) for a in pair)
    civ_victims = [v for v in victims.values() if v.entry.type == "civilians"]
    if target_name is None and civ_victims:
        target_name = civ_victims[0].name(country)
    elif target_name is None and victims and trig.spec.get("sub") != "victim":
        # "a drone strike ... killing two HTS members": those killed were the target, also when
        # only the toll's own trigger ("killing") stands between
        tolls_after = all(
            t.spec.get("sub") == "victim" and not t.spec.get("standalone")
            for t in facts.triggers
            if t.start > trig.start
        )
        reach = sent.end if tolls_after else hi
        target_name = next(
            (v.name(country) for v in hit.values() if v.name(country) != agent_name and lo <= v.start < reach), None
        )
    spec_sub = trig.spec.get("sub")
    if (
        spec_sub in ("instrument", "attack")
        and target_name is None
        and agent_name in {v.name(country) for v in victims.values()}
    ):
        # "30 soldiers were killed during the assault on X": those killed were hit, not the attackers
        agent_name, target_name = None, agent_name
    if recent and spec_sub in ("instrument", "attack") and not instrument(window):
        # "The raids ...", "It also targeted ...": the previous event's kind and agent carry over
        prev = recent[0]
        if prev.event_type == "Explosions/Remote violence" and spec_sub == "instrument":
            window += " " + prev.sub_event_type.lower()
        if agent_name is None and (pronoun or spec_sub == "instrument"):
            agent_name = prev.actor1
    if agent_name is None and facts.pronoun_subject and recent:
        agent_name = recent[0].actor1
    ff = _FRIENDLY_FIRE.search(sent.text)
    if ff and victims and min(abs(doc[place.start].idx - sent.start_char - x) for x in (ff.start(), ff.end())) < 60:
        # friendly fire: the victims' own side is the target
        target_name = next(iter(victims.values())).name(country)
        if agent_name == target_name:
            agent_name = next((a.name(country) for a in actors if a.name(country) != target_name), None)
    if agent_name and civilian(agent_name) and spec_sub != "protest":
        agent_name = None  # residents are witnesses or victims here, not attackers
    if (
        target_name is None
        and spec_sub == "victim"
        and any(c.dep_ == "dobj" for c in doc[trig.start : trig.end].root.children)
    ):
        target_name = f"Civilians ({country})"  # "shot dead a teacher": a person not named as a fighter
    return agent_name, target_name, window
