"""Score the resolver on a toponym test set.

    python -m frontwire.geo.score tests/data/toponyms.tsv

The file is TSV with '#' comments: variant, expected gazetteer id ('-' = must stay
unresolved), admin1 hint (the governorate the report names, or empty), note.  Every
variant is resolved as in a report about the geocoder's theatre (settings).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from frontwire.geo.gazetteer import haversine_km
from frontwire.geo.geocoder import Geocoder, GeoContext
from frontwire.model import EventMention, InputError


def checkout_toponyms() -> Path:
    """tests/data/toponyms.tsv of the source checkout this package runs from.

    Only for callers that name no file (`frontwire gazetteer score` without FILE, which
    passes none); an installed package has no such file: InputError saying to name one.
    """
    path = Path(__file__).resolve().parents[3] / "tests" / "data" / "toponyms.tsv"
    if not path.is_file():
        raise InputError(str(path), "no toponym set here (not a source checkout): name the TSV file to score")
    return path


def read_toponyms(path: str | Path) -> list[tuple[str, str, str]]:
    """(variant, expected id or '-', admin1 hint) rows; InputError on a malformed file."""
    rows = []
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read toponym set: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise InputError(str(path), f"line {n}: expected variant<TAB>id[<TAB>admin1]")
        rows.append((parts[0], parts[1].strip(), parts[2].strip() if len(parts) > 2 else ""))
    if not rows:
        raise InputError(str(path), "no toponyms")
    return rows


def score_toponyms(path: str | Path, geocoder: Geocoder | None = None) -> dict:
    """Resolve every variant with its admin1 hint; returns accuracy, counts and the failures."""
    gc = geocoder or Geocoder.default()
    rows = read_toponyms(path)
    hints: dict[str, list] = {}
    failures = []
    correct = pos = neg = pos_ok = neg_ok = 0
    for variant, expected, admin1 in rows:
        if admin1 not in hints:
            region = gc.parse_region(f"{admin1} province") if admin1 else None
            hints[admin1] = [region] if region else []
        ctx = GeoContext(region_hints=hints[admin1], country=gc.theatre.country)
        place = gc.resolve(variant, ctx)
        if expected == "-":
            neg += 1
            ok = not place.resolved
            neg_ok += ok
        else:
            pos += 1
            ok = place.place_id in expected.split("|")
            pos_ok += ok
        correct += ok
        if not ok:
            failures.append(
                {
                    "variant": variant,
                    "expected": expected,
                    "got": place.place_id,
                    "got_name": place.name,
                    "reason": place.reason,
                }
            )
    total = len(rows)
    return {
        "total": total,
        "correct": correct,
        "accuracy": correct / total if total else 0.0,
        "positives": pos,
        "positives_correct": pos_ok,
        "negatives": neg,
        "negatives_correct": neg_ok,
        "failures": failures,
    }


def score_in_context(path: str | Path, geocoder: Geocoder | None = None, km: float = 10.0) -> dict:
    """Place mentions resolved in their sentence, as the geocode stage resolves them.

    `path` is JSON lines: {"id", "text", "mentions": [{"place", "country", "lat", "lon", "gold"}]};
    each text is the whole article, each mention its event's place.  Returns the share of
    mentions within `km` of the gold point, per-country counts and the misses.
    """
    from frontwire.geo.stage import geocode_mentions  # the stage module comes after this one

    gc = geocoder or Geocoder.default()
    try:
        records = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read toponym set: {exc}") from None
    total = hits = 0
    by_country: dict[str, list[int]] = {}
    misses = []
    for r in records:
        for m in r["mentions"]:
            em = EventMention(r["id"], "", "", None, "unknown", m["place"])
            geocode_mentions([em], r["text"], gc, gc.settings)
            p = em.place
            d = None
            if p is not None and p.latitude is not None and p.longitude is not None:
                d = haversine_km(p.latitude, p.longitude, m["lat"], m["lon"])
            ok = d is not None and d <= km
            total += 1
            hits += ok
            tally = by_country.setdefault(m["country"], [0, 0])
            tally[0] += ok
            tally[1] += 1
            if not ok:
                misses.append(
                    {
                        "id": r["id"],
                        "place": m["place"],
                        "gold": m["gold"],
                        "got": p.place_id if p else None,
                        "got_name": p.name if p else None,
                        "country": p.country if p else None,
                        "km": round(d) if d is not None else None,
                    }
                )
    return {
        "total": total,
        "within": hits,
        "accuracy": hits / total if total else 0.0,
        "by_country": by_country,
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        res = score_toponyms(argv[0] if argv else checkout_toponyms())
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for f in res["failures"]:
        print(f"MISS  {f['variant']!r}: expected {f['expected']}, got {f['got']} ({f['got_name']}; {f['reason']})")
    print(
        f"toponyms: {res['correct']}/{res['total']} correct, accuracy {res['accuracy']:.3f} "
        f"(places {res['positives_correct']}/{res['positives']}, "
        f"unknown villages left unresolved {res['negatives_correct']}/{res['negatives']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
