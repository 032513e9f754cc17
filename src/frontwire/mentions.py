"""mentions stage: actors, places, times, casualty figures and claimants in parsed text.

Each finder works on a spaCy sentence (`Span`) and returns plain records with
token positions, so the events stage can relate them by syntax and distance.
All vocabulary comes from YAML files under `frontwire/data/`.
"""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .nlp import load_nlp

DATA = Path(__file__).parent / "data"


def load_yaml(name: str) -> Any:
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[str]]:
    return load_yaml("cues.yaml")


def cue(name: str) -> frozenset[str]:
    """A list of cue words from data/cues.yaml (which words mark a place, a target, a claim...)."""
    return frozenset(str(w) for w in _cues()[name])


# ---------------------------------------------------------------- actors


@dataclass
class ActorEntry:
    name: str | None  # fixed canonical name, or None when `template` applies
    template: str | None
    type: str
    inter: int
    side: str
    country: str | None
    generic: bool

    def resolve(self, country: str | None) -> str:
        """Canonical name, filling a template with the country of the report."""
        if self.name:
            return self.name
        c = countries().get((country or "Syria").lower()) or countries()["syria"]
        return self.template.format(country=c["name"], military=c["military"], police=c["police"])


@dataclass
class ActorMention:
    entry: ActorEntry
    start: int  # token index in the sentence's doc
    end: int
    text: str

    def name(self, country: str | None) -> str:
        return self.entry.resolve(country)


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """Country table keyed by lower-case name, with military/police actor names."""
    out = {}
    for c in load_yaml("countries.yaml")["countries"]:
        c.setdefault("military", f"Military Forces of {c['name']}")
        c.setdefault("police", f"Police Forces of {c['name']}")
        out[c["name"].lower()] = c
    return out


class ActorDictionary:
    """Alias matcher over the actor YAML (plus demonym + force-noun phrases for any country)."""

    def __init__(self, path: str | None = None):
        nlp = load_nlp()
        path = path or os.environ.get("FRONTWIRE_ACTORS") or str(DATA / "actors.yaml")
        with open(path, encoding="utf-8") as fh:
            rows = yaml.safe_load(fh)
        self.entries: list[ActorEntry] = []
        self.by_name: dict[str, ActorEntry] = {}
        self._templated: dict[str, ActorEntry | None] = {}  # names matched to templates, remembered
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for i, row in enumerate(rows):
            e = ActorEntry(row.get("name"), row.get("template"), row["type"], int(row["inter"]),
                           row.get("side", "other"), row.get("country"), bool(row.get("generic")))
            self.entries.append(e)
            if e.name:
                self.by_name[e.name] = e
            aliases = set(row["aliases"]) | {a.replace("'", "’") for a in row["aliases"]}
            self.matcher.add(str(i), [nlp.make_doc(a) for a in sorted(aliases)])
        forces = load_yaml("countries.yaml")["force_nouns"]
        for c in countries().values():
            e = ActorEntry(c["military"], None, "state", 1, "government" if c["name"] == "Syria" else "external",
                           c["name"], False)
            self.by_name.setdefault(e.name, e)
            idx = len(self.entries)
            self.entries.append(e)
            phrases = [f"{d} {f}" for d in c["demonyms"] for f in forces]
            self.matcher.add(str(idx), [nlp.make_doc(p) for p in phrases])

    def find(self, span: Span) -> list[ActorMention]:
        """Actor mentions in a sentence, longest match first, no overlaps."""
        doc = span.doc
        if "fw_actors" not in doc.user_data:  # one matcher pass per doc, however many sentences ask
            doc.user_data["fw_actors"] = self.matcher(doc)
            doc.user_data["fw_actor_spans"] = {}
        found = doc.user_data["fw_actor_spans"].get((span.start, span.end))
        if found is None:  # several stages ask about the same sentence
            matches = [Span(doc, s, e, label=m) for m, s, e in doc.user_data["fw_actors"]
                       if s >= span.start and e <= span.end]
            found = doc.user_data["fw_actor_spans"][(span.start, span.end)] = [
                ActorMention(self.entries[int(doc.vocab.strings[sp.label])], sp.start, sp.end, sp.text)
                for sp in filter_spans(matches)]
        return list(found)

    def info(self, name: str) -> ActorEntry | None:
        """Entry for a canonical name (templated names are matched by their pattern)."""
        if name in self.by_name:
            return self.by_name[name]
        if name in self._templated:
            return self._templated[name]
        self._templated[name] = None
        for e in self.entries:
            if e.template and re.fullmatch(re.escape(e.template).replace(r"\{country\}", ".+")
                                           .replace(r"\{military\}", "Military Forces of .+")
                                           .replace(r"\{police\}", "Police Forces of .+"), name):
                self._templated[name] = e
                break
        return self._templated[name]


