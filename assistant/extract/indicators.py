"""Indicator records from the indicator tables and status lists of each document."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from assistant.documents.columns import column_roles, is_indicator_table, role_columns
from assistant.documents.model import Block, Document, Row, Table
from assistant.extract.legal import find_references
from assistant.extract.status import decide_status, stated_status, target_phrases
from assistant.text.normalize import clean, fold

_ROMAN = re.compile(r"^[IVX]{1,5}\.?$")


@dataclass
class Indicator:
    source: str
    plan: str | None
    group: str | None
    number: str | None
    text: str
    target: str | None
    deadline: str | None
    result: str | None
    status: str
    status_source: str
    lead_agency: str | None
    legal_basis: str | None
    notes: str | None
    unit: str | None  # đơn vị tính
    start: int
    end: int
    line: int
    table: str  # "table@<line>" or "prose@<line>"
    canonical_id: str | None = None
    id: str = ""
    legal_keys: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def plan_of(title: str) -> str | None:
    """The plan a table's indicators belong to: the first plan/decision its caption names."""
    for ref in find_references(title):
        if ref.type in ("Kế hoạch", "Quyết định", "Nghị quyết", "Chương trình"):
            return ref.key
    return None


def _is_group_row(row: Row, rows: list[Row], i: int) -> bool:
    """A heading row ("I | Phát triển hạ tầng số", "1 | Chính quyền số") is not an indicator."""
    number, text = row.cell(0), row.cell(1)
    others = [row.cell(j) for j in range(2, len(row.cells))]
    if not number or not text or any(others):
        return False
    if _ROMAN.match(number.strip()):
        return True
    nxt = rows[i + 1].cell(0) if i + 1 < len(rows) else ""
    return nxt.startswith(number.rstrip(".") + ".")


def table_indicators(doc: Document, table: Table, problems: list[str]) -> list[Indicator]:
    roles = column_roles(table.header)
    col = role_columns(table.header)
    status_cols = [i for i, r in enumerate(roles) if r in ("status", "notes")]
    plan = plan_of(table.title)
    records: list[Indicator] = []
    group = None
    for i, row in enumerate(table.rows):
        if "number" in col and _is_group_row(row, table.rows, i):
            group = row.cell(1)
            continue
        get = lambda role: (row.cell(col[role]) or None) if role in col else None  # noqa: E731
        text = get("indicator")
        if not text:
            if any(c.clean for c in row.cells):
                problems.append(f"{doc.name}: dòng {row.line}: hàng không có nội dung chỉ tiêu, bỏ qua")
            continue
        target = get("target") or ("; ".join(target_phrases(text)) or None)
        result = get("result")
        status, source = decide_status(result, [row.cell(j) for j in status_cols if j != col.get("result")], target, text)
        records.append(
            Indicator(
                source=doc.name, plan=plan, group=group, number=get("number"), text=text, target=target,
                deadline=get("deadline"), result=result, status=status, status_source=source,
                lead_agency=get("lead_agency"), legal_basis=get("legal_basis"), notes=get("notes"), unit=get("unit"),
                start=row.start, end=row.span_end, line=row.line, table=f"table@{table.line}",
            )
        )
    if not records and table.rows:
        problems.append(f"{doc.name}: dòng {table.line}: bảng chỉ tiêu không đọc được hàng nào")
    return records


# "+ Có 03/08 chỉ tiêu đã hoàn thành", "+ Còn 05 chỉ tiêu UBND xã đang triển khai thực hiện"
_STATUS_LINE = re.compile(
    r"^\W*(?:co|con|ca)?\s*(\d+)(?:\s*/\s*(\d+))?\s+chi tieu\b(.*)$"
)


def _status_of_line(block: Block) -> str | None:
    if not _STATUS_LINE.match(fold(block.clean)):
        return None
    # The status words may follow a subject ("chỉ tiêu UBND xã đang triển khai"): look anywhere after "chỉ tiêu".
    rest = block.clean.split("chỉ tiêu", 1)[-1]
    return stated_status(rest, anywhere=True)


def prose_indicators(doc: Document) -> list[Indicator]:
    """Bullets listed under a status line: "+ Có 03/08 chỉ tiêu đã hoàn thành" then "- …"."""
    records = []
    status = None
    section_id = None
    list_line = 0
    for block in doc.blocks:
        line_status = _status_of_line(block)
        if line_status:
            status, section_id, list_line = line_status, block.section_id, doc.line_of(block.start)
            # The status line may be a minor heading: its list belongs to the parent section.
            continue
        if block.kind == "heading":
            status = None
            continue
        if status and block.kind == "list_item":
            text = clean(re.sub(r"^\s*[-•*]\s*", "", block.text))
            records.append(
                Indicator(
                    source=doc.name, plan=None, group=_group_heading(doc, section_id), number=None, text=text,
                    target=None, deadline=None, result=None, status=status, status_source="stated",
                    lead_agency=None, legal_basis=None, notes=None, unit=None,
                    start=block.start, end=block.end, line=doc.line_of(block.start), table=f"prose@{list_line}",
                )
            )
    return records


def _group_heading(doc: Document, section_id: int | None) -> str | None:
    """The numbered section a status list sits in, without number and trailing ": gồm …"."""
    if section_id is None:
        return None
    section = doc.section(section_id)
    while section.number is None and section.level > 0 and len(section.path) > 1:
        parent = [s for s in doc.sections if s.heading == section.path[-2] and s.start <= section.start]
        if not parent:
            break
        section = parent[-1]
    heading = re.sub(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*", "", section.heading)
    return heading.split(":")[0].strip() or None


def extract_indicators(doc: Document, problems: list[str]) -> list[Indicator]:
    records = []
    for table in doc.tables:
        if is_indicator_table(table.header):
            records.extend(table_indicators(doc, table, problems))
    records.extend(prose_indicators(doc))
    records.sort(key=lambda r: r.start)
    for n, r in enumerate(records, start=1):
        r.id = f"{doc.name}#{n}"
        r.legal_keys = [ref.key for ref in find_references(r.legal_basis or "")]
    return records
