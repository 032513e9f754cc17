"""Merge event mentions (from one or many articles) into events.

`merge_mentions` is pure and deterministic: mentions are put in a canonical
order first, so the result does not depend on the order they arrive in.

Clustering
    Two mentions are *compatible* when all of these hold (`compatibility.assess`, which
    also says why; the reasons of each event's links are stored in `Event.merge_reasons`):
    - date: the same day; one day apart only across articles (or a report's headline)
      and only when either date is uncertain -- read from the publication date, coarser
      than a day, or told with a night word ("overnight", data/en/date_uncertainty.yaml).
      Two reports that state different days are two incidents (ACLED: one event per
      place per day). A day read from the publication date takes the weekday its sentence
      names ("the RSF denied on Sunday ...": the event was on or before it). An undated
      mention only joins mentions of its own article.
    - place: same gazetteer id; or, when either is unresolved, the same folded name (or
      the same consonant skeleton and a close fuzzy ratio); or a side or district of a town
      placed no finer than a region ("west of Marib", "the Kalaba district of Taiz") and the
      town; or, across articles, two precision-1 points within `NEARBY_KM`, or within
      `SAME_NAME_KM` when the reports wrote the same name. A report's headline placed
      nowhere precise joins its body, and so does a telling whose "place" is a word of an
      actor's or speaker's name; a report's telling placed at a region joins its telling
      in a village of that province.
    - type: the same sub-event type, or the same family (ground: Armed clash and the
      territory sub-types; remote: strikes, shelling, explosives; one-sided: attacks,
      abductions). Across articles at the same place, two families are one incident
      told two ways when one telling is about civilians or names nobody (a strike on
      "terrorists" is a strike on civilians to the other side); a headline's type too,
      and within one report two such tellings that give the same toll.
    - actors: the two actor pairs match in either order, where two actors match when
      equal, when either is unknown, when one is the other's associate or a member of
      it, or when one is a generic non-state label and the other a non-state armed
      actor. Across articles (and between same-type tellings of one report), civilians,
      generic labels and one country's army/police may stand for any actor of the
      other telling (victims described differently), at a lower score.
    Candidate pairs come from buckets keyed by (day, place key) plus (day, article), so
    the work is near-linear. Clusters are complete-linkage: a mention joins a cluster
    only when it is compatible with *every* member (no A~B~C chains); among several
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
    fatalities (ACLED conservative best): within one report, an updated running
        toll ("rose to", "bringing the total to") supersedes its other figures and a
        headline's figures count only when the body gives none. Within one source
        (article + claimant) figures for different victims are summed and repeats of
        one victim's figure are not (a total equal to its breakdown counts once);
        across sources, per victim, the lowest figure is taken; a source whose figure
        names no victim is a total, and the lowest of those and the per-victim sum
        stands; when one source's dead are all civilians and another's all combatants
        (the same dead told two ways) the lowest source total stands.
    claims: "the source", "he" are the last speaker named before in the report;
        an `occurred` claim whose claimant "denied"/"rejected" it is a denial.
        A "killed and wounded" total never counts. fatalities_low/high (UCDP
        style) use the same rule with each claim's low/high bound and min/max.
    contradictions (each with the claims of both sides; one voter's side told by
        several reports is shown from the one telling it most fully): rival
        `controls_location` sides (a side's "advanced on" in a clash counts against
        another's hold); each denial against each other claimant's assertion; different
        outcomes asserted (taken vs repelled / no change); per pair of sources,
        killed figures for the same victims whose high/low ratio exceeds
        `FATALITY_RATIO` and differ by at least `FATALITY_MIN_DIFF`, or none vs
        some, or source totals that far apart when only one names its victims; and
        victims: one source's dead all civilians, another's all combatants.

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
