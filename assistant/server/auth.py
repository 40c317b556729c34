"""API-key authentication and roles for the HTTP routes: ``Depends(require("reader"))``.

Keys come as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``. With ``auth: auto`` keys are
required only when the service is bound to a non-loopback address; with auth off every caller
acts as an unnamed admin (a valid key sent anyway still names the caller, for the audit log).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fastapi import HTTPException, Request

from assistant.access.keys import ROLES, allows
from assistant.server.security import LOOPBACK
from assistant.settings import Settings


@dataclass(frozen=True)
class Principal:
    key_id: str | None
    role: str
    name: str = ""


ANONYMOUS = Principal(None, "admin", "")


def auth_required(settings: Settings) -> bool:
    if settings.auth == "auto":
        return settings.host.strip("[]").lower() not in LOOPBACK
    return settings.auth == "on"


def sent_key(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.headers.get("x-api-key", "").strip()


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def _principal(request: Request) -> Principal:
    state = request.app.state
    secret = sent_key(request)
    keys = state.keys
    if not state.auth_required:
        found = keys.lookup(secret) if secret and keys is not None else None
        return Principal(found.id, found.role, found.name) if found else ANONYMOUS
    if keys is None:
        raise HTTPException(503, "Không đọc được danh sách khóa API (thư mục dữ liệu không dùng được).")
    if not secret:
        raise HTTPException(401, "Cần khóa API: gửi header «Authorization: Bearer <khóa>».",
                            headers={"WWW-Authenticate": "Bearer"})
    found = keys.lookup(secret)
    if found is None:
        raise HTTPException(401, "Khóa API không đúng hoặc đã bị thu hồi.", headers={"WWW-Authenticate": "Bearer"})
    return Principal(found.id, found.role, found.name)


@lru_cache(maxsize=None)
def require(role: str):
    """A FastAPI dependency admitting callers with ``role`` or a higher one; it returns the :class:`Principal`.

    One function per role, so FastAPI runs it once per request however many routes share it.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def dependency(request: Request) -> Principal:
        principal = _principal(request)
        if not allows(principal.role, role):
            raise HTTPException(403, f"Khóa API «{principal.name or principal.key_id}» (vai trò {principal.role}) "
                                     f"không có quyền này: cần vai trò {role} trở lên.")
        request.state.principal = principal
        return principal

    dependency.__name__ = f"require_{role}"
    return dependency
