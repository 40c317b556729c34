"""Records: GET /api/indicators, /api/legal, /api/legal/{key}, /api/documents, /api/documents/{name}, /api/projects."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from assistant.extract.status import STATUSES
from assistant.server.auth import require
from assistant.server.errors import ERROR_RESPONSES

router = APIRouter(tags=["dữ liệu"], responses=ERROR_RESPONSES, dependencies=[Depends(require("reader"))])


def _records(request: Request):
    return request.app.state.service.records


@router.get("/indicators")
def indicators(request: Request, status: str | None = Query(None, max_length=40, description=" | ".join(STATUSES)),
               source: str | None = Query(None, max_length=300), group: str | None = Query(None, max_length=300),
               query: str | None = Query(None, max_length=500),
               canonical_id: str | None = Query(None, max_length=300)) -> list[dict]:
    if status and status not in STATUSES:
        raise HTTPException(422, f"Trạng thái «{status}» không hợp lệ; dùng một trong: {', '.join(STATUSES)}.")
    return _records(request).indicators(status=status, source=source, group=group, query=query, canonical_id=canonical_id)


@router.get("/legal")
def legal_all(request: Request) -> list[dict]:
    return _records(request).legal_refs()


@router.get("/legal/{key:path}")
def legal(key: str, request: Request) -> dict:
    found = _records(request).legal(key)
    if not found:
        raise HTTPException(404, f"Không có văn bản «{key}» trong các tài liệu.")
    return found[0] if len(found) == 1 else {**found[0], "same_number": found[1:]}


@router.get("/documents")
def documents(request: Request) -> list[dict]:
    return _records(request).documents()


@router.get("/documents/{name}")
def document(name: str, request: Request) -> dict:
    found = _records(request).document(name)
    if found is None:
        raise HTTPException(404, f"Không có tài liệu «{name}».")
    return found


@router.get("/projects")
def projects(request: Request) -> list[dict]:
    return _records(request).projects()
