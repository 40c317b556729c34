"""Administration: GET /api/audit (admin only)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from assistant.server.auth import require
from assistant.server.errors import ERROR_RESPONSES

router = APIRouter(tags=["quản trị"], responses=ERROR_RESPONSES, dependencies=[Depends(require("admin"))])


@router.get("/audit")
def audit(request: Request, limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=100_000_000)) -> dict:
    """The audit log, newest first: who asked what, what was answered, document changes."""
    log = request.app.state.audit
    if log is None:
        raise HTTPException(503, "Nhật ký truy cập không dùng được: thư mục dữ liệu không ghi được.")
    return {"total": log.count(), "limit": limit, "offset": offset, "items": log.rows(limit, offset)}