@lru_cache(maxsize=1)
def actor_dictionary() -> ActorDictionary:
    return ActorDictionary()


def actor_info(name: str) -> dict | None:
    """type / inter / side of a canonical actor name (for merge and export)."""
    e = actor_dictionary().info(name)
    return None if e is None else {"type": e.type, "inter": e.inter, "side": e.side, "generic": e.generic}


# ---------------------------------------------------------------- triggers


@dataclass
class Trigger:
    start: int
    end: int
    text: str
    spec: dict


@lru_cache(maxsize=1)
def trigger_lexicon() -> dict:
    return load_yaml("triggers.yaml")


@lru_cache(maxsize=1)
def trigger_matcher() -> tuple[PhraseMatcher, PhraseMatcher, list, list[dict]]:
    """Matchers built from the lemma patterns in triggers.yaml.

    Patterns without gaps go to two PhraseMatchers (on lemmas, and on inflected surface
    forms, because the small model's lemmatizer misses verbs it tags as nouns: "raids",
    "targeting"); the few patterns with "?"/"*" gaps are matched word by word (`_gap_matches`),
    which is much cheaper than spaCy's Matcher with optional wildcard tokens.
    """
    import itertools

    nlp = load_nlp()
    specs = trigger_lexicon()["triggers"]
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
    return by_lemma, by_form, gaps, specs


def _forms(lemma: str) -> list[str]:
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma[-1] in "tpgbm" and len(lemma) <= 4:  # "hit" -> "hitting"
        forms |= {lemma + lemma[-1] + "ing", lemma + lemma[-1] + "ed"}
    return sorted(forms)


def _gap_matches(doc, gaps) -> set[tuple[int, int, int]]:
    """Matches of patterns with gaps: "?" one optional token, "*" up to three."""
    lemmas = [t.lemma_.lower() for t in doc]
    lowers = [t.lower_ for t in doc]
    present = set(lemmas) | set(lowers)
    out = set()
    for i, words in gaps:
        first, forms = words[0]
        if first not in present and not forms & present:
            continue
        for start in range(len(lemmas)):
            if lemmas[start] != first and lowers[start] not in forms:
                continue
            end = _match_rest(lemmas, lowers, start + 1, words[1:])
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

WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
RELATIVE = {"today": 0, "tonight": 0, "this morning": 0, "this evening": 0, "this afternoon": 0,
            "earlier today": 0, "yesterday": -1, "last night": -1, "overnight": -1,
            "the day before yesterday": -2, "yesterday evening": -1, "yesterday morning": -1}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(last\s+|on\s+|this\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_REL = re.compile(r"\b(" + "|".join(sorted(map(re.escape, RELATIVE), key=len, reverse=True)) + r")\b", re.I)
_YEAR = re.compile(r"\b(?:in|since|during|of)\s+(19\d\d|20\d\d)\b", re.I)
_DIGIT = re.compile(r"\d")
# every relative expression and weekday name contains one of these
_RELATIVE_HINTS = ("day", "night", "morning", "evening", "afternoon")
_MONTH_YEAR = re.compile(rf"\b(?:in|since|during)\s+({_MONTH_RE})\s+(\d{{4}})\b", re.I)


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
            if (m[1] or "").strip().lower() == "last" and back == 0:
                back = 7
            d = published - timedelta(days=back)
        add(m, d, "day", False)
    return sorted(out, key=lambda t: t.start)


def infer_published(text: str) -> date | None:
    """Best guess of a report's date from explicit full dates in its text (latest one)."""
    found = [t.date for t in find_times(text, None) if t.date and t.explicit and t.precision == "day"]
    return max(found) if found else None


# ---------------------------------------------------------------- casualties

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12})
# Conservative readings of vague figures (ACLED codes the lowest figure a report supports):
# "several"/"many"/"a number" -> 3, "tens" -> 10, "dozens" -> 12, "hundreds" -> 100
VAGUE = {"dozens": 12, "scores": 20, "tens": 10, "several": 3, "many": 3, "hundreds": 100,
         "a number": 3, "a number of": 3, "large numbers": 10}
