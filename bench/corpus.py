"""Synthetic corpus for the scale benchmarks: the bundled demo reports re-dated and re-placed.

Each generated article is one of the eight demo reports (already cleaned by ingest)
with its towns swapped for other towns of north-west Syria and its publication date
moved, so the merge sees many distinct (place, date) pairs. Deterministic for a seed.

    python bench/corpus.py 10000 /tmp/corpus.jsonl [time|random]
"""

from __future__ import annotations

import calendar
import json
import random
import re
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

# Towns named in the demo reports: each is swapped, consistently within an article.
DEMO_TOWNS = [
    "Jisr al-Shughur",
    "Maarat al-Numan",
    "Khan Sheikhoun",
    "Kafr Nabl",
    "Kafranbel",
    "Sarmin",
    "Binnish",
    "Ariha",
    "Atarib",
    "Saraqib",
]

# Real towns and villages of Idlib and western Aleppo governorates.
NW_SYRIA_TOWNS = [
    "Sarmin",
    "Binnish",
    "Kafranbel",
    "Kafr Nabl",
    "Ariha",
    "Atarib",
    "Jisr al-Shughur",
    "Maarat al-Numan",
    "Saraqib",
    "Khan Sheikhoun",
    "Taftanaz",
    "Maarat Misrin",
    "Salqin",
    "Harem",
    "Darkush",
    "Armanaz",
    "Kafr Takharim",
    "Sarmada",
    "Dana",
    "Hazano",
    "Kafr Nouran",
    "Daret Azza",
    "Al-Bara",
    "Kansafra",
    "Ehsem",
    "Mhambel",
    "Bidama",
    "Hass",
    "Kafr Sajna",
    "Tell Mardikh",
    "Afes",
    "Nayrab",
    "Sarjah",
    "Maarshourin",
    "Jarjanaz",
    "Tal Mannas",
    "Kafr Rumah",
    "Maaret Hurma",
    "Abu Dhuhur",
]

START = date(2019, 1, 1)
DAYS = 3 * 365


def demo_articles() -> list:
    """The demo reports as ingest reads them (cleaned text, metadata)."""
    from frontwire.demo import demo_inputs
    from frontwire.ingest import iter_articles

    return list(iter_articles(demo_inputs()))


def generate(n: int, seed: int = 7, order: str = "time") -> Iterator[dict]:
    """`n` article dicts (JSONL-ready: id, outlet, published, title, text).

    order="time": publication dates advance through the three years with a few days'
    jitter, as in a crawl or an archive dump; order="random": every article gets a random
    date, the worst case for merging as the run goes (each batch touches every period).
    """
    rng = random.Random(seed)
    templates = demo_articles()
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in DEMO_TOWNS) + r")\b")
    for i in range(n):
        a = templates[i % len(templates)]
        swap: dict[str, str] = {}

        def town(m: re.Match, swap: dict[str, str] = swap) -> str:
            return swap.setdefault(m.group(1), rng.choice(NW_SYRIA_TOWNS))

        text = pattern.sub(town, a.text)
        title = pattern.sub(town, a.title) if a.title else None
        if order == "random":
            day = rng.randrange(DAYS)
        else:
            day = min(DAYS - 1, i * DAYS // n + rng.randrange(4))
        published = START + timedelta(days=day)
        yield {
            "id": f"synth-{i:06d}",
            "outlet": a.outlet,
            "published": published.isoformat(),
            "title": title,
            "text": shift_dates(text, reference_date(a), published),
            "language": "en",
        }


_FULL_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(calendar.month_name[1:]) + r") (\d{4})\b")


def reference_date(a) -> date | None:
    """The day a template report was written: its publication date, else the latest date it states."""
    from frontwire.mentions import infer_published

    return date.fromisoformat(a.published) if a.published else infer_published(a.text)


def shift_dates(text: str, ref: date | None, new: date) -> str:
    """Move the full dates a report states ("25 February 2020") by as much as its publication
    date moved, so a re-dated report still tells of the days just before it appeared."""
    if ref is None:
        return text

    def moved(m: re.Match) -> str:
        d = date(int(m[3]), list(calendar.month_name).index(m[2]), int(m[1])) + (new - ref)
        return f"{d.day} {calendar.month_name[d.month]} {d.year}"

    return _FULL_DATE.sub(moved, text)


def write_corpus(n: int, path: str | Path, seed: int = 7, order: str = "time") -> tuple[Path, int]:
    """Write `n` articles as JSONL (streamed); returns (path, total words)."""
    path = Path(path)
    words = 0
    with open(path, "w", encoding="utf-8") as fh:
        for d in generate(n, seed, order):
            words += len(d["text"].split())
            fh.write(json.dumps(d) + "\n")
    return path, words


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = sys.argv[2] if len(sys.argv) > 2 else "corpus.jsonl"
    p, w = write_corpus(n, out, order=sys.argv[3] if len(sys.argv) > 3 else "time")
    print(f"{n} articles, {w} words -> {p}")
