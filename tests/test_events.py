"""Event coding on short reports written for these tests (not real news).

Each case is one small report with the fields an ACLED coder would record.
They cover the sub-types that appear in conflict news and the phrasings the
seed reports do not show (passives, "backed by", pronoun subjects, lists).
"""

from __future__ import annotations

import pytest

from frontwire.events import extract_events
from frontwire.model import Article
from frontwire.nlp import parse

SYR = "Military Forces of Syria (2000-)"
RUS = "Military Forces of Russia (2000-)"
TUR = "Military Forces of Turkey (2016-)"
REB = "Opposition Rebels (Syria)"
HTS = "HTS: Hayat Tahrir al Sham"
CIV = "Civilians (Syria)"
UNK = "Unidentified Armed Group (Syria)"

# (report text, publication date, expected: list of (sub_event_type, actor1, actor2, location, date))
CASES = [
    (
        "Russian warplanes carried out airstrikes on the town of Ariha on Tuesday.",
        "2020-02-05",
        [("Air/drone strike", RUS, REB, "Ariha", "2020-02-04")],
    ),
    (
        "Syrian regime helicopters dropped barrel bombs on Kafranbel today.",
        "2019-06-10",
        [("Air/drone strike", SYR, REB, "Kafranbel", "2019-06-10")],
    ),
    (
        "A Turkish drone struck a vehicle near Tell Rifaat yesterday.",
        "2021-03-03",
        [("Air/drone strike", TUR, None, "Tell Rifaat", "2021-03-02")],
    ),
    (
        "Government forces shelled the villages of Kansafra and Sarjah on Monday.",
        "2021-07-21",
        [
            ("Shelling/artillery/missile attack", SYR, REB, "Kansafra", "2021-07-19"),
            ("Shelling/artillery/missile attack", SYR, REB, "Sarjah", "2021-07-19"),
        ],
    ),
    (
        "Assad's forces pounded the town of Sarmin with artillery and rockets on Saturday.",
        "2020-01-27",
        [("Shelling/artillery/missile attack", SYR, REB, "Sarmin", "2020-01-25")],
    ),
    (
        "Opposition factions targeted regime positions in Kafr Nabl with mortar shells today.",
        "2019-05-20",
        [("Shelling/artillery/missile attack", REB, SYR, "Kafr Nabl", "2019-05-20")],
    ),
    (
        "A suicide bomber blew himself up at a checkpoint in Azaz on Friday, killing four soldiers.",
        "2019-09-09",
        [("Suicide bomb", None, None, "Azaz", "2019-09-06")],
    ),
    (
        "An improvised explosive device exploded in the town of Al Bab today, killing three civilians.",
        "2021-04-12",
        [("Remote explosive/landmine/IED", None, CIV, "Al Bab", "2021-04-12")],
    ),
    (
        "A landmine exploded near the village of Khan Sheikhoun yesterday, wounding two shepherds.",
        "2020-11-02",
        [("Remote explosive/landmine/IED", None, CIV, "Khan Sheikhoun", "2020-11-01")],
    ),
    (
        "Clashes broke out between HTS and the Syrian army near Saraqib on Sunday.",
        "2020-02-24",
        [("Armed clash", HTS, SYR, "Saraqib", "2020-02-23")],
    ),
    (
        "Fighters of Hayat Tahrir al-Sham clashed with regime forces on the outskirts of Kafr Nabl today.",
        "2020-02-24",
        [("Armed clash", HTS, SYR, "Kafr Nabl", "2020-02-24")],
    ),
    (
        "The Syrian army regained control of the town of Khan Sheikhoun on Wednesday.",
        "2019-08-23",
        [("Government regains territory", SYR, REB, "Khan Sheikhoun", "2019-08-21")],
    ),
    (
        "Government forces recaptured the villages of Maar Shurin and Talmenes today.",
        "2020-01-29",
        [
            ("Government regains territory", SYR, REB, "Maar Shurin", "2020-01-29"),
            ("Government regains territory", SYR, REB, "Talmenes", "2020-01-29"),
        ],
    ),
    (
        "Opposition fighters took control of the town of Saraqib on Thursday.",
        "2020-02-28",
        [("Non-state actor overtakes territory", REB, SYR, "Saraqib", "2020-02-27")],
    ),
    (
        "Hayat Tahrir al-Sham seized the village of Nayrab on Monday after fierce fighting.",
        "2020-02-26",
        [("Non-state actor overtakes territory", HTS, SYR, "Nayrab", "2020-02-24")],
    ),
    (
        "The village of Kafr Nabl was taken by the Syrian army today.",
        "2020-02-25",
        [("Government regains territory", SYR, REB, "Kafr Nabl", "2020-02-25")],
    ),
    (
        "Gunmen shot dead a civilian in the town of Atarib yesterday.",
        "2021-05-05",
        [("Attack", UNK, CIV, "Atarib", "2021-05-04")],
    ),
    (
        "Unidentified gunmen kidnapped two civilians in the town of Sarmada on Thursday.",
        "2021-05-08",
        [("Abduction/forced disappearance", UNK, CIV, "Sarmada", "2021-05-06")],
    ),
    (
        "Hayat Tahrir al-Sham arrested three activists in the city of Idlib today.",
        "2021-05-05",
        [("Arrests", HTS, None, "Idlib", "2021-05-05")],
    ),
    (
        "Hundreds of residents protested in the town of Binnish on Friday against the shelling.",
        "2020-03-01",
        [("Peaceful protest", "Protesters (Syria)", None, "Binnish", "2020-02-28")],
    ),
    (
        "Russian aircraft bombed the outskirts of Jisr al-Shughur this morning.",
        "2019-07-01",
        [("Air/drone strike", RUS, REB, "Jisr al-Shughur", "2019-07-01")],
    ),
    (
        "Regime artillery shelled Maarat al-Numan on Sunday, killing five civilians, according to the civil defence.",
        "2019-12-23",
        [("Shelling/artillery/missile attack", SYR, CIV, "Maarat al-Numan", "2019-12-22")],
    ),
    (
        "Syrian government forces backed by Russian warplanes took control of the town of Kafr Nabl today.",
        "2020-02-25",
        [("Government regains territory", SYR, REB, "Kafr Nabl", "2020-02-25")],
    ),
    (
        "Rebels repelled an attack by regime forces on the village of Tell Rifaat on Wednesday.",
        "2019-05-24",
        [("Armed clash", SYR, REB, "Tell Rifaat", "2019-05-22")],
    ),
    (
        "The army thwarted an infiltration attempt by terrorists near Jisr al-Shughur today.",
        "2019-05-24",
        [("Armed clash", REB, SYR, "Jisr al-Shughur", "2019-05-24")],
    ),
    (
        "Turkish forces shelled positions of the Syrian Democratic Forces in Tell Rifaat on Saturday.",
        "2019-10-14",
        [("Shelling/artillery/missile attack", TUR, "SDF: Syrian Democratic Forces", "Tell Rifaat", "2019-10-12")],
    ),
    (
        "Opposition factions withdrew from the town of Maarat al-Numan on Tuesday.",
        "2020-01-30",
        [("Government regains territory", SYR, REB, "Maarat al-Numan", "2020-01-28")],
    ),
    (
        "A car bomb exploded in the city of Azaz today, killing seven people.",
        "2021-06-01",
        [("Remote explosive/landmine/IED", None, None, "Azaz", "2021-06-01")],
    ),
    (
        "Russian warplanes launched raids on the town of Ariha at dawn today, killing a child.",
        "2020-02-20",
        [("Air/drone strike", RUS, None, "Ariha", "2020-02-20")],
    ),
    (
        "The Syrian army shot down a drone near Jurin yesterday.",
        "2021-07-10",
        [("Disrupted weapons use", SYR, None, "Jurin", "2021-07-09")],
    ),
    (
        "Security forces opened fire on protesters in Sweida on Sunday, killing one demonstrator.",
        "2020-06-14",
        [
            (
                "Excessive force against protesters",
                "Protesters (Syria)",
                "Police Forces of Syria (2000-)",
                "Sweida",
                "2020-06-14",
            )
        ],
    ),
    (
        "Hundreds of residents of Daraa took to the streets on Friday to protest against conscription.",
        "2020-06-12",
        [("Peaceful protest", "Protesters (Syria)", None, "Daraa", "2020-06-12")],
    ),
    (
        "Turkish-backed fighters and the SDF clashed in the village of Umm al-Kayf on Tuesday.",
        "2019-10-15",
        [("Armed clash", "SNA: Syrian National Army", "SDF: Syrian Democratic Forces", "Umm al-Kayf", "2019-10-15")],
    ),
    (
        "Unknown gunmen assassinated a former opposition commander in the town of Tafas on Wednesday.",
        "2020-08-20",
        [("Armed clash", UNK, REB, "Tafas", "2020-08-19")],
    ),
    (
        "A landmine exploded in a field near Maarat al-Numan yesterday, killing a farmer.",
        "2021-09-09",
        [("Remote explosive/landmine/IED", None, CIV, "Maarat al-Numan", "2021-09-08")],
    ),
    (
        "Russian forces shelled residential areas of Kharkiv on Wednesday, killing at least 21 civilians.",
        "2022-03-03",
        [("Shelling/artillery/missile attack", RUS, "Civilians (Ukraine)", "Kharkiv", "2022-03-02")],
    ),
    (
        "Regime forces captured the villages of Kafr Halab and Mizanaz on Saturday after heavy Russian air strikes.",
        "2020-02-15",
        [
            ("Government regains territory", SYR, REB, "Kafr Halab", "2020-02-15"),
            ("Government regains territory", SYR, REB, "Mizanaz", "2020-02-15"),
        ],
    ),
    (
        "Dozens of civilians were killed and wounded in Russian air raids on the towns of Kafranbel and Khan "
        "Sheikhoun today.",
        "2019-05-30",
        [
            ("Air/drone strike", RUS, CIV, "Kafranbel", "2019-05-30"),
            ("Air/drone strike", RUS, CIV, "Khan Sheikhoun", "2019-05-30"),
        ],
    ),
    (
        "Russian jets carried out airstrikes on Sarmin, while clashes continued near Saraqib between HTS and regime "
        "forces on Monday.",
        "2020-02-03",
        [("Air/drone strike", RUS, REB, "Sarmin", "2020-02-03"), ("Armed clash", HTS, SYR, "Saraqib", "2020-02-03")],
    ),
    (
        "Government shelling killed 15 civilians in the town of Maarat Misrin on Thursday, according to the White "
        "Helmets.",
        "2020-03-06",
        [("Shelling/artillery/missile attack", SYR, CIV, "Maarat Misrin", "2020-03-05")],
    ),
    (
        "An explosion targeted a joint Russian-Turkish patrol on the M4 highway near Ariha on Tuesday.",
        "2020-07-14",
        [("Remote explosive/landmine/IED", None, None, "Ariha", "2020-07-14")],
    ),
    (
        "Syrian government forces shelled Kansafra on Wednesday, residents said.",
        "2021-07-22",
        [("Shelling/artillery/missile attack", SYR, REB, "Kansafra", "2021-07-21")],
    ),
    (
        "BEIRUT (Wire) - Syrian government forces captured the town of Saraqib on Saturday, a monitor said.",
        "2020-02-08",
        [("Government regains territory", SYR, REB, "Saraqib", "2020-02-08")],
    ),
    (
        "Fighters of Hayat Tahrir al-Sham dispersed a protest in Maarat Misrin with live fire on Thursday, wounding "
        "two protesters.",
        "2020-05-15",
        [("Excessive force against protesters", "Protesters (Syria)", HTS, "Maarat Misrin", "2020-05-14")],
    ),
    (
        "Turkish forces and allied factions shelled the outskirts of Ain Issa on Wednesday, while the SDF responded.",
        "2020-12-10",
        [("Shelling/artillery/missile attack", TUR, None, "Ain Issa", "2020-12-09")],
    ),
    ("Regime forces will attack the town of Ariha next week, a commander warned.", "2020-02-20", []),
    ("Shelling has become a daily occurrence in Jabal al-Zawiya, residents say.", "2021-07-20", []),
    (
        "Thousands of civilians have fled Maarat al-Numan in recent days as regime forces approach the city.",
        "2019-12-24",
        [],
    ),
    (
        "Idlib has been the last opposition stronghold since government forces recaptured Aleppo in 2016.",
        "2020-03-06",
        [],
    ),
    (
        "Since the beginning of the year, government forces have taken more than 30 villages in southern Idlib.",
        "2020-02-20",
        [],
    ),
    ("The army liberated the city of Aleppo in 2016.", "2020-02-20", []),
    # a superlative's "since <year>" measures today's event against the past; it dates nothing
    (
        "Gunmen killed 12 villagers in Maru in Zamfara on Tuesday, the deadliest attack in the area since 2021.",
        "2023-05-04",
        [("Attack", None, None, "Maru", "2023-05-02")],
    ),
    ("Since 2019, fighting around Maru has killed more than 5,000 people.", "2023-05-04", []),
]


