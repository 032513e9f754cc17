"""evaluate: score stored events against a hand-coded gold file (SPEC "Gold data and scoring").

Gold lines are event records citing one article (`article`, or `articles`).
A predicted event is scored once per article it cites, so a merged event told by
two outlets can match one gold event in each report.

Event matching: same article, date within one day, same event_type, and the
location within 10 km — or, when the gold event has no coordinates, the same
place name after transliteration folding; a gold event placed only in a region
(geo_precision 3, no coordinates) matches a predicted geo_precision 3 event in
the same admin1. Optional gold events are neither misses nor false positives.
Attribute accuracies use a looser matching without the place condition.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date
from typing import Any

from .model import Event, InputError


def _fold(name: str | None) -> str:
    """Transliteration-folded consonant skeleton: "Rasm al-Ward" == "Rasam al-Ward"."""
    from .geo import fold, skeleton

    return skeleton(fold(name)) if name else ""


def _km(a, b) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def load_gold(path: str) -> list[dict]:
    """Gold events from a JSONL file (one event record per line)."""
    gold = []
    try:
        fh = open(path, encoding="utf-8")
    except OSError as e:
        raise InputError(path, f"cannot open gold file ({e.strerror or e})") from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                g = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(path, f"line {n}: invalid JSON ({e.msg})") from None
            if not isinstance(g, dict) or not (g.get("article") or g.get("articles")):
                raise InputError(path, f"line {n}: a gold event needs an 'article' id")
            arts = g.get("articles") or [g["article"]]
            g["_articles"] = [str(a) for a in (arts if isinstance(arts, list) else [arts])]
            gold.append(g)
    if not gold:
        raise InputError(path, "gold file holds no events")
    return gold


def _days(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


def same_place(pred: dict, gold: dict) -> bool:
    """Location condition of the event match."""
    g_has = gold.get("latitude") is not None and gold.get("longitude") is not None
    if g_has:
        if pred.get("latitude") is None:
            return False
        return _km((pred["latitude"], pred["longitude"]), (gold["latitude"], gold["longitude"])) <= 10.0
    if gold.get("geo_precision") == 3:
        if pred.get("geo_precision") == 3 and pred.get("admin1") and pred.get("admin1") == gold.get("admin1"):
            return True
    return bool(pred.get("location")) and _fold(pred.get("location")) == _fold(gold.get("location"))


def _matchable(pred: dict, gold: dict, with_place: bool) -> bool:
    d = _days(pred.get("event_date"), gold.get("event_date"))
    if d is None or d > 1 or pred.get("event_type") != gold.get("event_type"):
        return False
    return same_place(pred, gold) if with_place else True


def _max_matching(
    preds: list[dict], golds: list[dict], ok: Callable[[dict, dict], bool], score: Callable[[dict, dict], float]
) -> list[tuple[int, int]]:
    """Maximum bipartite matching (augmenting paths), trying better-scored pairs first."""
    adj = {
        i: sorted((j for j, g in enumerate(golds) if ok(p, g)), key=lambda j: -score(p, golds[j]))
        for i, p in enumerate(preds)
    }
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in sorted(adj, key=lambda i: len(adj[i])):
        augment(i, set())
    return [(i, j) for j, i in owner.items()]


def _pair_score(p: dict, g: dict) -> float:
    s = 0.0
    if p.get("sub_event_type") == g.get("sub_event_type"):
        s += 2
    if p.get("actor1") == g.get("actor1"):
        s += 1
    if p.get("event_date") == g.get("event_date"):
        s += 1
    if same_place(p, g):
        s += 3
    return s


def _units(events: list[Event], articles: set[str]) -> list[dict]:
    out = []
    for ev in events:
        d = ev.to_dict()
        for a in ev.articles:
            if a in articles:
                out.append(dict(d, _article=a))
    return out


def _brief(e: dict) -> dict[str, Any]:
    """What a detail line shows of an event (gold or predicted)."""
    out = {k: e.get(k) for k in ("event_date", "event_type", "sub_event_type", "location", "admin1")}
    if e.get("event_id"):
        out["event_id"] = e["event_id"]
    return out


def differences(p: dict, g: dict) -> list[str]:
    """How a predicted event differs from a gold one, in words ("date 2 days off", "place 14 km away")."""
    out = []
    d = _days(p.get("event_date"), g.get("event_date"))
    if d is None:
        out.append("date missing")
    elif d:
        out.append(f"date {d} day{'s' if d > 1 else ''} off ({p.get('event_date')} for {g.get('event_date')})")
    for k in ("event_type", "sub_event_type"):
        if p.get(k) != g.get(k):
            out.append(f"{k.replace('_', ' ')} {p.get(k)} for {g.get(k)}")
    if not same_place(p, g):
        if None not in (p.get("latitude"), g.get("latitude"), p.get("longitude"), g.get("longitude")):
            km = _km((p["latitude"], p["longitude"]), (g["latitude"], g["longitude"]))
            out.append(f"place {p.get('location')} {km:.0f} km from {g.get('location')}")
        else:
            out.append(f"place {p.get('location')} for {g.get('location')}")
    return out


def _nearest(e: dict, others: list[dict], pred_first: bool) -> dict | None:
    """The event of `others` (same article) closest to `e`, when it shares at least the date or the place."""
    best, best_n = None, 99
    for o in others:
        p, g = (e, o) if pred_first else (o, e)
        diff = differences(p, g)
        d = _days(p.get("event_date"), g.get("event_date"))
        if (d is None or d > 3) and not same_place(p, g):
            continue
        if len(diff) < best_n:
            best, best_n = o, len(diff)
    return best


def _detail(e: dict, article: str, near: dict | None, pred_first: bool) -> dict[str, Any]:
    out = {"article": article, **_brief(e)}
    if near is not None:
        p, g = (e, near) if pred_first else (near, e)
        out["near"] = {**_brief(near), "differs": differences(p, g)}
    return out


def evaluate(events: list[Event], gold_path: str, details: bool = False) -> dict[str, Any]:
    """Precision/recall/F1 for events and attribute accuracies, as SPEC defines them.

    details: also list each missed gold event and each false positive (`details`: {"missed",
    "false_positives"}), with the nearest event on the other side and what differed from it.
    """
    gold = load_gold(gold_path)
    missed: list[dict[str, Any]] = []
    false_pos: list[dict[str, Any]] = []
    articles = {a for g in gold for a in g["_articles"]}
    preds = _units(events, articles)
    tp = fp = fn = 0
    opt_hits = 0
    for art in sorted(articles):
        P = [p for p in preds if p["_article"] == art]
        G = [g for g in gold if art in g["_articles"] and not g.get("optional")]
        opt = [g for g in gold if art in g["_articles"] and g.get("optional")]
        ok = lambda p, g: _matchable(p, g, True)  # noqa: E731
        pairs = _max_matching(P, G, ok, _pair_score)
        matched_p = {i for i, _ in pairs}
        rest = [p for i, p in enumerate(P) if i not in matched_p]
        opt_pairs = _max_matching(rest, opt, ok, _pair_score)
        opt_hits += len(opt_pairs)
        if details:
            lost_g = [g for j, g in enumerate(G) if j not in {j for _, j in pairs}]
            extra = [p for i, p in enumerate(rest) if i not in {i for i, _ in opt_pairs}]
            missed += [_detail(g, art, _nearest(g, extra, False), False) for g in lost_g]
            false_pos += [_detail(p, art, _nearest(p, lost_g, True), True) for p in extra]
        tp += len(pairs)
        fn += len(G) - len(pairs)
        fp += len(rest) - len(opt_pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    # attribute accuracies on a looser matching (no place condition)
    n = 0
    acc = {k: 0 for k in ("sub_event_type", "actor1", "actor2", "date", "fatalities", "location")}
    for art in sorted(articles):
        P = [p for p in preds if p["_article"] == art]
        G = [g for g in gold if art in g["_articles"] and not g.get("optional")]
        # the place condition is dropped, but pairs that also agree on the place are made first
        strict = _max_matching(P, G, lambda p, g: _matchable(p, g, True), _pair_score)
        used_p, used_g = {i for i, _ in strict}, {j for _, j in strict}
        rest_p = [i for i in range(len(P)) if i not in used_p]
        rest_g = [j for j in range(len(G)) if j not in used_g]
        loose = _max_matching(
            [P[i] for i in rest_p], [G[j] for j in rest_g], lambda p, g: _matchable(p, g, False), _pair_score
        )
        for i, j in strict + [(rest_p[a], rest_g[b]) for a, b in loose]:
            p, g = P[i], G[j]
            n += 1
            acc["sub_event_type"] += p.get("sub_event_type") == g.get("sub_event_type")
            acc["actor1"] += p.get("actor1") == g.get("actor1")
            acc["actor2"] += p.get("actor2") == g.get("actor2")
            acc["date"] += p.get("event_date") == g.get("event_date")
            acc["fatalities"] += p.get("fatalities") == g.get("fatalities")
            acc["location"] += same_place(p, g)

    def ratio(k: str) -> float:
        return round(acc[k] / n, 4) if n else 0.0

    n_gold = sum(1 for g in gold if not g.get("optional"))
    result: dict[str, Any] = {
        "event_precision": round(precision, 4),
        "event_recall": round(recall, 4),
        "event_f1": round(f1, 4),
        "sub_event_type_accuracy": ratio("sub_event_type"),
        "actor1_accuracy": ratio("actor1"),
        "actor2_accuracy": ratio("actor2"),
        "date_accuracy": ratio("date"),
        "fatalities_accuracy": ratio("fatalities"),
        "location_within_10km": ratio("location"),
        "matched": tp,
        "gold": n_gold,
        "gold_optional": len(gold) - n_gold,
        "optional_matched": opt_hits,
        "predicted": tp + fp + opt_hits,
        "false_positives": fp,
        "missed": fn,
        "attribute_pairs": n,
    }
    if details:
        result["details"] = {"missed": missed, "false_positives": false_pos}
    return result
