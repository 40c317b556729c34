"""One indicator: its target, deadline, result, status, lead agency and legal basis, from the records."""

from __future__ import annotations

from assistant.extract.status import STATUS_LABELS, measured_result
from assistant.qa.answer_types import (FIGURE_KINDS, STRICT_KINDS, asked_document, asked_issuer, counts_asked, expected_kind, holds,
                                       names_document)
from assistant.qa.compose import Citations, clean_value, say
from assistant.qa.evidence import Evidence, is_whole_row, not_found
from assistant.qa.guards import MAX_UNSAID_WORDS, about_it, names_another_kind, unsaid_words
from assistant.qa.models import Answer
from assistant.qa.understand import Question, asking_text
from assistant.text.years import of_years


# How close another indicator's row may score before a plan's share no longer answers a count (_target_share).
SHARE_MARGIN = 0.05


class IndicatorAnswerer:
    """The best candidate is a table row with a record: answer from the record, not the row text."""

    name = "indicator"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def _record(self, q: Question) -> dict | None:
        scored = self.ev.scored(q)
        if not scored or scored[0][0] < self.ev.settings.min_answer_coverage:
            return None
        _, hit, s, e = scored[0]
        if not about_it(self.ev, q, scored[0]) or names_another_kind(self.ev, q, self.ev.candidate_text(scored[0])):
            return None  # "tỷ lệ dân số trưởng thành có chữ ký số" is not "… có điện thoại thông minh"
        if len(unsaid_words(self.ev, q, f"{hit.section} {self.ev.candidate_text(scored[0])}")) >= MAX_UNSAID_WORDS:
            return None  # "cán bộ, công chức có chữ ký số" is not the row "dân số trưởng thành có chữ ký số"
        if not counts_asked(asking_text(q), self.ev.candidate_text(scored[0])) and not self._target_share(q, hit.source):
            return None  # "bao nhiêu doanh nghiệp số" is no rate of businesses
        if not is_whole_row(scored[0]):
            # An item of a status list ("- Tỷ lệ … " under "Chưa hoàn thành"): its record says its status.
            record = self.ev.record_at(hit.source, s)
            return record if record and record["table"].startswith("prose") and e <= record["end"] + 1 else None
        if expected_kind(q.text) in FIGURE_KINDS and self.ev.other_target_asked(q, scored[0]):
            return None  # its figures belong to the other of its two targets
        return self.ev.record_at(hit.source, hit.start)

    def applies(self, q: Question) -> bool:
        # "những phần mềm dùng chung nào": a list of things is asked, not one indicator's figures.
        return not q.is_list and self._record(q) is not None

    def answer(self, q: Question) -> Answer | None:
        """"Not found" when the row reports nothing for what is asked."""
        ev = self.ev
        record = self._record(q)
        # "phải đạt bao nhiêu" about a plan asks for its target (plans have no results), unless the
        # question names a unit or a status: then it asks what that unit's report gives.
        in_plan = ev.is_plan(record["source"])
        asks_outcome = (bool({"result", "status"} & set(q.fields)) or q.status is not None) and not (
            in_plan and not q.units and not q.status)
        # "chỉ tiêu 300 xã hoàn thành CĐS căn cứ văn bản nào": the status words name the indicator; its basis or
        # lead agency is asked, which a plan gives.
        asks_outcome = asks_outcome and not ({"legal_basis", "lead_agency"} & set(q.fields) and "result" not in q.fields)
        # "tỉnh năm 2025 muốn … đạt bao nhiêu": no report of that year, so the plan's own target is asked;
        # "kết quả" asks what was done, which a plan cannot say.
        if asks_outcome and in_plan and not q.status and record["source"] in q.units and "ket qua" not in q.folded \
                and self._with_outcome(record, q) in (None, record):
            asks_outcome = False
        if asks_outcome:
            record = self._with_outcome(record, q) or record
            if not of_years(ev.docs[record["source"]], q.years):
                return not_found(self.name)  # "năm 2024 … đạt được": a 2023 report's row naming 2024 reports 2023
            if not clean_value(record["result"]) and record["status_source"] == "none":
                return not_found(self.name)
            if record["status_source"] == "none" and measured_result(record["result"]) is None and "bao nhieu" in q.folded:
                return not_found(self.name)  # "đạt ...%": the figure was never filled in
        elif "target" in q.fields and q.years:
            record = self._in_plan_of_years(record, q.years) or record
        if ev.lacks_asked_figure(q, record):
            return None  # "đạt bao nhiêu": the row gives a status, a target or the question's own figure
        if "target" in q.fields and not record["target"] and not asks_outcome:
            return not_found(self.name)
        cites = Citations()
        lines = describe(ev, record, cites)
        values = f"{clean_value(record['target'])} {clean_value(record['result'])}"
        if not _fits(q.text, "\n".join(lines), values, share=self._target_share(q, record["source"])):
            return None  # the row is not what is asked (a rate for a count, no lead agency, no plan number)
        kind = "status" if "status" in q.fields or q.status else "figure"
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name, kind=kind)

    def _target_share(self, q: Question, source: str) -> bool:
        """A plan sets its targets as shares: "năm 2025 bao nhiêu trường phải thu học phí không dùng tiền mặt" is
        answered by the plan's "Tỷ lệ các cơ sở giáo dục … 100%"; a count asked of a report is not. Only a row that
        stands out: rows of other indicators nearly as close ("Tỷ lệ người dân, doanh nghiệp …" for "bao nhiêu
        doanh nghiệp số") mean the question names none of them."""
        if not ("target" in q.fields and not ({"result", "status"} & set(q.fields)) and self.ev.is_plan(source)):
            return False
        best, *rest = self.ev.scored(q)
        return not any(c[1].kind == "row" and c[1] is not best[1] and c[0] >= best[0] - SHARE_MARGIN for c in rest)

    def _in_plan_of_years(self, record: dict, years: list[str]) -> dict | None:
        """The same indicator's target in the plan of the asked years: "mục tiêu năm 2025" is the 2025 plan's
        (95%), not another plan's restating an older target for 2025 (90%)."""
        def in_plan(r: dict) -> bool:
            return self.ev.is_plan(r["source"]) and of_years(self.ev.docs[r["source"]], years)
        if in_plan(record):
            return None
        return next((r for r in self.ev.records.indicators(canonical_id=record["canonical_id"]) if in_plan(r) and r["target"]), None)

    def _with_outcome(self, record: dict, q: Question) -> dict | None:
        """The same indicator in a report of the asked unit that gives a result or a status."""
        siblings = self.ev.records.indicators(canonical_id=record["canonical_id"])
        if q.units:
            siblings = [r for r in siblings if r["source"] in q.units]
        # A report of another year does not give the outcome asked for a year ("năm 2025"), even where its row
        # names that year as a deadline.
        siblings = [r for r in siblings if of_years(self.ev.docs[r["source"]], q.years)]
        with_outcome = [r for r in siblings if r["result"] or r["status_source"] != "none"]
        if not q.units:
            # No unit named: the highest level that reports the indicator speaks for it ("chỉ tiêu … đã xong chưa"
            # is the province's status, not the first town's).
            top = min((self.ev.level_rank(r["source"]) for r in with_outcome), default=None)
            with_outcome = [r for r in with_outcome if self.ev.level_rank(r["source"]) == top]
        if record in with_outcome:
            return record
        return with_outcome[0] if with_outcome else (record if record in siblings else None)


