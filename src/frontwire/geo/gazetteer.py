"""The gazetteer: shipped file + optional user overlay, loaded into match-key indexes.

File format (gzip text; '#' comment lines, then a header row, then TSV rows, see
COLUMNS), followed by three sections: `#@keys` (sorted folded match keys, see
frontwire.geo.fold), `#@postings` (the rows having each key) and `#@skeletons`
(consonant skeleton -> keys, Syria and neighbours).  Loading is a few string
splits: no folding, no dict of 500,000 keys (look-ups bisect the sorted keys).
"""

from __future__ import annotations

import csv
import gzip
import math
import os
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from frontwire.geo.fold import fold, skeleton
from frontwire.model import InputError

FORMAT_VERSION = 2
COLUMNS = ["id", "name", "feature", "lat", "lon", "population", "country", "admin1", "admin2",
           "admin3", "names"]
ENV_EXTRA = "FRONTWIRE_GAZETTEER_EXTRA"


# Countries whose names get the loose (skeleton) index: Syria and its neighbours,
# where transliteration variants are the norm.  Elsewhere only exact folded keys match.
LOOSE_COUNTRIES = frozenset("SY LB IQ JO TR IL PS".split())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = math.pi / 180.0
    a = (math.sin((lat2 - lat1) * r / 2) ** 2
         + math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin((lon2 - lon1) * r / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(slots=True)
class Entry:
    """One gazetteer place."""

    id: str
    name: str
    feature: str
    lat: float
    lon: float
    population: int
    country: str  # ISO code
    admin1: str
    admin2: str
    admin3: str
    alt: str  # "|"-joined alternate names

    @property
    def alternate_names(self) -> list[str]:
        return self.alt.split("|") if self.alt else []


def default_path() -> Path:
    return Path(str(resources.files("frontwire.data").joinpath("gazetteer.tsv.gz")))


def extra_path() -> Path:
    """User-local overlay gazetteer (FRONTWIRE_GAZETTEER_EXTRA or ~/.local/share/frontwire/...)."""
    env = os.environ.get(ENV_EXTRA)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "frontwire" / "gazetteer-extra.tsv.gz"


_KEYS_MARK = "#@keys"
_POST_MARK = "#@postings"
_SKEL_MARK = "#@skeletons"


# Feature classes are stored as short codes (the file holds 236,000 rows).
FEATURE_CODES = {"populated place": "P", "admin1": "A1", "admin2": "A2", "admin3": "A3",
                 "admin4": "A4", "admin": "A", "region": "R", "neighbourhood": "N", "camp": "C",
                 "military base": "M", "spot": "S", "terrain": "T", "water": "H", "area": "L",
                 "road": "RD", "vegetation": "V", "undersea": "U", "other": "O"}
_FEATURE_NAMES = {v: k for k, v in FEATURE_CODES.items()}


def entry_from_line(line: str) -> Entry:
    p = line.split("\t")
    if len(p) != 11:
        raise ValueError(f"expected 11 columns, got {len(p)}")
    return Entry(p[0], p[1], _FEATURE_NAMES.get(p[2], p[2]), float(p[3]), float(p[4]),
                 int(p[5]) if p[5] else 0, p[6], p[7], p[8], p[9], p[10])


def entry_row(e: Entry) -> list[str]:
    return [e.id, e.name, FEATURE_CODES.get(e.feature, e.feature), f"{e.lat:.5f}".rstrip("0").rstrip("."),
            f"{e.lon:.5f}".rstrip("0").rstrip("."), str(e.population) if e.population else "",
            e.country, e.admin1, e.admin2, e.admin3, e.alt]


def entry_keys(e: Entry) -> list[str]:
    out: list[str] = []
    for n in [e.name] + e.alternate_names:
        k = fold(n)
        if len(k) >= 2 and k not in out:
            out.append(k)
    return out


def write_gazetteer(path: str | Path, rows: list[list[str]], keys: list[list[str]],
                    comments: list[str]) -> None:
    """Write rows (COLUMNS order) and a sorted index of their folded keys, atomically."""
    path = Path(path)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for k in ks:
            if k and (not postings[k] or postings[k][-1] != i):
                postings[k].append(i)
    sorted_keys = sorted(postings)
    parts = [f"# {c}" for c in comments]
    parts.append("\t".join(COLUMNS))
    parts.extend("\t".join(r) for r in rows)
    parts.append(_KEYS_MARK)
    parts.extend(sorted_keys)
    parts.append(_POST_MARK)
    parts.extend(",".join(map(str, postings[k])) for k in sorted_keys)
    # Loose index (consonant skeleton -> keys), only for Syria and its neighbours.
    skel: dict[str, list[str]] = defaultdict(list)
    for k in sorted_keys:
        if len(k) >= 4 and k.isascii() and any(rows[i][6] in LOOSE_COUNTRIES for i in postings[k]):
            skel[skeleton(k)].append(k)
    parts.append(_SKEL_MARK)
    parts.extend(f"{sk}\t{'|'.join(ks)}" for sk, ks in sorted(skel.items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(("\n".join(parts) + "\n").encode("utf-8"))
    os.replace(tmp, path)


class _File:
    """One gazetteer file: entry lines parsed on demand, a sorted key list searched by bisect."""

    def __init__(self, path: Path):
        try:
            with open(path, "rb") as f:
                data = f.read()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            # Sections are found and decoded one at a time (never the whole file as one str):
            # a single Arabic character would make that str 2 bytes a character.
            head = ("\t".join(COLUMNS) + "\n").encode()
            i = data.find(head)
            j = data.find(b"\n" + _KEYS_MARK.encode() + b"\n")
            k = data.find(b"\n" + _POST_MARK.encode() + b"\n")
            m = data.find(b"\n" + _SKEL_MARK.encode() + b"\n")
            if i < 0 or j < i or k < j or m < k:
                raise InputError(str(path), "not a frontwire gazetteer (header or index missing)")
            body = data[i + len(head): j]
            self.lines = body.decode("utf-8").split("\n") if body else []
            del body
            self.keys = data[j + len(_KEYS_MARK) + 2: k].decode("utf-8").split("\n")
            self.posts = data[k + len(_POST_MARK) + 2: m].decode("ascii").split("\n")
            self.skel_lines = data[m + len(_SKEL_MARK) + 2:].decode("utf-8").rstrip("\n").split("\n")
        except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
            raise InputError(str(path), f"cannot read gazetteer: {exc}") from None
        if len(self.keys) != len(self.posts):
            raise InputError(str(path), "key index and postings differ in length")

    def find(self, key: str) -> list[int]:
        i = bisect_left(self.keys, key)
        if i < len(self.keys) and self.keys[i] == key:
            return [int(x) for x in self.posts[i].split(",")]
        return []


def read_entries(path: Path) -> list[Entry]:
    """All entries of one gazetteer file (raises InputError on a malformed file)."""
    f = _File(path)
    try:
        return [entry_from_line(line) for line in f.lines]
    except ValueError as exc:
        raise InputError(str(path), f"bad entry line: {exc}") from None


class Gazetteer:
    """The shipped file plus an optional overlay; entries are addressed by a global index."""


    def __init__(self, files: list[_File]):
        self.files = files
        self.offsets: list[int] = []
        n = 0
        for f in files:
            self.offsets.append(n)
            n += len(f.lines)
        self.size = n
        self._cache: dict[int, Entry] = {}
        self._hidden: set[int] = set()
        if len(files) > 1:
            # Overlay entries replace shipped ones with the same id.
            seen: dict[str, int] = {}
            for fi, f in enumerate(files):
                off = self.offsets[fi]
                for li, line in enumerate(f.lines):
                    eid = line[: line.find("\t")]
                    if eid in seen:
                        self._hidden.add(seen[eid])
                    seen[eid] = off + li
        self._skel: dict[str, list[str]] | None = None
        self._deletes: dict[str, list[str]] | None = None

    @classmethod
    def load(cls, path: str | Path | None = None, extra: str | Path | None = None,
             use_extra: bool = True) -> "Gazetteer":
        files = [_File(Path(path) if path else default_path())]
        xp = Path(extra) if extra else (extra_path() if use_extra else None)
        if xp is not None and xp.exists():
            files.append(_File(xp))
        return cls(files)

    def __len__(self) -> int:
        return self.size - len(self._hidden)

    def entry(self, i: int) -> Entry:
        e = self._cache.get(i)
        if e is None:
            fi = bisect_right(self.offsets, i) - 1
            e = entry_from_line(self.files[fi].lines[i - self.offsets[fi]])
            self._cache[i] = e
        return e

    def find(self, key: str) -> list[int]:
        """Indexes of entries having this exact folded key."""
        out: list[int] = []
        for fi, f in enumerate(self.files):
            off = self.offsets[fi]
            out.extend(off + i for i in f.find(key))
        if self._hidden:
            out = [i for i in out if i not in self._hidden]
        return out

    def has_key(self, key: str) -> bool:
        for f in self.files:
            i = bisect_left(f.keys, key)
            if i < len(f.keys) and f.keys[i] == key:
                return True
        return False

    # -- loose indexes, built on first use (most look-ups only need exact keys)
    def _build_loose(self) -> None:
        skel: dict[str, list[str]] = defaultdict(list)
        for f in self.files:
            for line in f.skel_lines:
                if line:
                    sk, ks = line.split("\t", 1)
                    skel[sk].extend(ks.split("|"))
        # One-deletion variants of each skeleton (symmetric-delete index): two skeletons
        # within one edit share a variant, so near skeletons are found by a few dict look-ups.
        deletes: dict[str, list[str]] = defaultdict(list)
        for sk in skel:
            if len(sk) >= 4:
                for v in {sk} | {sk[:i] + sk[i + 1:] for i in range(len(sk))}:
                    deletes[v].append(sk)
        self._skel, self._deletes = dict(skel), dict(deletes)

    def skeleton_keys(self, skel: str) -> list[str]:
        """Keys (of Syria and neighbours) with this consonant skeleton."""
        if self._skel is None:
            self._build_loose()
        return self._skel.get(skel, [])  # type: ignore[union-attr]

    def near_skeleton_keys(self, skel: str) -> list[tuple[str, str]]:
        """(key, its skeleton) of Syria and neighbours whose skeleton is one edit from `skel`."""
        if self._skel is None:
            self._build_loose()
        found: set[str] = set()
        for v in {skel} | {skel[:i] + skel[i + 1:] for i in range(len(skel))}:
            found.update(self._deletes.get(v, ()))  # type: ignore[union-attr]
        found.discard(skel)
        return [(k, sk) for sk in sorted(found) for k in self._skel[sk]]  # type: ignore[index]


# ---------------------------------------------------------------- GeoNames dumps

_FEATURE = {"P": "populated place", "A": "admin", "S": "spot", "T": "terrain", "H": "water",
            "L": "area", "R": "road", "V": "vegetation", "U": "undersea"}
_ADMIN_CODES = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3", "ADM4": "admin4",
                "ADMD": "admin"}


def _feature(fclass: str, fcode: str) -> str:
    if fclass == "A":
        return _ADMIN_CODES.get(fcode, "admin")
    return _FEATURE.get(fclass, "other")


def add_geonames_dump(path: str, gazetteer_path: str | None = None) -> dict:
    """Merge a GeoNames country dump (XX.txt, 19 tab-separated columns) into the user overlay.

    Rows already in the overlay with the same geonames id are replaced.  Syrian
    rows get admin names from the nearest shipped entry that has them.
    Returns {"path", "added", "total"}.  Bad files raise InputError(path, problem).
    """
    src = Path(path)
    if not src.is_file():
        raise InputError(path, "no such file")
    out_path = Path(gazetteer_path) if gazetteer_path else extra_path()
    new: list[list[str]] = []
    new_keys: list[list[str]] = []
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(src, "rt", encoding="utf-8", newline="") as f:
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            for lineno, r in enumerate(reader, 1):
                if not r or (len(r) == 1 and not r[0].strip()) or r[0].startswith("#"):
                    continue
                if len(r) < 15:
                    raise InputError(path, f"line {lineno}: {len(r)} columns, a GeoNames dump has 19")
                gid, name, ascii_name, alts = r[0], r[1], r[2], r[3]
                try:
                    int(gid)
                    lat, lon = float(r[4]), float(r[5])
                    pop = int(r[14] or 0)
                except ValueError:
                    raise InputError(path, f"line {lineno}: id/latitude/longitude/population not numeric") from None
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise InputError(path, f"line {lineno}: coordinates out of range")
                names = [name, ascii_name] + [a for a in alts.split(",") if a]
                keys: list[str] = []
                kept: list[str] = []
                for n in names:
                    k = fold(n)
                    if len(k) >= 2 and k not in keys:
                        keys.append(k)
                        kept.append(n.replace("|", " "))
                new.append([f"geonames:{gid}", name, FEATURE_CODES[_feature(r[6], r[7])], f"{lat:.5f}", f"{lon:.5f}",
                            str(pop) if pop else "", r[8], "", "", "", "|".join(kept[1:])])
                new_keys.append(keys)
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot read: {exc}") from None
    if not new:
        raise InputError(path, "no GeoNames rows found")
    _fill_admin_from_shipped(new)
    old = read_entries(out_path) if out_path.exists() else []
    ids = {r[0] for r in new}
    rows = [entry_row(e) for e in old if e.id not in ids]
    keys = [entry_keys(e) for e in old if e.id not in ids]
    rows.extend(new)
    keys.extend(new_keys)
    order = sorted(range(len(rows)), key=lambda i: (rows[i][6] not in LOOSE_COUNTRIES, rows[i][6], rows[i][0]))
    write_gazetteer(out_path, [rows[i] for i in order], [keys[i] for i in order], ["frontwire user gazetteer overlay: GeoNames dumps added with",
                                     "`frontwire gazetteer add` (GeoNames data, CC BY 4.0)."])
    _reset_default_cache()
    return {"path": str(out_path), "added": len(new), "total": len(rows)}


def _fill_admin_from_shipped(rows: list[list[str]]) -> None:
    """Give dump rows the admin1/2/3 of the nearest shipped entry of the same country (<25 km)."""
    if not any(r[6] == "SY" for r in rows):
        return  # only Syrian entries carry admin names in the shipped file
    try:
        f = _File(default_path())
    except InputError:
        return
    shipped = [entry_from_line(line) for line in f.lines if line.split("\t", 7)[6] == "SY"]
    cells: dict[tuple[str, int, int], list[Entry]] = defaultdict(list)
    for e in shipped:
        if e.admin1 and e.feature not in ("admin1", "admin2", "region"):
            cells[(e.country, int(e.lat * 4), int(e.lon * 4))].append(e)
    for r in rows:
        lat, lon, cc = float(r[3]), float(r[4]), r[6]
        best, bd = None, 25.0
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for e in cells.get((cc, int(lat * 4) + dy, int(lon * 4) + dx), ()):
                    d = haversine_km(lat, lon, e.lat, e.lon)
                    if d < bd:
                        best, bd = e, d
        if best is not None:
            r[7], r[8], r[9] = best.admin1, best.admin2, best.admin3


def _reset_default_cache() -> None:
    # The Geocoder caches the loaded gazetteer; a new overlay must be seen by the next default().
    try:
        from frontwire.geo.geocoder import Geocoder
        Geocoder._default = None
    except ImportError:  # pragma: no cover
        pass
