"""IT project records from project tables (the 2025 plan's Phụ lục 02)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from assistant.documents.columns import is_project_table, role_columns
from assistant.documents.model import Document
from assistant.extract.legal import find_references


@dataclass
class Project:
    source: str
    number: str | None
    name: str
    lead_agency: str | None
    necessity: str | None
    scope: str | None
    legal_basis: str | None
    notes: str | None
    start: int
    end: int
    id: str = ""
    legal_keys: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def extract_projects(doc: Document) -> list[Project]:
    out = []
    for table in doc.tables:
        if not is_project_table(table.header):
            continue
        col = role_columns(table.header)
        for row in table.rows:
            get = lambda role: (row.cell(col[role]) or None) if role in col else None  # noqa: E731
            if not get("name"):
                continue
            p = Project(doc.name, get("number"), get("name"), get("lead_agency"), get("necessity"), get("scope"),
                        get("legal_basis"), get("notes"), row.start, row.span_end)
            p.id = f"{doc.name}#p{len(out) + 1}"
            p.legal_keys = [r.key for r in find_references((p.legal_basis or "") + "\n" + (p.notes or ""))]
            out.append(p)
    return out
