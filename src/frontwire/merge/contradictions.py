"""Contradictions between an event's sources: control, denial, outcome and death-toll disputes."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

from frontwire.data_files import read_yaml
from frontwire.mentions import UNMARKED_AFTER, UNMARKED_VICTIMS, find_casualties
from frontwire.model import Claim, Contradiction

from .actor_facts import ActorFacts
from .compatibility import TERRITORY
from .features import MentionFeatures
from .figures import Figures, by_source, norm_victim, source_total
from .outcomes import is_denial, outcome_views, sub_claim

FATALITY_RATIO = 2.0  # killed figures are contradictory when high/low exceeds this...
FATALITY_MIN_DIFF = 5  # ...and they differ by at least this many deaths


_STRENGTH = {"controls_location": 0, "denied": 0, "killed": 1}


def _one_telling(cs: list[Claim]) -> list[Claim]:
    """One voter's side told by several reports: the claims of the report that tells it most fully
    (a control claim, then a figure), so that a wire retelling both sides is not set against its source."""
    arts: dict[str, list[Claim]] = defaultdict(list)
    for c in cs:
        arts[c.article_id or ""].append(c)
    if len(arts) <= 1:
        return cs
    best = min(arts, key=lambda a: (min(_STRENGTH.get(c.field, 2) for c in arts[a]), a))
    return arts[best]


_ADVANCE = re.compile(
    r"\b(?:" + "|".join(re.escape(str(w)) for w in read_yaml("en/outcomes.yaml")["advance_phrases"]) + r")\b", re.I
)


def _advances(fs: list[MentionFeatures], claims: list[Claim]) -> list[Claim]:
    """Ground its first actor says it gained in an Armed-clash telling ("advanced on the outskirts"),
    as a control claim of the telling's claimant."""
    out = []
    for f in fs:
        m = f.m
        if f.sub != "Armed clash" or not m.actor1 or m.evidence is None or not _ADVANCE.search(m.evidence.sentence):
            continue
        if any(c.field == "controls_location" for c in m.claims):
            continue
        told = next(
            (c for c in claims if c.article_id == f.art and c.field == "occurred" and c.evidence == m.evidence), None
        )
        if told is not None:
            out.append(dataclasses.replace(told, field="controls_location", value=m.actor1, kind="advanced"))
    return out


def _holder(value: object, facts: ActorFacts) -> str:
    """The side a holder stands for. A state force outside the theatre with no entry of its own in
    the actor table (Ukraine's, Yemen's army: named by ACLED's rule) stands for its own country, so
    that two countries' armies in their war are rivals; the table's sides hold otherwise."""
    name = str(value)
    country = facts.table.force_country(name)
    entry = facts.table.entry(name)
    if country and country.lower() != facts.table.theatre_country.lower() and (entry is None or entry.from_countries):
        return "state:" + country.lower()
    return facts.side_of(value)


def _control(claims: list[Claim], location: str, facts: ActorFacts, advances: list[Claim]) -> list[Contradiction]:
    """Rival holders of the place (a side's advance counts against another's hold)."""
    ctrl = [c for c in claims if c.field == "controls_location" and c.value not in (None, "")]
    if ctrl:
        ctrl += advances
    if len({_holder(c.value, facts) for c in ctrl}) > 1:
        parts = [f"{facts.who(c)} says {c.value} holds it" for c in ctrl]
        text = f"Control of {location} is disputed: " + "; ".join(parts) + "."
        return [Contradiction("controls_location", text, ctrl)]
    return []


def _denial(fs: list[MentionFeatures], claims: list[Claim], location: str, facts: ActorFacts) -> list[Contradiction]:
    """A denial against another claimant's assertion: one contradiction per denier and asserting source."""
    denials = [c for c in claims if is_denial(c)]
    if not denials:
        return []
    deniers = {facts.who(c) for c in denials}
    positive = [
        c
        for c in claims
        if facts.who(c) not in deniers
        and (
            c.field == "controls_location"
            or (c.field == "occurred" and c.value is not False)
            or (c.field == "killed" and isinstance(c.value, int) and c.value > 0)
        )
    ]
    asserted = [f for f in fs if f.sub in TERRITORY and f.voter not in deniers]
    if not (positive or asserted):
        return []
    by_name: dict[str, list[Claim]] = defaultdict(list)
    for c in positive:
        by_name[facts.who(c)].append(c)
    for f in asserted:
        by_name.setdefault(f.voter, [])
    out = []
    for d in sorted(deniers):
        theirs = [c for c in denials if facts.who(c) == d]
        for name in sorted(by_name):
            out.append(
                Contradiction(
                    "occurred",
                    f"{d} denies what {name} reports in {location}.",
                    _one_telling(theirs) + _one_telling(by_name[name]),
                )
            )
    return out


