"""mentions stage: actors, places, times, casualty figures and claimants in parsed text.

Each finder works on a spaCy sentence (`Span`) and returns plain records with
token positions, so the events stage can relate them by syntax and distance.
All vocabulary comes from data files: cue lists and triggers under `frontwire/data/`,
English words and the patterns built from them under `frontwire/data/en/`, and
actors from the actor table (`frontwire.actors`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .actors import ActorEntry as ActorEntry  # re-exported for the events stage
from .actors import ActorMatcher, actor_matcher, actor_table
from .actors import ActorMention as ActorMention
from .data_files import read_yaml
from .nlp import load_nlp

load_yaml = read_yaml  # parsed data file `frontwire/data/<name>`, read once (frontwire.data_files)


def cue(name: str) -> frozenset[str]:
    """A list of cue words from data/cues.yaml (which words mark a place, a target, a claim...)."""
    return frozenset(str(w) for w in read_yaml("cues.yaml")[name])


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _alt(words: Any, longest_first: bool = False) -> str:
    """Regex alternation of a word list (words are regex text)."""
    ws = [str(w) for w in words]
    return "|".join(sorted(ws, key=len, reverse=True) if longest_first else ws)


def _rx(pattern: str, parts: dict[str, str], source: str, flags: int = re.I) -> re.Pattern[str]:
    """Compiled `pattern`, each {name} replaced by `parts[name]` (parts may hold {names} too)."""
    for _ in range(5):
        unknown = set(_PLACEHOLDER.findall(pattern)) - set(parts)
        if unknown:
            raise ValueError(f"data/{source}: unknown {{{sorted(unknown)[0]}}} in pattern {pattern!r}")
        pattern = _PLACEHOLDER.sub(lambda m: parts[m[1]], pattern)
    if _PLACEHOLDER.search(pattern):
        raise ValueError(f"data/{source}: placeholders nest too deep in {pattern!r}")
    return re.compile(pattern, flags)


# ---------------------------------------------------------------- actors


def countries() -> dict[str, dict]:
    """Country table keyed by lower-case name, with military/police actor names."""
    return actor_table().countries


ActorDictionary = ActorMatcher  # the alias matcher of the actor table (frontwire.actors)
actor_dictionary = actor_matcher


def actor_info(name: str) -> dict | None:
    """type / inter / side of a canonical actor name (for merge and export)."""
    e = actor_table().entry(name)
    return None if e is None else {"type": e.type, "inter": e.inter, "side": e.side, "generic": e.generic}


# ---------------------------------------------------------------- triggers


@dataclass
class Trigger:
    start: int
    end: int
    text: str
    spec: dict


@lru_cache(maxsize=1)
def trigger_matcher() -> tuple[PhraseMatcher, PhraseMatcher, GapPatterns, list[dict]]:
    """Matchers built from the lemma patterns in triggers.yaml.

    Patterns without gaps go to two PhraseMatchers (on lemmas, and on inflected surface
    forms, because the small model's lemmatizer misses verbs it tags as nouns: "raids",
    "targeting"); the few patterns with "?"/"*" gaps are matched word by word (`_gap_matches`),
    which is much cheaper than spaCy's Matcher with optional wildcard tokens.
    """
    import itertools

    nlp = load_nlp()
    specs = load_yaml("triggers.yaml")["triggers"]
    by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    by_form = PhraseMatcher(nlp.vocab, attr="LOWER")
    gaps: list[tuple[int, list[tuple[str, set[str]]]]] = []
    for i, spec in enumerate(specs):
        words = spec["pattern"].split()
        if "?" in words or "*" in words:
            gaps.append((i, [(w, set(_forms(w)) if w.isalpha() else {w}) for w in words]))
            continue
        lemma_doc = nlp.make_doc(" ".join(words))
        for tok, w in zip(lemma_doc, words):
            tok.lemma_ = w
        by_lemma.add(str(i), [lemma_doc])
        variants = itertools.product(*[_forms(w) if w.isalpha() else [w] for w in words])
        by_form.add(str(i), [nlp.make_doc(" ".join(v)) for v in variants])
    return by_lemma, by_form, GapPatterns.of(gaps), specs


_INFLECTION = read_yaml("en/inflection.yaml")


def _forms(lemma: str) -> list[str]:
    """Inflected forms of a verb lemma (English rules of data/en/inflection.yaml)."""
    inf = _INFLECTION
    forms = {lemma} | {lemma + suffix for suffix in inf["suffixes"]}
    silent = inf["silent_final"]
    if lemma.endswith(silent):
        forms |= {lemma[: -len(silent)] + suffix for suffix in inf["silent_suffixes"]}
    if lemma[-1] in inf["doubling_letters"] and len(lemma) <= inf["doubling_max_length"]:  # "hit" -> "hitting"
        forms |= {lemma + lemma[-1] + suffix for suffix in inf["doubling_suffixes"]}
    return sorted(forms)


@dataclass(frozen=True)
class GapPatterns:
    """Trigger patterns with gaps, indexed by their first word: by its lemma, and by the
    inflected forms a token may show (a sentence is tried only against the patterns its
    words can start)."""

    words: dict[int, list[tuple[str, set[str]]]]
    by_first: dict[str, list[int]]
    by_form: dict[str, list[int]]

    @classmethod
    def of(cls, gaps: list[tuple[int, list[tuple[str, set[str]]]]]) -> GapPatterns:
        by_first: dict[str, list[int]] = {}
        by_form: dict[str, list[int]] = {}
        for i, words in gaps:
            first, forms = words[0]
            by_first.setdefault(first, []).append(i)
            for f in forms:
                by_form.setdefault(f, []).append(i)
        return cls(dict(gaps), by_first, by_form)


def _gap_matches(doc, gaps: GapPatterns) -> set[tuple[int, int, int]]:
    """Matches of patterns with gaps: "?" one optional token, "*" up to three."""
    rows = token_rows(doc)
    lemmas = [r.lemma for r in rows]
    lowers = [r.lower for r in rows]
    out = set()
    for start, (lemma, lower) in enumerate(zip(lemmas, lowers)):
        for i in {*gaps.by_first.get(lemma, ()), *gaps.by_form.get(lower, ())}:
            end = _match_rest(lemmas, lowers, start + 1, gaps.words[i][1:])
            if end is not None:
                out.add((start, end, i))
    return out


def _match_rest(lemmas: list[str], lowers: list[str], pos: int, words) -> int | None:
    if not words:
        return pos
    w, forms = words[0]
    if w in ("?", "*"):
        for skip in range(1 if w == "?" else 3, -1, -1):  # longest first
            end = _match_rest(lemmas, lowers, pos + skip, words[1:]) if pos + skip <= len(lemmas) else None
            if end is not None:
                return end
        return None
    if pos < len(lemmas) and (lemmas[pos] == w or lowers[pos] in forms):
        return _match_rest(lemmas, lowers, pos + 1, words[1:])
    return None


def _doc_triggers(doc) -> list[tuple[int, int, dict]]:
    """All trigger matches of a doc, computed once and kept on the doc."""
    if "fw_triggers" not in doc.user_data:
        by_lemma, by_form, gaps, specs = trigger_matcher()
        found = {(s, e, int(doc.vocab.strings[m])) for matcher in (by_lemma, by_form) for m, s, e in matcher(doc)}
        found |= _gap_matches(doc, gaps)
        doc.user_data["fw_triggers"] = [(s, e, specs[i]) for s, e, i in sorted(found)]
    return doc.user_data["fw_triggers"]


def find_triggers(span: Span) -> list[Trigger]:
    """Event triggers in a sentence: longest non-overlapping matches, higher priority first."""
    doc = span.doc
    cands = [(s, e, spec) for s, e, spec in _doc_triggers(doc) if span.start <= s and e <= span.end]
    cands.sort(key=lambda c: (-(c[1] - c[0]), -c[2].get("priority", 0), c[0]))
    taken: set[int] = set()
    out = []
    for s, e, spec in cands:
        if taken.intersection(range(s, e)):
            continue
        taken.update(range(s, e))
        out.append(Trigger(s, e, doc[s:e].text, spec))
    return sorted(out, key=lambda t: t.start)


# ---------------------------------------------------------------- times

_DATES = read_yaml("en/dates.yaml")
WEEKDAYS = {str(d): i for i, d in enumerate(_DATES["weekdays"])}
MONTHS = {str(m): i for i, m in enumerate(_DATES["months"], 1)}
MONTHS.update({str(m): i for i, m in enumerate(_DATES["month_abbreviations"], 1)})
RELATIVE = {str(k): int(v) for k, v in _DATES["relative_days"].items()}
_DATE_PARTS = {
    "month": _alt(MONTHS, longest_first=True),
    "weekday": _alt(WEEKDAYS),
    "relative": _alt(map(re.escape, RELATIVE), longest_first=True),
}
_MONTH_RE = _DATE_PARTS["month"]
_DAY_MONTH, _MONTH_DAY, _WEEKDAY, _REL, _YEAR, _MONTH_YEAR = (
    _rx(_DATES["patterns"][k], _DATE_PARTS, "en/dates.yaml")
    for k in ("day_month", "month_day", "weekday", "relative", "year", "month_year")
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DIGIT = re.compile(r"\d")
# every relative expression and weekday name contains one of these
_RELATIVE_HINTS = tuple(str(w) for w in _DATES["relative_hints"])
_LAST_WEEK = str(_DATES["last_week"])


@dataclass
class TimeMention:
    start: int  # character offsets in the sentence text
    end: int
    text: str
    date: date | None
    precision: str  # day | month | year
    explicit: bool  # a calendar date, not relative to publication


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_times(text: str, published: date | None) -> list[TimeMention]:
    """Time expressions in `text`, resolved against the publication date when relative."""
    out: list[TimeMention] = []
    used: list[tuple[int, int]] = []

    def add(m, d, prec, explicit):
        if any(m.start() < e and s < m.end() for s, e in used):
            return
        used.append((m.start(), m.end()))
        out.append(TimeMention(m.start(), m.end(), m.group(), d, prec, explicit))

    # Cheap tests first: most sentences hold no digit and no "day"/"night" word, and then
    # the calendar or relative patterns cannot match.
    digits = _DIGIT.search(text) is not None
    low = text.lower()
    relative = any(w in low for w in _RELATIVE_HINTS)
    for m in _ISO.finditer(text) if digits else ():
        add(m, _safe_date(int(m[1]), int(m[2]), int(m[3])), "day", True)
    for rx, di, mi, yi in ((_DAY_MONTH, 1, 2, 3), (_MONTH_DAY, 2, 1, 3)) if digits else ():
        for m in rx.finditer(text):
            day, mon = int(m[di]), MONTHS[m[mi].lower()]
            year = int(m[yi]) if m[yi] else None
            if year is None and published is not None:
                year = published.year
                d = _safe_date(year, mon, day)
                if d and d > published + timedelta(days=7):  # "8 December" read in January
                    year -= 1
            d = _safe_date(year, mon, day) if year else None
            add(m, d, "day", True)
    for m in _MONTH_YEAR.finditer(text) if digits else ():
        add(m, _safe_date(int(m[2]), MONTHS[m[1].lower()], 1), "month", True)
    for m in _YEAR.finditer(text) if digits else ():
        add(m, _safe_date(int(m[1]), 1, 1), "year", True)
    for m in _REL.finditer(text) if relative else ():
        off = RELATIVE[m[1].lower()]
        add(m, published + timedelta(days=off) if published else None, "day", False)
    for m in _WEEKDAY.finditer(text) if relative else ():
        wd = WEEKDAYS[m[2].lower()]
        d = None
        if published is not None:
            back = (published.weekday() - wd) % 7
            if (m[1] or "").strip().lower() == _LAST_WEEK and back == 0:
                back = 7
            d = published - timedelta(days=back)
        add(m, d, "day", False)
    return sorted(out, key=lambda t: t.start)


def infer_published(text: str) -> date | None:
    """Best guess of a report's date from explicit full dates in its text (latest one)."""
    found = [t.date for t in find_times(text, None) if t.date and t.explicit and t.precision == "day"]
    return max(found) if found else None


