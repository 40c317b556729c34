"""Questions across units, from the records: "Những xã nào chưa hoàn thành chỉ tiêu chữ ký số?",
"Bao nhiêu xã đã đạt chỉ tiêu định danh điện tử?", "Huyện X có xã nào chưa đạt …?".

The count comes first, then each unit with its result and status, each cited. The reading of the
question (level, district, statuses, which canonical indicator) is :mod:`assistant.qa.aggregate`'s.
"""

from __future__ import annotations

from functools import partial

from assistant.qa.aggregate import UnitIndex, aggregate, asked_statuses, asks_across_units, describe
from assistant.qa.compose import Citations
from assistant.qa.evidence import Evidence, not_found
from assistant.qa.models import Answer, Item
from assistant.qa.understand import Question


class AcrossUnitsAnswerer:
    name = "across_units"

    def __init__(self, ev: Evidence):
        self.ev = ev
        self._index: UnitIndex | None = None

    @property
    def index(self) -> UnitIndex:
        if self._index is None:  # built on the first such question: most sessions never ask one
            self._index = UnitIndex(self.ev.records)
        return self._index

    def applies(self, q: Question) -> bool:
        return asks_across_units(q.folded) is not None and asked_statuses(q.folded) is not None

    def answer(self, q: Question) -> Answer | None:
        agg = aggregate(self.index, q.folded, q.years)
        if agg is None:
            return None  # no indicator of the reports is what the question names: another strategy's
        if not agg.reporting:
            return not_found(self.name, kind="count")  # no report of that level (and district) gives it
        cites = Citations()
        cite = partial(self.ev.cite, cites)
        lines = describe(agg, cite)
        items = [Item(text=row.record["text"], unit=row.unit, detail=row.record["result"] or "", citation=cite(row.record))
                 for row in agg.matching]
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name, kind="count",
                      count=len(agg.matching), items=items)
