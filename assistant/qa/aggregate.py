"""Questions across units: "Những xã nào chưa hoàn thành chỉ tiêu chữ ký số?", "Bao nhiêu xã đã đạt …?".

Answered from the records, never from passages: the indicator the question names is
found among the canonical indicators (the same indicator in every unit's report), the
reports of the asked level (and district) are gathered, and the answer gives the
count first, then each unit with its result and status, each cited.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from assistant.extract.status import COMPLETED, IN_PROGRESS, NOT_COMPLETED, STATUS_LABELS, UNKNOWN
from assistant.text.normalize import fold
from assistant.text.segment import STOPWORDS
from assistant.text.years import of_years

# Level words of a question, folded -> the document levels they cover.
LEVELS = {
    "xa": ("xã",), "phuong": ("phường",), "thi tran": ("thị trấn",),
    "huyen": ("huyện", "huyện-thị xã", "thị xã", "thành phố"), "thi xa": ("thị xã", "huyện-thị xã"),
    "don vi": (), "dia phuong": (),
}
_LEVEL = "|".join(sorted(LEVELS, key=len, reverse=True))
# "những xã nào", "bao nhiêu xã", "các xã", "xã nào", "mấy huyện", "số xã"
ACROSS_UNITS = re.compile(rf"\b(?:nhung|cac|bao nhieu|may|so|co)\s+({_LEVEL})\b|\b({_LEVEL})\s+nao\b")
# What a question asks about the status: "chưa hoàn thành" also counts units still in progress.
STATUS_ASKED = [
    (("chua hoan thanh", "chua dat", "khong dat", "khong hoan thanh", "chua xong"), (NOT_COMPLETED, IN_PROGRESS)),
    (("dang thuc hien", "dang trien khai"), (IN_PROGRESS,)),
    (("da hoan thanh", "hoan thanh", "da dat", "dat chi tieu", "dat duoc"), (COMPLETED,)),
]
# Words that say how to ask, not what about.
_ASKING = set("""nhung cac bao nhieu may so nao co chua da dang hoan thanh dat khong xong thuc hien trien khai
    chi tieu ve cua tai tren dia ban huyen xa phuong thi tran don vi dia phuong hay cho biet liet ke danh sach
    chuyen doi cds nam""".split())  # and the frame of every report: "chuyển đổi số", its year
# A target asked ("năm 2025 phấn đấu bao nhiêu xã hoàn thành …") is a plan's figure, not units' results.
_TARGET_ASKED = re.compile(r"\b(?:phan dau|muc tieu|du kien|ke hoach|it nhat|toi thieu|giao chi tieu)\b")
# Fewer subject words than this name no indicator ("… hoàn thành cấp huyện?").
MIN_SUBJECT_WORDS = 2


@dataclass
class UnitRow:
    record: dict
    unit: str
    district: str


@dataclass
class Aggregate:
    """The units of one level reporting one indicator, with those whose status was asked."""

    indicator: str
    level_word: str
    district: str
    statuses: tuple[str, ...]
    reporting: list[UnitRow] = field(default_factory=list)
    matching: list[UnitRow] = field(default_factory=list)
    unknown: list[UnitRow] = field(default_factory=list)

    def level_word_display(self) -> str:
        """The level word as the documents write it ("xã", "đơn vị")."""
        return {"xa": "xã", "phuong": "phường", "thi tran": "thị trấn", "huyen": "huyện", "thi xa": "thị xã",
                "don vi": "đơn vị", "dia phuong": "địa phương"}[self.level_word]


def asks_across_units(folded: str) -> str | None:
    """The level word when the question asks about several units' results ("những xã nào …"), else None."""
    if _TARGET_ASKED.search(folded):
        return None
    m = ACROSS_UNITS.search(folded)
    return (m.group(1) or m.group(2)) if m else None


def asked_statuses(folded: str) -> tuple[str, ...] | None:
    for cues, statuses in STATUS_ASKED:
        if any(re.search(rf"\b{c}\b", folded) for c in cues):
            return statuses
    return None


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS]