# ---------------------------------------------------------------- casualties

_NUMBERS = read_yaml("en/numbers.yaml")
_CASUALTIES = read_yaml("en/casualties.yaml")
NUMBER_WORDS = {str(w): int(v) for w, v in _NUMBERS["number_words"].items()}
# Conservative readings of vague figures (ACLED codes the lowest figure a report supports)
VAGUE = {str(w): int(v) for w, v in _NUMBERS["vague_figures"].items()}
_SINGLE = frozenset(str(w) for w in _NUMBERS["single"])
_C_PARTS = {
    "qual": rf"(?:(?P<q>{_alt(_NUMBERS['qualifiers'])})\s+)?",
    "num": r"(?P<n>\d[\d,]*|" + _alt([*NUMBER_WORDS, *VAGUE], longest_first=True) + ")",
    "numhi": r"(?P<hi>\d[\d,]*|" + _alt([*NUMBER_WORDS], longest_first=True) + ")",
    "month": _MONTH_RE,
    **{k: _alt(_CASUALTIES[k]) for k in ("killed", "wounded", "person", "units")},
    **{k: str(v) for k, v in _CASUALTIES["fragments"].items()},
}
CASUALTY_PATTERNS = [(str(f), _rx(p, _C_PARTS, "en/casualties.yaml")) for f, p in _CASUALTIES["patterns"]]
# Stems one of which every pattern of a field needs ("casualties" alone stands for both).
_FIELD_WORDS = {f: tuple(str(w) for w in ws) for f, ws in _CASUALTIES["field_stems"].items()}
# Patterns that need a figure from {num} (not "a"/"an"): skipped in sentences without one.
_NUMBER = _rx(r"\b{num}\b", _C_PARTS, "en/casualties.yaml")
_NUMBER_FIRST = {rx for _, rx in CASUALTY_PATTERNS if "(?P<n>\\d" in rx.pattern}
# "two people": victims the words give no side ("people", "persons"); see casualties.yaml
UNMARKED_VICTIMS = re.compile(rf"\b(?:{_alt(_CASUALTIES['unmarked_victims'])})\b", re.I)
UNMARKED_AFTER = re.compile(rf"^\s+(?:[\w\-]+\s+)?(?:{_alt(_CASUALTIES['unmarked_victims'])})\b", re.I)
_NONE, _TRAILING_QUAL, _UNIT_AFTER, _YEAR_BEFORE, _PERIOD_AFTER = (
    _rx(_CASUALTIES[k], _C_PARTS, "en/casualties.yaml")
    for k in ("none_reported", "trailing_qualifier", "unit_after", "year_before", "period_after")
)


