"""Questions and conversations: POST /api/ask, POST /api/chat, GET /api/conversations/{id}."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from assistant.generation import phrase
from assistant.qa.models import Answer

router = APIRouter(tags=["hỏi đáp"])


class AskRequest(BaseModel):
    question: str = Field(..., description="Câu hỏi bằng tiếng Việt (có hoặc không dấu)")


class ChatRequest(AskRequest):
    conversation_id: str | None = Field(None, description="Để trống để bắt đầu cuộc trò chuyện mới")


@router.post("/ask", response_model=Answer)
def ask(body: AskRequest, request: Request) -> Answer:
    return phrase(request.app.state.service.ask(body.question), request.app.state.settings)


@router.post("/chat")
def chat(body: ChatRequest, request: Request) -> dict:
    store = request.app.state.conversations
    cid = body.conversation_id
    if cid and not store.exists(cid):
        raise HTTPException(404, f"Không có cuộc trò chuyện «{cid}».")
    history = store.questions(cid) if cid else []
    answer = phrase(request.app.state.service.ask(body.question, history=history), request.app.state.settings)  # validates before anything is stored
    cid = cid or store.create()
    store.add(cid, "user", body.question)
    store.add(cid, "assistant", answer.answer, answer.model_dump())
    return {"conversation_id": cid, "answer": answer}


@router.post("/conversations")
def new_conversation(request: Request) -> dict:
    return {"id": request.app.state.conversations.create()}


@router.get("/conversations/{cid}")
def conversation(cid: str, request: Request) -> dict:
    found = request.app.state.conversations.get(cid)
    if found is None:
        raise HTTPException(404, f"Không có cuộc trò chuyện «{cid}».")
    return found
