"""map.html: self-contained, offline, legend and data present, no injection from news text."""

from __future__ import annotations

import json
import re

from frontwire.mapview import write_map
from frontwire.model import Claim, Event, Evidence


def make_event(eid: str, evidence: str, etype: str = "Battles", lat: float | None = 35.93) -> Event:
    ev = Evidence(article_id="a1", sentence=evidence, start=0, end=len(evidence))
    return Event(
        event_id=eid,
        event_date="2020-02-18",
        date_precision="day",
        event_type=etype,
        sub_event_type="Armed clash",
        actor1="<b>HTS</b>",
        assoc_actor1=[],
        actor2="Military Forces of Syria (2000-)",
        assoc_actor2=[],
        interaction="12",
        civilian_targeting=False,
        country="Syria",
        admin1="Idlib",
        admin2=None,
        location="Ariha</script><script>alert(2)</script>",
        latitude=lat,
        longitude=36.6 if lat else None,
        place_id=None,
        geo_precision=1,
        fatalities=None,
        fatalities_low=None,
        fatalities_high=None,
        injured=None,
        sources=["Outlet <i>A</i>"],
        articles=["a1"],
        claims=[Claim(field="killed", value=20, kind="more than", claimant="military source", outlet="Outlet A")],
        evidence=[ev],
    )


def test_map_is_self_contained_and_escaped(tmp_path):
    evil = 'Clashes near Ariha <script>alert("x")</script> & <img src=x onerror=alert(1)>'
    events = [
        make_event("e1", evil),
        make_event("e2", "Shelling.", "Explosions/Remote violence"),
        make_event("e3", "Nowhere.", lat=None),
    ]
    out = tmp_path / "sub" / "map.html"
    write_map(events, str(out))
    page = out.read_text("utf-8")
    assert "<script>alert" not in page
    assert "onerror=alert" not in page.replace("\\u003cimg src=x onerror=alert(1)\\u003e", "")
    assert "</script><script>alert(2)" not in page
    # nothing loaded from the network: no external scripts, stylesheets or tiles
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=", page)
    assert "L.map" in page and "leaflet" in page.lower() and "markerClusterGroup" in page
    m = re.search(r'<script type="application/json" id="fw-data">(.*?)</script>', page, re.S)
    data = json.loads(m.group(1))
    assert data["events"][0]["evidence"] == [evil]  # the text survives intact as data
    assert set(data["colours"]) == {"Battles", "Explosions/Remote violence"}
    assert data["tiles"] is None
    assert "textContent" in page and "innerHTML" not in page.split('id="fw-data"')[1]


def test_empty_map(tmp_path):
    out = tmp_path / "map.html"
    write_map([], str(out))
    assert "fw-data" in out.read_text("utf-8")


def test_map_has_world_context_offline(tmp_path):
    """Countries (Natural Earth) and city labels are inlined; an approximate point is flagged with its note."""
    exact = make_event("e1", "Clashes.")
    approx = make_event("e2", "Shelling.", "Explosions/Remote violence")
    approx.geo_precision = 3
    approx.geo_note = "approximate: Idlib governorate centre"
    kenya = make_event("e3", "Illustrative: cattle raiders attacked a village.", "Violence against civilians", lat=-1.5)
    out = tmp_path / "map.html"
    write_map([exact, approx, kenya], str(out))
    page = out.read_text("utf-8")
    world = json.loads(re.search(r'<script type="application/json" id="fw-world">(.*?)</script>', page, re.S).group(1))
    assert world["type"] == "Topology" and len(world["objects"]["countries"]["geometries"]) > 200
    assert "topojson" in page and "Natural Earth" in page
    data = json.loads(re.search(r'<script type="application/json" id="fw-data">(.*?)</script>', page, re.S).group(1))
    names = {c[0] for c in data["cities"]}
    assert {"Nairobi", "Damascus", "Bamako"} <= names
    by_id = {e["id"]: e for e in data["events"]}
    assert by_id["e1"]["approx"] is False and by_id["e1"]["geo_note"] is None
    assert by_id["e2"]["approx"] is True and by_id["e2"]["geo_note"] == "approximate: Idlib governorate centre"
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=", page)
