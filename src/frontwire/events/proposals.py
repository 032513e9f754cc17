"""Events a classifier proposes for a sentence the trigger lexicon has nothing for.

A learned coder reads the whole sentence, so it can tell an event where no trigger
word matched ("a deal was signed", "forces set up a new observation point") or where
no place is named. The event is placed at the finest place the sentence gives: a
site, a region phrase, or else the article's country (ACLED codes at the most
precise level the report allows); its sides come from the actors the sentence names.
"""

from __future__ import annotations

from ..geo.stage import article_regions
from ..model import EventMention
from .casualties import distribute
from .classify import Candidate, Typing
from .context import ArticleContext
from .facts import SentenceFacts, mention_id
from .places import PlaceCandidate, Region, find_places, region_for
from .roles import acting_actors, assign_actors


def unnamed_site(ctx: ArticleContext, regions: list[Region], at: int) -> PlaceCandidate:
    """Where an event whose sentence names no site happens: the region the sentence names
    (nearest after token `at`, else before), else the one region the article names, else the
    article's country.

    ACLED codes an event at the most precise level the report allows; the placement is
    approximate (`near`), so the geocoder gives a region precision 3 and a country its centroid.
    """
    region = region_for(at, regions)
    if region is None:
        # the one region the article names, if it names one ("... in the southern Idlib countryside.
        # Later, gunmen killed a man"); several regions may be several incidents
        named = [p for p in article_regions(ctx.geocoder, ctx.article.text) if p.admin1]
        if named and len({p.admin1 for p in named}) == 1:
            region = named[0].text
    if region is not None:
        return PlaceCandidate(region, at, at, "region", True)
    return PlaceCandidate(ctx.country, at, at, "country", True)


def proposed_events(ctx: ArticleContext, facts: SentenceFacts, typing: Typing) -> list[EventMention]:
    """One event of the proposed type at the sentence's first site (or region, or country)."""
    sent = facts.sent
    sites, regions = find_places(sent, facts.actors, ctx.geocoder)
    site = sites[0] if sites else unnamed_site(ctx, regions, sent.start)
    place, near = site.text, site.near
    region_hint = site.text if site.role == "region" else (region_for(site.start, regions) if sites else None)
    acting = acting_actors(facts.actors, facts.casualties.victims, ctx.country)
    names = list(dict.fromkeys(a.name(ctx.country) for a in acting))
    victims = [v.name(ctx.country) for v in facts.casualties.victims.values()]
    agent = names[0] if names else None
    target = next((n for n in [*names[1:], *victims] if n != agent), None)
    cand = Candidate(
        sentence=sent.text,
        trigger="",
        lemma="",
        category=None,
        spec={},
        window=sent.text.lower(),
        before=(),
        agent=agent,
        target=target,
        actors=tuple(a.name(ctx.country) for a in facts.actors),
        place=place,
        context=ctx,
    )
    a1, a2, _ = assign_actors(cand, typing)
    evidence = facts.claim.evidence
    event_date = facts.dating.event_date
    event = EventMention(
        article_id=ctx.article.id,
        event_type=typing.event_type,
        sub_event_type=typing.sub_event_type,
        event_date=event_date.isoformat() if event_date else None,
        date_precision=facts.dating.precision,
        location_text=place,
        near=near,
        region_hint=region_hint,
        actor1=a1,
        actor2=a2,
        claims=[facts.claim("occurred", True)],
        evidence=evidence,
        outlet=ctx.article.outlet,
        trigger=None,
        mention_id=mention_id(ctx.article.id, evidence.start, place, typing.sub_event_type),
        date_source=facts.dating.source,
    )
    distribute([event], facts.casualties.claims, sent)
    # not recorded as the discourse's last events: a proposal is weaker evidence than a trigger,
    # and the sentences after it keep reading their sides and dates as the rules would
    return [event]
