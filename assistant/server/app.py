"""The FastAPI service: the web page at /, the JSON API under /api, OpenAPI docs at /docs.

Models and the index load once, at start-up; requests only query them. Layers, outermost first:
Host check and security headers, rate limit, body-size limit, then the routes, each behind
``require(role)``. Conversations, keys and the audit log live in the data folder; when it cannot
be written the service still starts and answers, and /api/health says "degraded" and why.
To add routes: ``app.include_router(module.router, prefix=...)`` in :data:`ROUTERS`.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from assistant.access.audit import AuditLog, use
from assistant.access.keys import KeyStore
from assistant.qa.conversations import ConversationStore, StoreUnavailable
from assistant.qa.service import AnswerService
from assistant.server import errors
from assistant.server.auth import auth_required, require
from assistant.server.limits import BodyLimitMiddleware, RateLimitMiddleware
from assistant.server.live import LiveService
from assistant.server.routes import admin, ask, consolidation, documents, openai, records
from assistant.server.security import SecurityMiddleware, add_offline_docs, allowed_hosts
from assistant.settings import Settings, get_settings

STATIC = Path(__file__).parent / "static"
log = logging.getLogger(__name__)

# (router, prefix): other features add theirs here.
ROUTERS = [(ask.router, "/api"), (records.router, "/api"), (documents.router, "/api"), (consolidation.router, "/api"),
           (admin.router, "/api"), (openai.router, "")]
# Paths whose bodies may be larger than settings.max_body_bytes (document uploads).
UPLOAD_PATHS = ("/api/documents",)
PURGE_EVERY_SECONDS = 24 * 3600


def _open(name: str, opener, path: Path, reasons: list[str]):
    """A data store, or None with the reason noted: a broken data folder must not stop the service."""
    try:
        return opener(path)
    except Exception as exc:  # StoreUnavailable, sqlite3.Error, PermissionError, NotADirectoryError…
        log.warning("%s unavailable at %s: %s", name, path, exc)
        reasons.append(f"{name}: thư mục dữ liệu không ghi được ({type(exc).__name__})")
        return None


def _purge(app: FastAPI) -> None:
    store, days = app.state.conversations, app.state.settings.conversation_retention_days
    if store is None:
        return
    try:
        removed = store.purge(days)
        if removed:
            log.info("purged %d conversations older than %d days", removed, days)
    except StoreUnavailable as exc:
        log.warning("conversation purge failed: %s", exc)


@asynccontextmanager
async def _lifespan(app: FastAPI):
    async def daily():
        while True:
            await asyncio.sleep(PURGE_EVERY_SECONDS)
            await asyncio.to_thread(_purge, app)

    task = asyncio.create_task(daily())
    try:
        yield
    finally:
        task.cancel()


def _health(app: FastAPI) -> dict:
    svc = app.state.service
    searcher = getattr(svc, "searcher", None)
    info = getattr(searcher, "info", None) or {}
    build = {"id": searcher.build_dir.name if searcher is not None else None, "created": info.get("created"),
             "documents": len(svc.docs)}
    reasons = list(app.state.degraded)
    return {"status": "degraded" if reasons else "ok", "reasons": reasons, "build": build,
            "documents": len(svc.docs), "indicators": svc.records.indicator_count(),
            "auth": "required" if app.state.auth_required else "off"}


def create_app(settings: Settings | None = None, service: AnswerService | None = None) -> FastAPI:
    settings = (settings or get_settings()).for_answering()
    app = FastAPI(title="Trợ lý ảo chuyển đổi số Thanh Hóa", version="0.2.0", lifespan=_lifespan,
                  description="Hỏi đáp có trích dẫn về kế hoạch, báo cáo chuyển đổi số của tỉnh Thanh Hóa. "
                              "Khi máy chủ yêu cầu khóa API, gửi header «Authorization: Bearer <khóa>».",
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.service = LiveService(settings, initial=service)  # follows index/current without a restart
    app.state.degraded = []
    app.state.conversations = _open("hội thoại", ConversationStore, settings.conversations_db, app.state.degraded)
    app.state.keys = _open("khóa API", KeyStore, settings.access_db, app.state.degraded)
    app.state.audit = _open("nhật ký", AuditLog, settings.audit_db, app.state.degraded)
    app.state.auth_required = auth_required(settings)
    app.state.long_questions = threading.BoundedSemaphore(max(1, settings.long_question_slots))
    use(app.state.audit)
    _purge(app)

    errors.install_error_handlers(app)
    for router, prefix in ROUTERS:
        app.include_router(router, prefix=prefix)

    @app.get("/api/health", tags=["hệ thống"], responses=errors.ERROR_RESPONSES)
    def health() -> dict:
        """The loaded index build (id, created, documents) and whether the service is degraded."""
        return _health(app)

    @app.get("/api/me", tags=["hệ thống"], responses=errors.ERROR_RESPONSES)
    def me(principal=Depends(require("reader"))) -> dict:
        """The caller's key id and role (the web page uses it to check a key)."""
        return {"key_id": principal.key_id, "role": principal.role, "name": principal.name,
                "auth": "required" if app.state.auth_required else "off"}

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_offline_docs(app)

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html")

    app.add_middleware(BodyLimitMiddleware, default=settings.max_body_bytes,
                       per_path={p: settings.max_upload_bytes for p in UPLOAD_PATHS})
    app.add_middleware(RateLimitMiddleware, per_minute=settings.rate_limit_per_minute)
    app.add_middleware(SecurityMiddleware, allowed_hosts=allowed_hosts(settings.allowed_hosts, settings.host))
    return app
