"""One actor table: who an actor is, for extraction, merging and export alike.

The table is built once per actors file (the shipped `data/actors.yaml`, or the
user's file named by `Settings.actors_path` / FRONTWIRE_ACTORS) together with
`data/countries.yaml` (demonyms and state-force names of each country) and the
ACLED naming rules in `data/en/actor_names.yaml`. A bad actors file fails with an
`ActorFileError` naming the file; nothing falls back silently.

Public API
----------
actor_table(settings=None) -> ActorTable
    The table for `settings` (default `Settings.default()`), cached by actors-file
    path and theatre: each file is read and parsed once per process.
clear_actor_tables()
    Forget cached tables (tests; a long-lived process after editing a file).
ActorFileError(InputError)
    A missing or malformed actors/countries file; the message names the file.
ActorEntry
    One actor: `name` (or `template` with {country}/{military}/{police}), `type`
    (kind), `inter`, `side`, `country`, `generic`, `aliases`, `members`;
    `from_countries` marks the per-country state-force entries made from countries.yaml.
norm_key(name) -> str
    Comparison key of an actor name: lower case, no "(2000-)"-style suffix.

ActorMatcher(settings=None, table=None)
    spaCy phrase matcher of a table's aliases: `find(span) -> list[ActorMention]`,
    `info(name)`; spaCy is imported only when one is built.
actor_matcher(settings=None) -> ActorMatcher
    The matcher of `actor_table(settings)`, built once per table.
ActorMention
    An alias found in a sentence: `entry`, token `start`/`end`, `text`; `name(country)`.

ActorTable
    path, theatre_country, theatre_iso2    where the table came from / the default country
    entries                                entries in dictionary order (actors file, then one
                                           state-force entry per country of countries.yaml)
    countries                              lower-case country name -> countries.yaml row
                                           (with `military` / `police` names filled in)
    force_nouns                            nouns that make "<demonym> <noun>" a state force
    entry(name)                            entry of a canonical name (or a name filled from a
                                           template), exact spelling; None when unknown
    lookup(name)                           forgiving `entry`: also case- and suffix-insensitive
                                           names, template names in any case, and aliases
    alias(phrase)                          entry an alias phrase ("regime forces") stands for
    canonical(name)                        dictionary name of an alias or claimant, else `name`
    resolve(entry, country)                canonical name, filling a template for `country`
                                           (the theatre when None; ACLED's naming rule for a
                                           country countries.yaml lacks)
    inter(name, country=None)              ACLED inter code (state forces 1 at home, 8 abroad;
                                           naming rules for actors the dictionary lacks)
    side(name), kind(name), generic(name)  facts of `lookup(name)` (None / False when unknown)
    members(name)                          names of a coalition's member groups
    is_member(a, b)                        one of two actors is a member of the other coalition
    force_country(name)                    X of "Military/Police Forces of X", else None
    country(name_or_code)                  countries.yaml row by name (any case) or ISO2 code
    demonym_country(word)                  country name of a demonym ("kenyan" -> Kenya)
    theatre()                              the theatre country's row
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .data_files import data_path, read_text, read_yaml
from .model import InputError
from .settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = [
    "ActorEntry",
    "ActorFileError",
    "ActorMatcher",
    "ActorMention",
    "ActorTable",
    "actor_matcher",
    "actor_table",
    "clear_actor_tables",
    "norm_key",
]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")


class ActorFileError(InputError):
    """A missing or malformed actors (or countries) file; the message names the file."""


@dataclass(frozen=True, eq=False)
class ActorEntry:
    """One actor of the dictionary. Entries compare by identity (one object per actor)."""

    name: str | None  # fixed canonical name, or None when `template` applies
    template: str | None
    type: str
    inter: int
    side: str
    country: str | None
    generic: bool
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    from_countries: bool = field(default=False, repr=False)  # a country's forces, from countries.yaml


def norm_key(name: str | None) -> str:
    """Comparison key of an actor name: lower case, single spaces, no "(2000-)"-style suffix."""
    if not name:
        return ""
    return re.sub(r"\s+", " ", _SUFFIX.sub("", name.strip()).lower())


def _naming() -> dict[str, Any]:
    return read_yaml("en/actor_names.yaml")


class ActorTable:
    """Actors of one actors file (see the module docstring for the API)."""

    def __init__(
        self,
        rows: list[dict[str, Any]],
        path: str,
        theatre_country: str,
        theatre_iso2: str,
        countries_raw: dict[str, Any],
    ):
        self.path = path
        self.theatre_country = theatre_country
        self.theatre_iso2 = theatre_iso2
        naming = _naming()
        self._state_names: dict[str, str] = dict(naming["state_forces"])
        self._inter_rules = [(str(r["prefix"]), int(r["inter"])) for r in naming["inter_by_prefix"]]
        self._force_re = self._force_regex(naming.get("country_articles") or [])
        self.force_nouns: list[str] = [str(f) for f in countries_raw.get("force_nouns") or []]
        self.countries: dict[str, dict[str, Any]] = {}
        for c in countries_raw.get("countries") or []:
            row = dict(c)
            for kind, tpl in self._state_names.items():
                row.setdefault(kind, tpl.format(country=row["name"]))
            self.countries[str(row["name"]).lower()] = row
        self._by_code = {str(c["code"]).upper(): c for c in self.countries.values() if c.get("code")}
        self.entries: list[ActorEntry] = [self._entry(i, row) for i, row in enumerate(rows)]
        self._by_name: dict[str, ActorEntry] = {e.name: e for e in self.entries if e.name}
        for c in self.countries.values():
            e = ActorEntry(
                c["military"],
                None,
                "state",
                1,
                "government" if c["name"] == theatre_country else "external",
                c["name"],
                False,
                tuple(f"{d} {f}" for d in c.get("demonyms") or [] for f in self.force_nouns),
                from_countries=True,
            )
            self.entries.append(e)
            self._by_name.setdefault(e.name or "", e)
        self._by_key: dict[str, ActorEntry] = {}
        for e in self.entries:
            if e.name:
                self._by_key.setdefault(norm_key(e.name), e)
            elif e.template and _PLACEHOLDER.sub("", e.template).strip(" ()"):
                self._by_key.setdefault(norm_key(e.template), e)  # "Opposition Rebels" without its country
        self._by_alias: dict[str, ActorEntry] = {}
        for e in self.entries:
            if not e.from_countries:
                for a in e.aliases:
                    self._by_alias.setdefault(a.lower(), e)
        self._templates = [(self._template_regex(e.template), e) for e in self.entries if e.template]
        # One alias, several countries' actors ("SNA": Syria's National Army, Somalia's army):
        # the report's country picks (see `local`).
        self._homes: dict[str, dict[str, ActorEntry]] = {}
        for e in self.entries:
            if e.name and e.country and not e.from_countries:
                for a in e.aliases:
                    self._homes.setdefault(a.lower(), {}).setdefault(e.country.lower(), e)
        self._memo: dict[tuple[str, str], Any] = {}
        self._demonyms: dict[str, str] | None = None

    # ------------------------------------------------------------ building

    def _entry(self, i: int, row: Any) -> ActorEntry:
        where = f"entry {i + 1}"
        if not isinstance(row, dict):
            raise ActorFileError(self.path, f"{where}: expected a mapping with name/template, type, inter")
        name, template = row.get("name"), row.get("template")
        if not (isinstance(name, str) and name.strip()) and not (isinstance(template, str) and template.strip()):
            raise ActorFileError(self.path, f"{where}: needs a `name` or a `template`")
        where = f"{where} ({name or template})"
        inter = row.get("inter")
        if (
            isinstance(inter, bool)
            or not isinstance(inter, int | str)
            or not str(inter).isdigit()
            or not 1 <= int(inter) <= 8
        ):
            raise ActorFileError(self.path, f"{where}: `inter` must be an ACLED inter code 1-8, not {inter!r}")
        if not isinstance(row.get("type"), str):
            raise ActorFileError(self.path, f"{where}: `type` is missing")
        aliases, members = row.get("aliases") or [], row.get("members") or []
        if not isinstance(aliases, list) or not isinstance(members, list):
            raise ActorFileError(self.path, f"{where}: `aliases` and `members` must be lists")
        if template:
            unknown = set(_PLACEHOLDER.findall(template)) - {"country", *self._state_names}
            if unknown:
                raise ActorFileError(self.path, f"{where}: unknown placeholder {{{sorted(unknown)[0]}}}")
        return ActorEntry(
            name or None,
            template if not name else None,
            row["type"],
            int(inter),
            str(row.get("side") or "other"),
            row.get("country"),
            bool(row.get("generic")),
            tuple(str(a) for a in aliases),
            tuple(str(m) for m in members),
        )

    def _template_regex(self, template: str | None) -> re.Pattern[str]:
        fills = {k: re.escape(v).replace(re.escape("{country}"), ".+") for k, v in self._state_names.items()}
        fills["country"] = ".+"
        parts = _PLACEHOLDER.split(template or "")
        rx = "".join(re.escape(p) if i % 2 == 0 else fills[p] for i, p in enumerate(parts))
        return re.compile(rx)

    def _force_regex(self, articles: list[str]) -> re.Pattern[str]:
        heads = "|".join(re.escape(t.split("{country}")[0]) for t in self._state_names.values())
        arts = ("(?:(?:" + "|".join(re.escape(str(a)) for a in articles) + r")\s+)?") if articles else ""
        return re.compile(rf"^(?:{heads}){arts}(.+?)(?:\s*\(.*\))?$", re.I)

    # ------------------------------------------------------------ lookups

    def _cached(self, kind: str, name: str, compute: Any) -> Any:
        key = (kind, name)
        if key not in self._memo:
            if len(self._memo) > 200_000:
                self._memo.clear()
            self._memo[key] = compute(name)
        return self._memo[key]

    def entry(self, name: str | None) -> ActorEntry | None:
        """Entry of a canonical name (templated names are matched by their pattern); exact spelling."""
        if not name:
            return None
        hit = self._by_name.get(name)
        if hit is not None:
            return hit
        return self._cached("entry", name, lambda n: next((e for rx, e in self._templates if rx.fullmatch(n)), None))

    def lookup(self, name: str | None) -> ActorEntry | None:
        """Like `entry`, but also by case/suffix-insensitive name, template in any case, or alias."""
        if not name:
            return None
        return self.entry(name) or self._cached("lookup", name, self._lookup)

    def _lookup(self, name: str) -> ActorEntry | None:
        hit = self._by_key.get(norm_key(name))
        if hit is None:
            s = name.strip()
            hit = next((e for rx, e in self._templates if re.fullmatch(rx.pattern, s, re.I)), None)
        return hit or self._by_alias.get(name.strip().lower())

    def alias(self, phrase: str) -> ActorEntry | None:
        """The entry an alias phrase stands for (case-insensitive)."""
        return self._by_alias.get(phrase.strip().lower())

    def local(self, entry: ActorEntry, phrase: str, country: str | None) -> ActorEntry:
        """The entry an alias shared by actors of several countries stands for in a report from `country`."""
        if not country or (entry.country or "").lower() == country.lower():
            return entry
        homes = self._homes.get(phrase.strip().lower())
        return homes.get(country.lower(), entry) if homes else entry

    def canonical(self, name: str) -> str:
        """Dictionary name of an actor or claimant ("the Front" -> the NLF), else the name itself."""
        low = name.strip().lower()
        for k in (low, "the " + low):
            hit = self._by_alias.get(k) or self._by_key.get(norm_key(k))
            if hit is not None and hit.name:
                return hit.name
        return name

    def resolve(self, entry: ActorEntry, country: str | None) -> str:
        """Canonical name of an entry, filling a template with the country of the report."""
        if entry.name:
            return entry.name
        # a country countries.yaml lacks is still the report's country: its forces are named by
        # ACLED's rule ("Police Forces of Kenya"), never the theatre's
        c = self.country(country or self.theatre_country) or self._unlisted(country or self.theatre_country)
        fills = {"country": c["name"], **{k: c[k] for k in self._state_names}}
        return (entry.template or "").format(**fills)

    def force_country(self, name: str | None) -> str | None:
        """X of an ACLED state-force name "Military Forces of X (2000-)", else None."""
        m = self._force_re.match(name.strip()) if name else None
        return m.group(1).strip() if m else None

    def inter(self, name: str | None, country: str | None = None) -> int | None:
        """ACLED inter code of an actor in an event in `country` (the theatre when None).

        State forces are 1 in their own country and 8 (external) elsewhere; other actors
        take their dictionary code, else a code by ACLED's naming (Civilians 7, Protesters 6...).
        """
        if not name:
            return None
        home = self.force_country(name)
        if home is not None:
            where = self.country(country) if country else self.theatre()
            where_name = where["name"] if where else str(country)
            return 1 if norm_key(home) == norm_key(where_name) else 8
        e = self.lookup(name)
        if e is not None:
            return e.inter
        return next((code for prefix, code in self._inter_rules if name.startswith(prefix)), None)

    def side(self, name: str | None) -> str | None:
        e = self.lookup(name)
        return e.side if e else None

    def kind(self, name: str | None) -> str | None:
        e = self.lookup(name)
        return e.type if e else None

    def generic(self, name: str | None) -> bool:
        e = self.lookup(name)
        return bool(e and e.generic)

    def members(self, name: str | None) -> frozenset[str]:
        """Names of a coalition's member groups (its `members:` in the actors file)."""
        e = self.lookup(name)
        return frozenset(e.members) if e else frozenset()

    def is_member(self, a: str, b: str) -> bool:
        """Is one of `a`, `b` a member group of the other (a coalition)?"""
        ka, kb = norm_key(a), norm_key(b)
        return ka in {norm_key(m) for m in self.members(b)} or kb in {norm_key(m) for m in self.members(a)}

    def country(self, name_or_code: str | None) -> dict[str, Any] | None:
        """countries.yaml row by country name (any case) or ISO 3166 alpha-2 code."""
        if not name_or_code:
            return None
        s = name_or_code.strip()
        return self.countries.get(s.lower()) or self._by_code.get(s.upper())

    def demonym_country(self, word: str) -> str | None:
        """Name of the country a demonym ("kenyan", "Malian") belongs to, else None."""
        if self._demonyms is None:
            self._demonyms = {
                str(d).lower(): str(c["name"]) for c in self.countries.values() for d in c.get("demonyms") or []
            }
        return self._demonyms.get(word.strip().lower())

    def theatre(self) -> dict[str, Any]:
        """Row of the theatre country (a minimal one when countries.yaml lacks it)."""
        return self.country(self.theatre_country) or self._unlisted(self.theatre_country, self.theatre_iso2)

    def _unlisted(self, name: str, code: str | None = None) -> dict[str, Any]:
        """A minimal row for a country countries.yaml lacks: its name and ACLED's force names."""
        return {
            "name": name,
            "code": code,
            "demonyms": [],
            **{k: t.format(country=name) for k, t in self._state_names.items()},
        }


