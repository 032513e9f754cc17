"""A small hand-made events database (via the Store API) and a uvicorn server in a thread.

Shared by test_serve.py and test_browser.py, so both exercise the same data:
two outlets that disagree about one battle, events on several days, an
unlocated event, and an article whose text holds markup that must stay text.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from frontwire.model import Article, Claim, Contradiction, Event, EventMention, Evidence, Place
from frontwire.store import Store

SYR = "Military Forces of Syria (2000-)"
NLF = "NLF: National Liberation Front"
HTS = "HTS: Hayat Tahrir al Sham"
CIV = "Civilians (Syria)"

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

ARTICLES = {
    "a-opp": Article(
        id="a-opp",
        outlet="Opposition Wire",
        published="2020-01-08",
        title="Fighters repel attack on Samkha",
        url="https://example.org/opp/1",
        text=(
            "Fighters repel attack on Samkha\n\n"
            "The NLF said its fighters killed 12 regime soldiers near Samkha on Wednesday.\n\n"
            "Fighters still hold the village, the NLF added."
        ),
    ),
    "a-gov": Article(
        id="a-gov",
        outlet="State Wire",
        published="2020-01-08",
        title="Army advances near Smakha",
        url="javascript:alert(1)",  # a hostile url: must never become a clickable link
        text=(
            "Army advances near Smakha\n\n"
            "The Russian Reconciliation Center said 3 soldiers were killed in Smakha.\n\n"
            "The army regained control of Smakha, a military source said."
        ),
    ),
    "a-sarmin": Article(
        id="a-sarmin",
        outlet="State Wire",
        published="2020-01-10",
        title="Shelling on Sarmin",
        text="Shelling on Sarmin\n\nShelling hit Sarmin on Friday, killing 9 civilians, rescuers said.",
    ),
    "a-xss": Article(
        id="a-xss",
        outlet="Opposition Wire",
        published="2020-01-12",
        title="Markup " + XSS_SCRIPT,
        text=(
            "A report about markup.\n\n"
            f"Gunmen wrote {XSS_SCRIPT} on a wall in Binnish and {XSS_IMG} was found, killing 2.\n\n"
            "Nothing else happened."
        ),
    ),
}


def _ev(article_id: str, sentence: str) -> Evidence:
    text = ARTICLES[article_id].text
    start = text.index(sentence)
    return Evidence(article_id=article_id, sentence=sentence, start=start, end=start + len(sentence))


def _place(name: str, lat: float | None, lon: float | None) -> Place:
    return Place(
        text=name,
        name=name if lat is not None else None,
        place_id=f"test:{name}" if lat else None,
        latitude=lat,
        longitude=lon,
        country="Syria" if lat else None,
        admin1="Idleb" if lat else None,
        geo_precision=1 if lat else None,
    )


def _mention(mid: str, aid: str, etype: str, sub: str, date: str | None, place: Place, ev: Evidence) -> EventMention:
    return EventMention(
        article_id=aid,
        event_type=etype,
        sub_event_type=sub,
        event_date=date,
        date_precision="day",
        location_text=place.text,
        place=place,
        evidence=ev,
        outlet=ARTICLES[aid].outlet,
        mention_id=mid,
    )


def _event(
    eid: str,
    date: str | None,
    etype: str,
    sub: str,
    location: str,
    lat: float | None,
    lon: float | None,
    actor1: str | None,
    actor2: str | None,
    fatalities: int | None,
    articles: list[str],
    claims: list[Claim],
    contradictions: list[Contradiction],
    evidence: list[Evidence],
    mention_ids: list[str],
    notes: str = "",
) -> Event:
    return Event(
        event_id=eid,
        event_date=date,
        date_precision="day" if date else "unknown",
        event_type=etype,
        sub_event_type=sub,
        actor1=actor1,
        assoc_actor1=[],
        actor2=actor2,
        assoc_actor2=[],
        interaction=None,
        civilian_targeting=actor2 == CIV,
        country="Syria" if lat else None,
        admin1="Idleb" if lat else None,
        admin2="Idlib" if lat else None,  # the admin2 spelling of the same name: shown once
        location=location,
        latitude=lat,
        longitude=lon,
        place_id=f"test:{location}" if lat else None,
        geo_precision=1 if lat else None,
        fatalities=fatalities,
        fatalities_low=min((c.value for c in claims if c.field == "killed"), default=fatalities),
        fatalities_high=max((c.value for c in claims if c.field == "killed"), default=fatalities),
        injured=None,
        sources=sorted({ARTICLES[a].outlet for a in articles}),
        articles=articles,
        claims=claims,
        contradictions=contradictions,
        notes=notes,
        evidence=evidence,
        needs_review=lat is None,
        first_reported=min(ARTICLES[a].published for a in articles),
        mention_ids=mention_ids,
    )


def build_db(path: str) -> str:
    """Write the test dataset to a SQLite file at `path`; returns the path."""
    e_opp_kill = _ev("a-opp", "The NLF said its fighters killed 12 regime soldiers near Samkha on Wednesday.")
    e_opp_hold = _ev("a-opp", "Fighters still hold the village, the NLF added.")
    e_gov_kill = _ev("a-gov", "The Russian Reconciliation Center said 3 soldiers were killed in Smakha.")
    e_gov_ctrl = _ev("a-gov", "The army regained control of Smakha, a military source said.")
    e_sarmin = _ev("a-sarmin", "Shelling hit Sarmin on Friday, killing 9 civilians, rescuers said.")
    e_xss = _ev("a-xss", f"Gunmen wrote {XSS_SCRIPT} on a wall in Binnish and {XSS_IMG} was found, killing 2.")

    k_opp = Claim("killed", 12, None, "NLF", "Opposition Wire", "a-opp", e_opp_kill, victim=SYR)
    k_gov = Claim("killed", 3, None, "Russian Reconciliation Center", "State Wire", "a-gov", e_gov_kill, victim=SYR)
    c_opp = Claim("controls_location", NLF, None, "NLF", "Opposition Wire", "a-opp", e_opp_hold)
    c_gov = Claim("controls_location", SYR, None, "military source", "State Wire", "a-gov", e_gov_ctrl)
    samkha = _event(
        "FW-samkha",
        "2020-01-08",
        "Battles",
        "Government regains territory",
        "Samkha",
        35.7269,
        36.6836,
        SYR,
        NLF,
        3,
        ["a-gov", "a-opp"],
        [k_opp, k_gov, c_opp, c_gov],
        [
            Contradiction("killed", "NLF says 12 killed; the Russian Reconciliation Center says 3.", [k_opp, k_gov]),
            Contradiction(
                "controls_location",
                "NLF says it still holds Samkha; a military source says the army regained control.",
                [c_opp, c_gov],
            ),
        ],
        [e_gov_kill, e_opp_kill, e_gov_ctrl, e_opp_hold],
        ["m-opp-1", "m-gov-1"],
        notes="Fighting for Samkha; sources disagree on losses and control.",
    )
    k_sarmin = Claim("killed", 9, None, "rescuers", "State Wire", "a-sarmin", e_sarmin, victim=CIV)
    sarmin = _event(
        "FW-sarmin",
        "2020-01-10",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Sarmin",
        35.9,
        36.72,
        SYR,
        CIV,
        9,
        ["a-sarmin"],
        [k_sarmin],
        [],
        [e_sarmin],
        ["m-sarmin-1"],
    )
    # A different type on the Samkha day, far enough away not to cluster with it at low zoom.
    atarib = _event(
        "FW-atarib",
        "2020-01-08",
        "Violence against civilians",
        "Attack",
        "Atarib",
        36.1386,
        36.83,
        "Unidentified Armed Group (Syria)",
        CIV,
        1,
        ["a-opp"],
        [],
        [],
        [e_opp_hold],
        ["m-opp-2"],
    )
    nowhere = _event(
        "FW-nowhere",
        None,
        "Strategic developments",
        "Other",
        "somewhere in the countryside",
        None,
        None,
        HTS,
        None,
        None,
        ["a-gov"],
        [],
        [],
        [e_gov_ctrl],
        ["m-gov-2"],
    )
    k_xss = Claim("killed", 2, None, f"Gunmen {XSS_IMG}", "Opposition Wire", "a-xss", e_xss)
    xss = _event(
        "FW-xss",
        "2020-01-12",
        "Violence against civilians",
        "Attack",
        f"Binnish {XSS_SCRIPT}",
        35.9557,
        36.7106,
        f"Gunmen {XSS_IMG}",
        CIV,
        2,
        ["a-xss"],
        [k_xss],
        [],
        [e_xss],
        ["m-xss-1"],
        notes=f"Markup in the notes {XSS_SCRIPT}",
    )

    mentions = [
        _mention(
            "m-opp-1", "a-opp", "Battles", "Armed clash", "2020-01-08", _place("Samkha", 35.7269, 36.6836), e_opp_kill
        ),
        _mention(
            "m-gov-1",
            "a-gov",
            "Battles",
            "Government regains territory",
            "2020-01-08",
            _place("Smakha", 35.7269, 36.6836),
            e_gov_ctrl,
        ),
        _mention(
            "m-opp-2",
            "a-opp",
            "Violence against civilians",
            "Attack",
            "2020-01-08",
            _place("Atarib", 36.1386, 36.83),
            e_opp_hold,
        ),
        _mention(
            "m-gov-2",
            "a-gov",
            "Strategic developments",
            "Other",
            None,
            _place("somewhere in the countryside", None, None),
            e_gov_ctrl,
        ),
        _mention(
            "m-sarmin-1",
            "a-sarmin",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            "2020-01-10",
            _place("Sarmin", 35.9, 36.72),
            e_sarmin,
        ),
        _mention(
            "m-xss-1",
            "a-xss",
            "Violence against civilians",
            "Attack",
            "2020-01-12",
            _place("Binnish", 35.9557, 36.7106),
            e_xss,
        ),
    ]
    store = Store(path)
    try:
        store.save_articles_and_mentions(
            list(ARTICLES.values()),
            mentions,
            {"a-opp": {"stance": "pro-opposition"}, "a-gov": {"stance": "pro-government"}},
        )
        store.replace_events(set(), [samkha, sarmin, atarib, nowhere, xss])
        store.set_outlet_framing("Opposition Wire", {"stance": "pro-opposition", "terms": ["regime"]})
        store.set_outlet_framing("State Wire", {"stance": "pro-government", "terms": ["terrorists"]})
    finally:
        store.close()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(app) -> Iterator[str]:
    """Serve `app` with uvicorn in a background thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# ---------------------------------------------------------------- a world dataset
