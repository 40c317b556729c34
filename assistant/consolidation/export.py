"""The consolidation matrix as CSV (UTF-8 with BOM, so Excel reads Vietnamese) or XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from assistant.consolidation.matrix import Consolidation, status_label
from assistant.text.normalize import fold

# The page's badge colours (app.css --ok-bg, --prog-bg, --bad-bg, --unk-bg).
FILLS = {"completed": "E5F4EA", "in_progress": "E6EFFA", "not_completed": "FDECEA", "unknown": "ECEFF3"}
ROW_HEAD = ["Nhóm", "Chỉ tiêu", "Số đơn vị hoàn thành", "Số đơn vị báo cáo"]
UNIT_HEAD = ["Đơn vị", "Cấp", "Huyện/thị xã", "Kỳ báo cáo", "Tệp nguồn", "Hoàn thành", "Có trạng thái", "Tổng số chỉ tiêu"]
RECORD_HEAD = ["Nhóm", "Chỉ tiêu (chuẩn)", "Đơn vị", "Tệp nguồn", "Mã bản ghi", "STT", "Chỉ tiêu (theo văn bản)",
               "Mục tiêu", "Kết quả", "Trạng thái", "Nguồn trạng thái", "Vị trí đầu", "Vị trí cuối"]


def column_title(col) -> str:
    return f"{col.unit} ({col.period})" if col.period else col.unit


def cell_text(cell: dict | None) -> str:
    """"Đã hoàn thành: 95%" – status first so a reader (or a parser) can split on the first ': '."""
    if cell is None:
        return ""
    label = status_label(cell["status"])
    return f"{label}: {cell['result']}" if cell["result"] and fold(cell["result"]) != fold(label) else label


def matrix_rows(m: Consolidation) -> list[list]:
    rows = [ROW_HEAD + [column_title(c) for c in m.columns]]
    for r in m.rows:
        rows.append([r.group, r.label, r.completed, r.reporting] + [cell_text(r.cells.get(c.source)) for c in m.columns])
    return rows


def unit_rows(m: Consolidation) -> list[list]:
    return [UNIT_HEAD] + [[c.unit, c.level, c.district, c.period, c.source, c.completed, c.known, c.total] for c in m.columns]


def record_rows(m: Consolidation, unit_of: dict[str, str]) -> list[list]:
    out = [RECORD_HEAD]
    for r in m.rows:
        for rec in r.records:
            out.append([r.group, r.label, unit_of.get(rec["source"], ""), rec["source"], rec["id"], rec["number"] or "",
                        rec["text"], rec["target"] or "", rec["result"] or "", status_label(rec["status"]),
                        rec["status_source"] or "", rec["start"], rec["end"]])
    return out


def to_csv(m: Consolidation) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerows(matrix_rows(m))
    writer.writerow([])
    writer.writerows(unit_rows(m))
    return buf.getvalue().encode("utf-8-sig")


def _sheet(ws, rows: list[list], widths: dict[int, int]) -> None:
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2" if ws.title == "Ma trận" else "A2"
    for i, w in widths.items():
        ws.column_dimensions[get_column_letter(i)].width = w


def to_xlsx(m: Consolidation) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ma trận"
    _sheet(ws, matrix_rows(m), {1: 22, 2: 60, **{i: 22 for i in range(5, 5 + len(m.columns))}})
    fills = {status: PatternFill("solid", fgColor=colour) for status, colour in FILLS.items()}
    for r_index, row in enumerate(m.rows, start=2):
        for c_index, col in enumerate(m.columns, start=len(ROW_HEAD) + 1):
            cell = row.cells.get(col.source)
            if cell:
                ws.cell(r_index, c_index).fill = fills.get(cell["status"], fills["unknown"])
    _sheet(wb.create_sheet("Theo đơn vị"), unit_rows(m), {1: 28, 4: 20, 5: 34})
    _sheet(wb.create_sheet("Chỉ tiêu"), record_rows(m, {c.source: c.unit for c in m.columns}), {2: 50, 4: 30, 7: 60})
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
