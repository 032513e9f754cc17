"""The web page in a real browser: Debian's chromium driven by Playwright (never `playwright install`).

Run `scripts/setup_browser.sh` first; without /usr/bin/chromium these tests skip.
Screenshots go to test-output/ at the repository root.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from browser_helpers import XSS_IMG, XSS_SCRIPT, build_db, build_world_db, running_server

CHROMIUM = "/usr/bin/chromium"
SYR_VICTIM = "Military Forces of Syria (2000-)"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-output"
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason=f"{CHROMIUM} is absent: run scripts/setup_browser.sh to install Debian's chromium",
    ),
]

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    from frontwire.serve import create_app

    db = build_db(str(tmp_path_factory.mktemp("browser") / "events.db"))
    with running_server(create_app(db)) as url:
        yield url


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
    pg = ctx.new_page()
    pg.dialogs = []  # every alert/confirm/prompt the page tries to open
    pg.errors = []

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    # console errors catch failed requests and CSP violations, which raise no page error
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)
    # No request may leave the machine: the page must work with no tile server or CDN.
    offsite: list[str] = []
    pg.offsite = offsite
    ctx.route(
        re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"),
        lambda route: (offsite.append(route.request.url), route.abort()),
    )
    yield pg
    ctx.close()


def open_desk(page, base_url: str, suffix: str = "") -> None:
    page.goto(base_url + "/" + suffix)
    page.wait_for_selector("body[data-ready=true]", timeout=15000)


def brush_day(page, day: str) -> None:
    """Drag across one day's bar in the timeline histogram."""
    hit = page.locator(f'#timeline g.bar[data-day="{day}"] rect.bar-hit')
    box = hit.bounding_box()
    assert box, f"no bar for {day} in the timeline"
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=3)
    page.mouse.move(box["x"] + box["width"] * 0.9, y, steps=3)
    page.mouse.up()
    page.wait_for_selector(f'#timeline[data-brush-start="{day}"][data-brush-end="{day}"]', timeout=5000)


