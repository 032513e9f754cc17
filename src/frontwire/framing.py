"""Partisan framing of articles and outlets, from the vocabulary they use.

The lexicon (data/framing.yaml) lists pro-government, pro-opposition and neutral
terms with weights. An article's terms are found (longest match wins, so
"Turkish regime" is not also "regime"); a term inside quotation marks counts
`quote_weight` times, because a quote is the quoted party's voice, not the
outlet's.

Stance, from the weighted side totals G (pro-government), O (pro-opposition)
and N (neutral):
    log_odds = ln((O + a) / (G + a))                      a = `smoothing`
    label    = neutral-unclear if O + G < `min_weight` or |log_odds| < `min_log_odds`,
               else pro-opposition (log_odds > 0) or pro-government (< 0)
    lean     = |O - G| / (O + G + 2a)                       (= tanh(|log_odds| / 2))
    volume   = 1 - exp(-(O + G) / 4)                        more evidence, more confidence
    dilution = (O + G) / (O + G + N / 2)                    neutral wording weakens a lean
    confidence of a side label     = lean * volume * dilution
    confidence of neutral-unclear  = (1 - lean * volume) * (1 - exp(-(O + G + N) / 4))
`mixed` is true when both sides reach half of `min_weight`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

SIDES = ("pro-government", "pro-opposition", "neutral", "ambiguous")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_QUOTES = re.compile(r"“[^”]{0,4000}”|\"[^\"]{0,4000}\"|«[^»]{0,4000}»")
MAX_EXAMPLES = 3


@dataclass(frozen=True)
class Term:
    side: str
    label: str
    regex: re.Pattern[str]
    weight: float


@dataclass(frozen=True)
class Lexicon:
    terms: tuple[Term, ...]
    quote_weight: float = 0.2
    min_weight: float = 3.0
    min_log_odds: float = math.log(2)
    smoothing: float = 0.5


def _term_regex(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.translate(_APOSTROPHES).lower().split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.I)


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read a framing lexicon (default: the packaged data/framing.yaml)."""
    import yaml

    if path:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    else:
        data = yaml.safe_load(resources.files("frontwire.data").joinpath("framing.yaml").read_text("utf-8"))
    terms = []
    for side in SIDES:
        for e in data.get(side) or []:
            w = float(e.get("weight", 1))
            if "pattern" in e:
                terms.append(Term(side, str(e.get("label") or e["pattern"]), re.compile(e["pattern"], re.I), w))
            elif "term" in e:
                t = str(e["term"])
                terms.append(Term(side, t.lower(), _term_regex(t), w))
    defaults = Lexicon(())
    return Lexicon(
        tuple(terms),
        quote_weight=float(data.get("quote_weight", defaults.quote_weight)),
        min_weight=float(data.get("min_weight", defaults.min_weight)),
        min_log_odds=float(data.get("min_log_odds", defaults.min_log_odds)),
        smoothing=float(data.get("smoothing", defaults.smoothing)),
    )


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTES.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def stance(weights: dict[str, float], lex: Lexicon | None = None) -> dict[str, Any]:
    """Label, confidence and log-odds from weighted side totals (module docstring)."""
    lex = lex or load_lexicon()
    g = weights.get("pro-government", 0.0)
    o = weights.get("pro-opposition", 0.0)
    n = weights.get("neutral", 0.0)
    a = lex.smoothing
    p = o + g
    log_odds = math.log((o + a) / (g + a))
    lean = abs(o - g) / (p + 2 * a)
    volume = 1 - math.exp(-p / 4)
    if p < lex.min_weight or abs(log_odds) < lex.min_log_odds:
        label = "neutral-unclear"
        conf = (1 - lean * volume) * (1 - math.exp(-(p + n) / 4))
    else:
        label = "pro-opposition" if log_odds > 0 else "pro-government"
        conf = lean * volume * (p / (p + n / 2))
    half = lex.min_weight / 2
    return {
        "stance": label,
        "confidence": round(conf, 3),
        "log_odds": round(log_odds, 3),
        "mixed": o >= half and g >= half,
    }


@lru_cache(maxsize=4096)
def _leading_literal(pattern: str) -> str:
    """The plain word a term's pattern must start with ("terrorist" for terrorist\\s+groups), or ""."""
    m = re.match(r"^\(\?<!\\w\)([a-z]+)", pattern)
    return m.group(1) if m else ""


