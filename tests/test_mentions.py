"""The mentions stage's text readers: time expressions and casualty figures.

Sentences are written for these tests (not real news).
"""

from __future__ import annotations

from datetime import date

import pytest

from frontwire import mentions
from frontwire.mentions import find_casualties, find_times

PUB = date(2020, 1, 9)  # a Thursday


@pytest.mark.parametrize("text, expected", [
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
])
def test_find_times(text, expected):
    assert [(t.precision, t.date) for t in find_times(text, PUB)] == expected


def test_relative_hints_cover_every_relative_word():
    # find_times skips the relative and weekday patterns when no hint word occurs
    for word in [*mentions.RELATIVE, *mentions.WEEKDAYS]:
        assert any(h in word for h in mentions._RELATIVE_HINTS), word


@pytest.mark.parametrize("text, expected", [
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
])
def test_find_casualties(text, expected):
    assert [(c.field, c.value, c.kind) for c in find_casualties(text)] == expected


def test_field_words_cover_every_pattern_verb():
    # find_casualties skips a field's patterns when none of its stems occurs
    import re

    for field_, rx in mentions.CASUALTY_PATTERNS:
        words = set(re.findall(r"[a-z]{4,}", rx.pattern)) - {"were", "have", "been", "more", "than", "about",
                                                               "around", "nearly", "almost", "some"}
        verbs = {w for w in words if any(w.startswith(s[:4]) for s in ("kill", "dead", "died", "martyr", "slain",
                                                                           "lives", "death", "fatal", "bodies",
                                                                           "wound", "injur", "hurt", "captur",
                                                                           "prisoner", "casualt"))}
        stems = mentions._FIELD_WORDS[field_] + (mentions._FIELD_WORDS["killed"] + mentions._FIELD_WORDS["injured"]
                                                 if field_ == "killed_or_injured" else ())
        assert verbs, field_
        assert all(any(s in v for s in stems) for v in verbs), (field_, verbs)
