"""Security headers on every response, the Host allow-list, and the offline API docs at /docs.

The web page and the docs load nothing from another host and run no inline script, so the
Content-Security-Policy can stay at 'self'.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def host_name(host_header: str) -> str:
    """"example.org:8000" -> "example.org", "[::1]:8000" -> "::1"."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class SecurityMiddleware:
    """400 for a Host header outside ``allowed_hosts`` ("*" allows any); security headers on every answer."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from assistant.server.limits import send_error

        host = host_name(Headers(scope=scope).get("host", ""))
        if "*" not in self.allowed and host not in self.allowed:
            return await send_error(scope, send, 400, "Tên máy chủ (Host) không được phép.")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


DOCS_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} — API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/static/favicon.png"></head>
<body><div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script>
</body></html>"""


def add_offline_docs(app: FastAPI) -> None:
    """Swagger UI 5 (it reads OpenAPI 3.1) from the fastapi-offline package's files: /docs works without internet.

    Only its asset files are used: its own page starts Swagger with an inline script, which the CSP forbids.
    """
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs/assets", StaticFiles(directory=str(assets)), name="docs-assets")
    page = DOCS_PAGE.format(title=app.title, openapi=app.openapi_url)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page)


def allowed_hosts(configured: list[str], bound_host: str) -> list[str]:
    """The configured hosts plus the bound one (bound to every interface, the operator lists the names)."""
    hosts = list(configured)
    if bound_host and bound_host not in ("0.0.0.0", "::"):
        hosts.append(bound_host)
    return hosts