class UnitIndex:
    """Canonical indicators by word, built once per records store. Only their words are kept: the
    records of the one indicator a question asks about are read when it is asked."""

    def __init__(self, records) -> None:
        self.records = records
        self.docs = {d["name"]: d for d in records.documents() if d.get("kind") == "báo cáo"}
        self.words: dict[str, set[str]] = defaultdict(set)
        sources: dict[str, set[str]] = defaultdict(set)
        for r in records.indicators(source=list(self.docs)):
            if r["canonical_id"]:
                self.words[r["canonical_id"]].update(_words(r["text"]))
                sources[r["canonical_id"]].add(r["source"])
        self.reports = {cid: len(names) for cid, names in sources.items()}  # how many reports give it
        df = Counter(w for ws in self.words.values() for w in ws)
        n = max(1, len(self.words))
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.written = {fold(d["district"]): d["district"] for d in self.docs.values() if d.get("district")}
        self.districts = sorted(self.written, key=len, reverse=True)

    def rows(self, cid: str) -> list[dict]:
        """The reports' records of one canonical indicator."""
        return [r for r in self.records.indicators(canonical_id=cid) if r["source"] in self.docs]

    def district_in(self, folded: str) -> str:
        for district in self.districts:
            core = re.sub(r"^(huyen|thi xa|thanh pho)\s+", "", district)
            if re.search(rf"\b{re.escape(core)}\b", folded):
                return district
        return ""

    def indicators_for(self, folded: str, exclude: set[str]) -> list[str]:
        """Canonical indicators whose wording holds the question's subject words (rare words weigh more), best first.

        Several may match: units word an indicator differently and a paraphrase the linker could
        not prove the same stays its own canonical indicator; the question's words gather them.
        """
        subject = [w for w in dict.fromkeys(_words(folded)) if w not in _ASKING and w not in exclude and not w.isdigit()]
        if len(subject) < MIN_SUBJECT_WORDS:
            return []
        weight = {w: self.idf.get(w, 0.0) for w in subject}
        total = sum(weight.values())
        if total == 0:
            return []  # no subject, or none of its words appears in any indicator
        scored = [(sum(weight[w] for w in subject if w in words) / total, self.reports[cid], cid)
                  for cid, words in self.words.items()]
        named = "chi tieu" in folded  # "… chỉ tiêu chữ ký số": the question says it names an indicator
        return [cid for score, _, cid in sorted(scored, reverse=True)
                if score >= 0.8 and (named or self._names_most_of(cid, subject))]

    def _names_most_of(self, cid: str, subject: list[str]) -> bool:
        """Without the word "chỉ tiêu", the question must say most of what the indicator says: "bao nhiêu xã
        được công nhận hoàn thành CĐS" is no indicator that happens to hold those words among many."""
        words = self.words[cid]
        total = sum(self.idf.get(w, 0.0) for w in words)
        return total > 0 and sum(self.idf.get(w, 0.0) for w in words if w in subject) / total >= 0.5


def aggregate(index: UnitIndex, folded: str, years: list[str] = ()) -> Aggregate | None:
    """The aggregate a question across units asks for, or None when it is not one the records can answer.
    Only the reports of the ``years`` asked count: a 2023 report says nothing of 2026."""
    level_word = asks_across_units(folded)
    statuses = asked_statuses(folded)
    if level_word is None or statuses is None:
        return None
    district = index.district_in(folded)
    exclude = set(_words(district)) | set(level_word.split())
    cids = index.indicators_for(folded, exclude)
    if not cids:
        return None
    by_cid = {cid: index.rows(cid) for cid in cids}
    rows = [r for cid in cids for r in by_cid[cid]]  # best-matching indicator first
    levels = LEVELS[level_word]
    wording = Counter(r["text"] for r in by_cid[cids[0]]).most_common(1)[0][0]
    result = Aggregate(indicator=wording, level_word=level_word, district=index.written.get(district, district),
                       statuses=statuses)
    seen = set()
    for r in sorted(rows, key=lambda r: index.docs[r["source"]].get("unit") or r["source"]):  # stable: best first
        doc = index.docs[r["source"]]
        if levels and doc.get("level") not in levels:
            continue
        if district and fold(doc.get("district") or "") != district:
            continue
        if not of_years(doc, years):
            continue
        if r["source"] in seen:
            continue  # one row per report (a report may repeat an indicator in two tables)
        seen.add(r["source"])
        row = UnitRow(r, doc.get("unit") or doc.get("short_title") or r["source"], doc.get("district") or "")
        result.reporting.append(row)
        if r["status"] == UNKNOWN:
            result.unknown.append(row)
        elif r["status"] in statuses:
            result.matching.append(row)
    return result  # no report of that level (and district) gives the indicator: an empty aggregate


def status_words(statuses: tuple[str, ...]) -> str:
    return " hoặc ".join(STATUS_LABELS[s].lower() for s in statuses)


def describe(agg: Aggregate, cite) -> list[str]:
    """The answer's lines: the count first, then each unit with its figure and status, cited by ``cite(record) -> n``."""
    from assistant.extract.status import shown_result

    asked = status_words(agg.statuses)
    where = f" thuộc {agg.district}" if agg.district else ""
    lines = [f"Có {len(agg.matching)}/{len(agg.reporting)} {agg.level_word_display()}{where} {asked} "
             f"chỉ tiêu «{agg.indicator}» (theo báo cáo của {len(agg.reporting)} đơn vị có chỉ tiêu này)."]
    if agg.unknown:
        lines.append(f"{len(agg.unknown)} đơn vị chưa xác định được tình trạng (báo cáo không nêu, số liệu không đủ so sánh).")
    rows = agg.matching
    if not rows:  # none has the asked status: the units that report it, so the count can be checked
        lines.append("Các đơn vị có báo cáo chỉ tiêu này:")
        rows = agg.reporting
    for row in rows:
        r = row.record
        shown = shown_result(r["result"])
        result = f"kết quả {shown}" if shown and len(shown) <= 60 else ""
        status = STATUS_LABELS[r["status"]] + (" (suy ra từ số liệu)" if r["status_source"] == "derived" else "")
        district = f", {row.district}" if row.district and not agg.district else ""
        lines.append(f"- {row.unit}{district}: " + "; ".join(x for x in (result, status) if x) + f" [{cite(r)}]")
    return lines