_QUAL = r"(?:(?P<q>at least|more than|over|about|around|nearly|almost|up to|some|approximately|roughly|less than|fewer than)\s+)?"
_NUM = (r"(?P<n>\d[\d,]*|" + "|".join(sorted(list(NUMBER_WORDS) + list(VAGUE), key=len, reverse=True)) + r")")
_K = r"(?:killed|killing|kill|dead|died|martyred|slain|lives|death|deaths)"
_W = r"(?:wounded|wounding|injured|injuring|wound|injure|injuries|hurt)"
_KW = rf"(?:{_K}\s+and\s+{_W}|{_W}\s+and\s+{_K}|casualties)"
_GAP = r"(?:(?!and\b|but\b|while\b|after\b|before\b)[\w’'\-]+\s+){0,7}?"  # within one clause
# a single person: "killing a farmer", "a child was killed"
_ONE_PERSON = (r"(?:child|man|woman|boy|girl|civilian|soldier|fighter|farmer|shepherd|teacher|doctor|nurse|"
               r"journalist|activist|student|worker|member|officer|commander|policeman|resident|person|baby|youth|"
               r"leader|official|defector|protester|demonstrator)")
CASUALTY_PATTERNS = [
    ("killed_or_injured", re.compile(rf"\b{_KW}\s+(?:of\s+)?{_QUAL}{_NUM}\b", re.I)),
    ("killed_or_injured", re.compile(rf"\b{_QUAL}{_NUM}\s+(?:of\s+)?{_GAP}(?:were|was|have been|had been)?\s*{_KW}", re.I)),
    ("killed", re.compile(rf"\b(?:killed|killing|kill|kills|claimed the lives of|claiming the lives of|deaths? of|martyrdom of)\s+{_QUAL}{_NUM}\b", re.I)),
    ("killed", re.compile(rf"\b{_QUAL}{_NUM}\s+(?:of\s+)?{_GAP}(?:were|was|have been|had been|are|is)?\s*(?:killed|dead|died|martyred|slain|lost their lives)\b", re.I)),
    ("killed", re.compile(rf"\b{_QUAL}{_NUM}\s+(?:deaths|fatalities|martyrs|bodies)\b", re.I)),
    ("injured", re.compile(rf"\b(?:injured|injuring|wounded|wounding|injure|wound)\s+{_QUAL}{_NUM}\b", re.I)),
    ("injured", re.compile(rf"\b{_QUAL}{_NUM}\s+(?:of\s+)?{_GAP}(?:were|was|have been|had been|are)?\s*(?:injured|wounded|hurt)\b", re.I)),
    ("killed", re.compile(rf"\b(?:killed|killing|kill|kills|shot dead|shooting dead)\s+(?P<q>)(?P<n>a|an)\s+(?:\w+\s+)?{_ONE_PERSON}\b", re.I)),
    ("killed", re.compile(rf"\b(?P<q>)(?P<n>a|an)\s+(?:\w+\s+)?{_ONE_PERSON}\s+(?:was|has been)\s+(?:killed|shot dead|martyred)\b", re.I)),
    ("injured", re.compile(rf"\b(?:injuring|wounding|injured|wounded)\s+(?P<q>)(?P<n>a|an)\s+(?:\w+\s+)?{_ONE_PERSON}\b", re.I)),
    ("injured", re.compile(rf"\b(?P<q>)(?P<n>a|an)\s+(?:\w+\s+)?{_ONE_PERSON}\s+(?:was|has been)\s+(?:injured|wounded)\b", re.I)),
    ("captured", re.compile(rf"\b(?:captured|capturing|took prisoner|taking prisoner)\s+{_QUAL}{_NUM}\b", re.I)),
    ("captured", re.compile(rf"\b{_QUAL}{_NUM}\s+{_GAP}(?:were|was)?\s*(?:captured|taken prisoner)\b", re.I)),
]
# Stems one of which every pattern of a field needs ("casualties" alone stands for both).
_FIELD_WORDS = {"killed": ("kill", "dead", "died", "martyr", "slain", "lives", "death", "fatalit", "bodies"),
                "injured": ("wound", "injur", "hurt"), "killed_or_injured": ("casualties",),
                "captured": ("captur", "prisoner")}
