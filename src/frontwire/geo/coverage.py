"""What the gazetteer covers, country by country (`frontwire gazetteer coverage`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from frontwire.geo.admin import world_admin
from frontwire.geo.gazetteer import _File, default_path, extra_path
from frontwire.geo.tables import geo_tables


def _per_country(f: _File) -> tuple[Counter[str], Counter[str]]:
    """(entries, entries carrying their own admin1 name) per ISO2 code of one gazetteer file."""
    entries: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for line in f.lines:
        p = line.split("\t", 9)
        if len(p) > 8:
            entries[p[6]] += 1
            named[p[6]] += bool(p[7])
    return entries, named


def gazetteer_coverage(country: str | None = None, extra: str | Path | None = None) -> dict:
    """Entries per country in the shipped gazetteer and the user overlay, with the country's
    admin1 units (GeoNames names; the theatre's OCHA governorates are gazetteer entries too)
    and how many of its GeoNames places have an admin2 name.

    `country`: an ISO2 code or name to report on alone (with its admin1 names).  Returns
    {"countries": [{"code", "name", "entries", "overlay", "own_admin1", "admin1_units",
    "admin1_names", "admin2_places", "places"}], "totals": {...}, "overlay_path"}.
    """
    tables = geo_tables()
    shipped, own = _per_country(_File(default_path()))
    xp = Path(extra) if extra else extra_path()
    overlay: Counter[str] = Counter()
    if xp.exists():
        overlay, _ = _per_country(_File(xp))
    code = None
    if country:
        code = country.upper() if country.upper() in tables.countries else tables.country_codes.get(country.lower())
        if code is None:
            from frontwire.geo.fold import fold

            code = tables.country_codes.get(fold(country))
        if code is None:
            return {"countries": [], "totals": {}, "overlay_path": None}
    wa = world_admin()
    units: dict[str, list] = {}
    for u in wa.units:
        units.setdefault(u.country, []).append(u)
    codes = sorted(set(shipped) | set(overlay) | set(units), key=lambda c: (-(shipped[c] + overlay[c]), c))
    covered = len([c for c in codes if shipped[c] or overlay[c]])
    if code is not None:
        codes = [code]
    rows = []
    for c in codes:
        us = sorted(units.get(c, []), key=lambda u: u.name)
        rows.append(
            {
                "code": c,
                "name": tables.countries.get(c, c),
                "entries": shipped[c],
                "overlay": overlay[c],
                "own_admin1": own[c],
                "admin1_units": len(us),
                "admin1_names": [u.name for u in us] if code is not None else [],
                "places": sum(u.places for u in us),
                "admin2_places": sum(u.with_admin2 for u in us),
            }
        )
    totals = {
        "countries": covered,
        "entries": sum(shipped.values()),
        "overlay": sum(overlay.values()),
        "admin1_units": sum(len(v) for v in units.values()),
        "countries_with_admin1": len(units),
    }
    return {"countries": rows, "totals": totals, "overlay_path": str(xp) if xp.exists() else None}


def coverage_lines(report: dict, limit: int = 40) -> list[str]:
    """The report as plain text lines (a table, the admin1 names when one country was asked)."""
    t = report["totals"]
    out = [
        f"{t['entries']} shipped entries in {t['countries']} countries; {t['overlay']} added by you"
        + (f" ({report['overlay_path']})" if report["overlay_path"] else " (no overlay: `frontwire gazetteer add`)"),
        f"admin1 names for {t['countries_with_admin1']} countries ({t['admin1_units']} units, GeoNames)",
        "",
        "entries: shipped places; overlay: added by you; named: entries carrying their own admin names",
        "admin1: first-level units named; admin2 places: GeoNames places of 1,000+ with an admin2 name",
        f"{'code':<5}{'country':<30}{'entries':>9}{'overlay':>9}{'named':>8}{'admin1':>8}{'admin2 places':>15}",
    ]
    for r in report["countries"][:limit]:
        a2 = f"{r['admin2_places']}/{r['places']}" if r["places"] else "-"
        out.append(
            f"{r['code']:<5}{r['name'][:29]:<30}{r['entries']:>9}{r['overlay']:>9}{r['own_admin1']:>8}"
            f"{r['admin1_units']:>8}{a2:>15}"
        )
    if len(report["countries"]) > limit:
        out.append(f"... {len(report['countries']) - limit} more (--all, or --country XX)")
    for r in report["countries"]:
        if r["admin1_names"]:
            out += ["", f"admin1 units of {r['name']}: " + ", ".join(r["admin1_names"])]
    return out
