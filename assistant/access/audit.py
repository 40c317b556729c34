"""The append-only audit log in ``data/audit.sqlite``: every question and every document change.

Rows cannot be updated or deleted (SQLite triggers refuse it). :func:`record` is the one call
for other parts of the service (document upload/removal):
``audit.record("document.upload", key_id, client, {"name": ...})``.
"""

from __future__ import annotations

import csv
import json
import logging
import sqlite3
import threading
from pathlib import Path

from assistant.access.keys import now
from assistant.components.sqlite import connect

log = logging.getLogger(__name__)
SUMMARY_CHARS = 300
COLUMNS = ("id", "time", "key_id", "client", "action", "question", "answer", "found", "citations", "status", "detail")

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, key_id TEXT, client TEXT, action TEXT NOT NULL,
    question TEXT, answer TEXT, found INTEGER, citations TEXT, status INTEGER, detail TEXT);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""


def _safe(text: str | None) -> str | None:
    """Text SQLite can store (lone surrogates escaped)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(text, str) else text


class AuditLog:
    def __init__(self, path: Path):
        self.con = connect(path, SCHEMA)
        self.lock = threading.Lock()

    def add(self, action: str, *, key_id: str | None = None, client: str | None = None, question: str | None = None,
            answer: dict | None = None, status: int | None = None, detail: object = None) -> None:
        found = citations = summary = None
        if answer is not None:
            summary = (answer.get("answer") or "")[:SUMMARY_CHARS]
            found = int(bool(answer.get("found")))
            citations = json.dumps([{"source": c.get("source"), "start": c.get("start"), "end": c.get("end")}
                                    for c in answer.get("citations") or []], ensure_ascii=False)
        if detail is not None and not isinstance(detail, str):
            detail = json.dumps(detail, ensure_ascii=False, default=str)
        row = (now(), key_id, client, action, _safe(question), summary, found, citations, status, _safe(detail))
        with self.lock, self.con:
            self.con.execute("INSERT INTO audit (time, key_id, client, action, question, answer, found, citations, "
                             "status, detail) VALUES (?,?,?,?,?,?,?,?,?,?)", row)

    def rows(self, limit: int = 50, offset: int = 0) -> list[dict]:
        """Newest first."""
        with self.lock:
            found = self.con.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)).fetchall()
        return [self._row(r) for r in found]

    def count(self) -> int:
        with self.lock:
            return self.con.execute("SELECT COUNT(*) FROM audit").fetchone()[0]

    def export(self, path: Path) -> int:
        """Every row, oldest first, to ``.csv`` or ``.jsonl`` (by the file's suffix); returns the count."""
        with self.lock:
            rows = [self._row(r) for r in self.con.execute("SELECT * FROM audit ORDER BY id")]
        path = Path(path)
        with path.open("w", encoding="utf-8", newline="") as out:
            if path.suffix.lower() == ".csv":
                writer = csv.DictWriter(out, fieldnames=COLUMNS)
                writer.writeheader()
                writer.writerows({**r, "citations": json.dumps(r["citations"], ensure_ascii=False)} for r in rows)
            else:
                out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return len(rows)

    @staticmethod
    def _row(r: sqlite3.Row) -> dict:
        row = dict(r)
        row["citations"] = json.loads(row["citations"]) if row["citations"] else []
        row["found"] = None if row["found"] is None else bool(row["found"])
        return row


_current: AuditLog | None = None


def use(audit_log: AuditLog | None) -> None:
    """Make ``audit_log`` the one :func:`record` writes to (the service does this at start-up)."""
    global _current
    _current = audit_log


def record(action: str, key_id: str | None, client: str | None, detail: object = None, status: int | None = None) -> None:
    """Log a document change (or any other action); never raises: a failed audit write is logged."""
    if _current is None:
        log.warning("audit log unavailable; not recorded: %s %s", action, detail)
        return
    try:
        _current.add(action, key_id=key_id, client=client, detail=detail, status=status)
    except sqlite3.Error:
        log.exception("audit write failed: %s", action)
