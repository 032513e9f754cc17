"""The mentions stage's text readers: time expressions and casualty figures.

Sentences are written for these tests (not real news).
"""

from __future__ import annotations

from datetime import date

import pytest

from frontwire import mentions
from frontwire.mentions import find_casualties, find_times

PUB = date(2020, 1, 9)  # a Thursday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Warplanes struck the town on Tuesday.", [("day", date(2020, 1, 7))]),
        ("Shelling hit the market yesterday morning.", [("day", date(2020, 1, 8))]),
        ("Clashes went on overnight.", [("day", date(2020, 1, 8))]),
        ("The strike took place on 5 January.", [("day", date(2020, 1, 5))]),
        ("The strike took place on December 30.", [("day", date(2019, 12, 30))]),  # read back into last year
        ("The attack of 2019-11-02 was repeated.", [("day", date(2019, 11, 2))]),
        ("The town fell in March 2019.", [("month", date(2019, 3, 1))]),
        ("The town has been contested since 2016.", [("year", date(2016, 1, 1))]),
        ("Fighters advanced toward the hills.", []),
        ("The 12 fighters advanced.", []),  # a digit that is no date
    ],
)
def test_find_times(text, expected):
    assert [(t.precision, t.date) for t in find_times(text, PUB)] == expected


def test_relative_hints_cover_every_relative_word():
    # find_times skips the relative and weekday patterns when no hint word occurs
    for word in [*mentions.RELATIVE, *mentions.WEEKDAYS]:
        assert any(h in word for h in mentions._RELATIVE_HINTS), word


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The strike killed at least 12 civilians.", [("killed", 12, "at least")]),
        ("Five fighters were wounded in the clashes.", [("injured", 5, None)]),
        ("Dozens of people were killed and wounded.", [("killed_or_injured", 12, "dozens")]),
        ("Rebels captured 14 soldiers.", [("captured", 14, None)]),
        ("The shelling killed a shepherd.", [("killed", 1, None)]),
        ("The raid left 7 fatalities.", [("killed", 7, None)]),
        ("The strike killed 3 people and injured 9 others.", [("killed", 3, None), ("injured", 9, None)]),
        ("There were no reports of casualties.", [("killed", 0, "none reported")]),
        ("Troops took 31 villages.", []),
        ("Troops shelled 4 positions.", []),
    ],
)
def test_find_casualties(text, expected):
    assert [(c.field, c.value, c.kind) for c in find_casualties(text)] == expected


def test_word_tests_skip_only_patterns_that_cannot_match(monkeypatch):
    """find_casualties and find_times give what they give with their cheap pre-checks switched off."""
    import re
    from pathlib import Path

    from frontwire.demo import demo_inputs
    from frontwire.ingest import iter_articles

    texts = [a.text for a in iter_articles(demo_inputs())]
    texts += [p.read_text(encoding="utf-8") for p in (Path(__file__).parent / "data" / "retellings").glob("*.txt")]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n+", t) if s.strip()]
    sentences += ["The raid left 7 fatalities.", "Seven bodies were recovered.", "Dozens were killed and injured."]
    with_checks = [(find_casualties(s), find_times(s, PUB)) for s in sentences]
    monkeypatch.setattr(mentions, "_FIELD_WORDS", {f: ("",) for f in mentions._FIELD_WORDS})
    monkeypatch.setattr(mentions, "_NUMBER", re.compile(""))
    monkeypatch.setattr(mentions, "_DIGIT", re.compile(""))
    monkeypatch.setattr(mentions, "_RELATIVE_HINTS", ("",))
    assert [(find_casualties(s), find_times(s, PUB)) for s in sentences] == with_checks
    assert sum(bool(c) for c, _ in with_checks) >= 10 and sum(bool(t) for _, t in with_checks) >= 10


def test_vocabulary_comes_from_language_files():
    """Patterns are compiled from data/en/*.yaml; a placeholder the data does not define is an error."""
    from frontwire.data_files import read_yaml

    assert set(mentions.MONTHS) >= set(read_yaml("en/dates.yaml")["months"])
    assert mentions.parse_number("a dozen") == (12, None) and mentions.parse_number("dozens") == (12, "dozens")
    assert mentions._rx(r"\b{k}\b", {"k": "(?:{w})", "w": "slain"}, "x.yaml").pattern == r"\b(?:slain)\b"
    with pytest.raises(ValueError, match=r"data/x\.yaml: unknown \{nope\}"):
        mentions._rx(r"\b{nope}\b", {}, "x.yaml")


