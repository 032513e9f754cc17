"""The geocoder's theatre comes from the settings: another country, another preference."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from frontwire.geo import Geocoder, GeoContext, score_toponyms
from frontwire.geo.gazetteer import Gazetteer
from frontwire.geo.tables import loose_countries
from frontwire.model import InputError
from frontwire.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
KENYA = Settings.default().replace(theatre_country="Kenya", theatre_iso2="KE")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(use_extra=False)


@pytest.fixture(scope="module")
def syria(gaz) -> Geocoder:
    return Geocoder(gaz)


@pytest.fixture(scope="module")
def kenya(gaz) -> Geocoder:
    return Geocoder(gaz, settings=KENYA)


def test_default_theatre_comes_from_the_settings(syria):
    assert syria.settings == Settings.default()
    assert syria.theatre.iso2 == Settings.default().theatre_iso2
    assert syria.theatre.country == Settings.default().theatre_country


@pytest.mark.parametrize("name", ["Hola", "Shaka", "Tabaka"])
def test_ambiguous_short_name_prefers_the_theatres_homonym(syria, kenya, name):
    # Each name is a small town in Kenya and a town in Syria; nothing else tells them apart.
    assert kenya.resolve(name).country == "Kenya"
    assert kenya.lookup(name)[0].entry.country == "KE"
    assert syria.resolve(name).country == "Syria"
    assert syria.lookup(name)[0].entry.country == "SY"


def test_the_articles_country_beats_the_theatre(kenya):
    assert kenya.resolve("Hola", GeoContext(country="Syria")).country == "Syria"
    assert kenya.resolve("Hola", GeoContext(country="KE")).country == "Kenya"


def test_small_towns_of_the_theatre_are_detected_in_text(syria, kenya):
    text = "Police said gunmen attacked Mpeketoni on Monday."
    assert [t for _, _, t in kenya.find_toponyms(text)] == ["Mpeketoni"]
    assert syria.find_toponyms(text) == []  # a small far-away town: not detected in running text


def test_admin_units_are_the_theatres(syria, kenya):
    unit = syria.admin_unit("admin1", "Idlib")
    assert unit is not None and unit.feature == "admin1" and unit.country == "SY"
    assert kenya.admin_unit("admin1", "Idlib") is None  # the shipped gazetteer has no Kenyan admin units


def test_loose_countries_are_data_or_the_theatre_alone():
    assert {"SY", "LB", "TR"} <= loose_countries("SY")
    assert loose_countries("KE") == frozenset({"KE"})


def test_two_geocoders_with_different_settings_coexist(syria, kenya):
    # Interleaved calls on one shared gazetteer: each keeps its own theatre and caches.
    assert syria.gaz is kenya.gaz
    for _ in range(2):
        assert kenya.resolve("Hola").country == "Kenya"
        assert syria.resolve("Hola").country == "Syria"
    assert Geocoder.default(KENYA) is Geocoder.default(KENYA)
    assert Geocoder.default(KENYA) is not Geocoder.default()
    assert Geocoder.default() is Geocoder.default(Settings.default())
    assert Geocoder.default(KENYA).gaz is Geocoder.default().gaz  # loaded once per process
    assert Geocoder.default(KENYA).resolve("Shaka").country == "Kenya"
    assert Geocoder.default().resolve("Shaka").country == "Syria"


def test_toponym_score_with_an_explicit_file_or_the_checkout_default(syria):
    explicit = score_toponyms(ROOT / "tests" / "data" / "toponyms.tsv", geocoder=syria)
    assert score_toponyms(geocoder=syria) == explicit
    with pytest.raises(InputError):
        score_toponyms(ROOT / "tests" / "data" / "no-such-set.tsv", geocoder=syria)


def test_build_tool_lives_outside_the_package():
    assert not (ROOT / "src" / "frontwire" / "geo" / "build.py").exists()
    out = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_gazetteer.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--theatre" in out and "--shared" in out
