"""Contradictions between an event's sources: control, denial, outcome and death-toll disputes."""

from __future__ import annotations

from collections import defaultdict

from frontwire.model import Claim, Contradiction

from .actor_facts import ActorFacts
from .compatibility import TERRITORY
from .features import MentionFeatures
from .figures import by_source, source_total
from .outcomes import is_denial, outcome_views, sub_claim

FATALITY_RATIO = 2.0  # killed figures are contradictory when high/low exceeds this...
FATALITY_MIN_DIFF = 5  # ...and they differ by at least this many deaths


def _control(claims: list[Claim], location: str, facts: ActorFacts) -> list[Contradiction]:
    """Rival holders of the place."""
    ctrl = [c for c in claims if c.field == "controls_location" and c.value not in (None, "")]
    if len({facts.side_of(c.value) for c in ctrl}) > 1:
        parts = [f"{facts.who(c)} says {c.value} holds it" for c in ctrl]
        text = f"Control of {location} is disputed: " + "; ".join(parts) + "."
        return [Contradiction("controls_location", text, ctrl)]
    return []


def _denial(fs: list[MentionFeatures], claims: list[Claim], location: str, facts: ActorFacts) -> list[Contradiction]:
    """A denial against another claimant's assertion."""
    denials = [c for c in claims if is_denial(c)]
    if not denials:
        return []
    deniers = {facts.who(c) for c in denials}
    positive = [
        c
        for c in claims
        if facts.who(c) not in deniers
        and (c.field == "controls_location" or (c.field == "occurred" and c.value is not False))
    ]
    asserted = [f for f in fs if f.sub in TERRITORY and f.voter not in deniers]
    if not (positive or asserted):
        return []
    names = sorted({facts.who(c) for c in positive} | {f.voter for f in asserted})
    return [
        Contradiction(
            "occurred",
            f"{', '.join(sorted(deniers))} denies what {', '.join(names)} reports in {location}.",
            denials + positive,
        )
    ]


def _outcomes(fs: list[MentionFeatures], claims: list[Claim], location: str, facts: ActorFacts) -> list[Contradiction]:
    """Different outcomes told (territory taken vs attack repelled / no change, or rival gainers)."""
    terr, disputes = outcome_views(fs, claims, facts)
    if not (disputes or len(terr) > 1):
        return []
    parts, cl = [], []
    for sub in sorted(terr):
        parts.append(f"{', '.join(sorted(terr[sub]))}: {sub}")
        cl += [sub_claim(f, sub) for f in fs if f.sub == sub]
    if disputes:
        parts.append(f"{', '.join(sorted(disputes))}: attack repelled or no change of control")
        cl += [sub_claim(f, f.sub) for f in fs if f.voter in disputes and f.sub == "Armed clash"]
    return [
        Contradiction("sub_event_type", f"Sources tell different outcomes in {location}: " + "; ".join(parts) + ".", cl)
    ]


def _death_tolls(claims: list[Claim]) -> list[Contradiction]:
    """Killed figures too far apart (per victim when every source names its victims)."""
    per = by_source(claims, "killed")
    if len(per) <= 1:
        return []
    out: list[Contradiction] = []
    groups: dict[str | None, list[tuple[tuple[str, str], int]]] = defaultdict(list)
    if all(None not in fig for fig in per.values()):
        for src, fig in per.items():
            for v, t in fig.items():
                groups[v].append((src, t[0]))
    else:
        for src, fig in per.items():
            groups[None].append((src, source_total(fig, 0)))
    for v in sorted(groups, key=lambda x: x or ""):
        figs = groups[v]
        lo, hi = min(x for _, x in figs), max(x for _, x in figs)
        if hi - lo >= FATALITY_MIN_DIFF and (lo == 0 or hi / lo > FATALITY_RATIO):
            parts = [f"{src[1] or src[0]} says {x}" for src, x in sorted(figs, key=lambda t: (t[1], t[0]))]
            srcs = {s for s, _ in figs}
            out.append(
                Contradiction(
                    "killed",
                    f"Death tolls{' for ' + v if v else ''} differ more than {FATALITY_RATIO:g}-fold: "
                    + "; ".join(parts)
                    + ".",
                    [c for c in claims if c.field == "killed" and (c.article_id or "", c.claimant or "") in srcs],
                )
            )
    return out


def contradictions(
    fs: list[MentionFeatures], claims: list[Claim], location: str, facts: ActorFacts
) -> list[Contradiction]:
    """The event's contradictions, in a fixed order: control, denial, outcome, death toll."""
    return (
        _control(claims, location, facts)
        + _denial(fs, claims, location, facts)
        + _outcomes(fs, claims, location, facts)
        + _death_tolls(claims)
    )
