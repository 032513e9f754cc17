"""Airwars place strings for the gazetteer build (tools/build_gazetteer.py): cleaned, checked
against their governorate and clustered into one record per distinct place."""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Protocol

from frontwire.geo.fold import fold, fold_arabic, skeleton
from frontwire.geo.gazetteer import haversine_km

Place = dict[str, Any]  # name, names, lat, lon, feature, n (incidents)


class Governorates(Protocol):
    def off_governorate(self, lat: float, lon: float, gov_ar: str) -> bool: ...


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
_BIG_CITIES = {
    "aleppo",
    "raqqa",
    "ar raqqah",
    "raqqah",
    "deir ez-zor",
    "deir ezzor",
    "damascus",
    "homs",
    "hama",
    "idlib",
    "mosul",
    "manbij",
    "al bab",
    "tabaqah",
    "kobani",
}
_PARENT_OK = re.compile(
    r"\b(aleppo|idlib|idleb|hama|homs|raqqa|raqqah|deir|damascus|daraa|dara'a|hasakah|hasakeh|"
    r"lattakia|latakia|afrin|countryside|ghouta|district|province|governorate)\b",
    re.I,
)
_AR_STRIP = re.compile(r"^(محيط|بلدة|قرية|مدينة|حي|مخيم|ريف)\s+")


def clean_place(raw: str) -> tuple[str, str] | None:
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


def read_places(path: Path, admin: Governorates) -> list[Place]:
    """Airwars rows cleaned and clustered: one record per distinct place."""
    rows, dropped = _read_rows(path, admin)
    print(
        f"airwars: {len(rows)} usable rows, {dropped} dropped for coordinates outside their governorate",
        file=sys.stderr,
        flush=True,
    )
    return [_one_place(members) for members in _clusters(rows)]


def _read_rows(path: Path, admin: Governorates) -> tuple[list[Place], int]:
    """Usable rows (name, ar, lat, lon, feature, n) and how many contradicted their governorate."""
    rows: list[Place] = []
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
            got = clean_place(r["location_original"])
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
            rows.append(
                {"name": name, "ar": ar, "lat": lat, "lon": lon, "feature": feature, "n": int(r.get("incidents") or 1)}
            )
    return rows, dropped


def _clusters(rows: list[Place]) -> list[list[Place]]:
    """Union-find: rows sharing a folded English key or Arabic key within 5 km are one place."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, list[int]] = defaultdict(list)
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
    clusters: dict[int, list[Place]] = defaultdict(list)
    for i in range(len(rows)):
        clusters[find(i)].append(rows[i])
    return list(clusters.values())


def _one_place(members: list[Place]) -> Place:
    """A cluster as one place: its most reported point and name, all its names."""
    weight: dict[tuple[float, float], int] = defaultdict(int)
    name_w: dict[str, int] = defaultdict(int)
    for r in members:
        weight[(r["lat"], r["lon"])] += r["n"]
        name_w[r["name"]] += r["n"]
    (lat, lon), _ = max(weight.items(), key=lambda kv: (kv[1], kv[0]))
    names = sorted(name_w, key=lambda n: (-name_w[n], n))
    feats = {r["feature"] for r in members}
    feature = "populated place" if "populated place" in feats else sorted(feats)[0]
    ars = sorted({r["ar"] for r in members if r["ar"]})
    return {
        "name": names[0],
        "names": names + ars,
        "lat": lat,
        "lon": lon,
        "feature": feature,
        "n": sum(name_w.values()),
    }
