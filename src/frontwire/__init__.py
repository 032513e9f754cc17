"""frontwire: conflict news reports in, geocoded, source-attributed event dataset out.

Python API for notebooks::

    import frontwire
    events = frontwire.code_articles([frontwire.Article(id="a1", text=..., published="2020-01-08")])
    df = frontwire.to_dataframe(events)
"""

from .about import __version__
from .model import Article, Claim, Event, EventMention, InputError, Place

__all__ = [
    "__version__",
    "Article",
    "Claim",
    "Event",
    "EventMention",
    "InputError",
    "Place",
    "code_articles",
    "to_dataframe",
]


def code_articles(articles):
    """Code an iterable of `Article` (or dicts with the same fields) into merged `Event`s."""
    from .pipeline import code_articles as _code

    return _code(a if isinstance(a, Article) else Article(**a) for a in articles)


def to_dataframe(events):
    """Events as a pandas DataFrame (one row per event; claims kept as lists of dicts)."""
    from .export import to_dataframe as _df

    return _df(events)
