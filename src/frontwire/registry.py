"""One registry for the parts that plug in: coders (classifiers), engines and stores.

Built-ins register through the same entry-point groups a plug-in package uses
(`[project.entry-points."frontwire.classifiers"]` in its pyproject), so adding a
coder is one new file and one line of metadata, never an edit of the core.
`register()` adds an object for this process only (tests, notebooks, A/B runs).
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

GROUPS = {
    "classifier": "frontwire.classifiers",
    "engine": "frontwire.engines",
    "store": "frontwire.stores",
}
_LOCAL: dict[str, dict[str, Any]] = {kind: {} for kind in GROUPS}


class UnknownPlugin(LookupError):
    """No plug-in of that kind and name."""


def _group(kind: str) -> str:
    if kind not in GROUPS:
        raise ValueError(f"unknown plug-in kind {kind!r} (expected {', '.join(GROUPS)})")
    return GROUPS[kind]


def register(kind: str, name: str, obj: Any) -> None:
    """Make `obj` available as `kind`/`name` in this process (overrides an installed one)."""
    _group(kind)
    _LOCAL[kind][name] = obj


def unregister(kind: str, name: str) -> None:
    _LOCAL[kind].pop(name, None)


def names(kind: str) -> list[str]:
    """Every name registered for `kind`, installed or in-process."""
    return sorted({ep.name for ep in entry_points(group=_group(kind))} | set(_LOCAL[kind]))


def get(kind: str, name: str) -> Any:
    """The object registered as `kind`/`name` (an entry point is loaded on first use)."""
    group = _group(kind)
    if name in _LOCAL[kind]:
        return _LOCAL[kind][name]
    for ep in entry_points(group=group):
        if ep.name == name:
            return ep.load()
    raise UnknownPlugin(f"no {kind} named {name!r} (known: {', '.join(names(kind)) or 'none'})")
