"""Actor facts as the merge reads them from the one actor table (`frontwire.actors`).

`facts_for(table)` wraps an `ActorTable` (loaded once per actors file, with its
errors naming the file) in memoised lookups. The table's own answers are used
where they are the merge's rules; this adapter keeps the few rules in which the
merge differs from the table's generic lookups (behaviour kept from before the
table existed):

- names are found by their comparison key (`norm_key`) first, then by template
  and alias (`ActorTable.lookup` tries the exact name and case-sensitive templates
  first, so "Military Forces of Turkey" without its "(2016-)" would be the
  `{military}` template instead of Turkey's own entry);
- state forces of a country the actors file does not name take the facts of its
  `{military}` / `{police}` entries (the table's per-country entries put foreign
  forces on an "external" side); a "Military/Police Forces of X" name the file
  does not cover is a state force (inter 1) on the government side;
- a template that is only a placeholder (`{military}`) names a specific state
  force, never a generic label; an unknown actor ("", "unknown") is generic;
- inter: state forces are 1 / 8 only when the event's country is a name (an
  unknown country or an ISO code keeps the dictionary's code; no theatre default).
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

from frontwire.actors import ActorEntry, ActorTable, actor_table, norm_key
from frontwire.model import Claim

UNKNOWN_NAMES = frozenset({"", "unknown", "none", "null", "n/a"})
_STATE_TEMPLATES = ("{military}", "{police}")

norm_actor = lru_cache(maxsize=100_000)(norm_key)  # called for every actor of every mention: memoised


@dataclasses.dataclass(frozen=True)
class ActorInfo:
    inter: int | None
    side: str | None
    generic: bool
    country: str | None = None  # for "Military Forces of X": X


def _literal(template: str | None) -> str:
    """A template without its placeholders: "" for a pure placeholder like `{military}`."""
    return re.sub(r"\{\w+\}", "", template or "").strip(" ()")


def _generic(e: ActorEntry) -> bool:
    return e.generic and bool(e.name or _literal(e.template))


class ActorFacts:
    """The merge's memoised view of one actor table."""

    def __init__(self, table: ActorTable) -> None:
        self.table = table
        self.by_key: dict[str, ActorEntry] = {}  # comparison key -> entry (file order; a later name wins)
        self.members: dict[str, frozenset[str]] = {}  # coalition key -> member keys (`members:`)
        for e in table.entries:
            if e.from_countries:
                continue
            if e.name:
                self.by_key[norm_actor(e.name)] = e
                if e.members:
                    self.members[norm_actor(e.name)] = frozenset(norm_actor(m) for m in e.members)
            elif e.template in _STATE_TEMPLATES:
                field = e.template.strip("{}")
                for c in table.countries.values():
                    self.by_key.setdefault(norm_actor(c[field]), e)
            elif _literal(e.template):
                self.by_key.setdefault(norm_actor(e.template), e)  # "Opposition Rebels" without its country
        self.info = lru_cache(maxsize=50_000)(self._info)
        self.canonical = lru_cache(maxsize=50_000)(self._canonical)
        self.specificity = lru_cache(maxsize=50_000)(self._specificity)
        self.side = lru_cache(maxsize=50_000)(self._side)

    def _info(self, name: str) -> ActorInfo:
        key = norm_actor(name)
        if key in UNKNOWN_NAMES:
            return ActorInfo(None, None, True)
        country = self.table.force_country(name)
        e = self.by_key.get(key)
        if e is None:
            e = self.table.lookup(name)  # a template in any case, else an alias
            if e is not None and (e.from_countries or e.template in _STATE_TEMPLATES):
                e = self.table.alias(name)  # state-force names are covered by the naming rule below
        if e is None:
            # ACLED naming convention: "Military/Police Forces of X" are X's state forces.
            return ActorInfo(1, "government", False, country) if country is not None else ActorInfo(None, None, False)
        return ActorInfo(e.inter, e.side, _generic(e), country)

    def _canonical(self, name: str) -> str:
        """Dictionary name of an actor or claimant ("Front" -> the NLF), else the name itself."""
        low = name.strip().lower()
        for k in (low, "the " + low):
            hit = self.table.alias(k) or self.by_key.get(norm_actor(k))
            if hit is not None and hit.name:
                return hit.name
        return name

    def _specificity(self, name: str) -> int:
        if norm_actor(name) in UNKNOWN_NAMES:
            return 0
        return 1 if self.info(name).generic else 2

    def _side(self, name: str) -> str:
        """The side an actor stands for, else the actor's own key (so distinct unknowns differ)."""
        info = self.info(name)
        return info.side if info.side and info.side != "other" else norm_actor(name)

    def inter(self, name: str | None, event_country: str | None = None) -> int | None:
        """ACLED inter code of an actor (1 state, 2 rebels, 3 political militia, ... 8 external/other).

        State forces of another country than the event's are external (8).
        """
        if not name:
            return None
        info = self.info(name)
        if info.country and event_country and len(event_country) > 3:
            same = norm_actor(info.country) == norm_actor(event_country)
            return 1 if same else 8
        return info.inter

    def match(self, a: str, b: str, assoc_a: frozenset[str], assoc_b: frozenset[str]) -> bool:
        """Could `a` and `b` (normalised keys) be the same side of one incident?"""
        if a == b or not a or not b:
            return True
        if a in assoc_b or b in assoc_a:
            return True
        if a in self.members.get(b, ()) or b in self.members.get(a, ()):
            return True  # a coalition and one of its member groups
        ia, ib = self.info(a), self.info(b)
        if ia.generic or ib.generic:
            # A generic non-state label stands for any non-state armed actor, never for state forces.
            return _nonstate(ia) and _nonstate(ib)
        return False

    def side_of(self, value: Any) -> str:
        """Which side a `controls_location` value stands for (its actor's side, else the actor itself)."""
        return self.side(str(value))

    def who(self, c: Claim) -> str:
        """Who makes a claim: its claimant's dictionary name, else the outlet or article."""
        return self.canonical(c.claimant) if c.claimant else (c.outlet or c.article_id or "a source")

    def specific(self, name: str | None) -> int:
        """0 unknown, 1 a generic label, 2 a named actor."""
        return self.specificity(name) if name else 0


def _nonstate(info: ActorInfo) -> bool:
    return info.inter in (2, 3, 4) or (info.inter is None and info.country is None)


@lru_cache(maxsize=8)
def facts_for(table: ActorTable) -> ActorFacts:
    """The merge's facts of an actor table, built once per table."""
    return ActorFacts(table)


def current_facts() -> ActorFacts:
    """Facts of the default actor table (`frontwire.actors.actor_table()`)."""
    return facts_for(actor_table())


def actor_inter(name: str | None, event_country: str | None = None) -> int | None:
    """ACLED inter code of an actor in an event in `event_country` (see `ActorFacts.inter`)."""
    return current_facts().inter(name, event_country)