def _code(text: str, published: str | None):
    art = Article(id="t", text=text, published=published, outlet="test outlet")
    ((a, paras),) = list(parse([art]))
    return extract_events(a, paras)


@pytest.mark.parametrize("text,published,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_event_coding(text, published, expected):
    found = _code(text, published)
    got = {(m.sub_event_type, m.location_text) for m in found}
    want = {(sub, loc) for sub, _, _, loc, _ in expected}
    assert want <= got, f"missing {want - got}; got {got}"
    if not expected:
        assert not found, f"background sentence coded as {got}"
    for sub, a1, a2, loc, day in expected:
        m = next(m for m in found if (m.sub_event_type, m.location_text) == (sub, loc))
        if a1:
            assert m.actor1 == a1, (loc, m.actor1)
        if a2:
            assert m.actor2 == a2, (loc, m.actor2)
        assert m.event_date == day


def test_casualty_claims_keep_claimant_and_victim():
    found = _code(
        "Russian Reconciliation Center said the attack on army positions near Saraqib on Wednesday "
        "killed 12 soldiers and injured 30 others.",
        "2020-02-20",
    )
    claims = [c for m in found for c in m.claims if c.field in ("killed", "injured")]
    assert {(c.field, c.value) for c in claims} == {("killed", 12), ("injured", 30)}
    assert all(c.claimant == "Russian Reconciliation Center" for c in claims)


def test_killed_and_wounded_together_is_not_fatalities():
    found = _code(
        "Opposition factions said they killed and wounded dozens of regime fighters in clashes near Saraqib today.",
        "2020-02-20",
    )
    fields = {c.field for m in found for c in m.claims}
    assert "killed_or_injured" in fields and "killed" not in fields


def test_no_publication_date_uses_date_in_text():
    found = _code("On 8 January 2020, government forces shelled the town of Sarmin.", None)
    assert found and found[0].event_date == "2020-01-08"


def test_no_date_at_all_stays_unknown():
    found = _code("Government forces shelled the town of Sarmin.", None)
    assert found and found[0].event_date is None and found[0].date_precision == "unknown"


def test_backers_are_associated_actors():
    found = _code(
        "Syrian government forces backed by Russian warplanes took control of the town of Kafr Nabl today.",
        "2020-02-25",
    )
    assert found[0].actor1 == SYR and found[0].assoc_actor1 == [RUS]


def test_coalition_members_become_associated_actors():
    found = _code(
        "The Fateh al-Mubin operations room shelled army positions in Saraqib on Monday. The operations "
        "room includes Hayat Tahrir al-Sham, the National Liberation Front and Jaysh al-Izza.",
        "2021-07-20",
    )
    ev = next(m for m in found if m.location_text == "Saraqib")
    assert ev.actor1 == "Fateh al Mubin Operations Room"
    assert set(ev.assoc_actor1) == {HTS, "NLF: National Liberation Front", "Jaysh al Izza"}


def test_dateline_city_is_not_an_event_place():
    found = _code("BEIRUT (Wire) - Government forces shelled the town of Sarmin on Monday.", "2020-02-04")
    assert {m.location_text for m in found} == {"Sarmin"}


def test_toll_sentence_joins_the_strike_told_just_before():
    found = _code(
        "Regime helicopters dropped barrel bombs on the town of Kafr Nabudah on Monday. Two civilians "
        "were killed in Kafr Nabudah.",
        "2019-05-06",
    )
    assert len(found) == 1 and found[0].sub_event_type == "Air/drone strike"
    assert [(c.field, c.value) for c in found[0].claims if c.field == "killed"] == [("killed", 2)]
    assert found[0].actor2 == CIV


@pytest.mark.parametrize(
    "published, coded",
    [
        ("2020-02-26", True),  # the day before publication
        ("2020-02-24", True),  # a day ahead: time zones and late datelines
        ("2020-02-10", False),  # two weeks ahead: a plan, or a wrong year
        ("2019-01-06", False),
    ],
)
def test_dates_after_publication_are_not_events(published, coded):
    found = _code("On 25 February 2020, government forces took control of the town of Saraqib.", published)
    assert bool(found) == coded
    if coded:
        assert found[0].event_date == "2020-02-25"