def test_desk_map_timeline_and_contradictions(page, base_url):
    open_desk(page, base_url)
    # markers (or clusters) drawn over the shipped governorate outlines, with no tiles
    page.wait_for_selector(".event-marker, .event-cluster", timeout=10000)
    assert page.locator("#map").get_attribute("data-markers") == "4"  # the unlocated event is not on the map
    assert page.locator("path.leaflet-interactive").count() >= 14  # Syria's 14 governorates
    assert "OCHA COD-AB, CC BY-IGO" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.locator("#legend .legend-row").count() >= 6
    assert page.locator(".event-row").count() == 5
    # names of the towns with events are drawn at this zoom
    towns = page.locator(".town-label").evaluate_all(
        "ls => ls.filter(l => getComputedStyle(l).opacity === '1').map(l => l.textContent)"
    )
    assert "Samkha" in towns and "Atarib" in towns
    # selects are filled from the data
    assert "Battles" in page.locator("#filter-type").inner_text()
    assert "State Wire" in page.locator("#filter-outlet").inner_text()

    # a wide drag selects a range; then brushing one day narrows map and list to it
    svg = page.locator("#timeline").bounding_box()
    page.mouse.move(svg["x"] + 30, svg["y"] + svg["height"] / 2)
    page.mouse.down()
    page.mouse.move(svg["x"] + svg["width"] - 12, svg["y"] + svg["height"] / 2, steps=5)
    page.mouse.up()
    expect(page.locator(".event-row")).to_have_count(4)  # undated one drops out
    brush_day(page, "2020-01-08")
    expect(page.locator(".event-row")).to_have_count(2)
    assert set(page.locator(".event-row").evaluate_all("rs => rs.map(r => r.dataset.date)")) == {"2020-01-08"}
    assert page.locator("#map").get_attribute("data-markers") == "2"
    assert "2020-01-08" in page.locator("#brush-label").inner_text()

    # the event whose sources disagree: both sides' claims and the red contradiction boxes
    page.locator('.event-row[data-event-id="FW-samkha"]').click()
    panel = page.locator("#event-panel")
    panel.locator(".contradiction").first.wait_for(timeout=5000)
    assert panel.locator(".contradiction").count() == 2
    assert "12" in panel.locator(".contradiction").first.inner_text()
    claims = panel.locator(".claim")
    outlets = set(claims.evaluate_all("cs => cs.map(c => c.dataset.outlet)"))
    assert outlets == {"Opposition Wire", "State Wire"}
    killed = {
        c.get_attribute("data-claimant"): c.locator(".claim-value").inner_text()
        for c in panel.locator('.claim[data-field="killed"]').all()
    }
    assert killed == {"NLF": "12", "Russian Reconciliation Center": "3"}
    assert panel.locator(".claim.claim-conflict").count() == 4
    # claims are rows grouped by outlet and claimant: one heading row per group, one row per claim
    groups = panel.locator("tr.claim-group").evaluate_all("gs => gs.map(g => [g.dataset.outlet, g.dataset.claimant])")
    assert sorted(groups) == [
        ["Opposition Wire", "NLF"],
        ["State Wire", "Russian Reconciliation Center"],
        ["State Wire", "military source"],
    ]
    assert panel.locator("tr.claim").count() == 4
    nlf = panel.locator('tr.claim[data-claimant="NLF"][data-field="killed"]')
    assert nlf.locator("td").all_inner_texts()[:3] == ["killed", "12", SYR_VICTIM]
    assert "pro-government" in panel.inner_text()  # outlet stance shown beside the source
    place = panel.locator("dt", has_text="Place").locator("xpath=following-sibling::dd[1]").inner_text()
    assert place.startswith("Samkha, Idlib, Syria"), place  # "Idlib" and "Idleb": one name, shown once
    # red box really is red
    border = panel.locator(".contradiction").first.evaluate("e => getComputedStyle(e).borderTopColor")
    assert border == "rgb(198, 40, 40)"
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "desk.png"))

    # the article view highlights the evidence spans of this event
    panel.locator('.claim[data-claimant="NLF"][data-field="killed"] a.article-link').click()
    view = page.locator("#article-view")
    view.wait_for(state="visible", timeout=5000)
    assert view.get_attribute("data-article-id") == "a-opp"
    # titled with the headline, then the outlet and date
    assert page.locator("#article-title").inner_text() == "Fighters repel attack on Samkha"
    assert page.get_by_test_id("article-source").inner_text() == "Opposition Wire · 2020-01-08"
    marks = view.locator("mark.current")
    assert marks.count() >= 2
    assert "killed 12 regime soldiers" in " ".join(marks.all_inner_texts())
    page.screenshot(path=str(OUT / "desk-article.png"))
    page.keyboard.press("Escape")
    view.wait_for(state="hidden", timeout=5000)

    # the brushed view survives a reload through the URL hash
    assert "start=2020-01-08" in page.url and "event=FW-samkha" in page.url
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector('#event-panel[data-event-id="FW-samkha"] .contradiction', timeout=5000)
    assert page.locator(".event-row").count() == 2

    # a select filter asks the server again
    page.locator("#filter-type").select_option("Explosions/Remote violence")
    expect(page.locator(".event-row")).to_have_count(0)
    page.locator("#brush-clear").click()
    expect(page.locator(".event-row")).to_have_count(1)
    assert page.locator(".event-row").get_attribute("data-event-id") == "FW-sarmin"

    assert page.dialogs == [] and page.errors == []
    assert page.offsite == []