# ---------------------------------------------------------------- loading

_TABLES: dict[tuple[Any, ...], ActorTable] = {}
_DEFAULTS: dict[tuple[str | None, str | None], Settings] = {}


def clear_actor_tables() -> None:
    """Forget the cached tables and default settings."""
    _TABLES.clear()
    _DEFAULTS.clear()


def _default_settings() -> Settings:
    key = (os.environ.get("FRONTWIRE_SETTINGS"), os.environ.get("FRONTWIRE_ACTORS"))
    if key not in _DEFAULTS:
        _DEFAULTS[key] = Settings.default()
    return _DEFAULTS[key]


def actor_table(settings: Settings | None = None) -> ActorTable:
    """The actor table for `settings` (default: `Settings.default()`), built once per actors file.

    The file is not re-read when it changes on disk: `clear_actor_tables()` forgets it.
    """
    s = settings or _default_settings()
    path = str(Path(s.actors_path).expanduser().resolve()) if s.actors_path else str(data_path("actors.yaml"))
    key = (path, s.theatre_country, s.theatre_iso2)
    table = _TABLES.get(key)
    if table is None:
        table = _TABLES[key] = _load(path, s)
    return table


def _load(path: str, s: Settings) -> ActorTable:
    try:
        raw = yaml.safe_load(read_text("actors.yaml", override=path))
    except OSError as exc:
        raise ActorFileError(path, f"cannot read the actors file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ActorFileError(path, "the actors file is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ActorFileError(path, f"not valid YAML{where} ({getattr(exc, 'problem', None) or exc})") from None
    if isinstance(raw, dict) and "actors" in raw:
        raw = raw["actors"]
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise ActorFileError(path, "expected a list of actors (name/template, type, inter, side, aliases)")
    raw = with_user_aliases(raw)
    countries = read_yaml("countries.yaml")
    if not isinstance(countries, dict) or not isinstance(countries.get("countries"), list):
        raise ActorFileError(str(data_path("countries.yaml")), "expected `countries:` and `force_nouns:` lists")
    return ActorTable(raw, path, s.theatre_country, s.theatre_iso2, countries)


def with_user_aliases(rows: list[Any]) -> list[Any]:
    """`rows` plus the aliases an analyst added from the desk (the YAML overlay at
    `settings.actors_extra_path()`: `aliases: [{alias, actor}]`); an unknown actor becomes a new entry."""
    from .settings import actors_extra_path

    path = actors_extra_path()
    if not os.path.isfile(path):
        return rows
    try:
        with open(path, encoding="utf-8") as fh:
            extra = yaml.safe_load(fh) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ActorFileError(path, f"cannot read the actor-alias overlay ({exc})") from None
    out = [dict(r) if isinstance(r, dict) else r for r in rows]
    by_key = {norm_key(r.get("name")): r for r in out if isinstance(r, dict) and isinstance(r.get("name"), str)}
    for item in (extra.get("aliases") if isinstance(extra, dict) else None) or []:
        alias, actor = str(item.get("alias") or "").strip().lower(), str(item.get("actor") or "").strip()
        if alias and actor:
            row = by_key.get(norm_key(actor))
            if row is None:  # a new actor: an armed group of the theatre until the analyst says more
                row = by_key[norm_key(actor)] = {"name": actor, "type": "militia", "inter": 3, "aliases": []}
                out.append(row)
            row["aliases"] = [*(row.get("aliases") or []), alias]
    return out


# ---------------------------------------------------------------- finding aliases in text


@dataclass
class ActorMention:
    """An alias of an actor found in a parsed sentence."""

    entry: ActorEntry
    start: int  # token index in the sentence's doc
    end: int
    text: str
    table: ActorTable | None = field(default=None, compare=False, repr=False)

    def name(self, country: str | None) -> str:
        """Canonical name, filling a template with the country of the report."""
        table = self.table or actor_table()
        return table.resolve(table.local(self.entry, self.text, country), country)


class ActorMatcher:
    """spaCy phrase matcher over a table's aliases (and demonym + force-noun phrases of each country)."""

    def __init__(self, settings: Settings | None = None, table: ActorTable | None = None):
        from spacy.matcher import PhraseMatcher  # spaCy is slow to load: only extraction needs it

        from .nlp import load_nlp

        nlp = load_nlp()
        self.table = table or actor_table(settings)
        self.entries: list[ActorEntry] = self.table.entries
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for i, e in enumerate(self.entries):
            aliases = set(e.aliases) | {a.replace("'", "’") for a in e.aliases}
            if aliases:
                self.matcher.add(str(i), [nlp.make_doc(a) for a in sorted(aliases)])

    def find(self, span: Span) -> list[ActorMention]:
        """Actor mentions in a sentence, longest match first, no overlaps."""
        from spacy.tokens import Span
        from spacy.util import filter_spans

        doc = span.doc
        if "fw_actors" not in doc.user_data:  # one matcher pass per doc, however many sentences ask
            doc.user_data["fw_actors"] = self.matcher(doc)
            doc.user_data["fw_actor_spans"] = {}
        found = doc.user_data["fw_actor_spans"].get((span.start, span.end))
        if found is None:  # several stages ask about the same sentence
            matches = [
                Span(doc, s, e, label=m) for m, s, e in doc.user_data["fw_actors"] if s >= span.start and e <= span.end
            ]
            found = doc.user_data["fw_actor_spans"][(span.start, span.end)] = [
                ActorMention(self.entries[int(doc.vocab.strings[sp.label])], sp.start, sp.end, sp.text, self.table)
                for sp in filter_spans(matches)
            ]
        return list(found)

    def info(self, name: str) -> ActorEntry | None:
        """Entry for a canonical name (templated names are matched by their pattern)."""
        return self.table.entry(name)


_MATCHERS: dict[int, ActorMatcher] = {}


def actor_matcher(settings: Settings | None = None) -> ActorMatcher:
    """The alias matcher of the actor table for `settings` (built once per table)."""
    table = actor_table(settings)
    m = _MATCHERS.get(id(table))
    if m is None or m.table is not table:
        m = _MATCHERS[id(table)] = ActorMatcher(table=table)
    return m