def _outcomes(fs: list[MentionFeatures], claims: list[Claim], location: str, facts: ActorFacts) -> list[Contradiction]:
    """Different outcomes told (territory taken vs attack repelled / no change, or rival gainers)."""
    terr, disputes = outcome_views(fs, claims, facts)
    # one voter telling two territory types (its own report and a wire's retelling) disputes nothing
    if not (disputes or (len(terr) > 1 and len(set().union(*terr.values())) > 1)):
        return []
    parts, by_voter = [], defaultdict(list)
    for sub in sorted(terr):
        parts.append(f"{', '.join(sorted(terr[sub]))}: {sub}")
        for f in fs:
            if f.sub == sub:
                by_voter[f.voter].append(sub_claim(f, sub))
    if disputes:
        parts.append(f"{', '.join(sorted(disputes))}: attack repelled or no change of control")
        for f in fs:
            if f.voter in disputes and f.sub == "Armed clash":
                by_voter[f.voter].append(sub_claim(f, f.sub))
    cl = [c for v in sorted(by_voter) for c in _one_telling(by_voter[v])]
    return [
        Contradiction("sub_event_type", f"Sources tell different outcomes in {location}: " + "; ".join(parts) + ".", cl)
    ]


def _group(victim: str | None, facts: ActorFacts) -> str | None:
    """civilians / combatants for a named victim, None when the figure names nobody."""
    if not victim:
        return None
    return "civilians" if facts.inter(victim) == 7 else "combatants"


def _label(src: tuple[str, str]) -> str:
    return src[1] or src[0]


def _none_vs_some(x: dict[str | None, tuple[int, int, int]], y: dict[str | None, tuple[int, int, int]]) -> bool:
    """One source's only figure is an unattributed "nobody killed", the other's total is above zero."""
    for p, q in ((x, y), (y, x)):
        if set(p) == {None} and p[None][0] == 0 and source_total(q, 0) > 0:
            return True
    return False


def _death_tolls(claims: list[Claim], facts: ActorFacts, fs: list[MentionFeatures]) -> list[Contradiction]:
    """Two sources' killed figures for the same victims (or both naming none) too far apart, or none vs some."""
    per = by_source(claims, "killed")
    if len(per) <= 1:
        return []
    out: list[Contradiction] = []
    srcs = sorted(per)
    for i, a in enumerate(srcs):
        for b in srcs[i + 1 :]:
            if a[0] == b[0] and a[1] == b[1]:
                continue
            if a[0] != b[0] and _none_vs_some(per[a], per[b]):
                # one report says nobody was killed, another gives deaths (whoever it counts)
                calm, toll = (a, b) if source_total(per[a], 0) == 0 else (b, a)
                n = source_total(per[toll], 0)
                text = f"Death tolls differ: {_label(calm)} says nobody was killed; {_label(toll)} says {n} killed."
                cl = [c for c in claims if c.field == "killed" and (c.article_id or "", c.claimant or "") in (a, b)]
                out.append(Contradiction("killed", text, cl))
                continue
            for v in sorted(set(per[a]) & set(per[b]), key=lambda x: x or ""):
                lo, hi = sorted((per[a][v][0], per[b][v][0]))
                none_vs_some = lo == 0 and hi > 0
                far = lo > 0 and hi - lo >= FATALITY_MIN_DIFF and hi / lo > FATALITY_RATIO
                if not (none_vs_some or far):
                    continue
                x, y = sorted(((per[a][v][0], a), (per[b][v][0], b)))
                what = "nobody was killed" if none_vs_some else f"{x[0]} killed"
                text = (
                    f"Death tolls{' for ' + v if v else ''} differ: {_label(x[1])} says {what}; "
                    f"{_label(y[1])} says {y[0]} killed."
                )
                cl = [
                    c
                    for c in claims
                    if c.field == "killed"
                    and (c.article_id or "", c.claimant or "") in (a, b)
                    and (norm_victim(c) == v)
                ]
                out.append(Contradiction("killed", text, cl))
                break
            else:
                out += _totals_apart(a, b, per, claims)
    return out + _victims(claims, facts, fs)


