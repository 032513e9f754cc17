"""Geocoder look-ups per second on one core, against baselines measured in the same run.

    python bench/bench_geocode.py [--n 20000]

Names: spelling variants from tests/data/toponyms.tsv plus generated misspellings, so
most look-ups miss the fold cache.  Baselines: a plain dict look-up of the same names
(the floor) and a rapidfuzz full scan over the Syrian keys (what the key indexes avoid).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.fuzz import ratio

from frontwire.geo import Geocoder, fold
from frontwire.geo.score import read_toponyms


def names(n: int) -> list[str]:
    base = [v for v, _, _ in read_toponyms(Path(__file__).resolve().parents[1] / "tests" / "data" / "toponyms.tsv")]
    rnd = random.Random(7)
    out = []
    while len(out) < n:
        w = rnd.choice(base)
        r = rnd.random()
        if r < 0.3 and len(w) > 4:  # drop a letter
            i = rnd.randrange(1, len(w) - 1)
            w = w[:i] + w[i + 1:]
        elif r < 0.5:
            w = w + " " + str(rnd.randrange(100000))  # unique string, a fold-cache miss
        out.append(w)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    a = ap.parse_args()
    t0 = time.perf_counter()
    gc = Geocoder.default()
    load = time.perf_counter() - t0
    gc.lookup("warm-up Idlib")  # builds the loose index once
    qs = names(a.n)
    fold.cache_clear()

    t0 = time.perf_counter()
    for q in qs:
        gc.lookup(q)
    dt = time.perf_counter() - t0
    rate = len(qs) / dt

    table = {q: i for i, q in enumerate(set(qs[: len(qs) // 2]))}
    t0 = time.perf_counter()
    for q in qs:
        table.get(q)
    dict_rate = len(qs) / (time.perf_counter() - t0)

    sy_keys = list(gc.gaz._skel and [k for ks in gc.gaz._skel.values() for k in ks] or [])
    m = 200
    t0 = time.perf_counter()
    for q in qs[:m]:
        process.extractOne(fold(q), sy_keys, scorer=ratio)
    scan_rate = m / (time.perf_counter() - t0)

    print(f"gazetteer load: {load:.2f} s ({len(gc.gaz)} entries)")
    print(f"geocoder lookup: {rate:,.0f} look-ups/s on one core ({len(qs)} names)")
    print(f"baseline dict.get: {dict_rate:,.0f}/s -> geocoder at {rate / dict_rate:.4f}x a bare dict")
    print(f"baseline rapidfuzz full scan over {len(sy_keys)} Syrian-area keys: {scan_rate:,.0f}/s "
          f"-> geocoder {rate / scan_rate:.0f}x faster")
    print("target >= 20,000/s:", "met" if rate >= 20000 else "NOT met")


if __name__ == "__main__":
    main()
