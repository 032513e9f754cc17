"""An analyst's corrections: stored with an audit trail, kept by re-runs, exported as gold, used to train.

The reports below are invented for these tests (illustrative, not real events).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from frontwire.learn.classifier import load_model
from frontwire.learn.model import SubtypeModel
from frontwire.model import InputError
from frontwire.pipeline import run
from frontwire.serve import create_app
from frontwire.store import Store

TOKEN = "desk-token"
REPORTS = [
    {
        "id": "r-strike",
        "outlet": "Wire One",
        "published": "2020-03-04",
        "title": "Strike on Saraqib",
        "text": "Government warplanes struck the town of Saraqib in Idlib province on Tuesday, "
        "killing four civilians, local rescuers said. The strike hit a market.",
    },
    {
        "id": "r-march",
        "outlet": "Wire Two",
        "published": "2020-03-06",
        "title": "March in Daraa",
        "text": "Hundreds of people marched peacefully through the city of Daraa on Thursday "
        "to demand the release of detainees, activists said.",
    },
    {
        "id": "r-clash",
        "outlet": "Wire One",
        "published": "2020-03-08",
        "title": "Clashes near Kafr Nabl",
        "text": "Rebel fighters clashed with army troops near Kafr Nabl in Idlib on Saturday, "
        "and six fighters were killed, a monitor said.",
    },
]
# A later report of the strike: a re-run merges it into the corrected event.
LATER = {
    "id": "r-strike-2",
    "outlet": "Wire Three",
    "published": "2020-03-04",
    "title": "Saraqib market hit",
    "text": "Four civilians were killed on Tuesday when government aircraft bombed a market in Saraqib, "
    "in Idlib province, rescuers said.",
}
SHELLING = "Shelling/artillery/missile attack"


def _write(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "frontwire.cli", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> str:
    """The three reports coded once; each test copies the database."""
    d = tmp_path_factory.mktemp("corr")
    db = str(d / "base.db")
    run([_write(d / "in.jsonl", REPORTS)], db, progress=False)
    return db


@pytest.fixture
def db(coded, tmp_path) -> str:
    path = str(tmp_path / "events.db")
    shutil.copy(coded, path)
    return path


def _by_place(store: Store) -> dict:
    return {e.articles[0]: e for e in store.events(include_rejected=True)}


def test_edit_reject_merge_are_stored_with_an_audit_trail_and_undo(db):
    with Store(db) as s:
        ev = _by_place(s)
        strike, march, clash = ev["r-strike"], ev["r-march"], ev["r-clash"]
        assert strike.sub_event_type != SHELLING
        row = s.correct(
            strike.event_id,
            "edit",
            {"sub_event_type": SHELLING, "location": "Sarmin", "latitude": 35.9, "longitude": 36.72},
            who="ana",
        )
        assert row["who"] == "ana" and row["at"].endswith("+00:00") and row["before"][0]["location"] == "Saraqib"
        got = s.event(strike.event_id)
        assert (got.sub_event_type, got.event_type, got.location, got.latitude, got.place_id) == (
            SHELLING,
            "Explosions/Remote violence",
            "Sarmin",
            35.9,
            None,
        )
        s.correct(march.event_id, "reject", who="ana")
        assert march.event_id not in {e.event_id for e in s.events()}
        assert s.count_events() == 2 and len(s.events(include_rejected=True)) == 3
        s.correct(clash.event_id, "merge", {"with": strike.event_id}, who="ben")
        merged = s.event(clash.event_id)
        assert s.event(strike.event_id) is None
        assert set(merged.articles) == {"r-strike", "r-clash"}
        assert set(merged.mention_ids) == set(strike.mention_ids) | set(clash.mention_ids)
        assert {c.article_id for c in merged.claims} == {"r-strike", "r-clash"}
        # undo the merge: both events come back, the strike with its edit
        s.undo(s.corrections(clash.event_id)[-1]["id"])
        assert s.event(strike.event_id).location == "Sarmin"
        assert s.event(clash.event_id).articles == ["r-clash"]
        with pytest.raises(InputError):
            s.undo(s.corrections(clash.event_id)[-1]["id"])
    with Store(db) as s:  # the database keeps them
        assert [r["action"] for r in s.corrections()] == ["edit", "reject", "merge"]
        assert s.corrections()[-1]["undone"] is True
        assert s.review_status()[march.event_id] == "reject"


def test_bad_edits_are_refused(db):
    with Store(db) as s:
        eid = s.events()[0].event_id
        for changes in ({"sub_event_type": "Dance-off"}, {"latitude": 200}, {"fatalities": -1}, {"colour": "red"}, {}):
            with pytest.raises(InputError):
                s.correct(eid, "edit", changes)
        with pytest.raises(InputError):
            s.correct(eid, "paint")
        with pytest.raises(LookupError):
            s.correct("FW-none", "accept")
        assert s.corrections() == []


def test_a_rerun_keeps_edits_rejects_and_merges(db, tmp_path):
    with Store(db) as s:
        ev = _by_place(s)
        strike, march, clash = ev["r-strike"], ev["r-march"], ev["r-clash"]
        s.correct(strike.event_id, "edit", {"sub_event_type": SHELLING, "fatalities": 5}, who="ana")
        s.correct(march.event_id, "reject", who="ana")
        s.correct(clash.event_id, "accept", who="ana")
    run([_write(tmp_path / "later.jsonl", [LATER])], db, progress=False)
    run([_write(tmp_path / "all.jsonl", REPORTS + [LATER])], db, progress=False)  # nothing new: no change
    with Store(db) as s:
        got = s.event(strike.event_id)
        assert "r-strike-2" in got.articles  # the new report joined the corrected event ...
        assert (got.sub_event_type, got.fatalities) == (SHELLING, 5)  # ... which kept the analyst's fields
        assert march.event_id not in {e.event_id for e in s.events()}
        assert s.review_status() == {strike.event_id: "edit", march.event_id: "reject", clash.event_id: "accept"}


def test_a_rerun_keeps_a_split(db, tmp_path):
    with Store(db) as s:
        strike = _by_place(s)["r-strike"]
    run([_write(tmp_path / "later.jsonl", [LATER])], db, progress=False)
    with Store(db) as s:
        assert set(s.event(strike.event_id).articles) == {"r-strike", "r-strike-2"}
        row = s.correct(strike.event_id, "split", {"articles": ["r-strike-2"]}, who="ana")
        new_id = row["changes"]["new_id"]
        assert s.event(strike.event_id).articles == ["r-strike"] and s.event(new_id).articles == ["r-strike-2"]
    changed = dict(LATER, text=LATER["text"] + " Civil defence teams searched the rubble.")
    run([_write(tmp_path / "changed.jsonl", [changed])], db, progress=False)  # re-codes the article
    with Store(db) as s:
        assert s.event(strike.event_id).articles == ["r-strike"]
        assert s.event(new_id).articles == ["r-strike-2"]


def test_gold_export_scores_one_on_itself_and_trains_the_classifier(db, tmp_path):
    with Store(db) as s:
        ev = _by_place(s)
        strike_sentence = ev["r-strike"].evidence[0].sentence
        s.correct(ev["r-strike"].event_id, "edit", {"sub_event_type": SHELLING}, who="ana")
        s.correct(ev["r-march"].event_id, "reject", who="ana")
        s.correct(ev["r-clash"].event_id, "accept", who="ana")
    gold = str(tmp_path / "gold.jsonl")
    proc = _cli("export", "--format", "gold", "-o", gold, "--db", db)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in open(gold, encoding="utf-8")]
    assert sorted(g["article"] for g in lines) == ["r-clash", "r-strike"]  # the rejected one is left out
    assert {g["sub_event_type"] for g in lines} == {SHELLING, "Armed clash"}
    proc = _cli("evaluate", "--gold", gold, "--db", db, "--json")
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert scores["event_f1"] == 1.0 and scores["sub_event_type_accuracy"] == 1.0
    # the shipped model calls the strike an air strike; trained on the corrections, the analyst's sub-type
    assert load_model().predict([strike_sentence])[0][0] != SHELLING
    model = str(tmp_path / "m.pkl.gz")
    proc = _cli("train", "--from-corrections", db, "--model", model, "--folds", "0")
    assert proc.returncode == 0, proc.stderr
    assert SubtypeModel.load(model).predict([strike_sentence])[0][0] == SHELLING


def test_api_corrections_need_the_token_and_are_bounded(db):
    with TestClient(create_app(db, token=TOKEN)) as c:
        eid = c.get("/api/events").json()["events"][0]["event_id"]
        url = f"/api/events/{eid}/corrections"
        body = {"action": "edit", "changes": {"sub_event_type": SHELLING}, "who": "ana"}
        assert c.post(url, json=body).status_code == 401
        assert c.post(url, json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
        auth = {"Authorization": f"Bearer {TOKEN}"}
        for bad in (
            {"action": "paint"},
            {"action": "edit", "changes": {"sub_event_type": "Dance-off"}},
            {"action": "edit", "changes": {"latitude": "north"}},
            {"action": "merge", "changes": {"with": 3}},
            {"action": "split", "changes": {"articles": [{"x": 1}]}},
            {"action": "accept", "who": "x" * 5000},
        ):
            r = c.post(url, json=bad, headers=auth)
            assert r.status_code == 422, (bad, r.text)
            assert "Traceback" not in r.text
        assert c.post("/api/events/FW-none/corrections", json=body, headers=auth).status_code == 404
        r = c.post(url, json=body, headers=auth)
        assert r.status_code == 200, r.text
        assert r.json()["event"]["sub_event_type"] == SHELLING
        hist = c.get(url).json()
        assert [h["action"] for h in hist] == ["edit"] and hist[0]["who"] == "ana"
        assert c.get(f"/api/events/{eid}").json()["sub_event_type"] == SHELLING  # the event route still works
        assert c.post(f"/api/corrections/{hist[0]['id']}/undo", headers=auth).status_code == 200
        assert c.get(f"/api/events/{eid}").json()["sub_event_type"] != SHELLING
        assert c.post(f"/api/corrections/{hist[0]['id']}/undo", headers=auth).status_code == 422
        assert c.post("/api/corrections/999999/undo", headers=auth).status_code == 404
        queue = c.get("/api/review")
        assert queue.status_code == 200 and "events" in queue.json()
    with TestClient(create_app(db)) as c:  # read-only server: no corrections
        assert c.post(url, json=body).status_code == 405


def test_a_rerun_keeps_a_merge(db, tmp_path):
    with Store(db) as s:
        ev = _by_place(s)
        strike, clash = ev["r-strike"], ev["r-clash"]
        s.correct(clash.event_id, "merge", {"with": strike.event_id}, who="ana")
    run([_write(tmp_path / "later.jsonl", [LATER])], db, progress=False)
    with Store(db) as s:
        got = s.event(clash.event_id)
        assert set(got.articles) == {"r-strike", "r-clash", "r-strike-2"}
        assert s.event(strike.event_id) is None
        assert len(s.events()) == 2
        assert not s.orphan_mentions()


def test_review_queue_asks_about_doubted_events_and_drops_reviewed_ones(db):
    import dataclasses

    with Store(db) as s:
        strike = _by_place(s)["r-strike"]
        # a coder's slip: the strike typed as a protest; the learned model doubts it
        s.replace_events({strike.event_id}, [dataclasses.replace(strike, sub_event_type="Peaceful protest")])
    with TestClient(create_app(db, token=TOKEN)) as c:
        queue = {q["event_id"]: q["why"] for q in c.get("/api/review").json()["events"]}
        assert "low confidence" in queue.get(strike.event_id, [])
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = c.post(f"/api/events/{strike.event_id}/corrections", json={"action": "accept"}, headers=auth)
        assert r.status_code == 200
        assert strike.event_id not in {q["event_id"] for q in c.get("/api/review").json()["events"]}


def test_rejected_events_leave_exports_and_older_databases_open(db, tmp_path):
    import sqlite3

    with Store(db) as s:
        march = _by_place(s)["r-march"]
        s.correct(march.event_id, "reject", who="ana")
    out = str(tmp_path / "all.jsonl")
    assert _cli("export", "--format", "jsonl", "-o", out, "--db", db).returncode == 0
    assert march.event_id not in {json.loads(x)["event_id"] for x in open(out, encoding="utf-8")}
    # a database from before corrections existed opens, and gains the table
    old = str(tmp_path / "old.db")
    shutil.copy(db, old)
    con = sqlite3.connect(old)
    con.execute("DROP TABLE corrections")
    con.commit()
    con.close()
    with Store(old) as s:
        assert s.corrections() == [] and s.count_events() == 3


def test_taxonomy_and_place_search_for_the_edit_form(db):
    with TestClient(create_app(db)) as c:
        tax = c.get("/api/taxonomy").json()
        assert SHELLING in tax["Explosions/Remote violence"] and sum(len(v) for v in tax.values()) == 25
        found = c.get("/api/places", params={"q": "sarmin"}).json()
        assert any(p["name"] == "Sarmin" and abs(p["latitude"] - 35.9) < 0.1 for p in found)
        assert c.get("/api/places", params={"q": "x" * 500}).status_code == 422
        assert c.get("/api/places", params={"q": "Nowhere-at-all-qq"}).json() == []


# An armed group and a village the shipped dictionaries do not know (both invented).
NEW_GROUP = {
    "id": "r-new-group",
    "outlet": "Wire Four",
    "published": "2020-03-16",
    "title": "Checkpoint attack",
    "text": "Fighters of the Qasr Brigade attacked an army checkpoint near the village of Kafr Zubaydiyat "
    "in Idlib on Sunday, and two soldiers were killed, a monitor said.",
}


def test_aliases_and_places_added_from_the_desk_are_used_by_the_next_run(db, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTWIRE_ACTORS_EXTRA", str(tmp_path / "user" / "actors-extra.yaml"))
    monkeypatch.setenv("FRONTWIRE_GAZETTEER_EXTRA", str(tmp_path / "user" / "gazetteer-extra.tsv.gz"))
    report = _write(tmp_path / "new.jsonl", [NEW_GROUP])
    before = str(tmp_path / "before.db")
    shutil.copy(db, before)
    assert _cli("run", report, "--db", before, "-q").returncode == 0
    with Store(before) as s:  # without the overlays: a generic rebel actor, an approximate place
        e = next(e for e in s.events() if "r-new-group" in e.articles)
        assert "Liwa al-Qasr" not in (e.actor1, e.actor2) and e.place_id is None and e.needs_review
    alias = {"alias": "Qasr Brigade", "actor": "Liwa al-Qasr", "who": "ana"}
    village = {"name": "Kafr Zubaydiyat", "latitude": 35.712, "longitude": 36.551, "country_code": "SY"}
    village |= {"admin1": "Idlib", "admin2": None, "who": "ben"}
    with TestClient(create_app(db, token=TOKEN)) as c:
        assert c.post("/api/aliases", json=alias).status_code == 401
        assert c.post("/api/gazetteer", json=village).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = c.post("/api/aliases", json=alias, headers=auth)
        assert r.status_code == 201, r.text
        assert r.json()["actor"] == "Liwa al-Qasr" and r.json()["file"].endswith("actors-extra.yaml")
        r = c.post("/api/gazetteer", json=village, headers=auth)
        assert r.status_code == 201, r.text
        place_id = r.json()["place_id"]
        assert place_id.startswith("user:") and r.json()["file"].endswith("gazetteer-extra.tsv.gz")
        found = c.get("/api/places", params={"q": "Kafr Zubaydiyat"}).json()  # found at once
        assert [p["place_id"] for p in found] == [place_id] and found[0]["admin1"] == "Idlib"
        assert c.post("/api/gazetteer", json=village | {"latitude": 95}, headers=auth).status_code == 422
        trail = c.get("/api/additions").json()
        assert [(t["action"], t["who"]) for t in trail] == [("alias", "ana"), ("place", "ben")]
        assert trail[1]["changes"]["place_id"] == place_id
    assert _cli("run", report, "--db", db, "-q").returncode == 0
    with Store(db) as s:
        e = next(e for e in s.events() if "r-new-group" in e.articles)
        assert "Liwa al-Qasr" in (e.actor1, e.actor2)
        assert (e.location, e.place_id, e.needs_review) == ("Kafr Zubaydiyat", place_id, False)
        assert abs(e.latitude - 35.712) < 0.001
        assert s.replayable() == [] and s.review_status() == {}  # additions are not event corrections


# The rules and the learned model type this raid differently (their mention ids differ).
RAID = {
    "id": "r-raid",
    "outlet": "Wire Two",
    "published": "2020-03-13",
    "title": "Raid in Tafas",
    "text": "Security forces arrested twelve young men in a raid on the town of Tafas in Daraa on Thursday, "
    "relatives said.",
}


def test_corrections_survive_a_recode_with_another_coder(db, tmp_path):
    reports = _write(tmp_path / "all.jsonl", [*REPORTS, RAID])
    run([reports], db, progress=False)  # the default coder
    with Store(db) as s:
        ev = _by_place(s)
        raid, strike, march = ev["r-raid"], ev["r-strike"], ev["r-march"]
        s.correct(raid.event_id, "edit", {"sub_event_type": "Arrests", "actor2": "Civilians (Syria)"}, who="ana")
        s.correct(strike.event_id, "edit", {"sub_event_type": SHELLING, "fatalities": 5}, who="ana")
        s.correct(march.event_id, "reject", who="ben")
    proc = _cli("run", reports, "--db", db, "--coder", "rules", "--recode", "-q")
    assert proc.returncode == 0, proc.stderr
    assert "matches no event" not in proc.stderr
    with Store(db) as s:
        ev = _by_place(s)
        assert set(ev["r-raid"].mention_ids).isdisjoint(raid.mention_ids)  # coded anew, under other ids
        assert (ev["r-raid"].sub_event_type, ev["r-raid"].actor2) == ("Arrests", "Civilians (Syria)")
        assert (ev["r-strike"].sub_event_type, ev["r-strike"].fatalities) == (SHELLING, 5)
        assert "r-march" not in {a for e in s.events() for a in e.articles}  # still rejected
        assert s.unanchored() == [] and len(s.events(include_rejected=True)) == 4


def test_a_reworded_report_keeps_its_corrections_and_a_lost_one_is_reported(db, tmp_path):
    with Store(db) as s:
        ev = _by_place(s)
        strike, clash = ev["r-strike"], ev["r-clash"]
        s.correct(strike.event_id, "edit", {"location": "Sarmin", "latitude": 35.9, "longitude": 36.72}, who="ana")
        s.correct(clash.event_id, "accept", who="ana")
    # the strike report with a sentence in front (every offset moves); the clash report
    # rewritten so that it tells no event any more
    moved = dict(REPORTS[0], text="The market had been busy all week, traders said. " + REPORTS[0]["text"])
    calm = dict(REPORTS[2], text="Shops reopened in Kafr Nabl in Idlib on Saturday after a quiet week, residents said.")
    proc = _cli("run", _write(tmp_path / "changed.jsonl", [moved, calm]), "--db", db, "-q")
    assert proc.returncode == 0, proc.stderr
    with Store(db) as s:
        got = s.event(strike.event_id)
        assert got is not None and set(got.mention_ids).isdisjoint(strike.mention_ids)
        assert (got.location, got.latitude) == ("Sarmin", 35.9)
        lost = s.unanchored()
        assert [(c["event_id"], c["action"], c["articles"]) for c in lost] == [(clash.event_id, "accept", ["r-clash"])]
    warning = [ln for ln in proc.stderr.splitlines() if "matches no event" in ln]
    assert len(warning) == 1 and clash.event_id in warning[0] and "r-clash" in warning[0]
    with TestClient(create_app(db)) as c:
        assert [u["event_id"] for u in c.get("/api/review").json()["unanchored"]] == [clash.event_id]


# One sentence, two events (two towns struck): a correction of one must never land on the other.
TWO_TOWNS = {
    "id": "r-two",
    "outlet": "Wire One",
    "published": "2020-03-18",
    "title": "Two towns struck",
    "text": "Government warplanes struck the towns of Saraqib and Sarmin in Idlib province on Tuesday, "
    "killing three civilians, rescuers said.",
}
SARMIN_LATER = {
    "id": "r-sarmin",
    "outlet": "Wire Two",
    "published": "2020-03-18",
    "title": "Sarmin struck",
    "text": "Government aircraft bombed Sarmin in Idlib province on Tuesday, rescuers said.",
}


def test_a_correction_stays_on_its_event_beside_another_from_the_same_sentence(db, tmp_path):
    run([_write(tmp_path / "two.jsonl", [TWO_TOWNS])], db, progress=False)
    with Store(db) as s:
        by_loc = {e.location: e for e in s.events() if "r-two" in e.articles}
        assert set(by_loc) == {"Saraqib", "Sarmin"}
        s.correct(by_loc["Saraqib"].event_id, "edit", {"fatalities": 2, "actor2": "Civilians (Syria)"}, who="ana")
    run([_write(tmp_path / "later.jsonl", [SARMIN_LATER])], db, progress=False)  # re-merges the Sarmin event only
    moved = dict(TWO_TOWNS, text="Residents had fled days before, officials said. " + TWO_TOWNS["text"])
    run([_write(tmp_path / "moved.jsonl", [moved])], db, progress=False)  # every mention id of r-two changes
    with Store(db) as s:
        by_loc = {e.location: e for e in s.events() if "r-two" in e.articles}
        assert by_loc["Saraqib"].fatalities == 2
        assert by_loc["Sarmin"].fatalities != 2 and "r-sarmin" in by_loc["Sarmin"].articles
        assert s.unanchored() == []
        anchor = s.corrections(by_loc["Saraqib"].event_id)[-1]["anchor"]
        assert set(anchor["mentions"]) == set(by_loc["Saraqib"].mention_ids)  # re-anchored on the new mentions


def test_anchors_written_before_evidence_anchors_still_replay(db):
    from frontwire.store.corrections import reapply

    with Store(db) as s:
        strike = _by_place(s)["r-strike"]
    old = {"id": 1, "event_id": strike.event_id, "action": "edit", "changes": {"fatalities": 7}}
    old["anchor"] = list(strike.mention_ids)  # a bare list of mention ids, as stored before
    (got,) = reapply([old], [strike])
    assert got.fatalities == 7
    other = dict(old, anchor=["M-gone"])
    assert reapply([other], [strike]) == [strike]  # no mention in common: nothing happens