def frame_article(article: Any, lexicon: Lexicon | None = None) -> dict[str, Any]:
    """Partisan vocabulary of one article (text, or an object with `.text`) and its stance.

    Returns {"stance", "confidence", "log_odds", "mixed", "weights": {side: w},
    "sides": {side: {"count", "weight", "terms": [{"term", "count", "quoted", "weight",
    "examples": [[start, end], ...]}]}}}; offsets index the given text.
    """
    text = article if isinstance(article, str) else (getattr(article, "text", None) or "")
    lex = lexicon or load_lexicon()
    norm = text.translate(_APOSTROPHES)  # same length: offsets stay valid
    low = norm.lower()
    found: list[Any] = []
    for i, t in enumerate(lex.terms):
        lead = _leading_literal(t.regex.pattern)
        if not lead:
            found.extend((m.start(), m.end(), i) for m in t.regex.finditer(norm) if m.end() > m.start())
            continue
        # Try the term's regex only where its first word occurs: a scan for a plain word
        # is far cheaper than the regex engine's, and most terms are absent from a report.
        pos = low.find(lead)
        while pos >= 0:
            m = t.regex.match(norm, pos)
            if m and m.end() > m.start():
                found.append((m.start(), m.end(), i))
                pos = m.end()
            else:
                pos += 1
            pos = low.find(lead, pos)
    # Longest match first, then leftmost; overlapping shorter matches are dropped.
    found.sort(key=lambda x: (x[0] - x[1], x[0], x[2]))
    taken: list[tuple[int, int, int]] = []
    occupied: list[tuple[int, int]] = []
    for s, e, i in found:
        if all(e <= a or s >= b for a, b in occupied):
            occupied.append((s, e))
            taken.append((s, e, i))
    taken.sort()
    spans = _quoted_spans(norm)
    per_term: dict[int, dict[str, Any]] = {}
    weights: dict[str, float] = defaultdict(float)
    for s, e, i in taken:
        t = lex.terms[i]
        quoted = _inside(s, spans)
        w = t.weight * (lex.quote_weight if quoted else 1.0)
        weights[t.side] += w
        rec = per_term.setdefault(i, {"term": t.label, "count": 0, "quoted": 0, "weight": 0.0, "examples": []})
        rec["count"] += 1
        rec["quoted"] += int(quoted)
        rec["weight"] += w
        if len(rec["examples"]) < MAX_EXAMPLES:
            rec["examples"].append([s, e])
    sides: dict[str, dict[str, Any]] = {}
    for side in SIDES:
        recs = [r for i, r in per_term.items() if lex.terms[i].side == side]
        for r in recs:
            r["weight"] = round(r["weight"], 3)
        recs.sort(key=lambda r: (-r["weight"], -r["count"], r["term"]))
        sides[side] = {
            "count": sum(r["count"] for r in recs),
            "weight": round(weights.get(side, 0.0), 3),
            "terms": recs,
        }
    out = stance(weights, lex)
    out["weights"] = {side: round(weights.get(side, 0.0), 3) for side in SIDES}
    out["sides"] = sides
    return out


def frame_outlets(
    articles: Iterable[tuple[str | None, dict[str, Any]]], lexicon: Lexicon | None = None
) -> dict[str, dict[str, Any]]:
    """Aggregate article framings per outlet.

    For each outlet: "articles" (how many), "article_stances" (label -> count),
    summed "weights", per-side term counts ("terms": side -> [{"term", "count", "weight"}]),
    and "stance"/"confidence"/"log_odds"/"mixed" recomputed from the summed weights.
    A missing outlet is grouped as "unknown".
    """
    lex = lexicon or load_lexicon()
    acc: dict[str, dict[str, Any]] = {}
    for outlet, fr in articles:
        key = outlet or "unknown"
        a = acc.setdefault(
            key,
            {
                "articles": 0,
                "stances": Counter(),
                "weights": defaultdict(float),
                "terms": defaultdict(lambda: defaultdict(lambda: [0, 0.0])),
            },
        )
        a["articles"] += 1
        a["stances"][fr.get("stance", "neutral-unclear")] += 1
        for side, w in (fr.get("weights") or {}).items():
            a["weights"][side] += w
        for side, info in (fr.get("sides") or {}).items():
            for r in info.get("terms", []):
                slot = a["terms"][side][r["term"]]
                slot[0] += r["count"]
                slot[1] += r["weight"]
    out: dict[str, dict[str, Any]] = {}
    for key in sorted(acc):
        a = acc[key]
        res = stance(a["weights"], lex)
        res["articles"] = a["articles"]
        res["article_stances"] = dict(sorted(a["stances"].items()))
        res["weights"] = {side: round(a["weights"].get(side, 0.0), 3) for side in SIDES}
        res["terms"] = {
            side: sorted(
                ({"term": t, "count": c, "weight": round(w, 3)} for t, (c, w) in a["terms"][side].items()),
                key=lambda r: (-r["weight"], -r["count"], r["term"]),
            )
            for side in SIDES
        }
        out[key] = res
    return out
