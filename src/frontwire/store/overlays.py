"""The user's overlay of actor aliases: a small YAML file an analyst extends from the desk.

`actors.with_user_aliases` reads it when an actor table is built (the next run); the
gazetteer overlay has its own writer (`geo.gazetteer.add_place`).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import IO, Any

import yaml

from ..data_files import write_atomically
from ..model import InputError
from ..settings import actors_extra_path

MAX_NAME = 200  # characters in an alias or an actor name
_HEADER = (
    "# frontwire user actor-alias overlay: phrases analysts told the desk stand for an actor\n"
    "# (POST /api/aliases). Read with the actors file on the next run; edit freely.\n"
    "# aliases: [{alias: <lower-case phrase>, actor: <canonical name>, who, at}]\n"
)


def add_actor_alias(alias: str, actor: str, who: str = "analyst", path: str | None = None) -> dict[str, Any]:
    """Append `alias` -> `actor` to the overlay (an alias already there is re-pointed); returns
    {"alias", "actor", "file"}. InputError when either is empty or too long."""
    alias, actor = " ".join(str(alias).split()).lower(), " ".join(str(actor).split())
    for what, v in (("alias", alias), ("actor", actor)):
        if not v or len(v) > MAX_NAME:
            raise InputError(what, f"{what} must be 1 to {MAX_NAME} characters")
    target = Path(path or actors_extra_path())
    items: list[dict[str, Any]] = []
    if target.is_file():
        with open(target, encoding="utf-8") as fh:
            raw = yaml.safe_load(fh) or {}
        items = [i for i in (raw.get("aliases") or []) if isinstance(i, dict) and i.get("alias") != alias]
    at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    items.append({"alias": alias, "actor": actor, "who": who, "at": at})

    def write(fh: IO[str]) -> None:
        fh.write(_HEADER)
        yaml.safe_dump({"aliases": items}, fh, allow_unicode=True, sort_keys=False)

    write_atomically(target, write)  # a reader never sees half a file
    return {"alias": alias, "actor": actor, "file": str(target)}