def test_article_markup_stays_text(page, base_url):
    open_desk(page, base_url)
    row = page.locator('.event-row[data-event-id="FW-xss"]')
    assert XSS_SCRIPT in row.inner_text()  # location shown literally in the list
    row.click()
    panel = page.locator('#event-panel[data-event-id="FW-xss"]')
    panel.wait_for(timeout=5000)
    assert XSS_SCRIPT in panel.inner_text() and XSS_IMG in panel.inner_text()
    panel.locator("a.article-link").first.click()
    view = page.locator("#article-view")
    view.wait_for(state="visible", timeout=5000)
    text = page.locator("#article-text").inner_text()
    assert XSS_SCRIPT in text and XSS_IMG in text
    assert XSS_SCRIPT in page.locator("#article-title").inner_text()
    mark = view.locator("mark.evidence-span")
    assert mark.count() == 1 and XSS_IMG in mark.inner_text()
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "article-markup.png"))
    # nothing from the text became an element
    assert view.locator("img, script").count() == 0
    assert page.evaluate("document.querySelectorAll('img[src=x], #event-panel script, #event-list script').length") == 0

    # a javascript: url from the data never becomes a link
    page.keyboard.press("Escape")
    page.goto(base_url + "/#event=FW-samkha")
    page.wait_for_selector('#event-panel[data-event-id="FW-samkha"] .claim', timeout=10000)
    page.locator('.claim[data-outlet="State Wire"] a.article-link').first.click()
    page.wait_for_selector('#article-view[data-article-id="a-gov"]', state="visible")
    assert page.locator('a[href^="javascript"]').count() == 0

    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.dialogs == [], f"the page opened dialogs: {page.dialogs}"
    assert page.errors == []


def test_ingested_markup_article(page, tmp_path):
    """An article with markup in its text, posted through the real pipeline, then viewed."""
    import httpx

    try:
        from frontwire import framing, pipeline  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"pipeline not complete: {exc}")
    from frontwire.serve import create_app

    token = "t0ken"
    text = (
        f"Gunmen killed 2 civilians in Binnish on Tuesday, activists said. {XSS_SCRIPT}\n\n"
        f"Syrian government forces shelled Sarmin on Tuesday, killing 3 people. {XSS_IMG}"
    )
    with running_server(create_app(str(tmp_path / "posted.db"), token=token)) as url:
        r = httpx.post(
            url + "/api/articles",
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
            json=[
                {
                    "id": "posted-xss",
                    "text": text,
                    "outlet": "Test Wire",
                    "published": "2020-02-12",
                    "title": f"Posted {XSS_IMG}",
                }
            ],
        )
        assert r.status_code == 200, r.text
        stored = httpx.get(url + "/api/articles/posted-xss").json()
        open_desk(page, url, "#article=posted-xss")
        view = page.locator('#article-view[data-article-id="posted-xss"]')
        view.wait_for(state="visible", timeout=5000)
        assert page.locator("#article-text").text_content() == stored["text"]
        assert XSS_SCRIPT in stored["text"] and XSS_IMG in stored["text"]  # the cleaner kept them as text
        assert XSS_IMG in page.locator("#article-title").inner_text()
        assert stored["spans"], "the pipeline coded no event from the posted article"
        # these spans do not overlap, so each is exactly one <mark>
        assert view.locator("mark").all_text_contents() == [
            stored["text"][s["start"] : s["end"]] for s in sorted(stored["spans"], key=lambda s: s["start"])
        ]
        assert view.locator("img, script").count() == 0
        page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []


def test_tiles_only_when_configured(page, base_url):
    open_desk(page, base_url)
    assert page.locator(".leaflet-tile").count() == 0
    assert page.offsite == []
    # a hostile template is ignored; a real one is fetched and credited
    open_desk(page, base_url, "?tiles=javascript:alert(1)//{z}/{x}/{y}")
    assert page.locator(".leaflet-tile").count() == 0
    open_desk(page, base_url, "?tiles=https://tiles.example/{z}/{x}/{y}.png")
    page.wait_for_selector(".leaflet-tile", state="attached", timeout=5000)
    page.wait_for_timeout(300)
    assert page.offsite and all(u.startswith("https://tiles.example/") for u in page.offsite)
    assert "Tiles: tiles.example" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.dialogs == []
    page.errors.clear()  # the aborted tile requests log errors by design


@pytest.fixture(scope="module")
def seeds_url(tmp_path_factory):
    if not (SEEDS / "meta.jsonl").exists():
        pytest.skip(f"{SEEDS} is absent")
    from frontwire import pipeline
    from frontwire.serve import create_app

    db = str(tmp_path_factory.mktemp("seeds") / "seeds.db")
    try:
        pipeline.run([str(SEEDS / "meta.jsonl")], db, progress=False)
    except (ImportError, NotImplementedError) as exc:
        # the pipeline is still being assembled: skip, naming what is missing
        pytest.skip(f"frontwire.pipeline.run cannot code the seeds yet: {type(exc).__name__}: {exc}")
    with running_server(create_app(db)) as url:
        yield url


