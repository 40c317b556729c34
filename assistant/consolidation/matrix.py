"""The indicator × unit matrix of the reports (plans carry targets, not results).

Rows are canonical indicators (``canonical_id``), columns are report documents
(one unit, one period each). Built in one pass over ``Records.indicators()`` and
cached per Records object; filters only select from the cached matrix, so a
request stays fast with hundreds of units.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from assistant.extract.groups import group_key, group_label
from assistant.extract.status import COMPLETED, STATUS_LABELS, STATUSES, UNKNOWN
from assistant.text.normalize import fold

REPORT_KIND = "báo cáo"
CELL_FIELDS = ("status", "status_source", "result", "target", "indicator_id", "start", "end")
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class FilterError(ValueError):
    """A filter value that matches nothing in the data (the message is for users)."""


@dataclass
class Column:
    source: str
    unit: str
    level: str
    district: str
    period: str
    title: str
    completed: int = 0
    known: int = 0
    total: int = 0


@dataclass
class Row:
    canonical_id: str
    label: str
    group: str
    group_key: str
    cells: dict[str, dict] = field(default_factory=dict)   # source -> cell
    records: list[dict] = field(default_factory=list)      # every record behind the row (export sheet)

    @property
    def completed(self) -> int:
        return sum(1 for c in self.cells.values() if c["status"] == COMPLETED)

    @property
    def reporting(self) -> int:
        return len(self.cells)


@dataclass
class Consolidation:
    columns: list[Column]
    rows: list[Row]
    groups: list[dict]            # [{key, label}]


def _better(new: dict, old: dict | None) -> bool:
    """A unit may list one indicator twice (table and prose): keep the first with a known status."""
    return old is None or (old["status"] == UNKNOWN and new["status"] != UNKNOWN)


def _cell(rec: dict) -> dict:
    return {"status": rec["status"] if rec["status"] in STATUSES else UNKNOWN,
            "status_source": rec["status_source"] or "none", "result": rec["result"] or "",
            "target": rec["target"] or "", "indicator_id": rec["id"], "start": rec["start"], "end": rec["end"]}


def _build(records) -> Consolidation:
    reports = {d["name"]: d for d in records.documents() if fold(d.get("kind") or "") == fold(REPORT_KIND)}
    columns = {name: Column(name, d.get("unit") or d.get("short_title") or name, d.get("level") or "",
                            d.get("district") or "", d.get("period") or "", d.get("short_title") or d.get("title") or name)
               for name, d in reports.items()}
    rows: dict[str, Row] = {}
    texts, groups = defaultdict(list), defaultdict(list)
    for rec in records.indicators():
        if rec["source"] not in reports:
            continue
        cid = rec["canonical_id"] or rec["id"]
        row = rows.setdefault(cid, Row(cid, "", "", ""))
        row.records.append(rec)
        texts[cid].append(rec["text"])
        groups[cid].append(rec["group"] or "")
        cell = _cell(rec)
        if _better(cell, row.cells.get(rec["source"])):
            row.cells[rec["source"]] = cell
    group_texts = defaultdict(list)
    for cid, row in rows.items():
        row.label = Counter(texts[cid]).most_common(1)[0][0]
        row.group_key = Counter(group_key(g) for g in groups[cid]).most_common(1)[0][0]
        group_texts[row.group_key] += groups[cid]
    for row in rows.values():
        row.group = group_label(group_texts[row.group_key])
    labels = sorted(({"key": k, "label": group_label(v)} for k, v in group_texts.items() if k),
                    key=lambda g: g["label"].casefold())
    ordered = sorted(rows.values(), key=lambda r: (r.group.casefold(), -r.reporting, r.label.casefold()))
    return Consolidation(_recount(list(columns.values()), ordered), ordered, labels)


def full(records) -> Consolidation:
    """The unfiltered matrix of a Records object (built once, then cached)."""
    if records not in _CACHE:
        _CACHE[records] = _build(records)
    return _CACHE[records]


def _pick(value: str | None, choices, what: str) -> str | None:
    """The folded filter value, or FilterError naming it and the values the data has."""
    if not value:
        return None
    wanted = fold(value).strip()
    known = {fold(c): c for c in choices if c}
    if wanted not in known:
        listed = ", ".join(sorted(known.values(), key=str.casefold)) or "(không có)"
        raise FilterError(f"{what} «{value}» không có trong các báo cáo; dùng một trong: {listed}.")
    return wanted


def consolidate(records, district: str | None = None, level: str | None = None, period: str | None = None,
                group: str | None = None, status: str | None = None) -> Consolidation:
    """The matrix restricted by filters; ``status`` keeps the indicators that some unit reports with that status."""
    base = full(records)
    if status and status not in STATUSES:
        raise FilterError(f"Trạng thái «{status}» không hợp lệ; dùng một trong: {', '.join(STATUSES)}.")
    d = _pick(district, [c.district for c in base.columns], "Huyện/thị xã")
    lv = _pick(level, [c.level for c in base.columns], "Cấp")
    p = _pick(period, [c.period for c in base.columns], "Kỳ báo cáo")
    g = group_key(group) if group else None
    if g is not None and g not in {x["key"] for x in base.groups}:
        listed = ", ".join(x["label"] for x in base.groups)
        raise FilterError(f"Nhóm chỉ tiêu «{group}» không có trong các báo cáo; dùng một trong: {listed}.")
    columns = [c for c in base.columns
               if (d is None or fold(c.district) == d) and (lv is None or fold(c.level) == lv)
               and (p is None or fold(c.period) == p)]
    if len(columns) == len(base.columns) and g is None and not status:
        return base
    keep = {c.source for c in columns}
    rows = []
    for row in base.rows:
        if g is not None and row.group_key != g:
            continue
        cells = {s: c for s, c in row.cells.items() if s in keep}
        if not cells or (status and not any(c["status"] == status for c in cells.values())):
            continue
        rows.append(Row(row.canonical_id, row.label, row.group, row.group_key, cells,
                        [r for r in row.records if r["source"] in keep]))
    return Consolidation(_recount(columns, rows), rows, base.groups)


def _recount(columns: list[Column], rows: list[Row]) -> list[Column]:
    """Per-unit completion (completed / known status / total) over the given rows."""
    out = {c.source: Column(c.source, c.unit, c.level, c.district, c.period, c.title) for c in columns}
    for row in rows:
        for source, cell in row.cells.items():
            col = out[source]
            col.total += 1
            col.known += cell["status"] != UNKNOWN
            col.completed += cell["status"] == COMPLETED
    return list(out.values())


def units(records) -> list[dict]:
    """Every unit with its level, district, periods and documents (for the page's filters)."""
    out: dict[str, dict] = {}
    for d in records.documents():
        name = d.get("unit") or d.get("short_title") or d["name"]
        u = out.setdefault(fold(name), {"unit": name, "level": d.get("level") or "", "district": d.get("district") or "",
                                        "periods": [], "documents": []})
        if d.get("period") and d["period"] not in u["periods"]:
            u["periods"].append(d["period"])
        u["documents"].append({"name": d["name"], "kind": d.get("kind") or "", "period": d.get("period") or ""})
    return sorted(out.values(), key=lambda u: u["unit"].casefold())


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, STATUS_LABELS[UNKNOWN])
