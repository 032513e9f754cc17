"""Merge event mentions (from one or many articles) into events.

`merge_mentions` is pure and deterministic: mentions are put in a canonical
order first, so the result does not depend on the order they arrive in.

Clustering
    Two mentions are *compatible* when all of these hold:
    - date: both dated and equal (same article) or within one day (different
      articles); an undated mention only joins mentions of its own article.
      Inside one article different days are different events (ACLED), while
      across articles a day of slack absorbs relative-date resolution errors.
    - place: same gazetteer id; or, when either is unresolved, the same folded
      name (or the same consonant skeleton and a close fuzzy ratio); or, across
      articles only, two precision-1 points within `NEARBY_KM`.
    - type: same sub-event type, or both in the "ground" family (Armed clash,
      Government regains territory, Non-state actor overtakes territory,
      Non-violent transfer of territory): one battle told by the side that
      says it took the village and by the side that says it repelled them.
    - actors: the two actor pairs match in either order, where two actors match
      when equal, when either is unknown, when one is the other's associate or
      a member of it (optional `members:` of a coalition in actors.yaml), or
      when one is a generic non-state label (Opposition Rebels / Unidentified
      Armed Group) and the other a non-state armed actor.
    Candidate pairs come from buckets keyed by (day, place key), so the work is
    near-linear. Clusters are complete-linkage: a mention joins a cluster only
    when it is compatible with *every* member (no A~B~C chains); among several
    such clusters it joins the one whose weakest link is strongest.

Resolution rules (one event from a cluster)
    sub_event_type: unanimous unless disputed, else claimant votes. Each telling
        has one voter: the claimant of its control/occurrence/denial claim (the
        outlet when nobody is quoted). A territory change stands when at least
        as many distinct voters assert it as dispute it; ties go to the
        territory claim (the specific assertion; the coding rule "the side that
        gains it decides") and the disagreement is flagged. A dispute is a
        `denied` claim, or an Armed-clash telling that gives the place to
        another side or tells of a repelled attack whose initiator (actor1) is
        on the gainer's side. Rival territory sub-types: majority, then first
        reported (earliest publication, then canonical order).
    fatalities (ACLED conservative best): within one source (article +
        claimant) figures for different victims are summed and repeats of one
        victim's figure are not; across sources, per victim, the lowest figure
        is taken (or the lowest source total when some figures name no victim).
        A "killed and wounded" total never counts. fatalities_low/high (UCDP
        style) use the same rule with each claim's low/high bound and min/max.
    contradictions: rival `controls_location` sides; a `denied` claim against
        another claimant's assertion; different sub-types asserted; killed
        figures whose high/low ratio exceeds `FATALITY_RATIO` and differ by at
        least `FATALITY_MIN_DIFF`.

Modules (data flows down this list; each imports only from those above it)
    actor_facts     the merge's view of the actor table (frontwire.actors): inter, side, members
    features        per-mention keys: day, place names folded by frontwire.geo.fold, actors, voter
    compatibility   whether two mentions can be one event, and how strongly
    clustering      blocking index and complete-linkage clustering
    figures         an event's claims and its best/low/high casualty figures
    outcomes        who tells which outcome; the resolved sub-event type
    contradictions  disputes between sources
    records         one event record from a cluster
    merging         `merge_mentions` and `merge_incremental` (against stored events)
"""

from __future__ import annotations

from .actor_facts import actor_inter
from .compatibility import FUZZY_MIN, GROUND, NEARBY_KM, TERRITORY
from .contradictions import FATALITY_MIN_DIFF, FATALITY_RATIO
from .merging import merge_incremental, merge_mentions

__all__ = [
    "FATALITY_MIN_DIFF",
    "FATALITY_RATIO",
    "FUZZY_MIN",
    "GROUND",
    "NEARBY_KM",
    "TERRITORY",
    "actor_inter",
    "merge_incremental",
    "merge_mentions",
]
