"""An analyst's corrections: accept, edit, reject, merge and split stored events.

Each correction is one row (who, when, the events before and after, the mentions it
is anchored to) written in the same transaction as the change it makes. Re-runs
re-merge mentions into fresh events; `reapply` then replays the active corrections
on them (by their anchor mentions), so a reviewed event is never overwritten.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from functools import cache
from typing import Any

import sqlalchemy as sa

from ..data_files import read_yaml
from ..model import Event, InputError
from ..serialize import event_from_dict
from .anchors import anchor_articles, anchor_mentions, anchor_of, anchored, score
from .tables import t_corrections, t_events

ACTIONS = ("accept", "edit", "reject", "merge", "split")
ADDITIONS = ("alias", "place")  # overlay entries added from the desk: in the audit trail, never replayed
REVIEWED = ("accept", "edit", "merge", "split")  # an event whose latest correction is one of these is reviewed
MAX_TEXT = 500  # characters in an edited text field (actor, location, who)
TEXT_FIELDS = ("actor1", "actor2", "location", "place_id", "country", "admin1", "admin2", "notes")
INT_FIELDS = ("fatalities", "injured", "geo_precision")
EDITABLE = (*TEXT_FIELDS, *INT_FIELDS, "event_type", "sub_event_type", "event_date", "latitude", "longitude")


@cache
def taxonomy() -> dict[str, str]:
    """ACLED sub-event type -> event type (data/taxonomy.yaml)."""
    return {sub: et for et, subs in read_yaml("taxonomy.yaml").items() for sub in subs}


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def check_changes(changes: Any) -> dict[str, Any]:
    """The edit `changes` made valid (types, ranges, taxonomy); InputError saying what is wrong."""
    if not isinstance(changes, dict) or not changes:
        raise InputError("changes", "an edit needs a non-empty object of field -> value")
    out: dict[str, Any] = {}
    for k, v in changes.items():
        if k not in EDITABLE:
            raise InputError("changes", f"field {k!r} cannot be edited (editable: {', '.join(EDITABLE)})")
        if v is None or v == "":
            if k in ("sub_event_type", "event_type", "location"):
                raise InputError("changes", f"{k} cannot be empty")
            out[k] = None
        elif k in TEXT_FIELDS:
            if not isinstance(v, str) or len(v) > MAX_TEXT:
                raise InputError("changes", f"{k} must be text of at most {MAX_TEXT} characters")
            out[k] = v.strip()
        elif k in INT_FIELDS:
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 10_000_000:
                raise InputError("changes", f"{k} must be a whole number from 0 to 10000000")
            out[k] = v
        elif k in ("latitude", "longitude"):
            lim = 90 if k == "latitude" else 180
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or abs(v) > lim:
                raise InputError("changes", f"{k} must be a number in [-{lim}, {lim}]")
            out[k] = float(v)
        elif k == "event_date":
            try:
                out[k] = datetime.date.fromisoformat(str(v)).isoformat()
            except ValueError:
                raise InputError("changes", f"event_date must be YYYY-MM-DD; got {str(v)[:40]!r}") from None
        elif k == "sub_event_type":
            if v not in taxonomy():
                raise InputError("changes", f"unknown sub_event_type {str(v)[:80]!r}")
            out[k] = v
        elif k == "event_type":
            if v not in set(taxonomy().values()):
                raise InputError("changes", f"unknown event_type {str(v)[:80]!r}")
            out[k] = v
    if "sub_event_type" in out:
        # the type follows the sub-type unless the analyst named a matching one
        out["event_type"] = taxonomy()[out["sub_event_type"]]
    return out


def apply_edit(e: Event, changes: dict[str, Any]) -> Event:
    """`e` with the analyst's field values; an edited fatality count is also its range."""
    kw = dict(changes)
    if ("location" in kw or "latitude" in kw) and "place_id" not in kw:
        kw["place_id"] = None  # the gazetteer entry named the old place
    if "fatalities" in kw:
        kw["fatalities_low"] = kw["fatalities_high"] = kw["fatalities"]
    if "sub_event_type" in kw or "event_type" in kw:
        kw.setdefault("event_type", taxonomy().get(kw.get("sub_event_type") or e.sub_event_type, e.event_type))
    return _renoted(e, dataclasses.replace(e, needs_review=False, **kw))