# Invented, illustrative reports (not real news): an attack in Kenya and a protest the next day
# told in one article, a clash in Mali placed only at its region's centre, and 24 short events
# in Idlib over 20 months on a few days (a long, sparse timeline; more rows than fit at once).

KENYA_TEXT = (
    "Raiders kill four herders near Kapedo\n\n"
    "Illustrative report: armed raiders killed four herders near Kapedo on Sunday, police said.\n\n"
    "On Monday residents marched in Lodwar to demand protection."
)
MALI_TEXT = (
    "Army post attacked in Mopti region\n\n"
    "Illustrative report: militants attacked an army post somewhere in Mopti region, the army said."
)
WORLD_ARTICLES = {
    "w-kenya": Article(id="w-kenya", outlet="Rift Valley Wire", published="2021-03-15", title=None, text=KENYA_TEXT),
    "w-mali": Article(id="w-mali", outlet="Sahel Desk", published="2021-03-20", title=None, text=MALI_TEXT),
    "w-idlib": Article(
        id="w-idlib",
        outlet="Idlib Notes",
        published="2021-03-01",
        title="Illustrative digest",
        text="\n\n".join(f"Illustrative item {i}: shelling was reported." for i in range(24)),
    ),
}
IDLIB_TOWNS = [
    ("Sarmin", 35.9, 36.72),
    ("Binnish", 35.9557, 36.7106),
    ("Ariha", 35.8126, 36.6107),
    ("Taftanaz", 35.99, 36.78),
]
IDLIB_DAYS = ["2019-07-02", "2019-07-03", "2019-11-20", "2020-06-01", "2020-06-02", "2021-02-27"]


