"""Request limits applied before any route runs: body size (413) and per-client rate (429).

Both are plain ASGI middlewares, so a refused request costs no parsing: a body whose
Content-Length is too large is refused before a byte of it is read, and a chunked body is
counted as it streams in and refused as soon as it passes the limit.

The rate limiter is a token bucket per client held in memory: it counts per process (several
worker processes each allow the full rate).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from urllib.parse import unquote

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.server.errors import error_body
from assistant.server.security import SECURITY_HEADERS


async def send_error(scope: Scope, send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    """A JSON error sent straight from a middleware, in the shape documented for the path, with the security headers."""
    body = json.dumps(error_body(scope.get("path", ""), status, detail), ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in {**SECURITY_HEADERS, **(headers or {})}.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def too_large_message(limit: int, files: list[str] | None = None) -> str:
    size = f"{limit:,}".replace(",", ".")
    if files:
        return f"Tệp {', '.join(f'«{f}»' for f in files)} quá lớn: tối đa {size} byte mỗi lần tải lên."
    return f"Nội dung gửi lên quá lớn (tối đa {size} byte)."


# A multipart part's file name ("filename*=" carries a percent-encoded UTF-8 name).
_FILENAME = re.compile(rb'filename\*?=(?:UTF-8\'\')?"?([^";\r\n]*)"?', re.IGNORECASE)
PEEK_BYTES = 64 * 1024


async def peek_file_names(scope: Scope, receive: Receive) -> list[str]:
    """The names of the files in the first bytes of a multipart body, to name them when it is refused."""
    if not Headers(scope=scope).get("content-type", "").lower().startswith("multipart/form-data"):
        return []
    head = b""
    while len(head) < PEEK_BYTES:
        message = await receive()
        head += message.get("body", b"")
        if message["type"] != "http.request" or not message.get("more_body"):
            break
    names = [unquote(m.group(1).decode("utf-8", "replace")) for m in _FILENAME.finditer(head)]
    return list(dict.fromkeys(n for n in names if n))


class BodyLimitMiddleware:
    """413 for bodies over ``default`` bytes, or over the limit of the longest matching path prefix."""

    def __init__(self, app: ASGIApp, default: int, per_path: dict[str, int] | None = None) -> None:
        self.app = app
        self.default = default
        self.per_path = sorted((per_path or {}).items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        return next((limit for prefix, limit in self.per_path if path.startswith(prefix)), self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            if declared.isdigit():
                return await send_error(scope, send, 413, too_large_message(limit, await peek_file_names(scope, receive)))
            return await send_error(scope, send, 400, "Header Content-Length không hợp lệ.")
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # the routes turn this into the JSON 413
                    raise HTTPException(413, too_large_message(limit))
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except HTTPException as exc:  # raised outside a route (no handler caught it)
            if exc.status_code != 413 or started:
                raise
            await send_error(scope, send, 413, str(exc.detail))


class TokenBucket:
    """``rate`` requests per minute per key, bursts up to ``rate``."""

    def __init__(self, per_minute: int, max_keys: int = 10_000) -> None:
        self.capacity = float(per_minute)
        self.refill = per_minute / 60.0
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when the request may go, else the seconds to wait for a token."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.refill)
            if tokens >= 1:
                if len(self._buckets) >= self.max_keys and key not in self._buckets:
                    self._forget_full(now)
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.refill

    def _forget_full(self, now: float) -> None:
        """Drop clients whose bucket has refilled: they cost nothing to recreate."""
        for key, (tokens, last) in list(self._buckets.items()):
            if tokens + (now - last) * self.refill >= self.capacity:
                del self._buckets[key]


def client_key(scope: Scope) -> str:
    """The API key (hashed) when one is sent, else the client address."""
    headers = Headers(scope=scope)
    auth = headers.get("authorization", "")
    key = auth[7:].strip() if auth.lower().startswith("bearer ") else headers.get("x-api-key", "")
    if key:
        return "key:" + hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:16]
    client = scope.get("client")
    return "ip:" + (client[0] if client else "?")


class RateLimitMiddleware:
    """429 with Retry-After when a client sends more than ``per_minute`` API requests a minute."""

    def __init__(self, app: ASGIApp, per_minute: int, prefixes: tuple[str, ...] = ("/api/", "/v1/"),
                 exempt: tuple[str, ...] = ("/api/health",)) -> None:
        self.app = app
        self.bucket = TokenBucket(per_minute) if per_minute > 0 else None
        self.prefixes, self.exempt = prefixes, exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (self.bucket is None or scope["type"] != "http" or not path.startswith(self.prefixes)
                or path in self.exempt):
            return await self.app(scope, receive, send)
        wait = self.bucket.take(client_key(scope))
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            return await send_error(scope, send, 429, f"Quá nhiều yêu cầu: hãy thử lại sau {seconds} giây.",
                                    {"Retry-After": str(seconds)})
        await self.app(scope, receive, send)
