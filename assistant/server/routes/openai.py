"""OpenAI-compatible API: GET /v1/models, POST /v1/chat/completions (plain and streamed).

Lets chat front-ends and tools that speak the OpenAI API (Open WebUI, LibreChat, the openai client)
use the assistant. The last user message is the question and earlier user messages are the follow-up
history; system messages never change what counts as evidence. The reply text ends with a "Nguồn:"
block; extension fields carry the structured answer: ``citations``, ``found``, ``answer_path``
("extractive" | "generated"), ``generation_note``, ``intent`` (top level, and in the last stream chunk).
Errors have OpenAI's shape: ``{"error": {"message", "type", "param", "code"}}``, messages in Vietnamese.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from assistant.qa.validation import QuestionError
from assistant.server.auth import require
from assistant.server.errors import OPENAI_ERROR_RESPONSES, OPENAI_PREFIX, error_body
from assistant.server.routes.ask import answer_question

MODEL_ID = "tro-ly-ao"
# pydantic's error kinds, said in Vietnamese.
PROBLEMS = {"missing": "thiếu trường bắt buộc", "too_short": "danh sách không được rỗng",
            "literal_error": "giá trị không được chấp nhận", "string_type": "phải là chuỗi văn bản",
            "bool_type": "phải là true hoặc false", "bool_parsing": "phải là true hoặc false", "list_type": "phải là một danh sách",
            "model_type": "phải là một đối tượng JSON", "model_attributes_type": "phải là một đối tượng JSON"}


class OpenAIError(HTTPException):
    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None):
        super().__init__(status, message)
        self.param, self.code = param, code


def openai_error(status: int, message: str, param: str | None = None, code: str | None = None,
                 headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(OPENAI_PREFIX, status, message, param, code), status_code=status, headers=headers)


def _validation_error(exc: RequestValidationError) -> JSONResponse:
    err = exc.errors()[0] if exc.errors() else {}
    if err.get("type") == "json_invalid":
        return openai_error(400, "Dữ liệu gửi lên không phải JSON hợp lệ.", code="invalid_json")
    # pydantic names the union member tried ("str", "list[TextPart]"): not part of the field's path.
    where = ".".join(str(x) for x in err.get("loc", [])[1:] if not re.fullmatch(r"str|\w+\[.*\]", str(x))) or "yêu cầu"
    problem = PROBLEMS.get(str(err.get("type")), err.get("msg"))
    if where.endswith("content"):  # both forms failed; say both
        problem = 'phải là chuỗi văn bản hoặc danh sách các phần {"type": "text", "text": "..."}'
    if expected := (err.get("ctx") or {}).get("expected"):
        problem += f" (chỉ nhận {expected})"
    return openai_error(422, f"Trường «{where}» không hợp lệ: {problem}.", param=where, code="invalid_value")


class OpenAIRoute(APIRoute):
    """Every error of these endpoints, auth and validation included, in OpenAI's error shape."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def route(request: Request):
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return _validation_error(exc)
            except QuestionError as exc:
                return openai_error(400, str(exc), param="messages", code="invalid_question")
            except HTTPException as exc:
                return openai_error(exc.status_code, str(exc.detail), getattr(exc, "param", None),
                                    getattr(exc, "code", None), headers=getattr(exc, "headers", None))

        return route


router = APIRouter(prefix="/v1", tags=["OpenAI-compatible"], route_class=OpenAIRoute,
                   dependencies=[Depends(require("reader"))], responses=OPENAI_ERROR_RESPONSES)


class TextPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str = Field(..., description='Chỉ hỗ trợ "text"')
    text: str | None = None


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None


class StreamOptions(BaseModel):
    include_usage: bool = False


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat request; sampling options (temperature, max_tokens…) are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str = Field(MODEL_ID, description=f'Tên mô hình; mọi giá trị đều trả lời bằng "{MODEL_ID}"')
    messages: list[Message] = Field(..., min_length=1)
    stream: bool = False
    stream_options: StreamOptions | None = None


def text_of(message: Message, index: int) -> str:
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    for part in message.content:
        if part.type != "text":
            raise OpenAIError(400, f"messages[{index}]: nội dung loại «{part.type}» không được hỗ trợ, chỉ văn bản (text).",
                              param=f"messages.{index}.content", code="unsupported_content")
    return "\n".join(part.text or "" for part in message.content)


def question_and_history(messages: list[Message]) -> tuple[str, list[str]]:
    users = [text_of(m, i) for i, m in enumerate(messages) if m.role == "user"]
    if not users:
        raise OpenAIError(400, "Thiếu câu hỏi: «messages» không có tin nhắn nào của người dùng (role \"user\").",
                          param="messages", code="missing_user_message")
    return users[-1], [u for u in users[:-1] if u.strip()]


def with_sources(answer: dict) -> str:
    """The answer text and a "Nguồn:" block: [n] title — section (tr. page): «quote»."""
    lines = []
    for c in answer.get("citations") or []:
        where = f" — {c['section']}" if c.get("section") else ""
        page = f" (tr. {c['page']})" if c.get("page") else ""
        lines.append(f"[{c['id']}] {c['title']}{where}{page}: «{c['quote']}»")
    return answer["answer"] + ("\n\nNguồn:\n" + "\n".join(lines) if lines else "")


def extensions(answer: dict) -> dict:
    return {"citations": answer.get("citations") or [], "found": bool(answer.get("found")),
            "answer_path": answer.get("answer_path") or "extractive",
            "generation_note": answer.get("generation_note"), "intent": answer.get("intent")}


def usage(messages: list[Message], content: str) -> dict:
    """Approximate: whitespace-separated words."""
    prompt = sum(len(text_of(m, i).split()) for i, m in enumerate(messages))
    completion = len(content.split())
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


@router.get("/models")
def models() -> dict:
    return {"object": "list", "data": [_model()]}


@router.get("/models/{model_id}")
def model(model_id: str) -> dict:
    if model_id != MODEL_ID:
        raise OpenAIError(404, f"Không có mô hình «{model_id}»; mô hình duy nhất là «{MODEL_ID}».",
                          param="model", code="model_not_found")
    return _model()


def _model() -> dict:
    return {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": MODEL_ID}


@router.post("/chat/completions", response_model=None)
def chat_completions(body: ChatCompletionRequest, request: Request):
    question, history = question_and_history(body.messages)
    # QuestionError -> 400; the question and its answer go to the audit log like /api/ask's
    answer = jsonable_encoder(answer_question(request, request.state.principal, "openai.chat", question, history))
    content = with_sources(answer)
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": MODEL_ID}
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        return StreamingResponse(_chunks(head, content, extensions(answer), usage(body.messages, content) if include_usage else None),
                                 media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
    return {**head, "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": usage(body.messages, content), **extensions(answer)}


def _chunks(head: dict, content: str, extra: dict, usage_row: dict | None):
    """Server-sent events in OpenAI's chunk format: role, content deltas, stop (with extensions), [DONE]."""
    def event(choices: list, **more: Any) -> str:
        return f"data: {json.dumps({**head, 'object': 'chat.completion.chunk', 'choices': choices, **more}, ensure_ascii=False)}\n\n"

    yield event([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
    for piece in re.findall(r"(?:\S+\s*){1,8}|\s+", content):  # a few words per delta
        yield event([{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
    yield event([{"index": 0, "delta": {}, "finish_reason": "stop"}], **extra)
    if usage_row:
        yield event([], usage=usage_row)
    yield "data: [DONE]\n\n"
