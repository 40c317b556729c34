"""The kind of value a question asks for, and whether a candidate sentence holds one.

A sentence that shares the question's words but holds no value of the asked kind is not an
answer ("chi bao nhiêu tiền" needs an amount of money, "ai ký" a person, "khi nào" a date).
"""

from __future__ import annotations

import re

from assistant.text.normalize import fold

# (kind, folded question cue) in order: the first that matches names the kind.
_CUES = [
    ("money", r"bao nhieu tien|kinh phi|chi phi|ngan sach|chi bao nhieu|tong von|so tien"),
    ("percent", r"bao nhieu phan tram|bao nhieu %|ty le bao nhieu|may phan tram"),
    ("date", r"khi nao|ngay nao|ngay bao nhieu|thoi gian nao|bao gio|luc nao|nam nao|thang nao"),
    ("person", r"\bai ky\b|\bai la\b|ai lam truong|ai chiu trach nhiem|ai phu trach|nguoi ky|ky boi ai"),
    ("number", r"bao nhieu|\bmay\b|so luong|tong so"),
]
# An amount with its unit, or a figure of millions written with dot groups ("2.092.423.000").
_MONEY = re.compile(r"\d[\d.,]*\s*(đồng|đ\b|triệu|tỷ|nghìn|ngàn|vnđ|vnd)|\b\d{1,3}(\.\d{3}){2,}\b", re.IGNORECASE)
_PERCENT = re.compile(r"\d[\d.,]*\s*%")
_DATE = re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}(\s*/\s*\d{4})?\b|ngày\s+\d{1,2}|tháng\s+\d{1,2}|quý\s+[IV1-4]+|năm\s+20\d\d", re.IGNORECASE)
_PERSON = re.compile(r"\b[A-ZĐ][a-zà-ỹđ]+(\s+[A-ZĐ][a-zà-ỹđ]+){1,3}\b|chủ tịch|giám đốc|bí thư|trưởng ban|phó", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
_PATTERNS = {"money": _MONEY, "percent": _PERCENT, "date": _DATE, "person": _PERSON, "number": _NUMBER}


def expected_kind(question: str) -> str | None:
    folded = fold(question)
    for kind, cue in _CUES:
        if re.search(cue, folded):
            return kind
    return None


def holds(kind: str | None, text: str) -> bool:
    """True when the text holds a value of the kind (always, when the kind is unknown)."""
    if kind is None:
        return True
    if kind == "person":  # a name run anywhere but the sentence start, or a title
        return _PERSON.search(text[1:]) is not None
    return _PATTERNS[kind].search(text) is not None
