"""One incident told by several outlets: merge, contradiction and claimant scores.

`tests/data/multi_outlet/` (see its README) holds 42 incidents, each told by 2-4
invented outlets in different styles and 9 countries, plus 22 single reports
placed to tempt a wrong merge. Its gold (`gold.json`) was written with the reports,
before frontwire was run on them. Scored here:

- pairwise merge precision / recall / F1 over article pairs (two articles are a
  predicted pair when some event lists both);
- contradiction recall / precision over article pairs (a predicted pair: two
  articles whose claims one flagged contradiction sets side by side);
- claimant accuracy of killed figures (the figure found in its article, credited to
  a claimant whose name contains the gold claimant's whole name).

Run `python tests/test_multi_outlet.py [rules|hybrid]` for the figures and misses.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

DIR = Path(__file__).resolve().parent / "data" / "multi_outlet"
ARTICLES = DIR / "articles.jsonl"
GOLD = json.loads((DIR / "gold.json").read_text(encoding="utf-8"))

# Floors: the targets (pair F1 0.85, contradiction recall 0.8 at precision 0.8, claimant
# 0.85) where they are reached. Measured when last raised: hybrid pair F1 0.947, contradiction
# recall 0.889 at precision 1.0, claimant 0.976; rules 0.961, 0.778 at 1.0, 1.0. Left for rules:
# a denial told with a clash type and an actor read as the theatre's army (Saada read as a Syrian
# village), "our forces advanced" credited to the other side, a target read only from a noun ("an
# ammunition depot"), a denial with no event found in its sentence. Contradiction recall floors
# one pair under those.
FLOORS = {
    "hybrid": {"pair_f1": 0.85, "contra_recall": 0.85, "contra_precision": 0.8, "claimant": 0.85},
    "rules": {"pair_f1": 0.85, "contra_recall": 0.74, "contra_precision": 0.8, "claimant": 0.85},
}


def _pairs(groups) -> set[tuple[str, str]]:
    return {(a, b) for g in groups for a, b in itertools.combinations(sorted(set(g)), 2)}


def _prf(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _claim_matches(c, fig: dict) -> bool:
    if c.field != "killed":
        return False
    if fig["value"] is None:
        return c.kind is not None and c.value is not None and not isinstance(c.value, bool) and c.value != 0
    return c.value == fig["value"] or (fig.get("low") is not None and c.low == fig["low"])


def score(events: list) -> dict:
    """Pair, contradiction and claimant scores of stored events against the gold."""
    arts = GOLD["articles"]
    ours = [[a for a in e.articles if a in arts] for e in events]
    by_inc: dict[str, list[str]] = {}
    for aid, g in arts.items():
        by_inc.setdefault(g["incident"], []).append(aid)
    pred, gold = _pairs(ours), _pairs(by_inc.values())
    pp, pr, pf = _prf(pred, gold)

    gold_c = {tuple(c["articles"]) for c in GOLD["contradictions"]}
    pred_c: set[tuple[str, str]] = set()
    for e in events:
        for con in e.contradictions:
            ids = sorted({c.article_id for c in con.claims if c.article_id in arts})
            pred_c |= set(itertools.combinations(ids, 2))
    cp, cr, _ = _prf(pred_c, gold_c)

    claims_by_art: dict[str, list] = {}
    for e in events:
        for c in e.claims:
            claims_by_art.setdefault(c.article_id, []).append(c)
    right, total, misses = 0, 0, []
    for aid, g in sorted(arts.items()):
        for fig in g["killed"]:
            if fig["value"] == 0:
                continue  # "no casualties" is scored as a contradiction, not as a figure
            total += 1
            want = fig["claimant"].lower()
            found = [c for c in claims_by_art.get(aid, []) if _claim_matches(c, fig)]
            ok = any(c.claimant and want in c.claimant.lower() and len(c.claimant) <= len(want) + 25 for c in found)
            right += ok
            if not ok:
                misses.append((aid, fig["value"], fig["claimant"], [c.claimant for c in found]))
    return {
        "pair_precision": pp,
        "pair_recall": pr,
        "pair_f1": pf,
        "pair_missed": sorted(gold - pred),
        "pair_wrong": sorted(pred - gold),
        "contra_recall": cr,
        "contra_precision": cp,
        "contra_missed": sorted(gold_c - pred_c),
        "contra_wrong": sorted(pred_c - gold_c),
        "claimant": right / total if total else 1.0,
        "claimant_missed": misses,
    }


def run_set(db: str, coder: str) -> list:
    from frontwire.pipeline import run
    from frontwire.settings import Settings
    from frontwire.store import Store

    run([str(ARTICLES)], db, progress=False, settings=Settings.default().replace(coder=coder))
    return Store(db).events()


def test_set_is_labelled_and_large_enough():
    arts = GOLD["articles"]
    incidents = {g["incident"] for g in arts.values() if "distractor" not in g}
    sizes = [sum(1 for g in arts.values() if g["incident"] == i) for i in incidents]
    assert len(incidents) >= 40 and all(2 <= n <= 4 for n in sizes)
    assert sum(1 for g in arts.values() if "distractor" in g) >= 20
    assert len({g["country"] for g in arts.values()}) >= 6
    records = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {r["id"] for r in records} == set(arts)
    assert all(r["sample"] and "not real news" in r["note"] for r in records)


@pytest.mark.parametrize("coder", ["hybrid", "rules"])
def test_multi_outlet_scores(tmp_path, coder):
    s = score(run_set(str(tmp_path / "mo.db"), coder))
    print({k: round(v, 3) for k, v in s.items() if isinstance(v, float)})
    for k, floor in FLOORS[coder].items():
        assert s[k] >= floor, (k, s[k], s.get(k.split("_")[0] + "_missed"))


@pytest.mark.parametrize(
    "place,day,arts,figures",
    [
        ("Sarmin", "2020-02-11", {"demo-01", "demo-02"}, {(9, "Syrian Civil Defence"), (14, "military source")}),
        (
            "Ma'arratmisrin",
            "2020-03-02",
            {"demo-09", "demo-10"},
            {(7, "Syrian Civil Defence"), (20, "military source")},
        ),
    ],
)
def test_demo_pairs_are_one_event_with_both_claims_and_a_victims_contradiction(tmp_path, place, day, arts, figures):
    """The bundled demo's strikes told by an activist or monitor outlet and a state wire are one incident each."""
    from frontwire.data_files import data_path
    from frontwire.pipeline import run
    from frontwire.store import Store

    db = str(tmp_path / "demo.db")
    run([str(data_path("demo"))], db, progress=False)
    found = [e for e in Store(db).events() if e.location == place and e.event_date == day]
    assert len(found) == 1, [(e.sub_event_type, e.articles) for e in found]
    e = found[0]
    assert arts <= set(e.articles) and len(e.sources) == 2
    assert figures <= {(c.value, c.claimant) for c in e.claims if c.field == "killed"}
    assert any(c.field == "victims" for c in e.contradictions)
    assert e.fatalities == min(v for v, _ in figures) and e.merge_reasons


if __name__ == "__main__":
    import tempfile

    coder = sys.argv[1] if len(sys.argv) > 1 else "hybrid"
    with tempfile.TemporaryDirectory() as d:
        evs = run_set(str(Path(d) / "mo.db"), coder)
    res = score(evs)
    for k, v in res.items():
        print(f"{k}: {round(v, 3) if isinstance(v, float) else v}")
