"""Consolidation of the units' reports: GET /api/consolidation, /api/consolidation/export, /api/units."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from assistant.consolidation import export
from assistant.consolidation.matrix import Consolidation, FilterError, consolidate, units as unit_list
from assistant.extract.status import STATUSES
from assistant.server.auth import require
from assistant.server.errors import ERROR_RESPONSES

router = APIRouter(tags=["tổng hợp"], responses=ERROR_RESPONSES, dependencies=[Depends(require("reader"))])


class Cell(BaseModel):
    status: str
    status_source: str
    result: str
    target: str
    indicator_id: str
    start: int | None
    end: int | None


class UnitColumn(BaseModel):
    source: str
    unit: str
    level: str
    district: str
    period: str
    title: str
    completed: int
    known: int
    total: int


class MatrixRow(BaseModel):
    canonical_id: str
    label: str
    group: str
    group_key: str
    completed: int
    reporting: int
    cells: dict[str, Cell]


class Group(BaseModel):
    key: str
    label: str


class ConsolidationOut(BaseModel):
    units: list[UnitColumn]
    rows: list[MatrixRow]
    groups: list[Group]


class Problem(BaseModel):
    detail: str


BAD_FILTER = {422: {"model": Problem, "description": "Giá trị lọc không có trong dữ liệu (thông báo tiếng Việt)"}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnitDocument(BaseModel):
    name: str
    kind: str
    period: str


class Unit(BaseModel):
    unit: str
    level: str
    district: str
    periods: list[str]
    documents: list[UnitDocument]


def _matrix(request: Request, district, level, period, group, status) -> Consolidation:
    try:
        return consolidate(request.app.state.service.records, district=district, level=level, period=period,
                           group=group, status=status)
    except FilterError as exc:
        raise HTTPException(422, str(exc)) from exc


FILTER_DOC = {"district": "huyện/thị xã", "level": "cấp (tỉnh, huyện-thị xã, xã…)", "period": "kỳ báo cáo",
              "group": "nhóm chỉ tiêu", "status": " | ".join(STATUSES)}


@router.get("/consolidation", response_model=ConsolidationOut, responses=BAD_FILTER)
def consolidation(request: Request, district: str | None = Query(None, description=FILTER_DOC["district"]),
                  level: str | None = Query(None, description=FILTER_DOC["level"]),
                  period: str | None = Query(None, description=FILTER_DOC["period"]),
                  group: str | None = Query(None, description=FILTER_DOC["group"]),
                  status: str | None = Query(None, description=FILTER_DOC["status"])) -> ConsolidationOut:
    m = _matrix(request, district, level, period, group, status)
    return ConsolidationOut(
        units=[UnitColumn(**vars(c)) for c in m.columns],
        rows=[MatrixRow(canonical_id=r.canonical_id, label=r.label, group=r.group, group_key=r.group_key,
                        completed=r.completed, reporting=r.reporting, cells=r.cells) for r in m.rows],
        groups=m.groups)


@router.get("/consolidation/export", response_class=Response,
            responses={**BAD_FILTER, 200: {"content": {"text/csv": {}, XLSX: {}}, "description": "CSV (UTF-8, BOM) hoặc XLSX"}})
def consolidation_export(request: Request, format: str = Query("csv", description="csv | xlsx"),
                         district: str | None = None, level: str | None = None, period: str | None = None,
                         group: str | None = None, status: str | None = None) -> Response:
    kind = format.strip().lower()
    if kind not in ("csv", "xlsx"):
        raise HTTPException(422, f"Định dạng «{format}» không hỗ trợ; dùng csv hoặc xlsx.")
    m = _matrix(request, district, level, period, group, status)
    if kind == "csv":
        body, media = export.to_csv(m), "text/csv; charset=utf-8"
    else:
        body, media = export.to_xlsx(m), XLSX
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="tong-hop-chi-tieu.{kind}"'})


@router.get("/units", response_model=list[Unit])
def units(request: Request) -> list[dict]:
    return unit_list(request.app.state.service.records)
