"""Conversations in SQLite, outside index/, so they survive restarts and index rebuilds.

A turn (question and answer) is written in one transaction with its sequence number computed
inside it, and :meth:`ConversationStore.turn` serializes the turns of one conversation (history
read, answer, write), so concurrent follow-ups never store an answer away from its question.
Other conversations are not held up.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from weakref import WeakValueDictionary

from assistant.components.sqlite import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL,
    role TEXT NOT NULL, text TEXT NOT NULL, answer TEXT, created_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq));
"""


class StoreUnavailable(RuntimeError):
    """The conversation database cannot be written (or read); the message is Vietnamese."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _safe(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class ConversationStore:
    def __init__(self, path: Path):
        try:
            self.con = connect(path, SCHEMA)
            with self.con:
                columns = {r[1] for r in self.con.execute("PRAGMA table_info(conversations)")}
                if "owner" not in columns:  # databases from before access control
                    self.con.execute("ALTER TABLE conversations ADD COLUMN owner TEXT")
                    self.con.execute("ALTER TABLE conversations ADD COLUMN updated_at TEXT")
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"không ghi được cơ sở dữ liệu hội thoại {Path(path).name}: {exc}") from exc
        self.lock = threading.Lock()
        self._turn_locks: WeakValueDictionary[str, threading.Lock] = WeakValueDictionary()

    @contextmanager
    def _write(self):
        """One IMMEDIATE transaction: a turn's sequence number is read and used under the write lock,
        so two workers sharing the file cannot number two turns alike."""
        with self.lock:
            try:
                self.con.execute("BEGIN IMMEDIATE")
                try:
                    yield self.con
                except BaseException:
                    self.con.rollback()
                    raise
                self.con.commit()
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"không ghi được hội thoại: {exc}") from exc

    def create(self, owner: str | None = None) -> str:
        cid = uuid.uuid4().hex
        with self._write() as con:
            con.execute("INSERT INTO conversations (id, created_at, owner, updated_at) VALUES (?, ?, ?, ?)",
                        (cid, _now(), owner, _now()))
        return cid

    def owner(self, cid: str) -> tuple[bool, str | None]:
        """(exists, owner key id)."""
        with self.lock:
            row = self.con.execute("SELECT owner FROM conversations WHERE id=?", (cid,)).fetchone()
        return (row is not None, row["owner"] if row else None)

    def exists(self, cid: str) -> bool:
        return self.owner(cid)[0]

    @contextmanager
    def turn(self, cid: str):
        """Hold one conversation while its next turn is read, answered and written."""
        with self.lock:
            lock = self._turn_locks.get(cid)
            if lock is None:
                lock = self._turn_locks[cid] = threading.Lock()
        with lock:
            yield

    def add_turn(self, cid: str, question: str, answer: dict) -> None:
        """The question and its answer, in one transaction, numbered inside it."""
        text = json.dumps(answer, ensure_ascii=False)
        with self._write() as con:
            seq = con.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM messages WHERE conversation_id=?", (cid,)).fetchone()[0]
            con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?)", (cid, seq, "user", _safe(question), None, _now()))
            con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?)",
                        (cid, seq + 1, "assistant", _safe(answer.get("answer", "")), _safe(text), _now()))
            con.execute("UPDATE conversations SET updated_at=? WHERE id=?", (_now(), cid))

    def get(self, cid: str) -> dict | None:
        with self.lock:
            row = self.con.execute("SELECT * FROM conversations WHERE id=?", (cid,)).fetchone()
            if row is None:
                return None
            rows = self.con.execute("SELECT * FROM messages WHERE conversation_id=? ORDER BY seq", (cid,)).fetchall()
        messages = [{"role": m["role"], "text": m["text"], "answer": json.loads(m["answer"]) if m["answer"] else None,
                     "created_at": m["created_at"]} for m in rows]
        return {"id": cid, "created_at": row["created_at"], "messages": messages}

    def questions(self, cid: str, last: int | None = None, max_chars: int | None = None) -> list[str]:
        """The conversation's questions, oldest first: at most the ``last`` ones, each cut to ``max_chars``."""
        with self.lock:
            rows = self.con.execute("SELECT text FROM messages WHERE conversation_id=? AND role='user' "
                                    "ORDER BY seq DESC LIMIT ?", (cid, -1 if last is None else last)).fetchall()
        return [r[0][:max_chars] if max_chars else r[0] for r in reversed(rows)]

    def list(self, limit: int = 20, offset: int = 0, owner: str | None = None, any_owner: bool = True) -> dict:
        """A page of conversations, newest first (only ``owner``'s unless ``any_owner``)."""
        where, args = ("", []) if any_owner else ("WHERE owner IS ?", [owner])
        with self.lock:
            total = self.con.execute(f"SELECT COUNT(*) FROM conversations {where}", args).fetchone()[0]
            rows = self.con.execute(
                f"SELECT c.id, c.created_at, c.updated_at, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id=c.id) n, "
                f"(SELECT text FROM messages m WHERE m.conversation_id=c.id AND m.seq=0) first FROM conversations c {where} "
                f"ORDER BY COALESCE(c.updated_at, c.created_at) DESC, c.id LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
        items = [{"id": r["id"], "created_at": r["created_at"], "updated_at": r["updated_at"] or r["created_at"],
                  "messages": r["n"], "title": (r["first"] or "")[:120]} for r in rows]
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    def delete(self, cid: str) -> bool:
        with self._write() as con:
            con.execute("DELETE FROM messages WHERE conversation_id=?", (cid,))
            return con.execute("DELETE FROM conversations WHERE id=?", (cid,)).rowcount > 0

    def purge(self, days: int) -> int:
        """Delete conversations untouched for more than ``days`` days (0 keeps everything); returns how many."""
        if days <= 0:
            return 0
        cutoff = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
        with self._write() as con:
            old = [r[0] for r in con.execute("SELECT id FROM conversations WHERE COALESCE(updated_at, created_at) < ?", (cutoff,))]
            con.executemany("DELETE FROM messages WHERE conversation_id=?", [(c,) for c in old])
            con.executemany("DELETE FROM conversations WHERE id=?", [(c,) for c in old])
        return len(old)
