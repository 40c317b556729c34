"""One check for every question a person types, before any expansion (glossary, follow-up context).

The API, the CLI and the searcher all call :func:`validate_question`; queries the assistant
builds itself (a glossary-expanded question, a follow-up with its context) are never checked
against the length limit, they are truncated where a model needs it.
"""

from __future__ import annotations

import re
import unicodedata

# A letter or a digit: "_" and punctuation alone are not a question.
_HAS_WORD = re.compile(r"[^\W_]")
_ALLOWED_CONTROLS = {"\n", "\t", "\r"}


class QuestionError(ValueError):
    """A question that cannot be asked; the message is shown to the user as is."""


def _bad_char(text: str) -> tuple[int, str] | None:
    """The first lone surrogate or control character (other than newline/tab), with its position."""
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            return i, "ký tự UTF-16 lẻ (surrogate)"
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc":
            return i, "ký tự điều khiển"
    return None


def validate_question(text: object, max_chars: int | None = 2000, error: type[QuestionError] = QuestionError) -> str:
    """The question stripped, or ``error`` with a Vietnamese message naming what is wrong."""
    if not isinstance(text, str):
        raise error("Câu hỏi phải là một chuỗi văn bản.")
    bad = _bad_char(text)
    if bad is not None:
        pos, what = bad
        raise error(f"Câu hỏi chứa {what} U+{ord(text[pos]):04X} ở vị trí {pos + 1}: hãy gõ lại câu hỏi.")
    text = text.strip()
    if not _HAS_WORD.search(text):
        raise error("Câu hỏi trống hoặc không có chữ hay số nào (chỉ có dấu câu): hãy nhập nội dung cần hỏi.")
    if max_chars is not None and len(text) > max_chars:
        raise error(f"Câu hỏi quá dài ({len(text)} ký tự, tối đa {max_chars}).")
    return text