def _renoted(old: Event, new: Event) -> Event:
    """`new` with the notes' opening sentence (what, who, where, when) and closing one (the outlets)
    rewritten from its corrected fields, so the notes (and the export's notes column) never contradict
    the analyst's correction."""
    from ..merge.notes import reported_by, what_happened  # an earlier stage: the sentences the coder wrote

    notes = old.notes
    if not notes or new.notes != notes:
        return new
    head, head2 = what_happened(old), what_happened(new)
    if head != head2 and notes.startswith(head):
        notes = head2 + notes[len(head) :]
    tail, tail2 = reported_by(old), reported_by(new)
    if tail and tail != tail2 and notes.endswith(tail):
        notes = (notes[: -len(tail)] + tail2).rstrip()
    return dataclasses.replace(new, notes=notes) if notes != old.notes else new


def merge_events(target: Event, others: Sequence[Event]) -> Event:
    """One event keeping `target`'s fields and every event's mentions, claims, evidence and sources."""

    def union(attr: str) -> list:
        seen: list = []
        for ev in (target, *others):
            for x in getattr(ev, attr):
                if x not in seen:
                    seen.append(x)
        return seen

    merged = dataclasses.replace(
        target,
        sources=union("sources"),
        articles=union("articles"),
        claims=union("claims"),
        contradictions=union("contradictions"),
        evidence=union("evidence"),
        mention_ids=union("mention_ids"),
        merge_reasons=[*target.merge_reasons, "merged by an analyst"],
        first_reported=min(
            [d for d in (target.first_reported, *(o.first_reported for o in others)) if d], default=None
        ),
    )
    return _renoted(target, merged)


def split_event(e: Event, mention_ids: Iterable[str], article_ids: Iterable[str], new_id: str) -> tuple[Event, Event]:
    """`e` without these mentions/articles, and a new event (same fields) holding them."""
    mids, arts = set(mention_ids), set(article_ids)

    def part(keep: bool, event_id: str) -> Event:
        sources = {c.outlet for c in e.claims if c.outlet and (c.article_id in arts) != keep}
        return _renoted(
            e,
            dataclasses.replace(
                e,
                event_id=event_id,
                mention_ids=[m for m in e.mention_ids if (m in mids) != keep],
                articles=[a for a in e.articles if (a in arts) != keep],
                claims=[c for c in e.claims if (c.article_id in arts) != keep],
                evidence=[v for v in e.evidence if (v.article_id in arts) != keep],
                sources=[s for s in e.sources if s in sources] or ([] if keep else list(e.sources)),
                contradictions=[] if not keep else e.contradictions,
                merge_reasons=[*e.merge_reasons, "split by an analyst"],
            ),
        )

    return part(True, e.event_id), part(False, new_id)


def split_id(mention_ids: Iterable[str]) -> str:
    """The id of an event split off from these mentions (never the id merging would give them)."""
    return "FWS" + hashlib.sha1(" ".join(sorted(mention_ids)).encode("utf-8")).hexdigest()[:15]