@dataclass
class CasualtyMention:
    field: str  # killed | injured | killed_or_injured | captured
    value: int
    kind: str | None
    start: int  # character offsets in the sentence
    end: int
    text: str
    high: int | None = None  # top of a range ("between 3 and 5"); `value` is its bottom


_FIGURES = {
    **{w: (1, None) for w in _SINGLE},
    **{w: (v, None) for w, v in NUMBER_WORDS.items()},
    **{w: (v, w) for w, v in VAGUE.items()},
}


def parse_number(s: str) -> tuple[int, str | None] | None:
    """(value, vague word or None) of a figure: "12", "twelve", "a", "dozens"."""
    s = s.lower().replace(",", "")
    return (int(s), None) if s.isdigit() else _FIGURES.get(s)


def find_casualties(text: str) -> list[CasualtyMention]:
    """Killed / injured / killed-or-injured / captured figures in a sentence."""
    low = text.lower()
    present = {f for f, stems in _FIELD_WORDS.items() if any(w in low for w in stems)}
    if not present:
        return []  # most sentences report no toll: skip the patterns
    if "killed" in present and "injured" in present:
        present.add("killed_or_injured")
    out: list[CasualtyMention] = []
    used: list[tuple[int, int]] = []
    for m in _NONE.finditer(text):
        used.append((m.start(), m.end()))
        out.append(CasualtyMention("killed", 0, "none reported", m.start(), m.end(), m.group()))
    has_number = _NUMBER.search(text) is not None
    for field_, rx in CASUALTY_PATTERNS:
        if field_ not in present or (rx in _NUMBER_FIRST and not has_number):
            continue  # its verbs (or its figure) are absent: the pattern cannot match
        for m in rx.finditer(text):
            ns, ne = m.span("n")
            if any(ns < e and s < ne for s, e in used):
                continue
            parsed = parse_number(m["n"])
            if parsed is None or (parsed[0] > 100000):
                continue
            # a year or a unit count ("31 villages") is not a casualty figure
            if _UNIT_AFTER.match(text[ne : ne + 25].lower()) or _PERIOD_AFTER.match(text[m.end() : m.end() + 60]):
                continue
            value, vague = parsed
            value += 1 if "plus" in rx.groupindex and m["plus"] else 0  # "a mother and her two daughters"
            if 1900 <= value <= 2100 and _YEAR_BEFORE.search(text[max(0, ns - 12) : ns]):
                continue  # "On 14 March 2021, gunmen ... killed": a year, not a toll
            kind = m["q"].lower() if m["q"] else vague
            t = _TRAILING_QUAL.match(text[ne : ne + 30])
            if t and kind is None:
                kind = t[1].lower()
            used.append((ns, ne))
            high = parse_number(m["hi"]) if "hi" in rx.groupindex and m["hi"] else None
            used += [m.span("hi")] if high else []  # the top of a range is no figure of its own
            top = high[0] if high and high[0] > value else None
            out.append(CasualtyMention(field_, value, kind, m.start(), m.end(), m.group(), top))
    return sorted(out, key=lambda c: c.start)