@pytest.mark.seeds
def test_seeds_samkha(page, seeds_url):
    open_desk(page, seeds_url)
    page.wait_for_selector(".event-marker, .event-cluster", timeout=10000)
    brush_day(page, "2020-01-08")
    # the seeds span 20 months: zoom the timeline in and brush the day again at a usable width
    page.locator("#timeline-zoom").click()
    assert page.locator('#timeline g.bar[data-day="2020-01-08"] rect.bar-hit').bounding_box()["width"] > 20
    brush_day(page, "2020-01-08")
    rows = page.locator(".event-row")
    assert rows.count() >= 1
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.date)")) == {"2020-01-08"}
    locs = rows.locator(".row-loc").all_inner_texts()
    names = [n for n in locs if re.fullmatch(r"Samkha", n.strip(), re.I)] or [
        n for n in locs if re.search(r"Sam[kq]h?a|Smakha|Samkeh", n, re.I)
    ]
    assert names, f"no Samkha event on 2020-01-08: {locs}"
    samkha = rows.filter(has=page.locator(".row-loc", has_text=re.compile("^" + re.escape(names[0].strip()) + "$")))
    samkha.first.click()
    panel = page.locator("#event-panel")
    panel.locator(".panel-head").wait_for(timeout=5000)
    assert re.search(r"Sam[kq]?h?a|Smakha|Samkeh", panel.inner_text(), re.I)
    if panel.locator(".claim").count():
        panel.locator(".claim").first.wait_for()
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "seeds-samkha.png"))
    assert page.dialogs == [] and page.errors == []


def test_analyst_corrects_events_in_the_desk(page, tmp_path):
    """An analyst enters the token once, edits an event's sub-type and place, rejects another,
    and works the review queue; the database keeps every correction."""
    from frontwire.serve import create_app
    from frontwire.store import Store

    db = build_db(str(tmp_path / "review.db"))
    with running_server(create_app(db, token="desk-t0ken")) as url:
        open_desk(page, url, "#event=FW-sarmin")
        panel = page.get_by_test_id("event-panel")
        expect(panel).to_contain_text("Shelling/artillery/missile attack")
        page.get_by_test_id("review-token").fill("desk-t0ken")
        page.get_by_test_id("review-token-save").click()
        page.locator("#review-who").fill("ana")
        page.get_by_test_id("review-edit").click()
        expect(page.get_by_test_id("edit-form")).to_be_visible()
        page.get_by_test_id("edit-sub-type").select_option("Air/drone strike")
        page.get_by_test_id("edit-location").fill("Binnish")
        page.get_by_test_id("place-find").click()
        expect(page.get_by_test_id("place-choices")).to_be_visible()
        page.get_by_test_id("place-choices").select_option(index=1)
        expect(page.get_by_test_id("edit-latitude")).not_to_have_value("35.9")
        page.get_by_test_id("edit-save").click()
        expect(panel.locator(".panel-type")).to_contain_text("Air/drone strike", timeout=10000)
        expect(page.get_by_test_id("correction").first).to_contain_text("edit: sub_event_type → Air/drone strike")
        expect(page.get_by_test_id("correction").first).to_contain_text("ana")
        page.get_by_test_id("correction").first.scroll_into_view_if_needed()
        page.wait_for_timeout(500)  # the map's fan-out of the two Binnish events settles
        page.screenshot(path=str(OUT / "desk-edited-event.png"))
        # the review queue lists flagged and contradicted events; reject the first with the keyboard
        page.get_by_test_id("queue-open").click()
        expect(page.get_by_test_id("queue-row").first).to_be_visible(timeout=30000)  # loads the learned model
        # which events the model doubts depends on the shipped model: reject one the merge below
        # does not use, opened from its queue row
        rows = page.get_by_test_id("queue-row")
        ids = [rows.nth(i).get_attribute("data-event-id") for i in range(rows.count())]
        queued = next(i for i in ids if i not in ("FW-atarib", "FW-xss", "FW-sarmin"))
        if queued != ids[0]:
            rows.nth(ids.index(queued)).click()
        expect(panel).to_have_attribute("data-event-id", queued)
        page.screenshot(path=str(OUT / "desk-review-queue.png"))
        page.locator("body").press("x")
        expect(page.locator(f'.event-row[data-event-id="{queued}"]')).to_have_count(0, timeout=10000)
        # merge two events: the second's sources join the first
        page.locator("#queue-close").click()
        page.locator('.event-row[data-event-id="FW-atarib"]').click()
        expect(panel).to_have_attribute("data-event-id", "FW-atarib")
        assert page.locator("#review-actors option").count() > 0  # actor fields search the known actors
        page.get_by_test_id("merge-with").fill("FW-xss")
        page.get_by_test_id("review-merge").click()
        expect(page.locator('.event-row[data-event-id="FW-xss"]')).to_have_count(0, timeout=10000)
        expect(page.get_by_test_id("correction").first).to_contain_text("merge")
        assert not page.errors, page.errors
    with Store(db) as s:
        e = s.event("FW-sarmin")
        assert (e.sub_event_type, e.event_type, e.location) == (
            "Air/drone strike",
            "Explosions/Remote violence",
            "Binnish",
        )
        assert e.place_id and e.place_id != "test:Sarmin" and abs(e.latitude - 35.96) < 0.05
        assert [(r["event_id"], r["action"], r["who"]) for r in s.corrections()] == [
            ("FW-sarmin", "edit", "ana"),
            (queued, "reject", "ana"),
            ("FW-atarib", "merge", "ana"),
        ]
        assert set(s.event("FW-atarib").articles) >= {"a-opp", "a-xss"} and s.event("FW-xss") is None
        assert queued not in {x.event_id for x in s.events()}