def replay(
    corr: dict[str, Any],
    events: list[Event],
    mention_articles: dict[str, str] | None = None,
    live: set[str] | None = None,
) -> list[Event]:
    """Events after replaying one correction on them (found by its anchor, see `anchors.anchored`).

    `mention_articles` (mention id -> article id) lets a split whose mentions were renamed
    by a re-coding move the mentions of its articles instead; `live`: the stored mention ids.
    """
    hit = anchored(corr["anchor"], events, live)
    if not hit:
        return events
    hit.sort(key=lambda e: e.event_id != corr["event_id"])  # stable: best match next
    main, rest = hit[0], [e for e in events if e is not hit[0]]
    taken = {e.event_id for e in rest}
    eid = corr["event_id"] if corr["event_id"] not in taken else main.event_id
    action, changes = corr["action"], corr["changes"] or {}
    if action == "edit":
        return [*rest, dataclasses.replace(apply_edit(main, changes), event_id=eid)]
    if action in ("accept", "reject"):
        return [*rest, dataclasses.replace(main, event_id=eid)]
    if action == "merge":
        others = hit[1:]
        rest = [e for e in rest if all(e is not o for o in others)]
        return [*rest, dataclasses.replace(merge_events(main, others), event_id=eid)]
    if action == "split":
        arts = set(changes.get("articles") or [])
        moved = set(changes.get("mention_ids") or []).intersection(main.mention_ids)
        if not moved and mention_articles:
            moved = {m for m in main.mention_ids if mention_articles.get(m) in arts}
        if not moved or moved.issuperset(main.mention_ids):
            return events
        a, b = split_event(main, moved, arts, changes["new_id"])
        return [*rest, dataclasses.replace(a, event_id=eid), b]
    return events


def reapply(
    corrections: Sequence[dict[str, Any]],
    events: list[Event],
    mention_articles: dict[str, str] | None = None,
    live: set[str] | None = None,
) -> list[Event]:
    """Replay the active corrections (in order) whose anchors touch `events`."""
    for corr in corrections:
        events = replay(corr, events, mention_articles, live)
    return events


