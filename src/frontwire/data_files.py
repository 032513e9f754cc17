"""One way to locate and read the shipped data files (`src/frontwire/data/`) and user overrides."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@cache  # importlib.resources costs ~0.3 ms a call, and tables are looked up per sentence
def data_path(name: str) -> Path:
    """Path of a shipped data file, e.g. `data_path("actors.yaml")`."""
    return Path(str(resources.files("frontwire").joinpath("data", name)))


def read_text(name: str, override: str | None = None) -> str:
    """Text of a shipped data file, or of `override` (a user's file) when given."""
    path = Path(override) if override else data_path(name)
    return path.read_text("utf-8")


@cache
def read_yaml(name: str, override: str | None = None) -> Any:
    """Parsed YAML of a shipped data file (or `override`), read once per process and path."""
    return yaml.safe_load(read_text(name, override))
