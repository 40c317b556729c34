"""Lists and counts of indicators by status, group, unit or plan, from the records."""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.extract.status import IN_PROGRESS, NOT_COMPLETED, STATUS_LABELS
from assistant.qa.answer_types import DOCUMENT_CODES, asked_document, expected_kind
from assistant.qa.compose import Citations, clean_value, say, section_at, sentences
from assistant.qa.evidence import Evidence, not_found
from assistant.qa.models import Answer, Item
from assistant.qa.statistics import words
from assistant.qa.understand import CUE_WORDS, Question
from assistant.text.normalize import fold
from assistant.text.years import mentions_year


# "bao nhiêu", "mấy", "những", "nào" ask which or how many; "thế nào", "như thế nào" ask how.
_ASKS_WHICH = re.compile(r"\b(?:bao nhieu|may|nhung)\b|(?<!the )\bnao\b")
# "theo quyết định nào", "văn bản nào", "căn cứ nào": which document, not which indicators.
_ASKS_DOCUMENT = re.compile(rf"\b(?:{'|'.join(DOCUMENT_CODES)}|van ban|can cu)\s+nao\b")


class IndicatorListAnswerer:
    name = "indicator_list"

    def __init__(self, ev: Evidence):
        self.ev = ev
        self._counts: dict[str, list[tuple[int, int]]] = {}  # document -> its indicator-count sentences
        self._agencies: dict[str, str] | None = None  # folded -> written names of the agencies leading indicators

    def applies(self, q: Question) -> bool:
        # "phải hoàn thành vào năm nào", "ai ký": a date, a person, money is asked, not a list of indicators.
        if expected_kind(q.text) in _NOT_A_LIST or asked_document(q.text) or _ASKS_DOCUMENT.search(q.folded):
            return False  # "giao chỉ tiêu … theo quyết định nào": a document is asked
        if q.places:  # a place without a report of its own has no indicator rows: other units' lists are not its
            return False
        return "chi tieu" in q.folded and (
            q.is_list or (q.status is not None and _ASKS_WHICH.search(q.folded) is not None))

    def _rows(self, q: Question) -> tuple[list[dict], list[str], str | None, str | None]:
        ev = self.ev
        groups = [g for g in ev.records.groups() if any(core in q.folded for core in _group_cores(g))]
        rows = ev.records.indicators(status=set(_statuses(q)) or None, source=q.units or None, group=groups or None)
        agency = self._agency(q)
        if agency:  # "Sở Y tế được giao những chỉ tiêu nào": those it leads
            rows = [r for r in rows if re.search(rf"(?<![a-z]){re.escape(agency)}(?![a-z])", fold(r["lead_agency"] or ""))]
        plan = q.legal_key or (q.legal_number[1] + "/" if q.legal_number else None)
        if plan:
            # Folded: typed without marks, "100/KH-BCD" is "100/KH-BCĐ".
            rows = [r for r in rows if r["plan"] and fold(r["plan"]).startswith(fold(plan))]
        # Plans have no results: a status question is about reports.
        if q.status:
            rows = [r for r in rows if not ev.is_plan(r["source"])]
        return rows, groups, plan, agency

    def answer(self, q: Question) -> Answer | None:
        ev = self.ev
        rows, groups, plan, agency = self._rows(q)
        if not (q.status or groups or q.units or plan or agency):
            return None
        if self._qualified(q) and not (groups or plan or agency):
            if not q.status:
                return None  # "chỉ tiêu khó thực hiện do …": some indicators, not the unit's whole list
            if _NAMES_ONE.search(q.folded):
                # "… đã đạt chỉ tiêu số điểm Wifi công cộng?": the indicators the question names, not every one.
                rows = [r for r in rows if self.ev.coverage(q, r["text"]) >= SUBJECT_COVERAGE]
                if not rows:
                    return None
        if q.years:
            # "kế hoạch năm 2026": only the documents of the asked year (or rows naming it) answer.
            rows = [r for r in rows if all(mentions_year(f"{ev.doc_label(r['source'])} {r['text']}", y) for y in q.years)]
            if not rows:
                return not_found(self.name)
        if not rows:
            return not_found(self.name) if plan else None
        named_groups = ", ".join(f"«{g}»" for g in groups)
        what = (_status_words(q) + (f" thuộc nhóm {named_groups}" if groups else "")
                + (f" do {self._agencies[agency]} chủ trì" if agency else "")).strip()
        by_source: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            by_source[r["source"]].append(r)
        # A report may list its indicators twice (status lists by group in its body, the province's
        # criteria in an appended table): each list is counted on its own, never summed.
        by_list: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for r in rows:
            by_list[(r["source"], _list_of(r))].append(r)
        one, several_lists = len(by_list) == 1, len(by_list) > len(by_source)
        cites = Citations()
        lines = [say("list_head", count=len(rows), what=what) if one
                 else say("list_head_lists", what=what, lists=len(by_list), documents=len(by_source)) if several_lists
                 else say("list_head_many", what=what, documents=len(by_source))]
        lines += [say("list_unit", unit=ev.docs[source].get("short_title"), count=len(items),
                      where=self._where(items) if several_lists else "")
                  for (source, _), items in by_list.items()]
        if summary := self._status_summary(q, list(by_source)):
            doc, s, e = summary
            n = cites.add(doc, section_at(doc, s), s, e)
            where = section_at(doc, s).split(" > ")[-1]
            lines.append(f"{doc.get('short_title')} (mục «{where}») nêu: «{cites.quote(n)}» [{n}]")
        items = []
        for (source, _), group in by_list.items():
            doc = ev.docs[source]
            if not one:
                lines.append(f"{doc.get('short_title')}{self._where(group) if several_lists else ''}:")
            for r in group:
                n = ev.cite(cites, r)
                number = f"{r['number']}. " if r["number"] else ""
                result = clean_value(r["result"])  # a form's "(Ghi rõ …, đạt 81%)" shows as "đạt 81%"
                if not result and ev.is_plan(source) and (target := clean_value(r["target"])):
                    result = f"chỉ tiêu: {target}"  # a plan has no results: what it sets
                lines.append(f"- {number}{r['text']}{' — ' + result if result else ''} [{n}]")
                items.append(Item(text=f"{number}{r['text']}", unit=doc.get("short_title") or "", detail=result, citation=n))
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name,
                      kind="count" if re.search(r"bao nhieu|may", q.folded) else "list",
                      count=len(rows) if one else None, items=items)

    def _agency(self, q: Question) -> str | None:
        """The agency leading indicators that the question names last (the longest there, folded), if any."""
        if self._agencies is None:
            records = self.ev.records.indicators()
            # The words agency names open with ("Sở", "Phòng", "Trung tâm"): a part after a comma opening
            # otherwise goes on the name before it ("Sở Văn hóa, Thể thao và Du lịch").
            openings = {cell.split()[0] for r in records if (cell := (r.get("lead_agency") or "").strip(" -"))}
            named = {fold(a): a for r in records for a in _agencies_of(r, openings)}
            self._agencies = {key: named[key] for key in sorted(named, key=len, reverse=True)}
        # The last one named: a follow-up's own ("… còn Sở Y tế thì sao?") replaces the previous question's.
        found = [(m.start(), m.end(), a) for a in self._agencies
                 for m in re.finditer(rf"(?<![a-z]){re.escape(a)}(?![a-z])", q.folded)]
        whole = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and o != f for o in found)]  # not inside a longer one
        return max(whole)[2] if whole else None

    def _where(self, group: list[dict]) -> str:
        """Where a list stands in its document: ", mục «…»" (its table's section, or its first item's top section)."""
        path = self.ev.section_of(group[0]).split(" > ")
        return f", mục «{path[0] if _list_of(group[0]) == 'prose' else path[-1]}»"

    def _qualified(self, q: Question) -> bool:
        """The question narrows the indicators with words of its own, beyond its unit, year and list wording."""
        rest = q.folded
        for source in q.units:
            for name in self.ev.unit_names.get(source, []):
                rest = re.sub(rf"(?<![a-z]){re.escape(name)}(?![a-z])", " ", rest)
        content = [w for w in words(rest) if w not in CUE_WORDS and w not in _LIST_FRAME and not w.isdigit()]
        return bool(content)

    def _status_summary(self, q: Question, sources: list[str]):
        """A sentence where the document counts its own indicators ("đã hoàn thành 21/43 chỉ tiêu")."""
        best = None
        for source in sources:
            doc = self.ev.docs[source]
            for s, e in self._count_sentences(source):
                # Read with its paragraph: the plan it counts is often named in the sentence before
                # ("… ban hành Kế hoạch số 100/KH-BCĐ … Đến nay, đã hoàn thành 21/43 chỉ tiêu").
                text = doc["text"]
                end = text.find("\n", e)
                paragraph = text[text.rfind("\n", 0, s) + 1:end if end >= 0 else len(text)]
                score = self.ev.coverage(q, paragraph + " " + section_at(doc, s))
                if best is None or score > best[0]:
                    best = (score, doc, s, e)
        if best and best[0] >= 0.3:
            return best[1], best[2], best[3]
        return None

    def _count_sentences(self, source: str) -> list[tuple[int, int]]:
        """The spans of a document's sentences that count indicators: found once per document, then kept,
        so that a question over hundreds of reports does not scan their texts again."""
        cache = self._counts
        if source not in cache:
            text, spans = self.ev.docs[source]["text"], []
            for m in re.finditer(r"\d+\s?/\s?\d+\s+chỉ tiêu|chỉ tiêu[^\n]{0,40}\d+/\d+", text):
                line_end = text.find("\n", m.end())
                spans += [(s, e) for s, e in sentences(text, text.rfind("\n", 0, m.start()) + 1,
                                                        line_end if line_end > 0 else len(text)) if s <= m.start() < e]
            cache[source] = spans
        return cache[source]