class Corrections:
    """The corrections table's reads and writes (mixed into `Store`)."""

    def _read(self) -> AbstractContextManager[sa.Connection]:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sa.Connection]:
        raise NotImplementedError

    def _load_events(self, c: sa.Connection, ids: Sequence[str]) -> list[Event]:
        raise NotImplementedError

    def replace_events(self, old_event_ids: set[str], events: list[Event]) -> None:
        raise NotImplementedError

    def events_with_mentions(self, mention_ids: set[str]) -> list[Event]:
        raise NotImplementedError

    def mention_ids_for_articles(self, article_ids: Iterable[str]) -> set[str]:
        raise NotImplementedError

    def correct(
        self, event_id: str, action: str, changes: dict[str, Any] | None = None, who: str = "analyst"
    ) -> dict[str, Any]:
        """Apply one correction to a stored event and record it, in one transaction; returns the row.

        edit: `changes` maps fields to values; merge: `changes["with"]` names the other event
        (its mentions, claims and sources join this one); split: `changes["articles"]` lists
        the article ids that become a new event; accept and reject change no field.
        """
        if action not in ACTIONS:
            raise InputError("action", f"unknown action {str(action)[:40]!r} (choose {', '.join(ACTIONS)})")
        if not isinstance(who, str) or not who.strip() or len(who) > MAX_TEXT:
            raise InputError("who", f"who must name the analyst (1 to {MAX_TEXT} characters)")
        changes = dict(changes or {})
        with self.transaction() as c:
            found = self._load_events(c, [event_id])
            if not found:
                raise LookupError(f"no event {event_id!r}")
            ev = found[0]
            before = [ev]
            if action == "edit":
                changes = check_changes(changes)
                after = [apply_edit(ev, changes)]
            elif action == "merge":
                other_id = changes.get("with")
                if not isinstance(other_id, str) or other_id == event_id:
                    raise InputError("changes", "a merge needs changes.with: the id of another event")
                other = self._load_events(c, [other_id])
                if not other:
                    raise LookupError(f"no event {other_id!r}")
                changes = {"with": other_id}
                before = [ev, other[0]]
                after = [merge_events(ev, other)]
            elif action == "split":
                arts = changes.get("articles")
                if (
                    not isinstance(arts, list)
                    or not all(isinstance(a, str) for a in arts)
                    or not set(arts) < set(ev.articles)
                ):
                    raise InputError(
                        "changes", "a split needs changes.articles: some, not all, of the event's articles"
                    )
                mids = sorted(self._mention_ids_of(c, ev.mention_ids, arts))
                changes = {"articles": sorted(set(arts)), "mention_ids": mids, "new_id": split_id(mids)}
                after = list(split_event(ev, mids, arts, changes["new_id"]))
            else:
                changes = {}
                after = [ev]
            anchor = anchor_of(before)
            row = dict(
                event_id=event_id,
                action=action,
                who=who.strip(),
                at=_now(),
                changes=changes,
                before=[e.to_dict() for e in before],
                after=[e.to_dict() for e in after],
                anchor=anchor,
                undone=False,
            )
            key = c.execute(t_corrections.insert().values(**row)).inserted_primary_key
            row["id"] = key[0] if key else None
            if action not in ("accept", "reject"):
                self.replace_events({e.event_id for e in before}, after)
        return row

    def undo(self, correction_id: int) -> dict[str, Any]:
        """Mark a correction undone and put back the events as they were before it (later corrections replayed)."""
        with self.transaction() as c:
            row = c.execute(sa.select(t_corrections).where(t_corrections.c.id == correction_id)).mappings().first()
            if row is None:
                raise LookupError(f"no correction {correction_id}")
            if row["undone"]:
                raise InputError("undo", f"correction {correction_id} is already undone")
            c.execute(t_corrections.update().where(t_corrections.c.id == correction_id).values(undone=True))
            now_ids = {e["event_id"] for e in row["after"]} | {e["event_id"] for e in row["before"]}
            current = [e for e in self._load_events(c, sorted(now_ids)) if score(row["anchor"], e)]
            later = [r for r in self.replayable() if r["id"] > correction_id]
            restored = reapply(later, [event_from_dict(d) for d in row["before"]])
            self.replace_events({e.event_id for e in current}, restored)
            return {**dict(row), "undone": True}

    def _mention_ids_of(self, c: sa.Connection, mention_ids: Sequence[str], article_ids: Sequence[str]) -> set[str]:
        from .tables import t_mentions

        q = sa.select(t_mentions.c.mention_id).where(
            t_mentions.c.mention_id.in_(list(mention_ids)), t_mentions.c.article_id.in_(list(article_ids))
        )
        return set(c.execute(q).scalars())

    def corrections(self, event_id: str | None = None, active: bool = False) -> list[dict[str, Any]]:
        """Corrections (oldest first), of one event or all; `active`: only those not undone."""
        q = sa.select(t_corrections).order_by(t_corrections.c.id)
        if event_id is not None:
            q = q.where(t_corrections.c.event_id == event_id)
        if active:
            q = q.where(t_corrections.c.undone.is_(False))
        with self._read() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def record_addition(self, kind: str, entry: dict[str, Any], who: str = "analyst") -> dict[str, Any]:
        """Record an overlay entry added from the desk (kind "alias" or "place") in the audit trail."""
        if kind not in ADDITIONS:
            raise InputError("kind", f"unknown addition {kind!r}")
        row = dict(event_id="", action=kind, who=who.strip()[:MAX_TEXT] or "analyst", at=_now(), changes=entry) | dict(
            before=[], after=[], anchor=[], undone=False
        )
        with self.transaction() as c:
            key = c.execute(t_corrections.insert().values(**row)).inserted_primary_key
        return row | {"id": key[0] if key else None}

    def additions(self) -> list[dict[str, Any]]:
        """Aliases and places added from the desk (who, when, what), oldest first."""
        t = t_corrections.c
        q = sa.select(t.id, t.action, t.who, t.at, t.changes).where(t.action.in_(ADDITIONS)).order_by(t.id)
        with self._read() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def replayable(self) -> list[dict[str, Any]]:
        """The active corrections without their before/after snapshots (what a re-run replays), oldest first."""
        t = t_corrections.c
        q = (
            sa.select(t.id, t.event_id, t.action, t.changes, t.anchor)
            .where(t.undone.is_(False), t.action.in_(ACTIONS))
            .order_by(t.id)
        )
        with self._read() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def live_mentions(self, mention_ids: Iterable[str]) -> set[str]:
        """Which of these mention ids are stored (the others went with a re-coding)."""
        from .tables import t_mentions

        ids = sorted(set(mention_ids))
        found: set[str] = set()
        with self._read() as c:
            for i in range(0, len(ids), 500):
                q = sa.select(t_mentions.c.mention_id).where(t_mentions.c.mention_id.in_(ids[i : i + 500]))
                found.update(c.execute(q).scalars())
        return found

    def reanchor(self, correction_id: int, anchor: dict[str, Any]) -> None:
        """Move a correction's anchor onto the mentions its event has now (after a re-coding)."""
        with self.transaction() as c:
            c.execute(t_corrections.update().where(t_corrections.c.id == correction_id).values(anchor=anchor))

    def unanchored(self) -> list[dict[str, Any]]:
        """Active corrections no stored event matches any more (a re-run coded their reports
        so differently that neither mentions, evidence nor date and place find the event)."""
        lost = []
        for corr in self.replayable():
            arts = anchor_articles(corr["anchor"])
            near = anchor_mentions(corr["anchor"]) | (self.mention_ids_for_articles(arts) if arts else set())
            found = self.events_with_mentions(near) if near else []
            if not any(
                score(corr["anchor"], e) or (e.event_id == corr["event_id"] and arts & set(e.articles)) for e in found
            ):
                lost.append({k: corr[k] for k in ("id", "event_id", "action", "changes")} | {"articles": sorted(arts)})
        return lost

    def review_status(self) -> dict[str, str]:
        """Event id -> the action of its latest active correction."""
        return {r["event_id"]: r["action"] for r in self.replayable()}

    def reviewed_events(self) -> list[Event]:
        """Stored events an analyst accepted, edited, merged or split (not rejected)."""
        ids = sorted(i for i, a in self.review_status().items() if a in REVIEWED)
        with self._read() as c:
            return self._load_events(c, ids)

    def review_queue(
        self, limit: int = 100, doubt: Callable[[dict[str, Any]], str | None] | None = None
    ) -> list[dict[str, Any]]:
        """Unreviewed events needing a look (flagged, contradicted, or what `doubt` names), oldest first, with why.

        `doubt(event dict)` may give one more reason (e.g. the classifier's low confidence).
        """
        done = set(self.review_status())
        q = sa.select(t_events.c.event_id, t_events.c.payload).order_by(
            t_events.c.event_date.is_(None), t_events.c.event_date, t_events.c.event_id
        )
        out = []
        with self._read() as c:
            for eid, p in c.execute(q):
                if eid in done:
                    continue
                why = []
                if p.get("needs_review"):
                    why.append("needs review")
                if p.get("contradictions"):
                    why.append("sources contradict")
                if p.get("geo_note"):
                    why.append("approximate place")
                reason = doubt(p) if doubt else None
                if reason:
                    why.append(reason)
                if why:
                    out.append({"event_id": eid, "event_date": p.get("event_date"), "why": why, "event": p})
                    if len(out) >= limit:
                        break
        return out


def rejected_ids_query() -> sa.Select:
    """Ids of events whose latest active correction is a reject (hidden from lists by default)."""
    c1, c2 = t_corrections.alias("c1"), t_corrections.alias("c2")
    later = sa.select(c2.c.id).where(c2.c.event_id == c1.c.event_id, c2.c.undone.is_(False), c2.c.id > c1.c.id)
    return sa.select(c1.c.event_id).where(c1.c.action == "reject", c1.c.undone.is_(False), ~sa.exists(later))
