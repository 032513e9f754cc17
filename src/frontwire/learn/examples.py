"""Training examples (text, label) from the sources `frontwire train` reads.

- frontwire's own corpus (`data/corpus/*.jsonl`, written by the team; `split` train/heldout);
- an ACLED export CSV from the user's own ACLED account (`notes`, `sub_event_type`);
- a gold JSONL in frontwire's event-record shape (`evidence` sentence, `sub_event_type`);
- a database's corrections: the events an analyst reviewed (their evidence, their sub-types).
The label of a non-event is `NO_EVENT`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..data_files import data_path, read_yaml
from ..evaluate import load_gold
from ..model import InputError

NO_EVENT = "Not an event"


@dataclass(frozen=True)
class Example:
    """One labelled text: `label` is an ACLED sub-event type or NO_EVENT."""

    text: str
    label: str
    split: str = "train"
    country: str | None = None
    source: str = ""


@cache
def sub_event_types() -> dict[str, str]:
    """ACLED sub-event type -> event type (data/taxonomy.yaml)."""
    return {sub: et for et, subs in read_yaml("taxonomy.yaml").items() for sub in subs}


def _label(raw: object, where: str) -> str:
    if raw in (None, "", "null"):
        return NO_EVENT
    label = str(raw).strip()
    if label != NO_EVENT and label not in sub_event_types():
        raise InputError(where, f"unknown sub_event_type {label!r}")
    return label


def corpus_files() -> list[Path]:
    """The shipped corpus files, in a stable order."""
    return sorted(data_path("corpus").glob("*.jsonl"))


def read_corpus(paths: Iterable[Path] | None = None) -> list[Example]:
    """frontwire's own corpus (or these JSONL files in its shape)."""
    out = []
    for p in paths or corpus_files():
        with open(p, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{p}:{n}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(where, f"invalid JSON ({exc.msg})") from None
                text = str(rec.get("text") or "").strip()
                if not text:
                    raise InputError(where, "no text")
                out.append(
                    Example(
                        text,
                        _label(rec.get("sub_event_type"), where),
                        rec.get("split") or "train",
                        rec.get("country"),
                        where,
                    )
                )
    return out


def read_acled_rows(path: str, needed: Iterable[str] = ("notes", "sub_event_type")) -> list[dict[str, str]]:
    """The rows of an ACLED export (the user's own download) that carry notes; InputError naming
    the file when it cannot be read or lacks a `needed` column."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = set(needed) - set(reader.fieldnames or [])
            if missing:
                raise InputError(path, f"not an ACLED export: no {', '.join(sorted(missing))} column")
            rows = [r | {"_line": str(reader.line_num)} for r in reader if (r.get("notes") or "").strip()]
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None
    if not rows:
        raise InputError(path, "no rows with notes")
    return rows


def read_acled_csv(path: str) -> list[Example]:
    """An ACLED export: each row's `notes` labelled with its `sub_event_type`."""
    out = []
    for row in read_acled_rows(path):
        where = f"{path}:{row['_line']}"
        out.append(
            Example(row["notes"].strip(), _label(row.get("sub_event_type"), where), "train", row.get("country"), where)
        )
    return out


def read_gold(path: str) -> list[Example]:
    """A gold file in frontwire's event-record shape (read as `frontwire evaluate` reads it):
    each event's evidence sentence and sub-type."""
    out = []
    for n, rec in enumerate(load_gold(path), 1):
        evidence = rec.get("evidence")
        text = evidence.get("sentence") if isinstance(evidence, dict) else evidence
        if isinstance(text, str) and text.strip() and not rec.get("optional"):
            where = f"{path} event {n}"
            out.append(
                Example(text.strip(), _label(rec.get("sub_event_type"), where), "train", rec.get("country"), where)
            )
    if not out:
        raise InputError(path, "no events with an evidence sentence")
    return out


def read_corrections(store: Any) -> list[Example]:
    """The evidence sentences of the events an analyst reviewed in `store` (a `Store`), each
    labelled with the sub-type the analyst left; a rejected event's sentences are `NO_EVENT`."""
    out: list[Example] = []
    reviewed = store.reviewed_events()
    for e in reviewed:
        for ev in e.evidence:
            if ev.sentence.strip():
                out.append(
                    Example(ev.sentence.strip(), e.sub_event_type, "train", e.country, f"{store.db} {e.event_id}")
                )
    status = store.review_status()
    for row in store.corrections(active=True):
        if row["action"] == "reject" and status.get(row["event_id"]) == "reject":
            for d in row["before"]:
                for ev in d.get("evidence") or []:
                    if (ev.get("sentence") or "").strip():
                        out.append(Example(ev["sentence"].strip(), NO_EVENT, "train", d.get("country"), store.db))
    if not out:
        raise InputError(store.db, "no reviewed events with an evidence sentence")
    return list(dict.fromkeys(out))


def split(examples: Iterable[Example], name: str) -> Iterator[Example]:
    return (e for e in examples if e.split == name)


def near_duplicate_rate(texts: Sequence[str], n: int = 5, share: float = 0.5) -> float:
    """Share of texts that have more than `share` of their word n-grams in one other text."""
    grams = [{tuple(w[i : i + n]) for i in range(len(w) - n + 1)} for w in (t.lower().split() for t in texts)]
    index: dict[tuple[str, ...], list[int]] = {}
    for i, g in enumerate(grams):
        for x in g:
            index.setdefault(x, []).append(i)
    dup = 0
    for i, g in enumerate(grams):
        if not g:
            continue
        overlap: dict[int, int] = {}
        for x in g:
            for j in index[x]:
                if j != i:
                    overlap[j] = overlap.get(j, 0) + 1
        if overlap and max(overlap.values()) > share * len(g):
            dup += 1
    return dup / len(texts) if texts else 0.0
