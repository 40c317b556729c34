"""Typed answers: what the API, the CLI and the evaluation read (JSON field names are a contract)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """A verbatim slice of a source document: ``quote`` is ``text[start:end]`` minus markup."""

    id: int
    source: str
    title: str
    section: str = ""
    quote: str
    start: int
    end: int
    page: int | None = None


class Item(BaseModel):
    """One element of a list answer, so a page can show the first ten and collapse the rest."""

    text: str
    unit: str = ""
    detail: str = ""
    citation: int | None = None


class Answer(BaseModel):
    question: str = ""
    answer: str
    found: bool
    citations: list[Citation] = Field(default_factory=list)
    intent: str
    latency_ms: float = 0.0
    kind: str | None = Field(None, description="Loại câu trả lời được nhận ra: figure, money, date, person, list, count…")
    related: list[Citation] = Field(default_factory=list, description="Đoạn có thể liên quan khi không tìm thấy câu trả lời")
    count: int | None = None
    items: list[Item] = Field(default_factory=list)
    answer_path: str = Field("extractive", description="extractive, or generated (an on-premise model reworded verified quotes)")
    generation_note: str | None = Field(None, description="Why a generated wording was not used, when it was not")


class Indicator(BaseModel):
    """One indicator row of the records store."""

    id: str
    source: str
    plan: str | None = None
    group: str | None = None
    number: str | None = None
    text: str
    target: str | None = None
    deadline: str | None = None
    result: str | None = None
    status: str
    status_source: str
    lead_agency: str | None = None
    legal_basis: str | None = None
    notes: str | None = None
    unit: str | None = None
    start: int
    end: int
    line: int | None = None
    table: str | None = None
    canonical_id: str | None = None
    legal_keys: list[str] = Field(default_factory=list)