# Patterns that need a figure from _NUM (not "a"/"an"): skipped in sentences without one.
_NUMBER = re.compile(rf"\b{_NUM}\b", re.I)
_NUMBER_FIRST = {rx for _, rx in CASUALTY_PATTERNS if "(?P<n>\\d" in rx.pattern}
_NONE = re.compile(r"\bno\s+(?:reports?\s+of\s+)?(?:[\w]+\s+){0,4}?(?:casualties|deaths|fatalities|injuries)\b", re.I)
_TRAILING_QUAL = re.compile(r"^\s+(?:\w+\s+){0,2}?(at least|at most)\b", re.I)


@dataclass
class CasualtyMention:
    field: str  # killed | injured | killed_or_injured | captured
    value: int
    kind: str | None
    start: int  # character offsets in the sentence
    end: int
    text: str


def parse_number(s: str) -> tuple[int, str | None] | None:
    s = s.lower().replace(",", "")
    if s in ("a", "an"):
        return 1, None
    if s.isdigit():
        return int(s), None
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s], None
    if s in VAGUE:
        return VAGUE[s], s
    return None


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
            tail = text[ne:ne + 25].lower()
            if re.match(r"\s+(villages?|towns?|km|kilomet|square|vehicles?|tanks?|points?|positions?|years?|days?|hours?|am|pm|%)", tail):
                continue
            value, vague = parsed
            if 1900 <= value <= 2100 and re.search(rf"(?:{_MONTH_RE})\.?\s*$|\bin\s*$", text[max(0, ns - 12):ns], re.I):
                continue  # "On 14 March 2021, gunmen ... killed": a year, not a toll
            kind = m["q"].lower() if m["q"] else vague
            t = _TRAILING_QUAL.match(text[ne:ne + 30])
            if t and kind is None:
                kind = t[1].lower()
            used.append((ns, ne))
            out.append(CasualtyMention(field_, value, kind, m.start(), m.end(), m.group()))
    return sorted(out, key=lambda c: c.start)


# ---------------------------------------------------------------- claimants

REPORT_VERBS = cue("report_verbs")
_ACCORDING = re.compile(r"\baccording to\s+(?:the\s+)?(?!(?:pictures|photos|images|videos?|footage|reports?|"
                        r"statistics|data|figures|sources? on the ground|the map)\b)([^,.;:“”\"()]{3,80})", re.I)


@dataclass
class ClaimantMention:
    text: str
    start: int  # character offset in the sentence
    denied: bool = False


def _clean_claimant(s: str) -> str:
    s = re.sub(r"^(?:the|a|an|its|their|his|her)\s+", "", s.strip(), flags=re.I)
    s = re.sub(r"\s+(?:on|in|through|via)\s+(?:its|their|his|her)\s+.*$", "", s)
    s = re.sub(r"\s+to\s+(?:the\s+)?(?:[A-Z(].*)$", "", s)  # "told North Press ..." residue
    s = re.sub(r"\s*\([^)]*$", "", s)  # "National Liberation Front (NLF" cut by the parser
    return s.strip(" ,.:;“”\"")[:80]