def _fits(question: str, text: str, values: str, share: bool = False) -> bool:
    """The kinds of value a record answer must hold; a figure of any kind suits "đạt bao nhiêu".

    A count is read in the row's values (target, result), not in its wording ("từ 15 tuổi trở lên"); a plan's
    share answers a count of its target (`share`)."""
    kind = expected_kind(question)
    if kind == "count" and share and holds("percent", values):
        kind = "percent"
    code = asked_document(question)
    return (kind not in STRICT_KINDS or holds(kind, values if kind == "count" else text)) and (code is None or names_document(code, text, asked_issuer(question)))


def describe(ev: Evidence, r: dict, cites: Citations) -> list[str]:
    doc = ev.docs[r["source"]]
    r = {**r, "target": clean_value(r["target"]), "result": clean_value(r["result"])}
    n = ev.cite(cites, r)
    lines = [say("indicator_head", unit=doc.get("short_title"), text=r["text"]) + f" [{n}]"]
    if r["target"]:
        lines.append("- " + say("target", value=r["target"]))
    if r["deadline"]:
        lines.append("- " + say("deadline", value=r["deadline"]))
    if r["result"]:
        lines.append("- " + say("result", value=r["result"]))
    if doc.get("kind") == "báo cáo" or r["result"]:
        if r["status_source"] == "stated":
            lines.append("- " + say("status_stated", label=STATUS_LABELS[r["status"]]))
        elif r["status_source"] == "derived":
            lines.append("- " + say("status_derived", label=STATUS_LABELS[r["status"]], result=r["result"], target=r["target"]))
        else:
            lines.append("- " + say("status_unknown"))
    if r["lead_agency"]:
        lines.append("- " + say("lead_agency", value=r["lead_agency"]))
    if r["legal_basis"]:
        lines.append("- " + say("legal_basis", value=r["legal_basis"]))
    if r["notes"]:
        lines.append(f"- Ghi chú: {r['notes']}")
    return lines
