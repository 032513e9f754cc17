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
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import math
import os
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from anyascii import anyascii
from rapidfuzz.fuzz import ratio

from frontwire.model import Claim, Contradiction, Event, EventMention, Place

NEARBY_KM = 2.0  # two gazetteer points this close are one place (duplicate entries)
FATALITY_RATIO = 2.0  # killed figures are contradictory when high/low exceeds this...
FATALITY_MIN_DIFF = 5  # ...and they differ by at least this many deaths
FUZZY_MIN = 70.0  # rapidfuzz ratio of folded names sharing a skeleton ("abujarif" / "abujrayf": 75)

GROUND = frozenset(
    {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
TERRITORY = GROUND - {"Armed clash"}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "estimated": 3, "unknown": 4}
_CELL_DEG = 0.05  # grid cell (degrees) for the nearby-point lookup, see _F.probe_keys


# --------------------------------------------------------------------------- folding


def _local_fold(name: str) -> str:
    """Fallback place key: lowercase ASCII, no al-/el- articles, no punctuation or spaces."""
    s = anyascii(name).lower()
    s = re.sub(r"\b(?:al|el|as|ash|ad|ar|an|at|az)[-\s]+", "", s)
    return re.sub(r"[^a-z0-9]+", "", s)


def _find_fold():
    # The geo engine owns transliteration folding; use it when it is installed.
    for modname in ("frontwire.geo.fold", "frontwire.geo.names", "frontwire.geo"):
        try:
            mod = __import__(modname, fromlist=["fold"])
        except ImportError:
            continue
        f = getattr(mod, "fold", None)
        if callable(f):
            return f, getattr(mod, "skeleton", None)
    return _local_fold, None


_FOLD, _SKELETON = _find_fold()


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Spelling-insensitive key of a place name ("" for none)."""
    try:
        return _FOLD(name) or ""
    except Exception:  # a broken folder must not stop merging
        return _local_fold(name)


@lru_cache(maxsize=200_000)
def _skeleton(key: str) -> str:
    if _SKELETON is not None:
        try:
            return _SKELETON(key) or ""
        except Exception:
            pass
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouwy]", "", key[1:]))


# --------------------------------------------------------------------------- actors


@dataclasses.dataclass(frozen=True)
class ActorInfo:
    inter: int | None
    side: str | None
    generic: bool
    country: str | None = None  # for "Military Forces of X": X
    name: str | None = None  # canonical name, when the dictionary has one


@lru_cache(maxsize=100_000)
def _norm_actor(name: str | None) -> str:
    """Comparison key of an actor name: lower case, no "(2000-)"-style suffix."""
    if not name:
        return ""
    s = re.sub(r"\s*\([^)]*\)\s*$", "", name.strip()).lower()
    return re.sub(r"\s+", " ", s)


_FORCES_RE = re.compile(r"^(?:military|police) forces of (?:the )?(.+?)(?:\s*\(.*\))?$", re.I)
_UNKNOWN_NAMES = frozenset({"", "unknown", "none", "null", "n/a"})


class _ActorTable:
    """Actor type/side facts read from data/actors.yaml (+ countries.yaml for templates)."""

    def __init__(self) -> None:
        self.by_key: dict[str, ActorInfo] = {}
        self.by_alias: dict[str, ActorInfo] = {}
        self.templates: list[tuple[re.Pattern[str], ActorInfo]] = []
        self.members: dict[str, frozenset[str]] = {}  # coalition -> member keys (optional `members:` field)
        try:
            self._load()
        except Exception:  # the dictionary is optional for merging; fall back to name rules
            pass

    def _load(self) -> None:
        import yaml

        path = os.environ.get("FRONTWIRE_ACTORS")
        data_dir = resources.files("frontwire.data")
        text = open(path, encoding="utf-8").read() if path else data_dir.joinpath("actors.yaml").read_text("utf-8")
        entries = yaml.safe_load(text) or []
        if isinstance(entries, dict):
            entries = entries.get("actors", [])
        countries: list[dict[str, Any]] = []
        try:
            cdata = yaml.safe_load(data_dir.joinpath("countries.yaml").read_text("utf-8")) or {}
            countries = list(cdata.get("countries", []))
        except Exception:
            pass
        for e in entries:
            if not isinstance(e, dict):
                continue
            inter = e.get("inter")
            inter = int(inter) if isinstance(inter, int) or (isinstance(inter, str) and inter.isdigit()) else None
            side = e.get("side")
            if "name" in e:
                info = ActorInfo(inter, side, bool(e.get("generic", False)), name=str(e["name"]))
                self.by_key[_norm_actor(e["name"])] = info
                if e.get("members"):
                    self.members[_norm_actor(e["name"])] = frozenset(_norm_actor(str(x)) for x in e["members"])
            elif "template" in e:
                tpl = str(e["template"])
                # A pure placeholder ({military}) names a specific state force, not a generic label.
                literal = re.sub(r"\{\w+\}", "", tpl).strip(" ()")
                info = ActorInfo(inter, side, bool(e.get("generic", False)) and bool(literal))
                if tpl in ("{military}", "{police}"):
                    field = tpl.strip("{}")
                    for c in countries:
                        kind = "Military" if field == "military" else "Police"
                        nm = c.get(field) or f"{kind} Forces of {c.get('name')}"
                        self.by_key.setdefault(_norm_actor(nm), info)
                else:
                    # Names reach us both whole and without their "(Country)" suffix.
                    if literal:
                        self.by_key.setdefault(_norm_actor(tpl), info)
                    rx = re.sub(r"\\\{\w+\\\}", ".+", "^" + re.escape(tpl) + "$")
                    self.templates.append((re.compile(rx, re.I), info))
            else:
                continue
            for a in e.get("aliases") or []:
                self.by_alias.setdefault(str(a).lower(), info)

    @lru_cache(maxsize=50_000)
    def info(self, name: str) -> ActorInfo:
        key = _norm_actor(name)
        if key in _UNKNOWN_NAMES:
            return ActorInfo(None, None, True)
        m = _FORCES_RE.match(name.strip())
        country = m.group(1).strip() if m else None
        hit = self.by_key.get(key)
        if hit is None:
            for rx, inf in self.templates:
                if rx.match(name.strip()):
                    hit = inf
                    break
        if hit is None:
            hit = self.by_alias.get(name.strip().lower())
        if hit is None and m:
            # ACLED naming convention: "Military/Police Forces of X" are X's state forces.
            hit = ActorInfo(1, "government", False)
        if hit is None:
            hit = ActorInfo(None, None, False)
        return dataclasses.replace(hit, country=country)

    @lru_cache(maxsize=50_000)
    def canonical(self, name: str) -> str:
        """Dictionary name of an actor or claimant ("Front" -> the NLF), else the name itself."""
        low = name.strip().lower()
        for k in (low, "the " + low):
            hit = self.by_alias.get(k) or self.by_key.get(_norm_actor(k))
            if hit is not None and hit.name:
                return hit.name
        return name

    @lru_cache(maxsize=50_000)
    def specificity(self, name: str) -> int:
        if _norm_actor(name) in _UNKNOWN_NAMES:
            return 0
        return 1 if self.info(name).generic else 2

    @lru_cache(maxsize=50_000)
    def side(self, name: str) -> str:
        """The side an actor stands for, else the actor's own key (so distinct unknowns differ)."""
        info = self.info(name)
        return info.side if info.side and info.side != "other" else _norm_actor(name)


_ACTORS: _ActorTable | None = None


def _actors() -> _ActorTable:
    global _ACTORS
    if _ACTORS is None:
        _ACTORS = _ActorTable()
    return _ACTORS


def actor_inter(name: str | None, event_country: str | None = None) -> int | None:
    """ACLED inter code of an actor (1 state, 2 rebels, 3 political militia, ... 8 external/other).

    State forces of another country than the event's are external (8).
    """
    if not name:
        return None
    info = _actors().info(name)
    if info.country and event_country and len(event_country) > 3:
        same = _norm_actor(info.country) == _norm_actor(event_country)
        return 1 if same else 8
    return info.inter


def _nonstate(info: ActorInfo) -> bool:
    return info.inter in (2, 3, 4) or (info.inter is None and info.country is None)


def _actor_match(a: str, b: str, assoc_a: frozenset[str], assoc_b: frozenset[str]) -> bool:
    """Could `a` and `b` (normalised keys) be the same side of one incident?"""
    if a == b or not a or not b:
        return True
    if a in assoc_b or b in assoc_a:
        return True
    t = _actors()
    if a in t.members.get(b, ()) or b in t.members.get(a, ()):
        return True  # a coalition and one of its member groups
    ia, ib = t.info(a), t.info(b)
    if ia.generic or ib.generic:
        # A generic non-state label stands for any non-state armed actor, never for state forces.
        return _nonstate(ia) and _nonstate(ib)
    return False


# --------------------------------------------------------------------------- per-mention features


@lru_cache(maxsize=4096)
def _ordinal(d: str | None) -> int | None:
    if not d:
        return None
    try:
        return date.fromisoformat(d[:10]).toordinal()
    except ValueError:
        return None


def _fallback_id(m: EventMention) -> str:
    ev = m.evidence
    raw = "|".join(
        str(x)
        for x in (
            m.article_id, ev.start if ev else "", ev.end if ev else "", m.location_text, m.event_type,
            m.sub_event_type, m.event_date, m.actor1, m.actor2, m.trigger,
        )
    )
    return "m" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _mid(m: EventMention) -> str:
    return m.mention_id or _fallback_id(m)


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


class _F:
    """Features of one mention used by blocking and compatibility tests."""

    __slots__ = ("m", "mid", "art", "d", "pid", "tkeys", "skels", "coord", "sub", "a1", "a2", "assoc1",
                 "assoc2", "key", "voter")

    def __init__(self, m: EventMention):
        self.m = m
        self.mid = _mid(m)
        self.art = m.article_id or ""
        self.d = _ordinal(m.event_date)
        p = m.place
        self.pid = p.place_id if p is not None and p.place_id else None
        names = {m.location_text or ""}
        if p is not None:
            names.update(x for x in (p.name, p.text) if x)
        self.tkeys = frozenset(k for k in (fold(n) for n in names if n) if k)
        self.skels = frozenset(s for s in (_skeleton(k) for k in self.tkeys) if len(s) >= 3)
        self.coord = (
            (p.latitude, p.longitude)
            if p is not None and p.latitude is not None and p.longitude is not None and p.geo_precision == 1
            else None
        )
        self.sub = m.sub_event_type or ""
        self.a1 = _norm_actor(m.actor1)
        self.a2 = _norm_actor(m.actor2)
        self.assoc1 = frozenset(_norm_actor(x) for x in m.assoc_actor1 or ())
        self.assoc2 = frozenset(_norm_actor(x) for x in m.assoc_actor2 or ())
        ev = m.evidence
        self.key = (
            m.event_date or "~", self.pid or "", min(self.tkeys) if self.tkeys else "", self.art,
            ev.start if ev else -1, self.sub, self.a1, self.a2, self.mid,
        )
        self.voter = _voter(m)

    def block_keys(self) -> list[str]:
        # Name keys of resolved mentions are upper-case: a name alone never links two
        # resolved mentions (their ids decide), so common names do not make huge buckets.
        t, s = ("t", "s") if self.pid else ("T", "S")
        ks = [f"{t}:{k}" for k in self.tkeys] + [f"{s}:{k}" for k in self.skels]
        if self.pid:
            ks.append(f"i:{self.pid}")
        if self.coord:
            ks.append(f"g:{_cell(self.coord)}")
        return ks

    def probe_keys(self) -> list[str]:
        ks = [f"T:{k}" for k in self.tkeys] + [f"S:{k}" for k in self.skels]
        if self.pid:
            ks.append(f"i:{self.pid}")
        else:
            ks += [f"t:{k}" for k in self.tkeys] + [f"s:{k}" for k in self.skels]
        if self.coord:
            fx, fy = self.coord[0] / _CELL_DEG, self.coord[1] / _CELL_DEG
            cx, cy = math.floor(fx), math.floor(fy)
            if abs(self.coord[0]) < 40:
                # Cells are at least 2 x NEARBY_KM wide here, so the 2x2 cells around the
                # point's quarter of its own cell hold every point within reach.
                sx = 1 if fx - cx >= 0.5 else -1
                sy = 1 if fy - cy >= 0.5 else -1
                ks += [f"g:{(cx + dx, cy + dy)}" for dx in (0, sx) for dy in (0, sy)]
            else:  # narrower longitude cells: all 3x3 neighbours (enough up to ~68 degrees)
                ks += [f"g:{(cx + dx, cy + dy)}" for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        return ks


def _cell(c: tuple[float, float]) -> tuple[int, int]:
    return (math.floor(c[0] / _CELL_DEG), math.floor(c[1] / _CELL_DEG))


def _voter(m: EventMention) -> str:
    """Who asserts this telling: the claimant of its assertion (control, occurrence, denial).

    An assertion quoting nobody is the outlet's own; a telling with only casualty
    claims is its first claimant's. Names go through the actor dictionary so that
    "Front" and "National Front" are one voter.
    """
    asserts = [c for c in m.claims if c.field in ("controls_location", "occurred", "denied")]
    pool = asserts or m.claims
    who = next((c.claimant for c in pool if c.claimant), None)
    if who is None:
        return m.outlet or m.article_id or ""
    return _actors().canonical(who)


def _place_ok(a: _F, b: _F) -> int:
    """Place match strength: 3 same id, 2 same folded name, 1 fuzzy name or nearby point, 0 none."""
    if a.pid and b.pid and a.pid == b.pid:
        return 3
    if not (a.pid and b.pid):
        if a.tkeys & b.tkeys:
            return 2
        if a.skels & b.skels:
            best = max(ratio(x, y) for x in a.tkeys for y in b.tkeys)
            if best >= FUZZY_MIN:
                return 1
    if a.coord and b.coord and a.art != b.art and _haversine_km(a.coord, b.coord) <= NEARBY_KM:
        return 1
    return 0


def _type_ok(a: _F, b: _F) -> bool:
    return a.sub == b.sub or (a.sub in GROUND and b.sub in GROUND)


def _actors_ok(a: _F, b: _F) -> bool:
    straight = _actor_match(a.a1, b.a1, a.assoc1, b.assoc1) and _actor_match(a.a2, b.a2, a.assoc2, b.assoc2)
    return straight or (
        _actor_match(a.a1, b.a2, a.assoc1, b.assoc2) and _actor_match(a.a2, b.a1, a.assoc2, b.assoc1)
    )


def _score(a: _F, b: _F) -> float:
    """Compatibility strength of two mentions; 0 when they cannot be one event."""
    if a.d is not None and b.d is not None:
        gap = abs(a.d - b.d)
        if gap > 1 or (gap and a.art == b.art):
            return 0.0
        s = 2.0 if gap == 0 else 1.0
    elif a.art == b.art:
        s = 1.0
    else:
        return 0.0
    if not _type_ok(a, b):
        return 0.0
    p = _place_ok(a, b)
    if not p or not _actors_ok(a, b):
        return 0.0
    s += p
    if a.sub == b.sub:
        s += 1.0
    if (a.a1, a.a2) == (b.a1, b.a2) or (a.a1, a.a2) == (b.a2, b.a1):
        s += 0.5
    return s


class _Graph:
    """Blocking index and compatibility edges over a fixed list of mention features."""

    def __init__(self, feats: list[_F]):
        self.feats = feats
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
            s = _score(f, self.feats[j])
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


@contextmanager
def _gc_paused():
    # Merging allocates hundreds of thousands of small acyclic objects; the cyclic
    # collector would rescan them again and again (~15% of the run) for nothing.
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _prepare(mentions: Iterable[EventMention]) -> list[_F]:
    """Features of the mentions, one per mention id, in canonical order."""
    by_id: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        by_id[_mid(m)].append(m)
    chosen = []
    for ms in by_id.values():
        if len(ms) > 1:
            # Same id twice: keep one by content so the choice does not depend on input order.
            ms = sorted(ms, key=lambda x: json.dumps(x.to_dict(), sort_keys=True, default=str))
        chosen.append(ms[0])
    feats = [_F(m) for m in chosen]
    feats.sort(key=lambda f: f.key)
    return feats


# --------------------------------------------------------------------------- public API


def merge_mentions(
    mentions: list[EventMention], published: dict[str, str] | None = None
) -> list[Event]:
    """Cluster event mentions into events (see module docstring); sorted by (date, event_id).

    `published` maps article id -> ISO publication date (for `first_reported`).
    """
    with _gc_paused():
        feats = _prepare(mentions)
        g = _Graph(feats)
        clusters = g.cluster(range(len(feats)))
        events = [_build_event([feats[i] for i in c], published or {}) for c in clusters]
        return _sorted_events(events)


def merge_incremental(
    existing_events: list[Event],
    existing_mentions: list[EventMention],
    new_mentions: list[EventMention],
    published: dict[str, str] | None = None,
) -> tuple[set[str], list[Event]]:
    """Update a merged dataset with new mentions.

    Returns (ids of existing events to delete, events to insert); applying them to
    `existing_events` gives exactly `merge_mentions(existing_mentions + new_mentions)`.
    Only the connected groups of compatible mentions that the new mentions touch
    are re-clustered; events that come out unchanged are neither deleted nor inserted.
    `existing_mentions` must hold every mention of the `existing_events` given (a
    store may pass only a date window of both; then the result is consistent --
    each mention in one event -- but equal to a full merge only if no group of
    compatible mentions reaches outside the window).
    """
    with _gc_paused():
        return _merge_incremental(existing_events, existing_mentions, new_mentions, published or {})


def _merge_incremental(
    existing_events: list[Event],
    existing_mentions: list[EventMention],
    new_mentions: list[EventMention],
    published: dict[str, str],
) -> tuple[set[str], list[Event]]:
    feats = _prepare(list(existing_mentions) + list(new_mentions))
    idx = {f.mid: i for i, f in enumerate(feats)}
    new_ids = {_mid(m) for m in new_mentions}
    touched_ids = set(new_ids)
    for ev in existing_events:
        if new_ids.intersection(ev.mention_ids):
            touched_ids.update(ev.mention_ids)
    g = _Graph(feats)
    seeds = [idx[m] for m in touched_ids if m in idx]
    affected = g.component_of(seeds)
    affected_ids = {feats[i].mid for i in affected} | touched_ids
    old = {ev.event_id: ev for ev in existing_events if affected_ids.intersection(ev.mention_ids)}
    fresh = [_build_event([feats[i] for i in c], published) for c in g.cluster(affected)]
    # Events that come out identical need no rewrite.
    unchanged = {ev.event_id for ev in fresh if ev.event_id in old and old[ev.event_id].to_dict() == ev.to_dict()}
    delete = set(old) - unchanged
    insert = _sorted_events([ev for ev in fresh if ev.event_id not in unchanged])
    return delete, insert


def _sorted_events(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.event_date or "~", e.location, e.event_id))


# --------------------------------------------------------------------------- event building


def _event_id(mids: Iterable[str]) -> str:
    return "FW" + hashlib.sha1(min(mids).encode("utf-8")).hexdigest()[:16]


def _claim_key(c: Claim) -> tuple:
    ev = c.evidence
    return (
        c.article_id or "", ev.start if ev else -1, ev.end if ev else -1, c.field, c.claimant or "",
        json.dumps(c.value, sort_keys=True, default=str), c.kind or "", c.victim or "",
        c.low if c.low is not None else -1, c.high if c.high is not None else -1, c.outlet or "",
    )


def _collect_claims(fs: list[_F]) -> list[Claim]:
    seen: dict[tuple, Claim] = {}
    for f in fs:
        m = f.m
        for c in m.claims:
            # Copies: the input mentions are never mutated. A claim nobody is quoted for is the outlet's own.
            cc = dataclasses.replace(
                c,
                outlet=c.outlet or m.outlet,
                article_id=c.article_id or m.article_id,
                claimant=c.claimant or c.outlet or m.outlet,
            )
            seen.setdefault(_claim_key(cc), cc)
    return [seen[k] for k in sorted(seen)]


def _num(c: Claim) -> tuple[int, int, int] | None:
    """(point, low, high) deaths of a casualty claim, or None when it gives no number."""
    v = c.value
    p: int | None = None
    if isinstance(v, bool):
        p = None
    elif isinstance(v, int):
        p = v
    elif isinstance(v, float) and v == int(v):
        p = int(v)
    elif isinstance(v, str) and v.strip().isdigit():
        p = int(v.strip())
    if p is None:
        p = c.low
    if p is None:
        return None
    lo = c.low if c.low is not None and c.low <= p else p
    hi = c.high if c.high is not None and c.high >= p else p
    return p, lo, hi


def _by_source(claims: list[Claim], field: str) -> dict[tuple[str, str], dict[str | None, tuple[int, int, int]]]:
    """{(article, claimant): {victim key or None: (point, low, high)}}; a victim's repeated figure counts once."""
    out: dict[tuple[str, str], dict[str | None, tuple[int, int, int]]] = defaultdict(dict)
    for c in claims:
        if c.field != field:
            continue
        n = _num(c)
        if n is None:
            continue
        src = (c.article_id or "", c.claimant or "")
        v = _norm_actor(c.victim) or None
        old = out[src].get(v)
        # The same victims counted twice by one source: keep the larger (an updated toll).
        out[src][v] = n if old is None else tuple(max(x, y) for x, y in zip(old, n))  # type: ignore[assignment]
    return out


def _source_total(fig: dict[str | None, tuple[int, int, int]], k: int) -> int:
    named = [t[k] for v, t in fig.items() if v is not None]
    total = sum(named)
    unnamed = fig.get(None)
    # An unattributed figure equal to a named one is most likely the same count.
    if unnamed is not None and unnamed[k] not in named:
        total += unnamed[k]
    return total


def _casualties(claims: list[Claim], field: str) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) for killed/injured claims (module docstring: fatalities)."""
    per = _by_source(claims, field)
    if not per:
        return None, None, None
    all_named = all(None not in fig for fig in per.values())
    if all_named:
        victims = sorted({v for fig in per.values() for v in fig if v is not None})
        best = sum(min(fig[v][0] for fig in per.values() if v in fig) for v in victims)
        low = sum(min(fig[v][1] for fig in per.values() if v in fig) for v in victims)
        high = sum(max(fig[v][2] for fig in per.values() if v in fig) for v in victims)
    else:
        best = min(_source_total(f, 0) for f in per.values())
        low = min(_source_total(f, 1) for f in per.values())
        high = max(_source_total(f, 2) for f in per.values())
    return best, min(low, best), max(high, best)


def _side(value: Any) -> str:
    """Which side a `controls_location` value stands for (its actor's side, else the actor itself)."""
    return _actors().side(str(value))


def _who(c: Claim) -> str:
    return _actors().canonical(c.claimant) if c.claimant else (c.outlet or c.article_id or "a source")


def _contradictions(fs: list[_F], claims: list[Claim], location: str) -> list[Contradiction]:
    out: list[Contradiction] = []
    # 1. Rival holders of the place.
    ctrl = [c for c in claims if c.field == "controls_location" and c.value not in (None, "")]
    if len({_side(c.value) for c in ctrl}) > 1:
        parts = [f"{_who(c)} says {c.value} holds it" for c in ctrl]
        text = f"Control of {location} is disputed: " + "; ".join(parts) + "."
        out.append(Contradiction("controls_location", text, ctrl))
    # 2. A denial against another claimant's assertion.
    denials = [c for c in claims if c.field == "denied" or (c.field == "occurred" and c.value is False)]
    if denials:
        deniers = {_who(c) for c in denials}
        positive = [
            c for c in claims
            if _who(c) not in deniers
            and (c.field == "controls_location" or (c.field == "occurred" and c.value is not False))
        ]
        asserted = [f for f in fs if f.sub in TERRITORY and f.voter not in deniers]
        if positive or asserted:
            who = sorted({_who(c) for c in positive} | {f.voter for f in asserted})
            out.append(Contradiction(
                "occurred",
                f"{', '.join(sorted(deniers))} denies what {', '.join(who)} reports in {location}.",
                denials + positive,
            ))
    # 3. Different outcomes told (territory taken vs attack repelled / no change, or rival gainers).
    terr, disputes = _outcome_views(fs, claims)
    if disputes or len(terr) > 1:
        parts, cl = [], []
        for sub in sorted(terr):
            parts.append(f"{', '.join(sorted(terr[sub]))}: {sub}")
            cl += [_sub_claim(f, sub) for f in fs if f.sub == sub]
        if disputes:
            parts.append(f"{', '.join(sorted(disputes))}: attack repelled or no change of control")
            cl += [_sub_claim(f, f.sub) for f in fs if f.voter in disputes and f.sub == "Armed clash"]
        out.append(Contradiction("sub_event_type", f"Sources tell different outcomes in {location}: "
                                 + "; ".join(parts) + ".", cl))
    # 4. Killed figures too far apart.
    per = _by_source(claims, "killed")
    if len(per) > 1:
        groups: dict[str | None, list[tuple[tuple[str, str], int]]] = defaultdict(list)
        if all(None not in fig for fig in per.values()):
            for src, fig in per.items():
                for v, t in fig.items():
                    groups[v].append((src, t[0]))
        else:
            for src, fig in per.items():
                groups[None].append((src, _source_total(fig, 0)))
        for v in sorted(groups, key=lambda x: x or ""):
            figs = groups[v]
            lo, hi = min(x for _, x in figs), max(x for _, x in figs)
            if hi - lo >= FATALITY_MIN_DIFF and (lo == 0 or hi / lo > FATALITY_RATIO):
                parts = [f"{src[1] or src[0]} says {x}" for src, x in sorted(figs, key=lambda t: (t[1], t[0]))]
                srcs = {s for s, _ in figs}
                out.append(Contradiction(
                    "killed",
                    f"Death tolls{' for ' + v if v else ''} differ more than {FATALITY_RATIO:g}-fold: "
                    + "; ".join(parts) + ".",
                    [c for c in claims if c.field == "killed" and (c.article_id or "", c.claimant or "") in srcs],
                ))
    return out


def _is_denial(c: Claim) -> bool:
    return c.field == "denied" or (c.field == "occurred" and c.value is False)


# Words with which the defending side tells a failed attack or an unchanged front line.
_REPELLED = re.compile(
    r"\b(?:thwart|repel|repuls|foil|fend(?:ed|s)? off|beat(?:en|s)? back|pushed back|absorb|"
    r"no change in the map|did not change|(?:still|remains?) under (?:the )?control)",
    re.I,
)


def _sub_claim(f: _F, sub: str) -> Claim:
    return Claim("sub_event_type", sub, claimant=f.voter, outlet=f.m.outlet, article_id=f.m.article_id,
                 evidence=f.m.evidence)


def _outcome_views(fs: list[_F], claims: list[Claim]) -> tuple[dict[str, set[str]], set[str]]:
    """Claimants asserting each territory sub-type, and the other claimants who dispute a change.

    A dispute is a denial, or an Armed-clash telling that gives the place to another side or
    speaks of a repelled attack. A plain "clashes in X" telling is neither.
    """
    terr: dict[str, set[str]] = defaultdict(set)
    gainers: set[str] = set()
    for f in fs:
        if f.sub in TERRITORY:
            terr[f.sub].add(f.voter)
            if f.m.actor1:
                gainers.add(_side(f.m.actor1))
    if not terr:
        return terr, set()
    disputes = {_who(c) for c in claims if _is_denial(c)}
    for f in fs:
        if f.sub != "Armed clash":
            continue
        text = " ".join(x for x in (f.m.trigger, f.m.evidence.sentence if f.m.evidence else None) if x)
        if (
            any(_is_denial(c) for c in f.m.claims)
            or any(c.field == "controls_location" and c.value and _side(c.value) not in gainers for c in f.m.claims)
            # actor1 of a repel telling is the initiator whose attack failed: a dispute only
            # when that is the side said to have gained the place.
            or (_REPELLED.search(text) and (not f.m.actor1 or _side(f.m.actor1) in gainers))
        ):
            disputes.add(f.voter)
    return terr, disputes - set().union(*terr.values())


def _resolve_sub(fs: list[_F], claims: list[Claim], published: dict[str, str]) -> str:
    subs = {f.sub for f in fs}
    if len(subs) == 1 and not subs & TERRITORY:
        return fs[0].sub
    first: dict[str, tuple] = {}  # first-reported order of each telling: publication date, then canonical order

    def seen(f: _F) -> tuple:
        return (published.get(f.art, "~"), f.key)

    for f in sorted(fs, key=seen):
        first.setdefault(f.sub, seen(f))
    terr, disputes = _outcome_views(fs, claims)
    if terr:
        if len(set().union(*terr.values())) < len(disputes):
            return "Armed clash"
        return sorted(terr, key=lambda s: (-len(terr[s]), first[s]))[0]
    votes: dict[str, set[str]] = defaultdict(set)
    for f in fs:
        votes[f.sub].add(f.voter)
    return sorted(votes, key=lambda s: (-len(votes[s]), first[s]))[0]


def _specificity(name: str | None) -> int:
    """0 unknown, 1 a generic label, 2 a named actor."""
    return _actors().specificity(name) if name else 0


def _place_rank(p: Place | None) -> tuple:
    if p is None:
        return (1, 9, 0.0)
    return (0 if p.resolved else 1, p.geo_precision or 9, -(p.confidence or 0.0))


_VERBS = {
    "Armed clash": "fought",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Non-violent transfer of territory": "took over territory without fighting from",
    "Air/drone strike": "carried out an air/drone strike on",
    "Shelling/artillery/missile attack": "shelled",
    "Suicide bomb": "carried out a suicide bombing against",
    "Remote explosive/landmine/IED": "hit with an explosive device",
    "Chemical weapon": "used chemical weapons against",
    "Grenade": "threw a grenade at",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "committed sexual violence against",
    "Arrests": "arrested",
}


_FIELD_ORDER = {f: i for i, f in enumerate(
    ("controls_location", "occurred", "denied", "killed", "injured", "killed_or_injured", "captured"))}


def _fmt_value(v: Any) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


def _notes(ev: Event) -> str:
    when = f"On {ev.event_date}" if ev.event_date else "On an unknown date"
    a1 = ev.actor1 or "unidentified actors"
    verb = _VERBS.get(ev.sub_event_type)
    if verb and ev.actor2:
        what = f"{a1} {verb} {ev.actor2}"
    elif ev.actor2:
        what = f"{a1} and {ev.actor2}: {ev.sub_event_type.lower()}"
    else:
        what = f"{a1}: {ev.sub_event_type.lower()}"
    n = len(ev.sources) or len(ev.articles)
    s = f"{when}, {what} in {ev.location}; {n} source{'s' if n != 1 else ''}"
    by: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c in ev.claims:
        vals = by[_who(c)][c.field]
        v = f"{(c.kind + ' ') if c.kind else ''}{_fmt_value(c.value)}"
        if v not in vals:
            vals.append(v)
    if by:
        parts = []
        for who in sorted(by)[:4]:
            fields = sorted(by[who], key=lambda f: (_FIELD_ORDER.get(f, 9), f))
            parts.append(f"{who}: " + ", ".join(f"{f} {' and '.join(by[who][f][:3])}" for f in fields))
        s += "; claims: " + "; ".join(parts) + (f"; and {len(by) - 4} more" if len(by) > 4 else "")
    if ev.contradictions:
        s += "; contradictions: " + ", ".join(sorted({c.field for c in ev.contradictions}))
    return s + "."


def _interaction(a1: str | None, a2: str | None, country: str | None) -> str | None:
    codes = [c for c in (actor_inter(a1, country), actor_inter(a2, country)) if c]
    if not codes:
        return None
    if len(codes) == 1:
        return f"{codes[0]}0"  # ACLED: a lone actor type is followed by 0
    return "".join(str(c) for c in sorted(codes))


def _build_event(fs: list[_F], published: dict[str, str]) -> Event:
    fs = sorted(fs, key=lambda f: f.key)
    claims = _collect_claims(fs)
    sub = _resolve_sub(fs, claims, published)
    carriers = [f for f in fs if f.sub == sub]
    if carriers:
        event_type = carriers[0].m.event_type
    else:  # a territory claim outvoted by denials alone: an Armed clash nobody told as such
        carriers, event_type = fs, "Battles"

    # Date: the most common mention date, earliest on ties; its finest precision.
    dated = [f.m.event_date for f in fs if f.m.event_date]
    if dated:
        cnt = Counter(dated)
        event_date = min(cnt, key=lambda d: (-cnt[d], d))
        precision = min(
            (f.m.date_precision for f in fs if f.m.event_date == event_date),
            key=lambda p: (_PRECISION_RANK.get(p, 9), p),
        )
    else:
        event_date, precision = None, "unknown"

    # Actors: orient every telling like the lead (most specific telling of the chosen sub-type).
    lead = min(carriers, key=lambda f: (-_specificity(f.m.actor1) - _specificity(f.m.actor2), f.mid))
    slots: list[list[tuple[str | None, list[str]]]] = [[], []]
    for f in fs:
        m = f.m
        straight = _actor_match(lead.a1, f.a1, lead.assoc1, f.assoc1) and _actor_match(
            lead.a2, f.a2, lead.assoc2, f.assoc2
        )
        pair = [(m.actor1, m.assoc_actor1), (m.actor2, m.assoc_actor2)]
        if not straight:
            pair.reverse()
        slots[0].append(pair[0])
        slots[1].append(pair[1])
    chosen: list[str | None] = []
    assocs: list[list[str]] = []
    for k, lead_name in enumerate((lead.m.actor1, lead.m.actor2)):
        best = lead_name
        for name, _ in slots[k]:
            if _specificity(name) > _specificity(best):
                best = name
        chosen.append(best)
        key = _norm_actor(best)
        assocs.append(sorted({a for _, al in slots[k] for a in al or () if _norm_actor(a) != key}))
    actor1, actor2 = chosen

    # Place: the best-resolved, most precise one.
    pf = min(fs, key=lambda f: (_place_rank(f.m.place), f.key))
    place = pf.m.place
    resolved = place is not None and place.resolved
    # plain ASCII display names, as ACLED writes them ("Ariha", not "Arīḩā")
    location = anyascii((place.name if place is not None and place.name else None) or pf.m.location_text)
    country = place.country if place is not None else None

    killed = _casualties(claims, "killed")
    injured = _casualties(claims, "injured")[0]

    articles = sorted({f.art for f in fs if f.art})
    sources = sorted({f.m.outlet for f in fs if f.m.outlet})
    evidence = sorted(
        {(e.article_id, e.start, e.end, e.sentence): e for e in (f.m.evidence for f in fs) if e is not None}.values(),
        key=lambda e: (e.article_id, e.start, e.end, e.sentence),
    )
    pubs = [published[a] for a in articles if published.get(a)]
    civ = actor_inter(actor2, country) == 7 if actor2 else False

    ev = Event(
        event_id=_event_id(f.mid for f in fs),
        event_date=event_date,
        date_precision=precision,
        event_type=event_type,
        sub_event_type=sub,
        actor1=actor1,
        assoc_actor1=assocs[0],
        actor2=actor2,
        assoc_actor2=assocs[1],
        interaction=_interaction(actor1, actor2, country),
        civilian_targeting=bool(civ),
        country=country,
        admin1=place.admin1 if place is not None else None,
        admin2=place.admin2 if place is not None else None,
        location=location,
        latitude=place.latitude if resolved else None,
        longitude=place.longitude if resolved else None,
        place_id=place.place_id if place is not None else None,
        geo_precision=place.geo_precision if place is not None else None,  # as the geocoder set it
        fatalities=killed[0],
        fatalities_low=killed[1],
        fatalities_high=killed[2],
        injured=injured,
        sources=sources,
        articles=articles,
        claims=claims,
        contradictions=_contradictions(fs, claims, location),
        evidence=[dataclasses.replace(e) for e in evidence],
        needs_review=not resolved or event_date is None,
        first_reported=min(pubs) if pubs else None,
        mention_ids=sorted(f.mid for f in fs),
    )
    ev.notes = _notes(ev)
    return ev
