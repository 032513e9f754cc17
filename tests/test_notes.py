"""Event notes read like an analyst's note: no field names, figures with their kinds in words.

The events below are invented for these tests (illustrative, not real events).
"""

from __future__ import annotations

import dataclasses
import re

from frontwire.merge.actor_facts import current_facts
from frontwire.merge.notes import actor_name, readable_date, write_notes
from frontwire.model import Claim, Contradiction, Event

RUS, SYR = "Military Forces of Russia (2000-)", "Military Forces of Syria (2000-)"
HTS, CIV = "HTS: Hayat Tahrir al Sham", "Civilians (Syria)"
FIELDS = ("killed_or_injured", "controls_location", "sub_event_type", "occurred", "fatalities", "_")


def event(**kw) -> Event:
    base = dict(
        event_id="FW-test",
        event_date="2020-01-10",
        date_precision="day",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1=RUS,
        assoc_actor1=[],
        actor2=CIV,
        assoc_actor2=[],
        interaction=None,
        civilian_targeting=True,
        country="Syria",
        admin1="Idlib",
        admin2=None,
        location="Sarmin",
        latitude=35.9,
        longitude=36.72,
        place_id=None,
        geo_precision=1,
        fatalities=9,
        fatalities_low=9,
        fatalities_high=14,
        injured=None,
        sources=["Wire One", "Wire Two"],
        articles=["a1", "a2"],
    )
    return Event(**(base | kw))


def test_a_strike_with_rival_tolls_reads_as_a_note():
    e = event(
        claims=[
            Claim("killed", 9, claimant="Syrian Civil Defence", victim=CIV, outlet="Wire One"),
            Claim("killed", 14, kind="more than", claimant="military source", victim=HTS, outlet="Wire Two"),
            Claim("denied", True, claimant="military source", victim=CIV, outlet="Wire Two"),
        ],
        contradictions=[Contradiction("killed", "9 civilians or 14 fighters")],
    )
    notes = write_notes(e, current_facts())
    assert notes == (
        "On 10 January 2020, Military Forces of Russia struck Sarmin (Idlib) from the air. "
        "Syrian Civil Defence said 9 civilians were killed; a military source said more than 14 members of "
        "Hayat Tahrir al Sham were killed and denied that civilians were hit. Sources disagree on who was killed. "
        "Reported by Wire One and Wire Two."
    )


def test_vague_figures_control_and_disputes_in_words():
    e = event(
        event_type="Battles",
        sub_event_type="Non-state actor overtakes territory",
        actor1=HTS,
        actor2=SYR,
        location="Samkha",
        claims=[
            Claim("killed_or_injured", 12, kind="dozens", claimant="HTS", outlet="Wire One"),
            Claim("killed", 1, claimant="Wire Two", victim=SYR, outlet="Wire Two"),
            Claim("controls_location", SYR, kind="held", claimant="Wire Two", outlet="Wire Two"),
            Claim("occurred", False, claimant="Syrian army", outlet="Wire Two"),
        ],
        contradictions=[Contradiction("controls_location", "x"), Contradiction("sub_event_type", "y")],
    )
    notes = write_notes(e, current_facts())
    assert notes.startswith(
        "On 10 January 2020, Hayat Tahrir al Sham seized Samkha (Idlib) from Military Forces of Syria."
    )
    assert "dozens of people were killed or injured" in notes and "12" not in notes
    assert "said Military Forces of Syria held Samkha and 1 member of Military Forces of Syria was killed" in notes
    assert "denied it happened" in notes
    assert "Sources disagree on who holds Samkha and what happened." in notes
    for name in FIELDS:  # no field name leaks into the text
        assert name not in notes
    assert not re.search(r"\bkilled \d", notes)  # never "killed 12": figures come before what befell them


def test_dates_actor_names_and_an_event_without_claims():
    assert readable_date("2020-03-04") == "On 4 March 2020"
    assert readable_date("2020-03-04", "month") == "In March 2020"
    assert readable_date(None) == "On an unknown date"
    assert actor_name(SYR, "Syria") == "Military Forces of Syria"
    assert actor_name("Unidentified Armed Group (Syria)", "Syria") == "an unidentified armed group"
    assert actor_name("Opposition Rebels (Lebanon)", "Syria") == "opposition rebels"
    e = dataclasses.replace(
        event(), sub_event_type="Arrests", event_type="Strategic developments", actor1=SYR, actor2=None, sources=[]
    )
    assert (
        write_notes(e, current_facts())
        == "On 10 January 2020, Military Forces of Syria made arrests in Sarmin (Idlib)."
    )
