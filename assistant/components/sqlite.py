"""SQLite files of the data folder (conversations, API keys, audit log), opened one way.

Several worker processes may share these files: a writer waits up to ``timeout`` seconds for
another instead of failing, and WAL lets readers go on while one writes (some network file
systems refuse WAL; the file then stays in rollback mode).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


def connect(path: Path, schema: str, timeout: float = 10.0) -> sqlite3.Connection:
    """A connection shared by the threads of one process (callers hold their own lock), schema applied."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, check_same_thread=False, timeout=timeout)
    con.row_factory = sqlite3.Row
    with contextlib.suppress(sqlite3.Error):
        con.execute("PRAGMA journal_mode=WAL")
    with con:
        con.executescript(schema)
    return con
