"""The FastAPI service: the web page at /, the JSON API under /api, OpenAPI docs at /docs.

Models and the index load once, at start-up; requests only query them.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.qa.conversations import ConversationStore
from assistant.qa.service import AnswerService, QuestionError
from assistant.server.live import LiveService
from assistant.server.routes import ask, consolidation, documents, openai, records
from assistant.settings import Settings, get_settings

STATIC = Path(__file__).parent / "static"


def _validation_message(exc: RequestValidationError) -> str:
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return "Dữ liệu gửi lên không phải JSON hợp lệ."
        where = ".".join(str(x) for x in err.get("loc", [])[1:]) or "yêu cầu"
        return f"Trường «{where}» không hợp lệ: {err.get('msg')}"
    return "Yêu cầu không hợp lệ."


def create_app(settings: Settings | None = None, service: AnswerService | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Trợ lý ảo chuyển đổi số Thanh Hóa", version="0.1.0",
                  description="Hỏi đáp có trích dẫn về kế hoạch, báo cáo chuyển đổi số của tỉnh Thanh Hóa.")
    app.state.settings = settings
    app.state.service = LiveService(settings, initial=service)  # follows index/current without a restart
    app.state.conversations = ConversationStore(settings.conversations_db)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError):
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422 if "JSON" not in _validation_message(exc) else 400)

    @app.exception_handler(QuestionError)
    async def bad_question(_: Request, exc: QuestionError):
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        detail = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else "Không tìm thấy địa chỉ này."
        return JSONResponse({"detail": detail}, status_code=exc.status_code)

    app.include_router(ask.router, prefix="/api")
    app.include_router(records.router, prefix="/api")
    app.include_router(documents.router, prefix="/api")
    app.include_router(consolidation.router, prefix="/api")
    app.include_router(openai.router)

    @app.get("/api/health")
    def health():
        svc = app.state.service
        return {"status": "ok", "documents": len(svc.docs), "indicators": len(svc.records.indicators()),
                "index": str(settings.current_index.resolve())}

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html")

    return app
