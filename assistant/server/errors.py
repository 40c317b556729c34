"""Errors as the schema documents them: always JSON ``{"detail": "<Vietnamese message>"}``.

FastAPI's defaults answer 422 with a list, 405 without ``Allow`` on some paths, and plain text for
crashes; here every error, from every layer, has the same documented shape.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.qa.validation import QuestionError

log = logging.getLogger(__name__)


class ErrorResponse(BaseModel):
    detail: str


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorResponse(BaseModel):
    """The OpenAI API's error shape, used under /v1 so that OpenAI clients read the message."""

    error: OpenAIErrorDetail


OPENAI_PREFIX = "/v1/"
_OPENAI_TYPES = {401: "authentication_error", 403: "permission_error", 404: "not_found_error", 429: "rate_limit_error"}


def error_body(path: str, status: int, detail: str, param: str | None = None, code: str | None = None) -> dict:
    """The error body for ``path``: OpenAI's shape under /v1, ``{"detail": …}`` everywhere else."""
    if not path.startswith(OPENAI_PREFIX):
        return {"detail": detail}
    kind = _OPENAI_TYPES.get(status, "invalid_request_error" if status < 500 else "server_error")
    return {"error": {"message": detail, "type": kind, "param": param, "code": code}}


_DESCRIPTIONS = {
    400: "Yêu cầu không hợp lệ (JSON hỏng, Host không được phép)",
    401: "Cần khóa API",
    403: "Khóa API không đủ quyền",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ (xem header Allow)",
    413: "Nội dung gửi lên quá lớn",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều yêu cầu (xem header Retry-After)",
    503: "Tạm thời không dùng được (ví dụ: thư mục dữ liệu không ghi được)",
}

# Documented on every route (FastAPI `responses=`); giving 422 here replaces FastAPI's list schema.
ERROR_RESPONSES: dict = {code: {"model": ErrorResponse, "description": text} for code, text in _DESCRIPTIONS.items()}
OPENAI_ERROR_RESPONSES: dict = {code: {"model": OpenAIErrorResponse, "description": text}
                                for code, text in _DESCRIPTIONS.items()}

# Starlette's English details for errors raised below the routes.
_VIETNAMESE = {
    400: "Yêu cầu không hợp lệ.",
    401: "Cần khóa API.",
    403: "Không có quyền.",
    404: "Không tìm thấy địa chỉ này.",
    405: "Phương thức này không được hỗ trợ ở địa chỉ này.",
    413: "Nội dung gửi lên quá lớn.",
}


def validation_message(exc: RequestValidationError) -> str:
    """The first problem, in Vietnamese, naming the field."""
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return "Dữ liệu gửi lên không phải JSON hợp lệ."
        where = ".".join(str(x) for x in err.get("loc", [])[1:]) or "yêu cầu"
        kind = err.get("type", "")
        ctx = err.get("ctx") or {}
        if kind == "missing":
            return f"Thiếu trường «{where}»."
        if kind == "string_too_long":
            return f"Trường «{where}» quá dài (tối đa {ctx.get('max_length')} ký tự)."
        if kind == "string_too_short":
            return f"Trường «{where}» quá ngắn (tối thiểu {ctx.get('min_length')} ký tự)."
        if kind == "string_pattern_mismatch":
            return f"Trường «{where}» có ký tự không được phép."
        if kind == "string_unicode":
            return (f"Trường «{where}» chứa ký tự UTF-16 lẻ (surrogate) hoặc ký tự không hợp lệ: "
                    f"hãy gõ lại nội dung.")
        if kind.startswith("string_type"):
            return f"Trường «{where}» phải là chuỗi văn bản."
        if kind in ("int_parsing", "int_type", "int_from_float"):
            return f"Trường «{where}» phải là số nguyên."
        if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            bound = ", ".join(f"{k} {v}" for k, v in ctx.items())
            return f"Trường «{where}» nằm ngoài giới hạn ({bound})."
        if kind == "extra_forbidden":
            return f"Trường «{where}» không được hỗ trợ."
        if kind in ("model_attributes_type", "dict_type", "model_type"):
            return "Nội dung gửi lên phải là một đối tượng JSON."
        return f"Trường «{where}» không hợp lệ."
    return "Yêu cầu không hợp lệ."


def error_json(request: Request, status: int, detail: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(request.url.path, status, detail), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        message = validation_message(exc)
        return error_json(request, 400 if "JSON hợp lệ" in message else 422, message)

    @app.exception_handler(QuestionError)
    async def bad_question(request: Request, exc: QuestionError):
        return error_json(request, 422, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if not isinstance(detail, str) or not detail or detail.isascii():  # Starlette's own English text
            detail = _VIETNAMESE.get(exc.status_code, f"Yêu cầu không thành công (mã {exc.status_code}).")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # StaticFiles raises 405 without saying what is allowed
            headers.setdefault("Allow", "GET, HEAD")
        return error_json(request, exc.status_code, detail, headers or None)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        from assistant.server.security import SECURITY_HEADERS  # this answer is sent outside the middlewares

        return error_json(request, 500, "Máy chủ gặp lỗi không mong muốn khi xử lý yêu cầu này; lỗi đã được ghi lại.",
                          SECURITY_HEADERS)
