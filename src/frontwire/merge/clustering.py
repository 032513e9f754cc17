"""Blocking index, compatibility edges and complete-linkage clustering of mention features."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from frontwire.model import EventMention

from .actor_facts import ActorFacts
from .compatibility import score
from .features import MentionFeatures, mention_id


def prepare(mentions: Iterable[EventMention], facts: ActorFacts) -> list[MentionFeatures]:
    """Features of the mentions, one per mention id, in canonical order."""
    by_id: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        by_id[mention_id(m)].append(m)
    chosen = []
    for ms in by_id.values():
        if len(ms) > 1:
            # Same id twice: keep one by content so the choice does not depend on input order.
            ms = sorted(ms, key=lambda x: json.dumps(x.to_dict(), sort_keys=True, default=str))
        chosen.append(ms[0])
    feats = [MentionFeatures(m, facts) for m in chosen]
    feats.sort(key=lambda f: f.key)
    _borrow_places(feats)
    return feats


def _borrow_places(feats: list[MentionFeatures]) -> None:
    """A telling whose "place" is a word of an actor's name ("Al Shabaab said it carried out the
    attack") takes the place of its report's first placed telling of that day, so that it can
    join that telling's event with other reports too."""
    placed: dict[tuple[str, int | None], MentionFeatures] = {}
    for f in feats:  # canonical order: the first placed telling of a report's day
        if not f.placeless and (f.pid or f.tkeys):
            placed.setdefault((f.art, f.d), f)
    for f in feats:
        g = placed.get((f.art, f.d)) if f.placeless else None
        if g is not None:
            f.pid, f.tkeys, f.skels, f.coord = g.pid, g.tkeys, g.skels, g.coord
            # still `placeless`: within its report its type may be a guess, like a headline's
            f.town, f.region, f.admin1, f.written = g.town, g.region, g.admin1, g.written


class MentionGraph:
    """Blocking index and compatibility edges over a fixed list of mention features."""

    def __init__(self, feats: list[MentionFeatures], facts: ActorFacts):
        self.feats = feats
        self.facts = facts
        self.dated: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.by_art: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.undated_arts = {f.art for f in feats if f.d is None}
        for i, f in enumerate(feats):
            for k in f.block_keys():
                if f.d is not None:
                    self.dated[(f.d, k)].append(i)
                if f.art in self.undated_arts:
                    self.by_art[(f.art, k)].append(i)
        self._adj: dict[int, dict[int, float]] = {}

    def neighbours(self, i: int) -> dict[int, float]:
        hit = self._adj.get(i)
        if hit is not None:
            return hit
        f = self.feats[i]
        cand: set[int] = set()
        for k in f.probe_keys():
            if f.d is not None:
                for d in (f.d - 1, f.d, f.d + 1):
                    cand.update(self.dated.get((d, k), ()))
                if f.art in self.undated_arts:  # undated mentions of the same article
                    cand.update(j for j in self.by_art.get((f.art, k), ()) if self.feats[j].d is None)
            else:
                cand.update(self.by_art.get((f.art, k), ()))
        cand.discard(i)
        out = {}
        for j in cand:
            s = score(f, self.feats[j], self.facts)
            if s > 0:
                out[j] = s
        self._adj[i] = out
        return out

    def component_of(self, seeds: Iterable[int]) -> set[int]:
        seen = set(seeds)
        stack = list(seen)
        while stack:
            i = stack.pop()
            for j in self.neighbours(i):
                if j not in seen:
                    seen.add(j)
                    stack.append(j)
        return seen

    def cluster(self, members: Iterable[int]) -> list[list[int]]:
        """Complete-linkage greedy clustering in canonical order (members must be whole components)."""
        order = sorted(members, key=lambda i: self.feats[i].key)
        where: dict[int, int] = {}
        clusters: list[list[int]] = []
        for i in order:
            adj = self.neighbours(i)
            best: tuple[float, float, int] | None = None
            for c in sorted({where[j] for j in adj if j in where}):
                mem = clusters[c]
                if all(j in adj for j in mem):
                    scores = [adj[j] for j in mem]
                    cand = (min(scores), sum(scores) / len(scores), -c)
                    if best is None or cand > best:
                        best = cand
            if best is None:
                where[i] = len(clusters)
                clusters.append([i])
            else:
                where[i] = -best[2]
                clusters[-best[2]].append(i)
        return clusters