# Share of a question's words an indicator must hold when the question names one ("chỉ tiêu … Wifi công cộng").
SUBJECT_COVERAGE = 0.5
# "chỉ tiêu số điểm Wifi …" names one indicator; "chỉ tiêu của kế hoạch …", "chỉ tiêu nào", "chỉ tiêu đã …" do not.
_NAMES_ONE = re.compile(r"\bchi tieu\s+(?!(?:cds|chuyen doi so|cap (?:xa|huyen|tinh)|cua|nao|da|chua|dang|nay|do|duoc|ma|thi|trong|thuoc|ve|tong|con|hoan|dat|gi"
                        r"|kinh te so|chinh quyen so|xa hoi so|nhom|theo|tai|o)\b)[a-z]")


# Agencies in a lead-agency cell: "Sở Y tế; UBND cấp huyện", "Sở Giáo dục và Đào tạo Sở Lao động TB và XH" (a
# table cell's lines joined), "- Sở … chủ trì tổng hợp …, - Sở …".
_AGENCY_SPLIT = re.compile(r";|\s(?=Sở\s)|(?:^|\s)-\s|\s(?:chủ trì|phối hợp)\b.*")


def _agencies_of(record: dict, openings: set[str] | None = None) -> list[str]:
    """The agencies leading an indicator, as written: "Sở Y tế; UBND cấp huyện" -> ["Sở Y tế", "UBND cấp huyện"].
    A single word ("Các sở") names no agency, nor a level ("cấp xã", "ngành cấp tỉnh"), which questions name
    for other reasons ("bảng chỉ tiêu cấp xã")."""
    parts = [part for piece in _AGENCY_SPLIT.split(record.get("lead_agency") or "")
             for part in _comma_parts(piece, openings)]
    return [part.strip(" .") for part in parts
            if len(part.split()) >= 2 and not _LEVEL_ONLY.match(fold(part.strip(" .")))]