@pytest.mark.parametrize(
    "text,value,high",
    [
        ("The monitor put the death toll at 11 on Monday.", 11, None),
        ("The death toll rose to seven, medics said.", 7, None),
        ("A 60-year-old man died of his wounds.", 1, None),
        ("Rescuers recovered the body of a woman from the rubble.", 1, None),
        ("Health workers recorded 27 fatalities.", 27, None),
        ("The bomb went off in the market, killing between three and five people.", 3, 5),
        ("The raid ended with the killing of 12 farmers.", 12, None),
        ("No one was killed in the attack.", 0, None),
        ("The blast claimed three lives.", 3, None),
        ("The number of dead rose to 23.", 23, None),
        ("Between two and four people were killed when the shell hit.", 2, 4),
        ("The strike left between 3 and 5 civilians dead.", 3, 5),
        ("Rescuers found another body, bringing the total to nine.", 9, None),
        ("The shell hit a house, killing a mother and her two daughters.", 3, None),
        ("A man and his three sons were killed in the raid.", 4, None),
        ("The strike killed an entire family of five.", 5, None),
        ("The attack, the deadliest since 2019, killed 40 people.", 40, None),
        ("Jets bombed the village, killing 9 villagers.", 9, None),
        ("Police shot dead at least 10 people on Thursday.", 10, None),
        ("Gunmen executed five civilians in front of their homes.", 5, None),
        ("The army said 11 terrorists were neutralised.", 11, None),
        ("Three farmers were hacked to death on their farm.", 3, None),
        ("Gunmen shot a man dead outside his shop.", 1, None),
        ("A former rebel cadre was shot dead on Sunday night.", 1, None),
        ("Fatalities: 4.", 4, None),
        ("An unidentified body with gunshot wounds was found near the village.", 1, None),
        ("Shooting at people fleeing the town, a child killed, locals say.", 1, None),
        ("The death toll from Sunday's blast near the bridge rose to five.", 5, None),
    ],
)
def test_nominal_singular_and_range_figures(text, value, high):
    from frontwire.mentions import find_casualties

    killed = [c for c in find_casualties(text) if c.field == "killed"]
    assert [(c.value, c.high) for c in killed] == [(value, high)]


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of civilians have been killed since then, according to rights groups.",
        "More than 300 people have been killed since the start of the offensive.",
        "At least 90 people have been killed in the province so far this year.",
        "Six of the victims were killed in the town and three in the village, it said.",
    ],
)
def test_period_and_part_figures_are_no_toll_of_an_incident(text):
    from frontwire.mentions import find_casualties

    assert [c for c in find_casualties(text) if c.field == "killed"] == []


CLAIMANT_TEXT = (
    "A military commander in the opposition National Liberation Front said that rebels repelled the attack. "
    "The commander added that 13 soldiers were killed. He said the army lost two tanks. "
    "Meanwhile, the Syrian Observatory for Human Rights put the death toll at 11. "
    "The Observatory said the fighting continued. "
    "Rebels shelled the base, killing 4 soldiers, the Syrian Observatory for Human Rights said. "
    "The defence ministry denied the report. The ministry added: "
    "“Only 2 soldiers were wounded in the shelling.”"
)


def test_claimant_whole_names_and_references_back():
    from frontwire.mentions import find_claimant
    from frontwire.nlp import load_nlp

    doc = load_nlp()(CLAIMANT_TEXT)
    got = [(c.text, c.denied) if (c := find_claimant(s)) else None for s in doc.sents]
    nlf = "military commander in the opposition National Liberation Front"
    sohr = "Syrian Observatory for Human Rights"
    ministry = "defence ministry"
    assert [g[0] if g else None for g in got] == [nlf, nlf, nlf, sohr, sohr, sohr, ministry, ministry]
    assert got[6] == ("defence ministry", True)  # "denied": the claimant denies what it is quoted on
