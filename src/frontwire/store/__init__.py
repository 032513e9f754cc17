"""store stage: a SQLite file by default, any SQLAlchemy URL (e.g. PostgreSQL) for teams.

`tables` defines the schema and the row shapes, `connect` opens databases, and
`database.Store` reads and writes them.
"""

from ..serialize import event_from_dict, mention_from_dict
from .database import Store
from .tables import metadata, text_hash

# Re-exported: callers rebuild dataclasses from JSON with these.
__all__ = ["Store", "text_hash", "metadata", "event_from_dict", "mention_from_dict"]
