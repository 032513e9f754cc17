"""One way to locate and read the shipped data files (`src/frontwire/data/`) and user overrides,
and to write a user's file whole."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import yaml

from .model import InputError


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


def write_atomically(path: str | Path, write: Callable[[IO[str]], None]) -> None:
    """Write a user's file through `write(fh)` into a temporary file beside it, then rename it
    into place: a reader never sees half a file, and a failed write leaves the old one."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise InputError(str(path), f"cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the file is an ordinary one
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