def test_api_docs_render_offline(page, base_url):
    """`/docs` draws the API from files this server vendors: no request leaves the machine."""
    page.goto(base_url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".opblock-summary-path", has_text="/api/events").count() >= 1
    assert page.offsite == []
    assert page.errors == []
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "api-docs.png"))


# ---------------------------------------------------------------- world context, table, charts, downloads, teaching


@pytest.fixture(scope="module")
def world_url(tmp_path_factory):
    from frontwire.serve import create_app

    db = build_world_db(str(tmp_path_factory.mktemp("world") / "world.db"))
    with running_server(create_app(db)) as url:
        yield url


def fully_visible_rows(page) -> int:
    return page.evaluate(
        """() => { const w = document.getElementById('table-wrap').getBoundingClientRect();
           const head = document.querySelector('#event-table thead').getBoundingClientRect();
           return [...document.querySelectorAll('.event-row')].filter(r => {
             const b = r.getBoundingClientRect();
             return b.top >= head.bottom - 1 && b.bottom <= w.bottom + 1; }).length }"""
    )


def test_world_map_offline(page, world_url):
    """Countries from Natural Earth under the governorates, city and town labels, icons by type,
    approximate places hollow with their note: a Kenyan and a Malian event on the world map."""
    page.set_viewport_size({"width": 1400, "height": 900})
    open_desk(page, world_url)
    page.wait_for_selector("#map[data-countries]", state="attached", timeout=10000)
    assert int(page.locator("#map").get_attribute("data-countries")) > 200
    assert page.locator("path.leaflet-interactive").count() >= 14  # the governorates, over the countries
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "Natural Earth" in attribution and "GeoNames" in attribution and "OCHA" in attribution
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "desk-landing.png"))

    # exact = filled in the type's colour; approximate = hollow and dashed, with its note as label
    mali = page.locator('.event-dot[data-event-id="FW-mali"]')
    mali.wait_for(timeout=5000)
    assert "approximate" in mali.get_attribute("class")
    assert mali.locator("path").get_attribute("stroke-dasharray")
    assert mali.locator("path").get_attribute("fill") != "#D55E00"
    mali.hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text("approximate: Mopti region centre")
    assert "approx." in page.locator('.event-row[data-event-id="FW-mali"] .row-flags').inner_text()

    # select the Kenyan event and step back to see the region: capitals and the towns are named
    page.locator('.event-row[data-event-id="FW-kenya"]').click()
    expect(page.locator("#event-panel")).to_have_attribute("data-event-id", "FW-kenya")
    page.wait_for_timeout(400)
    for _ in range(2):
        page.locator(".leaflet-control-zoom-out").click()
        page.wait_for_timeout(400)
    page.wait_for_timeout(600)  # the zoom animation ends and the labels are placed again
    kenya = page.locator('.event-dot[data-event-id="FW-kenya"]')
    expect(kenya).to_be_visible()
    assert "exact" in kenya.get_attribute("class")
    assert kenya.locator("path").get_attribute("fill") == "#CC79A7"  # Violence against civilians
    shown = page.locator(".map-label").evaluate_all(
        "ls => ls.filter(l => getComputedStyle(l).opacity === '1').map(l => l.textContent)"
    )
    assert {"Nairobi", "Kapedo", "Lodwar"} <= set(shown), shown
    page.screenshot(path=str(OUT / "desk-world-kenya.png"))

    # the article: headline (the text's first line when the feed had none), outlet and date; this
    # event's evidence strong, the other event's span in the same article faint
    page.locator('#event-panel .claim[data-field="killed"] a.article-link').click()
    expect(page.locator("#article-title")).to_have_text("Raiders kill four herders near Kapedo")
    assert page.get_by_test_id("article-source").inner_text() == "Rift Valley Wire · 2021-03-15"
    strong = page.locator("mark.evidence-span.current")
    faint = page.locator("mark.evidence-span:not(.current)")
    assert strong.count() == 1 and faint.count() == 1
    assert "Lodwar" in faint.inner_text()
    style = "m => [getComputedStyle(m).fontWeight, getComputedStyle(m).backgroundColor]"
    assert strong.evaluate(style)[0] == "700" and faint.evaluate(style)[0] == "400"
    assert strong.evaluate(style)[1] != faint.evaluate(style)[1]
    assert page.offsite == [] and page.errors == [] and page.dialogs == []


