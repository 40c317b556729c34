"""API keys in ``data/access.sqlite``: random, shown once, stored only as their SHA-256.

A key is 32 random bytes, so a plain SHA-256 is enough (no dictionary to guess from); the
key's id is public and is what the audit log and the CLI show.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assistant.components.sqlite import connect

ROLES = ("reader", "editor", "admin")  # each role can do everything the previous one can
PREFIX = "tla_"

SCHEMA = """
CREATE TABLE IF NOT EXISTS keys (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL, revoked_at TEXT);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def allows(role: str, needed: str) -> bool:
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    role: str
    created_at: str
    revoked_at: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role, "created_at": self.created_at,
                "revoked_at": self.revoked_at}


class AccessError(ValueError):
    """A key command that cannot be done (unknown role, unknown id); the message is Vietnamese."""


class KeyStore:
    def __init__(self, path: Path):
        self.con = connect(path, SCHEMA)
        self.lock = threading.Lock()

    def create(self, role: str, name: str) -> tuple[ApiKey, str]:
        """The new key's record and the key itself (shown once, never stored)."""
        if role not in ROLES:
            raise AccessError(f"Vai trò «{role}» không hợp lệ; dùng một trong: {', '.join(ROLES)}.")
        name = (name or "").strip()
        if not name:
            raise AccessError("Cần đặt tên cho khóa (--name), ví dụ tên người hoặc phòng dùng khóa.")
        key_id = secrets.token_hex(4)
        secret = f"{PREFIX}{secrets.token_urlsafe(32)}"
        record = ApiKey(key_id, name, role, now())
        with self.lock, self.con:
            self.con.execute("INSERT INTO keys VALUES (?,?,?,?,?,NULL)", (key_id, name, role, key_hash(secret), record.created_at))
        return record, secret

    def list(self) -> list[ApiKey]:
        with self.lock:
            rows = self.con.execute("SELECT * FROM keys ORDER BY created_at, id").fetchall()
        return [self._key(r) for r in rows]

    def revoke(self, key_id: str) -> ApiKey:
        with self.lock, self.con:
            done = self.con.execute("UPDATE keys SET revoked_at=? WHERE id=? AND revoked_at IS NULL", (now(), key_id)).rowcount
            row = self.con.execute("SELECT * FROM keys WHERE id=?", (key_id,)).fetchone()
        if row is None:
            raise AccessError(f"Không có khóa «{key_id}».")
        if not done:
            raise AccessError(f"Khóa «{key_id}» đã bị thu hồi trước đó.")
        return self._key(row)

    def lookup(self, secret: str) -> ApiKey | None:
        """The active key for ``secret``, or None (unknown or revoked)."""
        with self.lock:
            row = self.con.execute("SELECT * FROM keys WHERE hash=? AND revoked_at IS NULL", (key_hash(secret),)).fetchone()
        return self._key(row) if row else None

    @staticmethod
    def _key(row: sqlite3.Row) -> ApiKey:
        return ApiKey(row["id"], row["name"], row["role"], row["created_at"], row["revoked_at"])
