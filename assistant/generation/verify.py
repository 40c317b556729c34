"""Is a generated answer faithful to its citations? A list of problems, empty when it may be used.

Every figure (1.234 · 56,7% · 8/10), date (1/2/2024) and document number (123/QĐ-UBND) in the text
must stand in a quote the text cites; every [n] must name a citation; the text must not be empty or
repeat the prompt. Matching is on normalized forms only; the text shown is the model's, unchanged.
"""

from __future__ import annotations

import re

from assistant.extract.legal import KEY_PATTERN, normalize_key
from assistant.text.normalize import match_key
from assistant.text.numbers import FRACTION_RE, NUMBER_RE, parse_number

REF = re.compile(r"\[(\d+)\]")
LEGAL = re.compile(rf"(?<![\w/]){KEY_PATTERN}", re.IGNORECASE)
# Any written number, decimal point or comma, for finding them; _numbers reads their values.
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:\s?%)?")
DATE = re.compile(r"(?<![\d/])(\d{1,2})\s?[/-]\s?(\d{1,2})\s?[/-]\s?(\d{4})(?![\d/])")
# A prompt line this long found in the answer means the model repeated its instructions.
ECHO_MIN_CHARS = 25


def problems(text: str, citations: list[dict], prompt_lines: list[str]) -> list[str]:
    """``prompt_lines``: the instructions sent (not the quotes, which an answer may repeat)."""
    text = (text or "").strip()
    if not text:
        return ["mô hình trả về câu trả lời rỗng"]
    if echoed(text, prompt_lines):
        return ["mô hình lặp lại lời nhắc thay vì trả lời"]
    ids = {c["id"] for c in citations}
    refs = [int(n) for n in REF.findall(text)]
    found = [f"trích dẫn [{n}] không tồn tại" for n in dict.fromkeys(refs) if n not in ids]
    if not refs:
        found.append("câu trả lời không ghi số trích dẫn [n]")
    quotes = [c["quote"] for c in citations if c["id"] in refs] or [c["quote"] for c in citations]
    return found + unsupported(REF.sub(" ", text), quotes)


def echoed(text: str, prompt_lines: list[str]) -> bool:
    said = match_key(text)
    return any(len(line) >= ECHO_MIN_CHARS and line in said for line in map(match_key, prompt_lines))


def unsupported(text: str, quotes: list[str]) -> list[str]:
    """The figures, dates and document numbers of ``text`` that no quote holds."""
    out, rest = [], text
    checks = (
        (LEGAL, "văn bản", _legal_keys),
        (DATE, "ngày", _dates),
        (FRACTION_RE, "tỷ số", _fractions),
        (NUMBER, "số", _numbers),
    )
    for pattern, label, read in checks:
        known = set().union(*(read(q) for q in quotes))
        for m in pattern.finditer(rest):
            if not read(m.group(0)) <= known:
                out.append(f"{label} {m.group(0).strip()} không có trong trích dẫn")
        rest = pattern.sub(" ", rest)  # a date's parts are not checked again as numbers
    return list(dict.fromkeys(out))


def _legal_keys(text: str) -> set[str]:
    return {match_key(normalize_key(m.group(0))) for m in LEGAL.finditer(text)}


def _dates(text: str) -> set[tuple[int, int, int]]:
    return {tuple(int(x) for x in m.groups()) for m in DATE.finditer(text)}


def _fractions(text: str) -> set[tuple[int, int]]:
    return {(int(a), int(b)) for a, b in FRACTION_RE.findall(text)}


def _numbers(text: str) -> set[tuple[float, bool]]:
    """Values with whether they are percentages; 96.7% (a decimal point) reads as 96,7%."""
    text = re.sub(r"(?<=\d)\.(?=\d{1,2}(?!\d))", ",", text)
    out = set()
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group(0))
        if value is not None:
            out.add((value, bool(m.group(3))))
    return out