def _wev(article_id: str, sentence: str) -> Evidence:
    text = WORLD_ARTICLES[article_id].text
    start = text.index(sentence)
    return Evidence(article_id=article_id, sentence=sentence, start=start, end=start + len(sentence))


def _world_event(eid: str, article_id: str, sentence: str, **kw) -> tuple[Event, EventMention]:
    art = WORLD_ARTICLES[article_id]
    ev = _wev(article_id, sentence)
    fields = dict(
        event_id=eid,
        date_precision="day",
        assoc_actor1=[],
        assoc_actor2=[],
        interaction=None,
        civilian_targeting=False,
        admin2=None,
        place_id=f"test:{kw.get('location')}",
        geo_precision=1,
        fatalities=None,
        fatalities_low=None,
        fatalities_high=None,
        injured=None,
        actor2=None,
        sources=[art.outlet],
        articles=[article_id],
        evidence=[ev],
        first_reported=art.published,
        mention_ids=[f"m-{eid}"],
    )
    fields.update(kw)
    e = Event(**fields)  # type: ignore[arg-type]
    place = Place(text=e.location, name=e.location, latitude=e.latitude, longitude=e.longitude, country=e.country)
    m = EventMention(
        article_id=article_id,
        event_type=e.event_type,
        sub_event_type=e.sub_event_type,
        event_date=e.event_date,
        date_precision="day",
        location_text=e.location,
        place=place,
        evidence=ev,
        outlet=art.outlet,
        mention_id=f"m-{eid}",
    )
    return e, m


