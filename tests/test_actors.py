"""The actor table (frontwire.actors): one load per file, shared by extraction and export;
FRONTWIRE_ACTORS honoured in exported inter codes; clear errors for bad files; and the
ACLED CSV's protection against formula injection."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

import frontwire.actors as actors
from frontwire import export, mentions
from frontwire.actors import ActorFileError, actor_table, clear_actor_tables
from frontwire.export import export_events
from frontwire.model import Event, InputError
from frontwire.settings import Settings

SRC = Path(__file__).resolve().parents[1] / "src" / "frontwire"
TIP = "TIP: Turkistan Islamic Party"
SYR = "Military Forces of Syria (2000-)"


@pytest.fixture(autouse=True)
def fresh_tables(monkeypatch):
    monkeypatch.delenv("FRONTWIRE_ACTORS", raising=False)
    clear_actor_tables()
    yield
    clear_actor_tables()


def event(**kw) -> Event:
    base = dict(
        event_id="e1",
        event_date="2020-01-22",
        date_precision="day",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=TIP,
        assoc_actor1=[],
        actor2=SYR,
        assoc_actor2=[],
        interaction=None,
        civilian_targeting=False,
        country="Syria",
        admin1="Idlib",
        admin2=None,
        location="Abu Jreif",
        latitude=35.9,
        longitude=36.8,
        place_id=None,
        geo_precision=2,
        fatalities=3,
        fatalities_low=3,
        fatalities_high=3,
        injured=None,
        sources=["Wire A"],
        articles=["a1"],
        claims=[],
        contradictions=[],
        notes="A clash.",
        evidence=[],
        needs_review=False,
        first_reported=None,
        mention_ids=["m1"],
    )
    base.update(kw)
    return Event(**base)


def csv_rows(tmp_path, events) -> list[dict[str, str]]:
    p = tmp_path / "events.csv"
    export_events(events, "acled-csv", str(p), timestamp=1)
    with open(p, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(tmp_path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


# ---------------------------------------------------------------- one table, loaded once


def test_actors_file_is_read_once_for_extraction_and_export(monkeypatch, tmp_path):
    reads = []
    real = actors.read_text
    monkeypatch.setattr(actors, "read_text", lambda *a, **k: reads.append(a) or real(*a, **k))
    assert actor_table() is actor_table()
    assert mentions.actor_info(TIP)["inter"] == 2
    assert mentions.countries()["syria"]["military"] == SYR
    assert csv_rows(tmp_path, [event()])[0]["inter1"] == "2"
    assert actor_table(Settings.default()) is actor_table()
    assert len(reads) == 1


def test_table_answers_what_extraction_merge_and_export_ask():
    t = actor_table()
    assert t.entry(SYR).side == "government" and t.kind(SYR) == "state" and t.inter(SYR) == 1
    assert t.entry("Opposition Rebels (Syria)").generic  # a templated name finds its template
    assert t.entry("opposition rebels (syria)") is None  # `entry` is exact...
    assert t.lookup("opposition rebels (syria)") is t.entry("Opposition Rebels (Syria)")  # ...`lookup` forgiving
    assert t.lookup("military forces of syria") is t.entry(SYR)
    assert t.alias("regime forces") is t.entry(SYR) and t.canonical("the Front") == "NLF: National Liberation Front"
    assert t.members("Fateh al Mubin Operations Room") >= {"HTS: Hayat Tahrir al Sham"}
    assert t.is_member("hts: hayat tahrir al sham", "Fateh al Mubin Operations Room")
    assert t.force_country("Military Forces of the United States (2021-)") == "United States"
    assert t.country("sy")["name"] == t.country("SYRIA")["name"] == t.theatre()["name"]


def test_inter_codes_follow_acled_rules_for_unknown_actors(monkeypatch, tmp_path):
    bare = write(tmp_path, "bare.yaml", "- {name: Foo Brigade, type: militia, inter: 4}\n")
    monkeypatch.setenv("FRONTWIRE_ACTORS", bare)
    t = actor_table()
    assert t.inter("Foo Brigade") == 4
    assert [t.inter(f"{p} (Syria)") for p in ("Civilians", "Protesters", "Rioters", "Unidentified Armed Group")] == [
        7,
        6,
        5,
        3,
    ]
    assert t.inter("Unknown Newcomers") is None
    # state forces: 1 in their own country, 8 abroad (the theatre unless the event says otherwise)
    assert t.inter(SYR) == 1 and t.inter("Military Forces of Iraq (2022-)") == 8
    assert t.inter(SYR, "Turkey") == 8 and t.inter("Military Forces of Turkey (2016-)", "Turkey") == 1


def test_theatre_comes_from_settings():
    s = Settings.default().replace(theatre_country="Turkey", theatre_iso2="TR")
    t = actor_table(s)
    rebels = t.entry("Opposition Rebels (Syria)")
    assert t.resolve(rebels, None) == "Opposition Rebels (Turkey)"
    assert t.inter(SYR) == 8 and t.inter("Military Forces of Turkey (2016-)") == 1
    assert actor_table().resolve(rebels, None) == "Opposition Rebels (Syria)"  # the shipped default


def test_generic_actors_take_the_country_of_the_event_listed_or_not():
    t = actor_table()
    police, rebels = t.alias("police"), t.alias("gunmen")
    assert t.resolve(police, "Kenya") == "Police Forces of Kenya (2022-)"  # countries.yaml's ACLED name
    # a country countries.yaml lacks: ACLED's naming rule, never the theatre's forces
    assert t.resolve(police, "Fiji") == "Police Forces of Fiji"
    assert t.resolve(rebels, "Fiji") == "Unidentified Armed Group (Fiji)"
    assert t.inter("Police Forces of Fiji", "Fiji") == 1 and t.inter("Police Forces of Fiji") == 8
    assert t.demonym_country("Malian") == "Mali" and t.demonym_country("Burkinabe") == "Burkina Faso"
    assert t.demonym_country("Martian") is None
    assert "malian soldiers" in t.entry("Military Forces of Mali (2021-)").aliases


def test_civilians_are_named_by_their_roles():
    t = actor_table()
    civ = t.alias("civilians")
    for noun in ("passengers", "worshippers", "students", "shoppers", "farmers", "villagers", "pilgrims"):
        assert t.alias(noun) is civ, noun
    for noun in ("commuters", "herders", "displaced people", "refugees", "patients", "mourners", "traders"):
        assert t.alias(noun) is civ, noun


# ---------------------------------------------------------------- FRONTWIRE_ACTORS in exports


def test_frontwire_actors_override_reaches_export_inter_codes(monkeypatch, tmp_path):
    assert csv_rows(tmp_path, [event()])[0]["inter1"] == "2"
    own = write(
        tmp_path, "mine.yaml", f"- name: '{TIP}'\n  type: militia\n  inter: 3\n  side: opposition\n  aliases: [tip]\n"
    )
    monkeypatch.setenv("FRONTWIRE_ACTORS", own)
    row = csv_rows(tmp_path, [event()])[0]
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("3", "1", "13")
    assert mentions.actor_info(TIP)["inter"] == 3  # extraction reads the same table


def test_rebels_have_an_inter_code_in_exports(tmp_path):
    # Before the actor table, export left inter blank for "Opposition Rebels (Syria)".
    row = csv_rows(tmp_path, [event(actor1=SYR, actor2="Opposition Rebels (Syria)")])[0]
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("1", "2", "12")


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    "text, problem",
    [
        ("- name: [unclosed\n", "not valid YAML at line"),
        ("just a string\n", "expected a list of actors"),
        ("- name: Foo\n  type: rebel\n", "entry 1 (Foo): `inter` must be an ACLED inter code"),
        (
            "- {name: Foo, type: rebel, inter: 2}\n- {type: rebel, inter: 2}\n",
            "entry 2: needs a `name` or a `template`",
        ),
        ("- {template: 'Foo ({province})', type: rebel, inter: 2}\n", "unknown placeholder {province}"),
        ("- {name: Foo, type: rebel, inter: 2, aliases: foo}\n", "must be lists"),
    ],
)
def test_bad_actors_file_names_the_file(monkeypatch, tmp_path, text, problem):
    path = write(tmp_path, "bad.yaml", text)
    monkeypatch.setenv("FRONTWIRE_ACTORS", path)
    with pytest.raises(ActorFileError) as err:
        actor_table()
    assert isinstance(err.value, InputError) and err.value.path.endswith("bad.yaml")
    assert str(err.value).startswith(str(Path(path).resolve())) and problem in str(err.value)


def test_missing_actors_file(tmp_path):
    with pytest.raises(ActorFileError, match="nowhere.yaml: cannot read the actors file"):
        actor_table(Settings.default().replace(actors_path=str(tmp_path / "nowhere.yaml")))


# ---------------------------------------------------------------- CSV formula injection


def test_csv_cells_that_look_like_formulas_are_escaped(tmp_path):
    e = event(
        notes='=HYPERLINK("http://x")',
        location="+Ariha",
        admin1="-2+3",
        admin2="@SUM(A1)",
        sources=["\tWire", "\rWire"],
        latitude=-0.5,
        longitude=-1.5,
        fatalities=0,
    )
    row = csv_rows(tmp_path, [e])[0]
    assert row["notes"] == '\'=HYPERLINK("http://x")'
    assert (row["location"], row["admin1"], row["admin2"]) == ("'+Ariha", "'-2+3", "'@SUM(A1)")
    assert row["source"] == "'\tWire; \rWire"
    assert (row["latitude"], row["longitude"], row["fatalities"]) == ("-0.5", "-1.5", "0")  # numbers untouched


def test_csv_leaves_ordinary_cells_alone(tmp_path):
    row = csv_rows(tmp_path, [event(notes="Shelling - then a raid = 2 dead", location="Kafr Nabl")])[0]
    assert (row["notes"], row["location"]) == ("Shelling - then a raid = 2 dead", "Kafr Nabl")
    assert export._csv_safe("-1.5") == "-1.5" and export._csv_safe(-3) == -3 and export._csv_safe("-x") == "'-x"


# ---------------------------------------------------------------- vocabulary is data


def test_no_theatre_constants_in_code():
    for name in ("mentions.py", "export.py", "actors.py"):
        tree = ast.parse((SRC / name).read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert "Syria" not in node.value and node.value != "SY", (name, node.value)


def test_language_files_say_what_they_hold_and_where_from():
    files = sorted((SRC / "data" / "en").glob("*.yaml"))
    assert {f.name for f in files} >= {"dates.yaml", "numbers.yaml", "casualties.yaml", "claimants.yaml"}
    for f in files:
        head = f.read_text(encoding="utf-8").split("\n\n")[0].lower()
        # where the words came from: written or compiled by the team (no file copied from elsewhere)
        said = head.replace("\n# ", " ")
        assert head.startswith("#"), f.name
        assert any(f"{verb} by the frontwire team" in said for verb in ("written", "compiled")), f.name
