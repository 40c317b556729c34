"""Legal and administrative document references: "Quyết định số 123/QĐ-UBND ngày 30/5/2023 …".

Every mention becomes a :class:`Mention` with its span; mentions of one document
(same normalized key and, when given, the same date) are gathered into one
:class:`Reference`. ``123 /QĐ-UBND`` and ``Quyết định số 123/QĐ-UBND`` are the same
key; ``47/2020/NĐ-CP`` and ``47/2024/NĐ-CP`` are not; ``77/KH-UBND`` of 28/3/2023 and of
26/5/2023 are two documents that share a number.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from assistant.text.normalize import clean, fold

TYPE_WORDS = {
    "nghị quyết": "Nghị quyết", "nghị định": "Nghị định", "quyết định": "Quyết định", "chỉ thị": "Chỉ thị",
    "kế hoạch": "Kế hoạch", "công văn": "Công văn", "văn bản": "Văn bản", "thông tư": "Thông tư",
    "thông báo": "Thông báo", "tờ trình": "Tờ trình", "báo cáo": "Báo cáo", "chương trình": "Chương trình",
    "cv": "Công văn",
}
CODE_TYPES = {
    "QĐ": "Quyết định", "KH": "Kế hoạch", "NQ": "Nghị quyết", "NĐ": "Nghị định", "CT": "Chỉ thị", "TT": "Thông tư",
    "TB": "Thông báo", "TTR": "Tờ trình", "BC": "Báo cáo", "CV": "Công văn", "CTR": "Chương trình",
}

_SEP = r"\s?[-/–]\s?"
_CODE = r"[A-ZĐ][A-Za-zĐđ&]*"
KEY_PATTERN = rf"\d{{1,5}}(?:/\d{{4}})?{_SEP}{_CODE}(?:{_SEP}{_CODE})*"
_TYPE = "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True))
# Typed mention ("Quyết định số 123/QĐ-UBND"), or a bare key with at least two code parts ("02/CT-UBND").
_MENTION = re.compile(
    rf"(?:(?P<type>{_TYPE})(?:\s+số)?\s*:?\s*(?P<tkey>{KEY_PATTERN}))"
    rf"|(?<![\w/])(?P<key>\d{{1,5}}(?:/\d{{4}})?{_SEP}{_CODE}(?:{_SEP}{_CODE})+)",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^[ \t]*,?[ \t]*(?:ngày|ngay)\s+(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE
)
_ISSUER = re.compile(
    r"^[ \t]*,?[ \t]*(?:của\s+)(.{3,80}?)(?=\s+(?:về|v/v|phê duyệt|ban hành|quy định|thông báo|hướng dẫn|triển khai|giao)\b|[,;.()\n]|$)",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"^[ \t]*,?[ \t]*((?:về việc|về|v/v|phê duyệt|ban hành|quy định|hướng dẫn|triển khai|giao)\b.{3,300}?)(?=[;\n]|\.\s|\.$|\(mục|$)",
    re.IGNORECASE,
)


@dataclass
class Mention:
    key: str  # normalized: "123/QĐ-UBND"
    type: str
    number: str
    date: str | None
    issuer: str | None
    title: str | None
    source: str
    start: int
    end: int
    title_from_table: bool = False


@dataclass
class Reference:
    key: str  # unique id: the normalized key, plus " (dd/mm/yyyy)" when two documents share it
    base_key: str
    type: str
    number: str
    date: str | None
    issuer: str | None
    title: str | None
    mentions: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def normalize_key(raw: str) -> str:
    key = re.sub(r"\s+", "", raw).replace("–", "-")
    return key


def _type_of(key: str, word: str | None) -> str:
    if word:
        return TYPE_WORDS[word.lower()]
    parts = re.split(r"[-/]", key)[1:]
    parts = [p for p in parts if not p.isdigit()]
    return CODE_TYPES.get(parts[0].upper(), "Công văn") if parts else "Công văn"


def _date(text: str) -> str | None:
    m = _DATE.match(text)
    return f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}" if m else None


@dataclass
class _Found:
    type: str
    key: str
    start: int
    end: int
    date: str | None
    issuer: str | None
    title: str | None


def find_references(text: str, offset: int = 0) -> list[_Found]:
    """Every reference mentioned in a text, with its date, issuer and subject when written after it."""
    out = []
    for m in _MENTION.finditer(text):
        raw = m.group("tkey") or m.group("key")
        key = normalize_key(raw)
        if not re.search(r"[A-Za-zĐđ]{2}", key):
            continue
        after = text[m.end(): m.end() + 400]
        date = _date(after)
        rest = after[_DATE.match(after).end():] if date else after
        issuer_m = _ISSUER.match(rest)
        issuer = clean(issuer_m.group(1)) if issuer_m else None
        rest = rest[issuer_m.end():] if issuer_m else rest
        subject_m = _SUBJECT.match(rest)
        title = clean(subject_m.group(1)).strip(' "“”') if subject_m else None
        out.append(_Found(_type_of(key, m.group("type")), key, offset + m.start(), offset + m.end(), date, issuer, title))
    return out


def mentions_in(doc_name: str, text: str) -> list[Mention]:
    out = []
    for f in find_references(text):
        number = f.key.split("/")[0].split("-")[0]
        out.append(Mention(f.key, f.type, number, f.date, f.issuer, f.title, doc_name, f.start, f.end))
    return out


def enrich_from_list_tables(doc, mentions: list[Mention]) -> None:
    """Document-list tables ("Trích yếu | Số … | Ngày ban hành") give a subject and date to the key in each row."""
    from assistant.documents.columns import column_roles

    for table in doc.tables:
        roles = column_roles(table.header)
        if "title" not in roles:
            continue
        for row in table.rows:
            title = row.cell(roles.index("title"))
            date = row.cell(roles.index("date")) if "date" in roles else ""
            for mention in mentions:
                if row.start <= mention.start < row.span_end:
                    if "doc_number" in roles and title:
                        mention.title, mention.title_from_table = title, True
                    if date and not mention.date and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", date):
                        d, mo, y = date.split("/")
                        mention.date = f"{int(d):02d}/{int(mo):02d}/{y}"


def signature(key: str) -> str:
    """Order-free identity of a key: "06-NQ/TU" and "06/NQ-TU" are one resolution."""
    number, *parts = re.split(r"[-/]", fold(key).upper())
    return number + "|" + ",".join(sorted(parts))


def _best_title(ms: list[Mention]) -> str | None:
    """The subject from a document list's "Trích yếu" column, else the one most mentions give."""
    for m in ms:
        if m.title_from_table:
            return m.title
    titles = Counter(m.title for m in ms if m.title)
    return titles.most_common(1)[0][0] if titles else None


def gather(mentions: list[Mention]) -> list[Reference]:
    """Group mentions into references: one key, one date (undated mentions join the key's main date)."""
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[signature(m.key)].append(m)
    refs = []
    for group in by_key.values():
        dates = Counter(m.date for m in group if m.date)
        main_date = dates.most_common(1)[0][0] if dates else None
        by_date: dict[str | None, list[Mention]] = defaultdict(list)
        for m in group:
            by_date[m.date or main_date].append(m)
        display_key = Counter(m.key for m in group).most_common(1)[0][0]
        for date, ms in sorted(by_date.items(), key=lambda kv: -len(kv[1])):
            key = display_key if len(by_date) == 1 or date == main_date else f"{display_key} ({date})"
            first = ms[0]
            refs.append(
                Reference(
                    key=key, base_key=display_key, type=Counter(m.type for m in ms).most_common(1)[0][0],
                    number=first.number, date=date,
                    issuer=next((m.issuer for m in ms if m.issuer), None),
                    title=_best_title(ms),
                    mentions=[{"source": m.source, "start": m.start, "end": m.end} for m in sorted(ms, key=lambda m: (m.source, m.start))],
                )
            )
    refs.sort(key=lambda r: (r.type, r.key))
    return refs
