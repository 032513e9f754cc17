"""frontwire's version, read from the installed package metadata (pyproject.toml is the one source)."""

from importlib.metadata import version

__version__ = version("frontwire")