# ---------------------------------------------------------------- claimants

REPORT_VERBS = cue("report_verbs")
_CLAIMANTS = read_yaml("en/claimants.yaml")
_ACCORDING = _rx(_CLAIMANTS["according"], {"not_sources": _alt(_CLAIMANTS["not_sources"])}, "en/claimants.yaml")
_ACCORDING_HINT = str(_CLAIMANTS["according_hint"])
_DENIAL = str(_CLAIMANTS["denial_lemma"])
_TRIM = [re.compile(t["pattern"], re.I if t.get("ignore_case") else 0) for t in _CLAIMANTS["trim"]]
_CLAIM_VERBS = REPORT_VERBS | frozenset(str(v) for v in _CLAIMANTS["claim_verbs"])
ANAPHORS = frozenset(str(v) for v in _CLAIMANTS["anaphors"])  # "the source": the last named speaker
_TRAILING = re.compile(str(_CLAIMANTS["trailing"]), re.I)


@dataclass
class ClaimantMention:
    text: str
    start: int  # character offset in the sentence
    denied: bool = False


def _clean_claimant(s: str) -> str:
    s = s.strip()
    for rx in _TRIM:
        s = rx.sub("", s)
    return s.strip(' ,.:;“”"')[:80]


_QUOTES = ("“", '"', "‘", "«")


