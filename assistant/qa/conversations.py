"""Conversations in SQLite, outside index/, so they survive restarts and index rebuilds."""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL,
    role TEXT NOT NULL, text TEXT NOT NULL, answer TEXT, created_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq));
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ConversationStore:
    def __init__(self, path: Path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(path, check_same_thread=False)
        self.con.row_factory = sqlite3.Row
        self.lock = threading.Lock()
        with self.lock, self.con:
            self.con.executescript(SCHEMA)

    def create(self) -> str:
        cid = uuid.uuid4().hex
        with self.lock, self.con:
            self.con.execute("INSERT INTO conversations VALUES (?, ?)", (cid, _now()))
        return cid

    def exists(self, cid: str) -> bool:
        return self.con.execute("SELECT 1 FROM conversations WHERE id=?", (cid,)).fetchone() is not None

    def add(self, cid: str, role: str, text: str, answer: dict | None = None) -> None:
        with self.lock, self.con:
            seq = self.con.execute("SELECT COUNT(*) FROM messages WHERE conversation_id=?", (cid,)).fetchone()[0]
            self.con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?)",
                             (cid, seq, role, text, json.dumps(answer, ensure_ascii=False) if answer else None, _now()))

    def get(self, cid: str) -> dict | None:
        row = self.con.execute("SELECT * FROM conversations WHERE id=?", (cid,)).fetchone()
        if row is None:
            return None
        messages = [
            {"role": m["role"], "text": m["text"], "answer": json.loads(m["answer"]) if m["answer"] else None, "created_at": m["created_at"]}
            for m in self.con.execute("SELECT * FROM messages WHERE conversation_id=? ORDER BY seq", (cid,))
        ]
        return {"id": cid, "created_at": row["created_at"], "messages": messages}

    def questions(self, cid: str) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT text FROM messages WHERE conversation_id=? AND role='user' ORDER BY seq", (cid,))]