def test_dense_table_timeline_and_charts(page, world_url):
    page.set_viewport_size({"width": 1400, "height": 900})
    open_desk(page, world_url)
    assert page.locator(".event-row").count() == 27
    assert fully_visible_rows(page) >= 20

    # sortable: fatalities high to low, then low to high; place A to Z
    page.get_by_test_id("sort-fatalities").click()
    assert page.locator(".event-row").first.get_attribute("data-event-id") == "FW-s23"
    assert page.locator("th.col-fatalities").get_attribute("aria-sort") == "descending"
    page.get_by_test_id("sort-fatalities").click()
    assert page.locator("th.col-fatalities").get_attribute("aria-sort") == "ascending"
    tolls = page.locator(".event-row").evaluate_all("rs => rs.map(r => r.querySelector('td.row-num').textContent)")
    known = [int(t) for t in tolls if t]
    assert known == sorted(known) and tolls[-1] == "" and tolls[0] != ""  # unknown tolls last either way
    page.get_by_test_id("sort-place").click()
    assert page.locator(".event-row .row-loc").first.inner_text() == "Ariha"
    # a click on a row selects its event
    page.locator('.event-row[data-event-id="FW-s05"]').click()
    expect(page.locator("#event-panel")).to_have_attribute("data-event-id", "FW-s05")
    assert "selected" in page.locator('.event-row[data-event-id="FW-s05"]').get_attribute("class")
    # the arrow keys walk the table
    below = page.locator('.event-row[data-event-id="FW-s05"] + .event-row').get_attribute("data-event-id")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#event-panel")).to_have_attribute("data-event-id", below)
    # the legend folds away to free the map
    page.locator(".legend-toggle").click()
    expect(page.locator("#legend .legend-row").first).to_be_hidden()
    page.locator(".legend-toggle").click()
    expect(page.locator("#legend .legend-row").first).to_be_visible()

    # the timeline spans the data's 20 months; every bar stays at least 6 px wide
    widths = page.locator("#timeline g.bar rect:not(.bar-hit)").evaluate_all(
        "rs => rs.map(r => r.getBoundingClientRect().width)"
    )
    assert len(widths) >= 9 and min(widths) >= 5.9
    svg = page.locator("#timeline").bounding_box()
    xs = page.locator("#timeline g.bar").evaluate_all("gs => gs.map(g => g.getBoundingClientRect().x)")
    assert min(xs) - svg["x"] < 0.1 * svg["width"] and svg["x"] + svg["width"] - max(xs) < 0.1 * svg["width"]
    # the long empty stretches are cut short, so days close together are drawn apart (5 days of
    # the 20 months would be under 1% of the width drawn to scale)
    cuts = page.locator("#timeline g.tl-break").evaluate_all("gs => gs.map(g => +g.dataset.days)")
    assert len(cuts) == 3 and min(cuts) > 100
    x14 = page.locator('#timeline g.bar[data-day="2021-03-14"]').bounding_box()["x"]
    x19 = page.locator('#timeline g.bar[data-day="2021-03-19"]').bounding_box()["x"]
    assert x19 - x14 > 0.1 * svg["width"]
    labels = page.locator("#timeline text.tl-label").all_text_contents()
    assert "2019-11-20" in labels and "2021-03-19" in labels

    # charts count the events shown, by type, actor and admin1; a type's bar filters by it
    counts = page.locator("#chart-type .chart-row").evaluate_all("rs => rs.map(r => +r.dataset.count)")
    assert sum(counts) == 27
    admin = dict(
        page.locator("#chart-admin1 .chart-row").evaluate_all("rs => rs.map(r => [r.dataset.key, +r.dataset.count])")
    )
    assert admin["Turkana (Kenya)"] == 2 and admin["Idleb (Syria)"] == 24
    assert page.locator('#chart-actor .chart-row[data-key="Civilians (Syria)"]').get_attribute("data-count") == "24"
    page.locator('#chart-type .chart-row[data-key="Protests"]').click()
    expect(page.locator(".event-row")).to_have_count(1)
    assert page.locator("#filter-type").input_value() == "Protests"
    assert page.locator("#chart-type .chart-row").count() == 1
    assert page.offsite == [] and page.errors == []