def _totals_apart(a: tuple[str, str], b: tuple[str, str], per: Figures, claims: list[Claim]) -> list[Contradiction]:
    """Two reports' tolls far apart when only one says whom it counts ("three killed" / "40 soldiers")."""
    if a[0] == b[0] or (set(per[a]) == {None}) == (set(per[b]) == {None}):
        return []
    (x, xs), (y, ys) = sorted(((source_total(per[a], 0), a), (source_total(per[b], 0), b)))
    if not (x > 0 and y - x >= FATALITY_MIN_DIFF and y / x > FATALITY_RATIO):
        return []
    text = f"Death tolls differ: {_label(xs)} says {x} killed; {_label(ys)} says {y} killed."
    cl = [c for c in claims if c.field == "killed" and (c.article_id or "", c.claimant or "") in (a, b)]
    return [Contradiction("killed", text, cl)]


def _targets(fs: list[MentionFeatures], facts: ActorFacts) -> dict[tuple[str, int, object], str]:
    """(article, offset, value) of each killed figure -> the named target of the telling carrying it."""
    out: dict[tuple[str, int, object], str] = {}
    for f in fs:
        a2 = f.m.actor2
        if not a2 or facts.specific(a2) < 2:
            continue  # a generic "rebels" guessed for a strike's target says nothing about its victims
        for c in f.m.claims:
            if c.field == "killed" and c.evidence is not None:
                out[(c.article_id or f.art, c.evidence.start, c.value)] = a2
    return out


def _unmarked(c: Claim) -> bool:
    """Is the figure told as "N people" (no side) in its sentence?"""
    if c.evidence is None:
        return False
    sent = c.evidence.sentence
    return any(
        m.value == c.value and (UNMARKED_VICTIMS.search(m.text) or UNMARKED_AFTER.match(sent[m.end :]))
        for m in find_casualties(sent)
    )


def _own(cs: list[Claim]) -> bool:
    return all(c.claimant == c.outlet for c in cs)


def _figure(c: Claim) -> str:
    return f"{c.value} {c.victim}" if c.victim else str(c.value)


def _victims(claims: list[Claim], facts: ActorFacts, fs: list[MentionFeatures]) -> list[Contradiction]:
    """One source's dead are all civilians, another's all combatants: who was hit is disputed.

    A figure naming no victim counts the named target of the telling it was told with.
    """
    targets = _targets(fs, facts)
    groups: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    figs: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.field == "killed" and isinstance(c.value, int) and not isinstance(c.value, bool) and c.value > 0:
            src = (c.article_id or "", c.claimant or "")
            victim = c.victim
            if not victim and c.evidence is not None:
                victim = targets.get((c.article_id or "", c.evidence.start, c.value))
            group = _group(victim, facts)
            if group == "civilians" and _unmarked(c):
                group = None  # "two people were killed": no one said they were civilians
            groups[src].add(group)
            figs[src].append(c)
    for src in [s for s in groups if _own(figs[s])]:
        if any(o[0] == src[0] and o != src and groups[o] == groups[src] for o in groups):
            del groups[src]  # a report's own figure retelling the one it quotes: the quoted source speaks
    civ = sorted(s for s, g in groups.items() if g == {"civilians"})
    fighters = sorted(s for s, g in groups.items() if g == {"combatants"})
    out = []
    for a in civ:
        for b in fighters:
            if a[0] == b[0] and (_own(figs[a]) or _own(figs[b])):
                continue  # a report's own unattributed figure retells a quoted one (a headline's guess)
            out.append(
                Contradiction(
                    "victims",
                    f"Who was killed is disputed: {_label(a)} says civilians "
                    f"({', '.join(str(c.value) for c in figs[a])}); {_label(b)} says combatants "
                    f"({', '.join(_figure(c) for c in figs[b])}).",
                    figs[a] + figs[b],
                )
            )
    return out


def contradictions(
    fs: list[MentionFeatures], claims: list[Claim], location: str, facts: ActorFacts
) -> list[Contradiction]:
    """The event's contradictions, in a fixed order: control, denial, outcome, death toll."""
    return (
        _control(claims, location, facts, _advances(fs, claims))
        + _denial(fs, claims, location, facts)
        + _outcomes(fs, claims, location, facts)
        + _death_tolls(claims, facts, fs)
    )
