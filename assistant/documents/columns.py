"""Column roles of indicator and project tables, read from their header words.

Reports not in the corpus word their headers differently (Chỉ tiêu / Nội dung /
Tên chỉ tiêu; Kết quả / Kết quả thực hiện; Chỉ tiêu giao / Mục tiêu …), so roles
are matched on folded header text, most specific rule first.
"""

from __future__ import annotations

import re

from assistant.text.normalize import fold

# (role, pattern on the folded header), first match wins.
_RULES: list[tuple[str, str]] = [
    ("number", r"^(stt|tt|so tt|so thu tu|#)$"),
    ("title", r"trich yeu|ten van ban"),
    ("date", r"^ngay|ngay, thang|ngay ban hanh"),
    ("doc_number", r"^so (chi thi|quyet dinh|ke hoach|van ban|hieu)"),
    ("unit", r"^don vi tinh|^dvt$"),
    ("target", r"chi tieu giao|giao chi tieu|chi tieu cu the|chi tieu (den )?nam|chi tieu ke hoach|^ke hoach|^muc tieu|^chi tieu \d{4}"),
    ("result", r"^ket qua"),
    ("deadline", r"thoi gian hoan thanh|thoi han|tien do|^thoi gian"),
    ("status", r"^danh gia|tinh trang|trang thai|muc do hoan thanh"),
    ("legal_basis", r"can cu phap ly|co so phap ly|can cu thuc hien|^can cu"),
    ("lead_agency", r"co quan chu tri|don vi chu tri|chu tri|don vi bao cao|don vi thuc hien|co quan thuc hien"),
    ("notes", r"^ghi chu|kho khan|vuong mac"),
    ("necessity", r"su can thiet"),
    ("scope", r"quy mo|noi dung thuc hien"),
    ("name", r"ten du an|^du an"),
    ("indicator", r"chi tieu|^noi dung|^ten chi tieu"),
    ("inspection_team", r"doan kiem tra"),
]

INDICATOR_EVIDENCE = {"target", "result", "deadline", "status", "legal_basis", "lead_agency"}


def column_role(header: str) -> str:
    key = re.sub(r"\s+", " ", fold(header)).strip(" :.")
    for role, pattern in _RULES:
        if re.search(pattern, key):
            return role
    return "other"


def column_roles(header: list[str]) -> list[str]:
    roles = [column_role(h) for h in header]
    # The first textual column of a table with a number column is its subject.
    if "indicator" not in roles and "name" not in roles and "title" not in roles:
        for i, role in enumerate(roles):
            if role == "other":
                roles[i] = "indicator"
                break
    return roles


def role_columns(header: list[str]) -> dict[str, int]:
    """The first column of each role: {"indicator": 1, "result": 3, …}."""
    return {role: i for i, role in reversed(list(enumerate(column_roles(header))))}


def is_indicator_table(header: list[str]) -> bool:
    roles = column_roles(header)
    return "indicator" in roles and bool(INDICATOR_EVIDENCE & set(roles)) and "inspection_team" not in roles


def is_project_table(header: list[str]) -> bool:
    roles = column_roles(header)
    return "name" in roles and "lead_agency" in roles