def test_downloads_hold_the_filtered_view(page, world_url):
    """CSV and GeoJSON buttons ask the server for exactly the events listed (filters and dates)."""
    open_desk(page, world_url)
    page.locator("#filter-type").select_option("Explosions/Remote violence")
    expect(page.locator(".event-row")).to_have_count(24)
    brush_day(page, "2020-06-01")
    expect(page.locator(".event-row")).to_have_count(4)
    listed = set(page.locator(".event-row").evaluate_all("rs => rs.map(r => r.dataset.eventId)"))
    csv_href = page.get_by_test_id("download-csv").get_attribute("href")
    gj_href = page.get_by_test_id("download-geojson").get_attribute("href")
    assert "type=Explosions" in csv_href and "start=2020-06-01" in csv_href and "end=2020-06-01" in csv_href
    r = page.request.get(world_url + csv_href)
    assert r.status == 200, r.text()
    assert "attachment" in r.headers.get("content-disposition", "")
    lines = [ln for ln in r.text().splitlines() if ln.strip()]
    assert len(lines) == 1 + len(listed)
    r = page.request.get(world_url + gj_href)
    assert r.status == 200, r.text()
    assert "attachment" in r.headers.get("content-disposition", "")
    assert len(r.json()["features"]) == len(listed)
    # the needs-review box filters on the server, so the downloads hold the same events as the list
    page.get_by_test_id("filter-reset").click()
    page.get_by_test_id("filter-review").check()
    expect(page.locator(".event-row")).to_have_count(1)
    listed = page.locator(".event-row").evaluate_all("rs => rs.map(r => r.dataset.eventId)")
    csv_href = page.get_by_test_id("download-csv").get_attribute("href")
    assert "needs_review=true" in csv_href
    lines = [ln for ln in page.request.get(world_url + csv_href).text().splitlines() if ln.strip()]
    assert len(lines) == 2 and listed[0] in lines[1]
    gj_href = page.get_by_test_id("download-geojson").get_attribute("href")
    assert [f["id"] for f in page.request.get(world_url + gj_href).json()["features"]] == listed
    # a governorate/province bar sets the region filter (ACLED's admin1 and country on the server)
    page.get_by_test_id("filter-reset").click()
    expect(page.locator(".event-row")).to_have_count(27)
    bar = page.locator("#chart-admin1 .chart-row").first
    key, n = bar.get_attribute("data-key"), int(bar.get_attribute("data-count"))
    bar.click()
    expect(page.locator(".event-row")).to_have_count(n)
    assert page.locator("#filter-region").input_value() == key
    csv_href = page.get_by_test_id("download-csv").get_attribute("href")
    assert "admin1=" in csv_href and "country=" in csv_href
    lines = [ln for ln in page.request.get(world_url + csv_href).text().splitlines() if ln.strip()]
    assert len(lines) == 1 + n
    assert page.errors == []