def _comma_parts(piece: str, openings: set[str] | None) -> list[str]:
    """A cell's piece split at its commas, a part not opening like an agency name kept with the one before."""
    parts: list[str] = []
    for part in piece.split(","):
        words = part.split()
        if parts and words and openings is not None and words[0] not in openings:
            parts[-1] = f"{parts[-1]},{part}"
        else:
            parts.append(part)
    return parts


_ALSO_IN_PROGRESS = re.compile(r"\bchua hoan thanh\b|\bdang (?:lam|thuc hien|trien khai)\b")
_LEVEL_ONLY = re.compile(r"^(?:\w+ ){0,2}cap (?:xa|huyen|tinh)$")


def _statuses(q: Question) -> list[str]:
    """The statuses a question lists: "chưa hoàn thành" also covers what is still in progress; "chưa đạt" does
    not, unless it asks that too ("chưa đạt hoặc đang làm")."""
    if not q.status:
        return []
    return [q.status, IN_PROGRESS] if q.status == NOT_COMPLETED and _ALSO_IN_PROGRESS.search(q.folded) else [q.status]


def _status_words(q: Question) -> str:
    """The statuses listed, as the answer names them: "chưa hoàn thành", "chưa đạt hoặc đang thực hiện"."""
    if "chua hoan thanh" in q.folded:
        return "chưa hoàn thành"
    return " hoặc ".join(STATUS_LABELS[status].lower() for status in _statuses(q))


def _list_of(record: dict) -> str:
    """The list a record belongs to: its table, or the document's status lists in prose taken together."""
    table = record.get("table") or ""
    return table if table.startswith("table") else "prose"


# Kinds of value that no list of indicators gives.
_NOT_A_LIST = {"date", "person", "money", "agency", "partner"}


def _group_cores(group: str) -> list[str]:
    """"Về Kinh tế số", "Phát triển Kinh tế số" -> "kinh te so": the same group in different tables. A group of two
    ("Hạ tầng và nền tảng số") is named by either ("hạ tầng số", "nền tảng số")."""
    core = re.sub(r"^(ve|phat trien|xay dung)\s+", "", fold(group).strip())
    first, _, second = core.partition(" va ")
    if not second or " " not in second:
        return [core]
    tail = second.rsplit(" ", 1)[1]
    return [core, second, first if first.endswith(f" {tail}") else f"{first} {tail}"]


# Words that frame a whole list of indicators rather than narrow it: the kind of unit and document,
# the subject of every plan and report ("chuyển đổi số"), counting words.
_LIST_FRAME = set("""tinh xa huyen thi tran phuong thanh pho don vi dia ban ke hoach bao cao chuyen doi so cds
    nam thang tong cong toan bo tat ca het gom bao gom dat ra giao de ra""".split())
