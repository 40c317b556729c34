"""Question validation: one rule for the API, the CLI and the service."""

from __future__ import annotations

import re


class QuestionError(ValueError):
    """A question that cannot be asked: empty, punctuation only, too long. The message is shown as is."""


def validate_question(text: object, max_chars: int) -> str:
    """The question stripped, or QuestionError saying in Vietnamese what is wrong."""
    if not isinstance(text, str):
        raise QuestionError("Câu hỏi phải là một chuỗi văn bản.")
    question = text.strip()
    if not question:
        raise QuestionError("Câu hỏi trống: hãy nhập nội dung câu hỏi.")
    if not re.search(r"[^\W_]", question):
        raise QuestionError("Câu hỏi không có chữ hay số nào: hãy nhập nội dung câu hỏi.")
    if len(question) > max_chars:
        raise QuestionError(f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {max_chars}).")
    return question
