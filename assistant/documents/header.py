"""Metadata read from a document's own administrative header.

Vietnamese administrative documents open with a standard header, usually in two
columns: the issuing body (its parent on the line above), the national motto,
"Số: 125/BC-UBND", "<Place>, ngày 15 tháng 12 năm 2024", then the kind
("BÁO CÁO") and the title lines. Documents without that header still name their
unit in the title ("… trên địa bàn xã Y"). Display values keep the document's
spelling; names written in capitals are shown in title case.
"""

from __future__ import annotations

import re

from assistant.documents.model import Document
from assistant.text.normalize import clean, fold, match_key

HEAD_CHARS = 2500
LEVELS = ("tỉnh", "thành phố", "thị xã", "thị trấn", "huyện", "xã", "phường")
KINDS = (
    "báo cáo", "kế hoạch", "quyết định", "công văn", "tờ trình", "thông báo", "chương trình", "nghị quyết",
    "hướng dẫn", "chỉ thị", "đề án",
)
_DISTRICT = ("huyện", "thị xã", "thành phố")
_COMMUNE = ("xã", "phường", "thị trấn")
_RANK = {"tỉnh": 0, "sở": 0, **{x: 1 for x in _DISTRICT}, **{x: 2 for x in _COMMUNE}}
_FOLDED_LEVELS = {fold(x): x for x in LEVELS}
_FOLDED_KINDS = {fold(x): x for x in KINDS}
_LEVEL_RE = "|".join(re.escape(fold(x)) for x in LEVELS)  # longest alternatives first in LEVELS order
_KIND_RE = "|".join(re.escape(k) for k in sorted(_FOLDED_KINDS, key=len, reverse=True))

