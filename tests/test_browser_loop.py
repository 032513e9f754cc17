"""The analyst's loop in a real browser: corrections made by clicks in the desk survive a re-run,
export as gold that scores 1.0 on itself, and train a classifier that then codes the corrected
sentence the analyst's way. The reports are invented for this test (illustrative, not real events).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

from playwright.sync_api import expect

from browser_helpers import running_server
from test_browser import OUT, browser, open_desk, page, pytestmark  # noqa: F401  (fixtures and marks shared)

SHELLING = "Shelling/artillery/missile attack"
REPORTS = [
    {
        "id": "d-strike",
        "outlet": "North Wire",
        "published": "2021-02-02",
        "title": "Jets hit Kansafra",
        "text": "Government warplanes bombed the village of Kansafra in Idlib province on Monday, "
        "killing three civilians, a local rescue group said. Homes were destroyed.",
    },
    {
        "id": "d-clash",
        "outlet": "North Wire",
        "published": "2021-02-04",
        "title": "Fighting near Maarat al-Numan",
        "text": "Rebel fighters clashed with army troops near Maarat al-Numan on Wednesday, "
        "and five fighters were killed, a war monitor said.",
    },
    {
        "id": "d-clash-2",
        "outlet": "South Wire",
        "published": "2021-02-05",
        "title": "Battle for Talmenes",
        "text": "Opposition fighters and government forces fought on Thursday for control of the village of "
        "Talmenes, south of Maarat al-Numan, a monitor reported. Two soldiers died.",
    },
    {
        "id": "d-protest",
        "outlet": "South Wire",
        "published": "2021-02-06",
        "title": "Bread protest in Salqin",
        "text": "Dozens of residents protested peacefully in the town of Salqin on Friday against rising "
        "bread prices, activists said.",
    },
]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "frontwire.cli", *args], capture_output=True, text=True, timeout=600)


def _by_article(db: str) -> dict:
    from frontwire.store import Store

    with Store(db) as s:
        return {e.articles[0]: e for e in s.events(include_rejected=True)}


def test_desk_corrections_survive_rerun_export_and_train(page, tmp_path):  # noqa: F811
    from frontwire.learn.classifier import load_model
    from frontwire.learn.model import SubtypeModel
    from frontwire.serve import create_app
    from frontwire.store import Store

    reports = tmp_path / "reports.jsonl"
    reports.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    db = str(tmp_path / "loop.db")
    proc = _cli("run", str(reports), "--db", db, "-q")
    assert proc.returncode == 0, proc.stderr
    ev = _by_article(db)
    assert set(ev) == {r["id"] for r in REPORTS}, ev  # one event per report before the analyst's work
    strike, clash, clash2, protest = (ev[k] for k in ("d-strike", "d-clash", "d-clash-2", "d-protest"))
    sentence = strike.evidence[0].sentence
    shipped = load_model().predict([sentence])[0][0]
    assert shipped != SHELLING and strike.sub_event_type != SHELLING  # the coder calls it an air strike

    with running_server(create_app(db, token="loop-t0ken")) as url:
        open_desk(page, url, "#event=" + strike.event_id)
        panel = page.get_by_test_id("event-panel")
        expect(panel).to_have_attribute("data-event-id", strike.event_id)
        page.get_by_test_id("review-token").fill("loop-t0ken")
        page.get_by_test_id("review-token-save").click()
        page.locator("#review-who").fill("ana")
        # the analyst reads shelling, not jets, and puts it in Kafr Nabl, picked from the gazetteer
        page.get_by_test_id("review-edit").click()
        page.get_by_test_id("edit-sub-type").select_option(SHELLING)
        page.get_by_test_id("edit-location").fill("Kafr Nabl")
        page.get_by_test_id("place-find").click()
        expect(page.get_by_test_id("place-choices")).to_be_visible()
        page.get_by_test_id("place-choices").select_option(index=1)
        page.get_by_test_id("edit-save").click()
        expect(panel.locator(".panel-type")).to_contain_text(SHELLING, timeout=10000)
        # two reports of one battle: the second merges into the first
        page.locator(f'.event-row[data-event-id="{clash.event_id}"]').click()
        expect(panel).to_have_attribute("data-event-id", clash.event_id)
        # the merge field offers the listed events nearest in date, so no id has to be copied
        assert page.locator(f'#merge-candidates option[value="{clash2.event_id}"]').count() == 1
        page.get_by_test_id("merge-with").fill(clash2.event_id)
        page.get_by_test_id("review-merge").click()
        expect(page.locator(f'.event-row[data-event-id="{clash2.event_id}"]')).to_have_count(0, timeout=10000)
        # a protest is out of scope for this analyst's dataset: rejected
        page.locator(f'.event-row[data-event-id="{protest.event_id}"]').click()
        expect(panel).to_have_attribute("data-event-id", protest.event_id)
        page.get_by_test_id("review-reject").click()
        expect(page.locator(f'.event-row[data-event-id="{protest.event_id}"]')).to_have_count(0, timeout=10000)
        expect(page.locator(".event-row")).to_have_count(2)
        page.locator(f'.event-row[data-event-id="{strike.event_id}"]').click()
        expect(page.get_by_test_id("correction").first).to_contain_text("ana")
        OUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUT / "desk-loop-corrected.png"))
        assert not page.errors, page.errors

    def check_corrections() -> None:
        with Store(db) as s:
            got = s.event(strike.event_id)
            assert got.sub_event_type == SHELLING and got.location in {"Kafr Nabl", "Kafranbel"}
            assert abs(got.latitude - 35.61) < 0.05 and abs(got.longitude - 36.56) < 0.05 and got.place_id
            assert got.location in got.notes and "Kansafra" not in got.notes  # the notes follow the edit
            merged = s.event(clash.event_id)
            assert set(merged.articles) == {"d-clash", "d-clash-2"}
            assert merged.notes.endswith("Reported by North Wire and South Wire.")
            assert s.event(clash2.event_id) is None
            assert [e.event_id for e in s.events()] == [strike.event_id, clash.event_id]
            assert [(r["action"], r["who"]) for r in s.corrections()] == [
                ("edit", "ana"),
                ("merge", "ana"),
                ("reject", "ana"),
            ]

    check_corrections()
    # the same reports coded again from scratch keep every correction
    proc = _cli("run", str(reports), "--db", db, "--recode", "-q")
    assert proc.returncode == 0, proc.stderr
    check_corrections()

    # the ordinary export holds the corrected events too: no rejected protest, the analyst's sub-type
    out_csv = str(tmp_path / "events.csv")
    proc = _cli("export", "--format", "acled-csv", "-o", out_csv, "--db", db)
    assert proc.returncode == 0, proc.stderr
    with open(out_csv, encoding="utf-8") as f:
        rows = {r["event_id_cnty"]: r for r in csv.DictReader(f)}
    assert set(rows) == {strike.event_id, clash.event_id} and rows[strike.event_id]["sub_event_type"] == SHELLING

    gold = str(tmp_path / "gold.jsonl")
    proc = _cli("export", "--format", "gold", "-o", gold, "--db", db)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in open(gold, encoding="utf-8")]
    assert sorted(g["sub_event_type"] for g in lines) == ["Armed clash", SHELLING]
    proc = _cli("evaluate", "--gold", gold, "--db", db, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["event_f1"] == 1.0

    model = str(tmp_path / "ana.pkl.gz")
    proc = _cli("train", "--from-corrections", db, "--model", model, "--folds", "0")
    assert proc.returncode == 0, proc.stderr
    assert SubtypeModel.load(model).predict([sentence])[0][0] == SHELLING