def find_claimant(span: Span) -> ClaimantMention | None:
    """Who is quoted in a sentence: "according to X", or the subject of a reporting verb."""
    text = span.text
    m = _ACCORDING.search(text) if "according" in text.lower() else None
    if m:
        return ClaimantMention(_clean_claimant(m[1]), m.start(1))
    rows = token_rows(span.doc)
    for i in range(span.start, span.end):
        if rows[i].lemma in REPORT_VERBS and rows[i].pos in ("VERB", "AUX"):
            tok = span.doc[i]
            subj = [c for c in tok.children if c.dep_ == "nsubj"]  # a passive subject is what was reported
            if subj and subj[0].pos_ != "PRON":
                sub = subj[0]
                left = sub.left_edge.i
                # include "of/in/from X" modifiers but not relative clauses
                right = max([sub.i] + [t.i for t in sub.subtree if t.dep_ not in ("relcl", "acl", "punct")
                                        and t.i < tok.i])
                s = span.doc[left:right + 1].text
                return ClaimantMention(_clean_claimant(s), span.doc[left].idx - span.start_char,
                                       denied=tok.lemma_.lower() == "deny")
    return None


# ---------------------------------------------------------------- places

PLACE_NOUNS = cue("place_nouns")
NEAR_WORDS = cue("near_words")
REGION_AFTER = cue("region_after")
ORG_WORDS = cue("org_words")  # cue lists: see data/cues.yaml
COMPASS = re.compile(r"^(north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
                     r"south-east|south-west)(ern|erly)?$", re.I)
PARTICLES = cue("particles")
STOP_NAMES = set(WEEKDAYS) | set(MONTHS) | {
    "the", "a", "an", "he", "she", "they", "it", "this", "that", "these", "those", "however", "meanwhile",
    "according", "today", "yesterday", "on", "in", "share", "related", "speaking", "although", "since",
    "for", "with", "after", "before", "during", "while", "and", "but", "or", "from", "as", "at", "by", "to",
    "russian", "syrian", "turkish", "iranian", "israeli", "american", "kurdish", "arab", "islamic", "telegram",
    "dpa", "sohr", "afp", "reuters", "ap", "bmp", "t-72", "atgm", "m4", "m5", "un", "ocha", "white", "helmets",
    "president", "minister", "ministry", "center", "centre", "agency", "news", "channel", "radio", "tv",
    "observatory", "source", "sources", "commander", "spokesman", "official", "statement", "report", "reports",
}


@dataclass
class PlaceMention:
    text: str
    start: int  # token indices in the doc
    end: int
    role: str  # site | region
    near: bool = False
    region_hint: str | None = None  # region phrase in the same sentence
    gazetteer: bool = False  # found by gazetteer lookup


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
            TokRow(t.text, t.lower_, t.lemma_.lower(), t.pos_, bool(t.whitespace_), t.like_num) for t in doc]
    return rows


def _is_cap(t: str) -> bool:
    return bool(t) and (t[0].isupper() or (t[:3].lower() in ("al-", "el-") and len(t) > 3 and t[3:4].isupper()))


def name_chunks(span: Span) -> list[tuple[int, int]]:
    """Runs of capitalised tokens joined by Arabic particles, hyphens and apostrophes."""
    rows = token_rows(span.doc)
    chunks = []
    i, end = span.start, span.end
    while i < end:
        low = rows[i].lower
        starts = _is_cap(rows[i].text) or (low in ("al", "el", "al-", "el-") and i + 1 < end and
                                           (_is_cap(rows[i + 1].text) or rows[i + 1].text in ("-", "’", "'")))
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
            if t.like_num and prev.lower in ("base", "point", "hill", "post"):
                j += 1
                continue
            break
        while j > i + 1 and rows[j - 1].text in ("-", "’", "'"):
            j -= 1
        chunks.append((i, j))
        i = j
    return chunks