def find_claimant(span: Span) -> ClaimantMention | None:
    """Who is quoted in a sentence: "according to X", or the subject of a reporting verb.

    A sentence that opens a quotation with nobody named in it is the previous sentence's
    speaker's ("The commander added: “... 13 were killed”").
    """
    found = _claimant_here(span)
    if found is None and span.text.lstrip().startswith(_QUOTES) and span.start > 0:
        before = span.doc[span.start - 1].sent
        prev = _claimant_here(before)
        if prev is not None:
            prev = _earlier_name(before, prev)
            return ClaimantMention(prev.text, 0, prev.denied)
    if found is not None:
        return _earlier_name(span, found)
    return found


LOOKBACK = 6  # sentences searched for the speaker a short or pronoun claimant refers to
# Only a short name ("the commander", "the Observatory") is taken for a fuller one said before;
# a name of three words or more is already whole.


def _earlier_name(span: Span, found: ClaimantMention) -> ClaimantMention:
    """The whole name of a speaker referred to again: "the source" / "he" -> the last named
    speaker; "the military commander" -> "a military commander in the National Liberation Front"."""
    low = found.text.lower()
    anaphor = low in ANAPHORS
    target: str | None = None
    doc, i, seen = span.doc, span.start, 0
    while i > 0 and seen < LOOKBACK:
        prev = doc[i - 1].sent
        i, seen = prev.start, seen + 1
        c = _claimant_here(prev)
        if c is None or c.text.lower() in ANAPHORS:
            continue
        ref = target or (None if anaphor else found.text)
        if ref is None:
            target = c.text  # the last named speaker; an earlier fuller form of it may follow
        elif ref.lower() in c.text.lower() and len(c.text) > len(ref) and (target or len(ref.split()) <= 2):
            target = c.text
        else:
            break  # another speaker came between
    return ClaimantMention(target, found.start, found.denied) if target else found


def _claimant_here(span: Span) -> ClaimantMention | None:
    text = span.text
    m = _ACCORDING.search(text) if _ACCORDING_HINT in text.lower() else None
    if m:
        return ClaimantMention(_clean_claimant(m[1]), m.start(1))
    rows = token_rows(span.doc)
    for i in range(span.start, span.end):
        if rows[i].lemma in _CLAIM_VERBS and rows[i].pos in ("VERB", "AUX"):
            tok = span.doc[i]
            subj = [c for c in tok.children if c.dep_ == "nsubj"]  # a passive subject is what was reported
            if subj and subj[0].pos_ == "PRON" and subj[0].lower_ in ANAPHORS:
                # "he said": resolved to the last named speaker when the event's claims are collected
                return ClaimantMention(subj[0].lower_, subj[0].idx - span.start_char, tok.lemma_.lower() == _DENIAL)
            if subj and subj[0].pos_ != "PRON":
                sub = subj[0]
                left = sub.left_edge.i
                # include "of/in/from X" modifiers but not relative clauses
                right = max(
                    [sub.i] + [t.i for t in sub.subtree if t.dep_ not in ("relcl", "acl", "punct") and t.i < tok.i]
                )
                # a name the parser left outside the subject ("... in the opposition National Liberation Front")
                while right + 1 < tok.i and rows[right + 1].pos == "PROPN":
                    right += 1
                s = span.doc[left : right + 1].text
                return ClaimantMention(
                    _clean_claimant(s), span.doc[left].idx - span.start_char, denied=tok.lemma_.lower() == _DENIAL
                )
    t = _TRAILING.search(text)
    if t and not t[1].lower().startswith(("he ", "she ", "they ", "it ")):
        return ClaimantMention(_clean_claimant(t[1]), t.start(1))
    return None


