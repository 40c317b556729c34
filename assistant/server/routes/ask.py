"""Questions and conversations: POST /api/ask, POST /api/chat, /api/conversations (list, create, get, delete).

Every question is written to the audit log with who asked, what was answered and the status.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from assistant.generation import phrase
from assistant.qa.conversations import StoreUnavailable
from assistant.qa.models import Answer
from assistant.qa.validation import QuestionError
from assistant.server.auth import Principal, client_address, require
from assistant.server.errors import ERROR_RESPONSES

log = logging.getLogger(__name__)
router = APIRouter(tags=["hỏi đáp"], responses=ERROR_RESPONSES)

MAX_QUESTION_CHARS = 2000  # the schema's bound; the service applies settings.max_question_chars
CID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(..., min_length=1, max_length=MAX_QUESTION_CHARS,
                          description="Câu hỏi bằng tiếng Việt (có hoặc không dấu)")


class ChatRequest(AskRequest):
    conversation_id: str | None = Field(None, max_length=64, pattern=CID_PATTERN,
                                        description="Để trống để bắt đầu cuộc trò chuyện mới")


def _audit(request: Request, principal: Principal, action: str, question: str, answer: dict | None, status: int,
           detail: object = None) -> None:
    audit_log = request.app.state.audit
    if audit_log is None:
        return
    try:
        audit_log.add(action, key_id=principal.key_id, client=client_address(request), question=question,
                      answer=answer, status=status, detail=detail)
    except Exception:  # the answer matters more than its log line; the failure is logged
        log.exception("audit write failed")


def _slot(request: Request, question: str):
    """Long questions queue for a few slots (settings.long_question_slots); normal ones never wait."""
    if len(question) > request.app.state.settings.long_question_chars:
        return request.app.state.long_questions
    return nullcontext()


def answer_question(request: Request, principal: Principal, action: str, question: str, history: list[str]) -> Answer:
    """The answer (reworded by the on-premise model when enabled and verified), written to the audit log."""
    try:
        with _slot(request, question):
            answer = request.app.state.service.ask(question, history=history)
    except QuestionError as exc:
        _audit(request, principal, action, question, None, 422, str(exc))
        raise
    answer = phrase(answer, request.app.state.settings)
    _audit(request, principal, action, question, answer.model_dump(), 200)
    return answer


def _store(request: Request):
    store = request.app.state.conversations
    if store is None:
        raise HTTPException(503, "Không lưu được hội thoại: thư mục dữ liệu không ghi được. Câu hỏi vẫn được trả lời "
                                 "qua /api/ask và /api/chat.")
    return store


def _own(store, cid: str, principal: Principal) -> None:
    """404 unless the conversation exists and belongs to the caller (admins and auth-off see all)."""
    exists, owner = store.owner(cid)
    if not exists or (principal.role != "admin" and owner is not None and owner != principal.key_id):
        raise HTTPException(404, f"Không có cuộc trò chuyện «{cid}».")


@router.post("/ask", response_model=Answer)
def ask(body: AskRequest, request: Request, principal: Principal = Depends(require("reader"))) -> Answer:
    return answer_question(request, principal, "ask", body.question, [])


class ChatResponse(BaseModel):
    conversation_id: str | None = Field(None, description="Trống khi hội thoại không lưu được")
    persisted: bool = Field(..., description="false khi thư mục dữ liệu không ghi được: đã trả lời nhưng không lưu")
    answer: Answer


@router.post("/chat", response_model=ChatResponse)
def chat(body: ChatRequest, request: Request, principal: Principal = Depends(require("reader"))) -> dict:
    store, settings = request.app.state.conversations, request.app.state.settings
    cid = body.conversation_id
    if store is None:  # degraded: answered, not remembered
        if cid:
            _store(request)
        return {"conversation_id": None, "persisted": False, "answer": answer_question(request, principal, "chat", body.question, [])}
    if cid:
        _own(store, cid, principal)
    answer = None
    try:
        with store.turn(cid) if cid else nullcontext():
            history = store.questions(cid, settings.history_turns, settings.max_question_chars) if cid else []
            answer = answer_question(request, principal, "chat", body.question, history)  # validates before anything is stored
            cid = cid or store.create(principal.key_id)
            store.add_turn(cid, body.question, answer.model_dump())
    except StoreUnavailable as exc:
        log.warning("conversation not stored: %s", exc)
        answer = answer or answer_question(request, principal, "chat", body.question, [])
        return {"conversation_id": body.conversation_id, "persisted": False, "answer": answer}
    return {"conversation_id": cid, "persisted": True, "answer": answer}


@router.get("/conversations")
def conversations(request: Request, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=1_000_000),
                  principal: Principal = Depends(require("reader"))) -> dict:
    """The caller's conversations, newest first (admins, and everyone when auth is off, see all)."""
    return _store(request).list(limit, offset, owner=principal.key_id, any_owner=principal.role == "admin")


@router.post("/conversations")
def new_conversation(request: Request, principal: Principal = Depends(require("reader"))) -> dict:
    try:
        return {"id": _store(request).create(principal.key_id)}
    except StoreUnavailable as exc:
        raise HTTPException(503, f"Không tạo được cuộc trò chuyện: {exc}") from exc


@router.get("/conversations/{cid}")
def conversation(request: Request, cid: str = PathParam(..., max_length=64, pattern=CID_PATTERN),
                 principal: Principal = Depends(require("reader"))) -> dict:
    store = _store(request)
    _own(store, cid, principal)
    found = store.get(cid)
    if found is None:
        raise HTTPException(404, f"Không có cuộc trò chuyện «{cid}».")
    return found


@router.delete("/conversations/{cid}")
def delete_conversation(request: Request, cid: str = PathParam(..., max_length=64, pattern=CID_PATTERN),
                        principal: Principal = Depends(require("reader"))) -> dict:
    store = _store(request)
    _own(store, cid, principal)
    try:
        store.delete(cid)
    except StoreUnavailable as exc:
        raise HTTPException(503, f"Không xóa được cuộc trò chuyện: {exc}") from exc
    return {"id": cid, "deleted": True}