def test_teach_alias_and_village_from_the_desk(page, tmp_path, monkeypatch):
    """The edit panel adds an actor alias and a village placed by clicking the map (the user overlays)."""
    from frontwire.serve import create_app

    monkeypatch.setenv("FRONTWIRE_ACTORS_EXTRA", str(tmp_path / "actors-extra.yaml"))
    monkeypatch.setenv("FRONTWIRE_GAZETTEER_EXTRA", str(tmp_path / "gazetteer-extra.tsv"))
    db = build_world_db(str(tmp_path / "teach.db"))
    with running_server(create_app(db, token="teach-t0ken")) as url:
        open_desk(page, url, "#event=FW-kenya")
        expect(page.get_by_test_id("event-panel")).to_have_attribute("data-event-id", "FW-kenya")
        # the event named in the address is brought into view on the world map
        expect(page.locator('.event-dot[data-event-id="FW-kenya"]')).to_be_visible()
        page.get_by_test_id("review-token").fill("teach-t0ken")
        page.get_by_test_id("review-token-save").click()
        page.locator("#review-who").fill("ana")
        page.locator("[data-testid=teach-box] summary").click()
        page.get_by_test_id("alias-name").fill("Kerio valley raiders")
        page.get_by_test_id("alias-actor").fill("Pokot Ethnic Militia (Kenya)")
        with page.expect_response("**/api/aliases") as resp:
            page.get_by_test_id("alias-save").click()
        assert resp.value.status == 201, resp.value.text()
        assert resp.value.json()["actor"] == "Pokot Ethnic Militia (Kenya)"
        expect(page.get_by_test_id("status")).to_contain_text(re.compile("kerio valley raiders", re.I))

        page.get_by_test_id("village-name").fill("Lokwamosing")
        page.get_by_test_id("village-pick").click()
        assert "picking" in page.locator("#map").get_attribute("class")
        kapedo = page.locator('.event-dot[data-event-id="FW-kenya"]').bounding_box()
        page.mouse.click(kapedo["x"] + 60, kapedo["y"] + 20)  # a point near Kapedo, off the marker
        expect(page.get_by_test_id("village-lat")).not_to_have_value("")
        lat = float(page.get_by_test_id("village-lat").input_value())
        lon = float(page.get_by_test_id("village-lon").input_value())
        assert 0 < lat < 3 and 35 < lon < 38
        assert page.get_by_test_id("village-cc").input_value() == "KE"  # guessed from the nearest city
        with page.expect_response("**/api/gazetteer") as resp:
            page.get_by_test_id("village-save").click()
        assert resp.value.status == 201, resp.value.text()
        assert resp.value.json()["place_id"].startswith("user:")
        found = page.request.get(url + "/api/places?q=Lokwamosing").json()
        assert any(abs(p["latitude"] - lat) < 1e-3 for p in found), found

        # the edit form takes an event's point from a click on the map too
        page.get_by_test_id("review-edit").click()
        page.get_by_test_id("place-pick").click()
        page.mouse.click(kapedo["x"] - 50, kapedo["y"] - 30)
        expect(page.get_by_test_id("edit-latitude")).not_to_have_value("1.18")
        assert abs(float(page.get_by_test_id("edit-latitude").input_value()) - 1.18) < 1
        assert not page.errors, page.errors