# ---------------------------------------------------------------- places

PLACE_NOUNS = cue("place_nouns")
NEAR_WORDS = cue("near_words")
REGION_AFTER = cue("region_after")
ORG_WORDS = cue("org_words")  # cue lists: see data/cues.yaml
_NAMES = read_yaml("en/names.yaml")
COMPASS = re.compile(rf"^({_alt(_NAMES['compass'])})({_alt(_NAMES['compass_suffixes'])})?$", re.I)
PARTICLES = cue("particles")
STOP_NAMES = set(WEEKDAYS) | set(MONTHS) | {str(w) for w in _NAMES["stop_names"]}
_ARTICLES = tuple(str(a) for a in _NAMES["name_articles"])  # "al", "el"
_ARTICLE_FORMS = frozenset(_ARTICLES) | {a + "-" for a in _ARTICLES}  # alone or hyphenated
_NUMBERED_HEADS = frozenset(str(w) for w in _NAMES["numbered_heads"])


class TokRow(NamedTuple):
    text: str
    lower: str
    lemma: str  # lower-cased
    pos: str
    space: bool  # followed by whitespace
    like_num: bool


def token_rows(doc: Doc) -> list[TokRow]:
    """The strings of a doc's tokens, read once per doc.

    spaCy builds a new Token object on every `doc[i]`, and the readers here look at
    each token many times: reading plain tuples instead is a visible share of a run.
    """
    rows = doc.user_data.get("fw_rows")
    if rows is None:
        rows = doc.user_data["fw_rows"] = [
            TokRow(t.text, t.lower_, t.lemma_.lower(), t.pos_, bool(t.whitespace_), t.like_num) for t in doc
        ]
    return rows


def _is_cap(t: str) -> bool:
    """Capitalised, or an article-prefixed capitalised name ("al-Bab")."""
    if not t or t[0].isupper():
        return bool(t)
    i = t.find("-")
    return i > 0 and t[: i + 1].lower() in _ARTICLE_FORMS and t[i + 1 : i + 2].isupper()


def name_chunks(span: Span) -> list[tuple[int, int]]:
    """Runs of capitalised tokens joined by Arabic particles, hyphens and apostrophes."""
    rows = token_rows(span.doc)
    chunks = []
    i, end = span.start, span.end
    while i < end:
        low = rows[i].lower
        starts = _is_cap(rows[i].text) or (
            low in _ARTICLE_FORMS and i + 1 < end and (_is_cap(rows[i + 1].text) or rows[i + 1].text in ("-", "’", "'"))
        )
        if not starts or (low in STOP_NAMES and not (i + 1 < end and rows[i + 1].text == "-")):
            i += 1
            continue
        j = i + 1
        while j < end:
            t, prev = rows[j], rows[j - 1]
            if t.text in ("’", "'", "`") and j + 1 < end and not t.space:
                j += 1
                continue
            if prev.text.endswith("-") and len(prev.text) > 1 and prev.lower[:-1] not in PARTICLES:
                break  # "Jarif-" ends one name of a hyphenated axis
            if t.text == "-" and not prev.space and j + 1 < end:
                # "al-Tah-Abu Jarif": a hyphen joining two names splits them, unless it follows a particle
                if prev.lower in PARTICLES:
                    j += 1
                    continue
                break
            if _is_cap(t.text) and t.lower not in STOP_NAMES:
                j += 1
                continue
            if t.lower in PARTICLES and j + 1 < end and (_is_cap(rows[j + 1].text) or rows[j + 1].text == "-"):
                j += 1
                continue
            if t.like_num and prev.lower in _NUMBERED_HEADS:
                j += 1
                continue
            break
        while j > i + 1 and rows[j - 1].text in ("-", "’", "'"):
            j -= 1
        chunks.append((i, j))
        i = j
    return chunks
