"""Vocabulary of the events stage: cue words, the ACLED taxonomy, the instrument and
background phrases of the trigger lexicon, and what the actor table says of a name."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..data_files import read_yaml
from ..mentions import actor_info, countries, cue, load_yaml

# cue-word lists (what each does is documented in data/cues.yaml)
TRIGGER_WORDS = cue("trigger_words")
FACILITY_NOUNS = cue("facility_nouns")
ATTEMPT = cue("attempt")
TARGET_MARKERS = cue("target_markers")
POSITION_WORDS = cue("position_words")
INSTRUMENTAL = cue("instrumental")
LOCATIVE_PREPS = cue("locative_preps")
REGION_LEFT = cue("region_left")
SITE_LEFT = cue("site_left")
COALITION_VERBS = cue("coalition_verbs")
TERRITORY_SUBS = ("Government regains territory", "Non-state actor overtakes territory")

DEMONYMS = {d for c in countries().values() for d in c["demonyms"]}


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, str]:
    """sub_event_type -> event_type (ACLED)."""
    return {sub: et for et, subs in load_yaml("taxonomy.yaml").items() for sub in subs}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The trigger lexicon (data/triggers.yaml): triggers, instruments, background phrases."""
    return load_yaml("triggers.yaml")


def _inflect(word: str) -> str:
    """Inflectional endings of one word: "plan" matches "plans", "planned", "planning", not "planted"."""
    last = re.escape(word[-1]) if word else ""
    return rf"(?:s|es|d|ed|ing|{last}ed|{last}ing|ied|ies)?"


def phrases_in(words: list[str], text: str) -> bool:
    """Whether any lexicon phrase ("lose * life", "artillery") occurs in `text` (lower-cased)."""
    return _phrase_regex(tuple(words)).search(text) is not None


@lru_cache(maxsize=64)
def _phrase_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation per lexicon list: phrases with inflections and short gaps."""
    # "anti - tank mine" is written "anti-tank mine": a hyphen joins its words with or without spaces
    alts = [
        r"\s+(?:\S+\s+){0,3}?".join(
            re.escape(x).replace(r"\-", r"\s*-\s*") + _inflect(x)
            for x in w.replace(" * ", " ").replace(" - ", "-").split()
        )
        for w in words
    ]
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b")


def instrument(text: str, kinds: tuple[str, ...] | None = None) -> str | None:
    """The sub-event type of the first weapon the text names ("artillery" -> shelling), if any."""
    for sub, words in lexicon()["instruments"].items():
        if (kinds is None or sub in kinds) and phrases_in(words, text):
            return sub
    return None


def is_background(text: str) -> bool:
    """Intentions, summaries, history and non-events: text that tells no event of its own."""
    bg = lexicon()["background"]
    low = text.lower()
    if any(phrases_in(bg[k], low) for k in ("summary", "history", "non_event")):
        return True
    if cues_in(ladder()["protest"], low) or _LOWER_MARCH.search(text):
        # a protest states its demands ("calling on the minister to resign", "unpaid for months")
        return phrases_in(bg["protest_intent"], low)
    if phrases_in(bg["duration"], low):
        return True
    exempt = set(bg.get("intent_exempt", ()))
    # "against a plan to ...": what a protest opposes, not an intention of this report's actors
    return any(
        not exempt.intersection(low[: m.start()].split()[-3:]) for m in _phrase_regex(tuple(bg["intent"])).finditer(low)
    )


_LOWER_MARCH = re.compile(r"\bmarch(?:es|ed|ing)?\b")  # case-sensitive: "March" is the month


# ---------------------------------------------------------------- typing cues (data/en)


@lru_cache(maxsize=1)
def ladder() -> dict[str, Any]:
    """The protest and riot ladder's cue words (data/en/protest_ladder.yaml)."""
    return read_yaml("en/protest_ladder.yaml")


@lru_cache(maxsize=1)
def negative_cues() -> dict[str, Any]:
    """Cues of news outside political violence (data/en/negative_cues.yaml)."""
    return read_yaml("en/negative_cues.yaml")


def cues_in(words: list[str], text: str) -> bool:
    """Whether any cue phrase occurs in `text` (lower-cased): words adjacent, "*" a gap of up to three."""
    return cue_match(words, text) is not None


def cue_match(words: list[str], text: str, start: int = 0) -> re.Match[str] | None:
    """The first match of a cue phrase in `text` at or after `start`."""
    return _cue_regex(tuple(words)).search(text, start)


@lru_cache(maxsize=64)
def _cue_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = []
    for w in words:
        # "sit - in" is written "sit-in" (or "sit - in"): a hyphen joins its words
        parts = [
            r"(?:\S+\s+){0,3}?" if x == "*" else re.escape(x).replace(r"\-", r"\s*-\s*") + _inflect(x) + r"\s+"
            for x in w.replace(" - ", "-").split()
        ]
        alts.append("".join(parts)[: -len(r"\s+")])
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b")


def words_in(words: list[str], text: str) -> bool:
    """Whether any phrase occurs in `text` (lower-cased) as written, or with a plural "s": "storm"
    is not "stormed"."""
    return _words_regex(tuple(words)).search(text) is not None


@lru_cache(maxsize=64)
def _words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = (re.escape(w.replace(" - ", "-")).replace(r"\ ", r"\s+").replace(r"\-", r"\s*-\s*") for w in words)
    return re.compile(r"\b(?:" + "|".join(alts) + r")(?:s|es)?\b")


def cancelled(category: str, text: str) -> bool:
    """Whether the negative cues make a trigger of `category` in `text` (lower-cased) no event:
    accidents, disasters, sport, money, remembrance, crime."""
    neg = negative_cues()
    conflict: bool | None = None
    for group in neg["groups"].values():
        if category not in group["cancels"] and "all" not in group["cancels"]:
            continue
        if not words_in(group["phrases"], text):
            continue
        if group.get("unless_conflict"):
            if conflict is None:
                conflict = words_in(neg["conflict"], text)
            if conflict:
                continue
        return True
    return False


def arrest_told(text: str) -> bool:
    """Whether a clause with an arrest word tells an arrest (not a warrant or an order for one)."""
    neg = negative_cues()
    rest = _cue_regex(tuple(neg["arrest_without_arrest"])).sub(" ", text)
    return rest == text or cues_in(neg["arrest_acts"], rest)


def labour_strike(text: str) -> bool:
    """Whether "strike" in `text` (lower-cased) is labour action."""
    return cues_in(negative_cues()["labour"], text)


# ---------------------------------------------------------------- what a name is


def info(name: str | None) -> dict[str, Any]:
    """type / inter / side / generic of a canonical actor name ({} for None or an unknown name)."""
    return (actor_info(name) if name else None) or {}


def side_of(name: str | None) -> str | None:
    return info(name).get("side")


def protesters(name: str | None) -> bool:
    return info(name).get("type") == "protesters"


def civilian(name: str | None) -> bool:
    return info(name).get("type") == "civilians"


def generic(name: str | None) -> bool:
    """No actor, or one named only by a generic word ("gunmen", "the group")."""
    i = info(name)
    return name is None or bool(i.get("generic") or i.get("type") == "unidentified")


def opponent(name: str | None, country: str) -> str | None:
    """The default other side when a report names only one (ACLED codes both)."""
    if name is None:
        return None
    i = info(name)
    c = countries().get(country.lower(), {"name": country, "military": f"Military Forces of {country}"})
    if i.get("side") == "government":
        return f"Opposition Rebels ({c['name']})"
    if i.get("type") in ("rebel", "unidentified"):
        return c["military"]
    return None