# On folded text (same length as the original when it has no markup), so spans map back.
_ISSUER = re.compile(rf"\b(?:ubnd|uy ban nhan dan)\s+({_LEVEL_RE})\s+")
_DEPARTMENT = re.compile(r"\b(so\s+(?!:)[a-z].+?)(?=\s{2,}|\s+(?:ubnd|uy ban nhan dan|cong hoa|so\s*:)|$)")
_MOTTO = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc")
_NUMBER = re.compile(r"\bSố\s*:\s*(\d[\w/.\-Đđ]*(?:\s*/\s*[\w\-Đđ]+)?)")
# The place-and-date line: "<Nơi>, ngày 15 tháng 12 năm 2024" (not a date cited in prose).
_DATE = re.compile(r"(?:^|,)\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", re.IGNORECASE | re.MULTILINE)
_DATE_SLASH = re.compile(r"(?:^|,)\s*ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE | re.MULTILINE)
# "BÁO CÁO" alone or followed by its title, not a citation ("Kế hoạch số 06/KH-UBND …").
_KIND_LINE = re.compile(rf"^({_KIND_RE})\b(?!\s+(?:so\b|\d|cua\b))\s*(.*)$")
_TITLE_STOP = re.compile(r"^(kinh gui|can cu|thuc hien|the hien|noi nhan|[-+•]|[ivx]+\.|\d+\.)")
_PERIODS = [
    re.compile(r"\b(?:\d{1,2}|sáu|chín) tháng (?:đầu |cuối )?năm \d{4}", re.IGNORECASE),
    re.compile(r"\bquý [IV1-4]+(?: năm)? \d{4}", re.IGNORECASE),
    re.compile(r"\bgiai đoạn \d{4}\s*[-–]\s*\d{4}", re.IGNORECASE),
    re.compile(r"\bnăm \d{4}", re.IGNORECASE),
]


def display_name(name: str) -> str:
    """ "TÂY SƠN" -> "Tây Sơn"; names already in mixed case stay as written."""
    name = clean(name).strip(" .,;:")
    return name.title() if name.isupper() else name


def _department_name(name: str) -> str:
    # "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" -> "Sở Thông tin và Truyền thông"
    name = clean(name).strip(" .,;:")
    if not name.isupper():
        return name
    parts = name.lower().split(maxsplit=1)[-1].split(" và ")
    return "Sở " + " và ".join(p[:1].upper() + p[1:] for p in parts)


def _head_lines(doc: Document) -> list[str]:
    """Header lines, "" for a blank line: table cells of a two-column header become lines of their own."""
    head = doc.text[:HEAD_CHARS]
    out = []
    for line in head.split("\n"):
        parts = [clean(part).lstrip("# ") for part in line.split("\t")]
        out += [p for p in parts if p] or [""]
    return out


def _header_zone(lines: list[str]) -> list[str]:
    """The lines above the kind line ("BÁO CÁO"), or the first few when there is none."""
    for i, line in enumerate(lines):
        if _KIND_LINE.match(fold(line)) and len(line) <= 250:
            return [x for x in lines[:i] if x]
    return [x for x in lines if x][:8]


def _issuers(lines: list[str]) -> list[tuple[str, str]]:
    """(level, name) of each body named in the header zone, top (parent) first.

    The zone is searched as one string: a long name wraps onto the next line in PDFs.
    """
    joined = " ".join(lines)
    key = fold(joined)
    if len(key) != len(joined):  # folding must keep offsets so that spans map back
        return []
    key = _MOTTO.sub(lambda m: " " * len(m.group(0)), key)
    found: list[tuple[int, str, str]] = []
    for m in _ISSUER.finditer(key):
        if name := _name_after(joined, m.end()):
            found.append((m.start(), _FOLDED_LEVELS[m.group(1)], name))
    for m in _DEPARTMENT.finditer(key):
        name = joined[m.start(1):m.end(1)].strip()
        if name[:2] in ("Sở", "SỞ") and 6 < len(name) <= 80:
            found.append((m.start(), "sở", _department_name(name)))
    return [(level, name) for _, level, name in sorted(found)]


def _kind_and_title(lines: list[str]) -> tuple[str, str]:
    for i, line in enumerate(lines[:30]):  # the title block sits at the top
        m = _KIND_LINE.match(fold(line))
        if not m or len(line) > 250:
            continue
        kind = _FOLDED_KINDS[m.group(1)]
        rest = [line[m.start(2):].strip()] if m.group(2) else []
        for nxt in lines[i + 1:i + 8]:
            if not nxt:  # a blank line ends the title block once it has begun
                if rest:
                    break
                continue
            if len(rest) >= 3 or len(nxt) > 200 or _TITLE_STOP.match(fold(nxt)) or _KIND_LINE.match(fold(nxt)) or re.search(r"ngày\s*\S*\s*tháng", nxt):
                break
            rest.append(nxt)
        body = " ".join(rest).strip(" .")
        if body.isupper():  # sentence case, unit names restored: "TỈNH TÂY SƠN" -> "tỉnh Tây Sơn"
            units = units_in(body)
            body = body.lower()
            for _, unit in units:
                body = body.replace(unit.lower(), unit)
        elif body[1:2].islower():
            body = body[:1].lower() + body[1:]
        return kind, f"{kind.capitalize()} {body}".strip()
    # An official letter has no kind line; its subject says "V/v …" under the number.
    for line in lines[:15]:
        if m := re.match(r"^V/v\.?\s*(.+)$", line, re.IGNORECASE):
            return "công văn", f"Công văn về việc {m.group(1).strip(' .')}"
    return "", ""


# Words that end a place name (compared with diacritics: "Nam" is a name, "năm" is not).
_NOT_NAME = {"năm", "giai", "về", "ubnd", "ủy", "cộng", "số", "sở", "ban", "phòng", "độc", "báo", "kế", "quý", "tháng"} | set(LEVELS)


def _name_after(text: str, pos: int) -> str:
    """The capitalized words of a place name starting at ``pos`` ("Tây Sơn báo cáo" -> "Tây Sơn")."""
    words: list[str] = []
    for w in text[pos:].split()[:6]:
        bare = w.strip(",.;:()")
        if not bare or not bare[0].isupper() or match_key(bare) in _NOT_NAME:
            break
        if words and words[0].isupper() != bare.isupper():  # "XÃ TÂY SƠN Tây Sơn, ngày…"
            break
        words.append(bare)
        if bare != w.rstrip("(") and not w.endswith(")"):  # punctuation ends the name
            break
    return display_name(" ".join(words))


def units_in(text: str) -> list[tuple[str, str]]:
    """(level, "xã Tây Sơn") for each "<level word> <Capitalized Name>" in running text."""
    out = []
    key = fold(text)
    if len(key) != len(text):
        return out
    for m in re.finditer(rf"\b({_LEVEL_RE})\s+", key):
        if name := _name_after(text, m.end()):
            level = _FOLDED_LEVELS[m.group(1)]
            out.append((level, f"{level} {name}"))
    return out


def _date(head: str) -> str:
    m = _DATE_SLASH.search(head) or _DATE.search(head)
    if not m:
        return ""
    day, month, year = m.groups()
    if day and month:
        return f"{int(day):02d}/{int(month):02d}/{year}"
    return f"{int(month):02d}/{year}" if month else year


def _period(title: str) -> str:
    for pattern in _PERIODS:
        if m := pattern.search(title):
            return m.group(0)
    return ""


def read_header(doc: Document) -> dict[str, str]:
    """Metadata fields found in the document's header and title; only the ones found."""
    lines = _head_lines(doc)
    zone = _header_zone(lines)
    head = "\n".join(zone)
    kind, title = _kind_and_title(lines)
    issuers = _issuers(zone)
    out: dict[str, str] = {"kind": kind, "title": title, "period": _period(title), "date": _date(head)}
    if m := _NUMBER.search(head):
        out["number"] = re.sub(r"\s+", "", m.group(1))
    if issuers:
        level, name = issuers[-1]
        out["level"] = level
        out["issuer"] = name if level == "sở" else f"UBND {level} {name}"
        out["unit"] = name if level == "sở" else f"{level} {name}"
        parents = [f"{lv} {n}" for lv, n in issuers[:-1] if lv in _DISTRICT]
        if parents and level in _COMMUNE:
            out["district"] = parents[-1]
    in_title = units_in(title)
    if in_title:
        level, unit = in_title[0]
        # The title names the unit when the header does not, or a unit below the issuer ("… tại xã Y").
        if "level" not in out or (out["level"] != "sở" and _RANK[level] > _RANK[out["level"]]):
            if out.get("level") in _DISTRICT and level in _COMMUNE:
                out["district"] = out["unit"]
            out["level"], out["unit"] = level, unit
        districts = [u for lv, u in in_title[1:] if lv in _DISTRICT]
        if districts and "district" not in out and out["level"] in _COMMUNE:
            out["district"] = districts[0]
    out["short_title"] = " ".join(x for x in (kind.capitalize(), out["period"]) if x)
    if out.get("unit") and out["short_title"]:
        out["short_title"] += f" – {out['unit']}"
    return {k: v for k, v in out.items() if v}