def build_world_db(path: str) -> str:
    """Write the world dataset (Kenya, Mali and 24 Idlib events) to a SQLite file at `path`."""
    kill = "Illustrative report: armed raiders killed four herders near Kapedo on Sunday, police said."
    k_police = Claim("killed", 4, None, "police", "Rift Valley Wire", "w-kenya", _wev("w-kenya", kill))
    pairs = [
        _world_event(
            "FW-kenya",
            "w-kenya",
            kill,
            event_date="2021-03-14",
            event_type="Violence against civilians",
            sub_event_type="Attack",
            actor1="Unidentified Armed Group (Kenya)",
            actor2="Civilians (Kenya)",
            civilian_targeting=True,
            country="Kenya",
            admin1="Turkana",
            location="Kapedo",
            latitude=1.18,
            longitude=36.1,
            fatalities=4,
            fatalities_low=4,
            fatalities_high=4,
            claims=[k_police],
        ),
        _world_event(
            "FW-kenya-march",
            "w-kenya",
            "On Monday residents marched in Lodwar to demand protection.",
            event_date="2021-03-15",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            actor1="Protesters (Kenya)",
            country="Kenya",
            admin1="Turkana",
            location="Lodwar",
            latitude=3.119,
            longitude=35.597,
        ),
        _world_event(
            "FW-mali",
            "w-mali",
            "Illustrative report: militants attacked an army post somewhere in Mopti region, the army said.",
            event_date="2021-03-19",
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="Unidentified Armed Group (Mali)",
            actor2="Military Forces of Mali (2021-)",
            country="Mali",
            admin1="Mopti",
            location="Mopti region",
            latitude=14.5,
            longitude=-4.2,
            geo_precision=3,
            geo_note="approximate: Mopti region centre",
            needs_review=True,
        ),
    ]
    for i in range(24):
        town, lat, lon = IDLIB_TOWNS[i % len(IDLIB_TOWNS)]
        pairs.append(
            _world_event(
                f"FW-s{i:02d}",
                "w-idlib",
                f"Illustrative item {i}: shelling was reported.",
                event_date=IDLIB_DAYS[i % len(IDLIB_DAYS)],
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                actor1=SYR,
                actor2=CIV,
                country="Syria",
                admin1="Idleb",
                location=town,
                latitude=lat,
                longitude=lon,
                fatalities=i,
            )
        )
    store = Store(path)
    try:
        store.save_articles_and_mentions(list(WORLD_ARTICLES.values()), [m for _, m in pairs])
        store.replace_events(set(), [e for e, _ in pairs])
    finally:
        store.close()
    return path
