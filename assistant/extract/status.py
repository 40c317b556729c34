"""Targets, results and statuses of indicators.

A status is ``stated`` when the document says it (Đã hoàn thành, Đang thực hiện …),
``derived`` when a numeric result can be compared with a numeric target ("trên 30%"
vs 28% is not reached), and otherwise ``unknown`` with source ``none``: a status is
never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.normalize import clean, match_key
from assistant.text.numbers import NUMBER_RE

COMPLETED, IN_PROGRESS, NOT_COMPLETED, UNKNOWN = "completed", "in_progress", "not_completed", "unknown"
STATUSES = (COMPLETED, IN_PROGRESS, NOT_COMPLETED, UNKNOWN)
STATUS_LABELS = {
    COMPLETED: "Đã hoàn thành",
    IN_PROGRESS: "Đang thực hiện",
    NOT_COMPLETED: "Chưa đạt",
    UNKNOWN: "Chưa rõ",
}

# Most specific first: "chưa hoàn thành" must win over "hoàn thành".
_STATUS_PHRASES: list[tuple[str, str]] = [
    ("chưa hoàn thành", NOT_COMPLETED),
    ("không hoàn thành", NOT_COMPLETED),
    ("chưa đạt", NOT_COMPLETED),
    ("không đạt", NOT_COMPLETED),
    ("chưa thực hiện", NOT_COMPLETED),
    ("chưa triển khai", NOT_COMPLETED),
    ("đang được triển khai", IN_PROGRESS),
    ("đang triển khai", IN_PROGRESS),
    ("đang thực hiện", IN_PROGRESS),
    ("đã hoàn thành", COMPLETED),
    ("hoàn thành", COMPLETED),
    ("đã thực hiện", COMPLETED),
    ("đã triển khai", COMPLETED),
]


def stated_status(text: str | None, anywhere: bool = False) -> str | None:
    """The status a cell states: at its start (result cells) or anywhere (status/notes cells)."""
    if not text:
        return None
    key = match_key(text).lstrip("-–+•* ")
    if key in ("đạt", "đã đạt"):
        return COMPLETED
    for phrase, status in _STATUS_PHRASES:
        if key.startswith(phrase) or (anywhere and phrase in key):
            return status
    return None


# ---------------------------------------------------------------- targets

_COMPARATORS = {
    "trên": ">", "hơn": ">", "tối thiểu": ">=", "ít nhất": ">=", "không dưới": ">=",
    "dưới": "<", "tối đa": "<=", "không quá": "<=",
}
_CMP_WORDS = "|".join(sorted(map(re.escape, _COMPARATORS), key=len, reverse=True))
_TARGET_PHRASE = re.compile(rf"(?:({_CMP_WORDS})\s+)?(\d+(?:,\d+)?)\s?%", re.IGNORECASE)
_SYMBOL = re.compile(r"^\s*(>=|<=|≥|≤|>|<)\s*")


@dataclass(frozen=True)
class Target:
    op: str  # > >= < <=
    value: float
    percent: bool

    def met_by(self, result: "Measured") -> bool:
        if result.percent != self.percent:
            raise ValueError("unit mismatch")
        v = result.value
        # A result "> 90%" is known to exceed 90: compare its bound strictly.
        if self.op == ">":
            return v > self.value or (result.exceeds and v >= self.value)
        if self.op == ">=":
            return v >= self.value
        if self.op == "<":
            return v < self.value
        return v <= self.value


@dataclass(frozen=True)
class Measured:
    value: float
    percent: bool
    exceeds: bool = False  # written as "> 90%"


def _num(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def target_phrases(indicator_text: str) -> list[str]:
    """The target phrases written inside an indicator ("đạt trên 80%" -> "trên 80%")."""
    out = []
    for m in _TARGET_PHRASE.finditer(clean(indicator_text)):
        word = m.group(1)
        out.append(f"{word.lower()} {m.group(2)}%" if word else f"{m.group(2)}%")
    return out


def parse_targets(target: str | None, indicator_text: str = "") -> list[Target]:
    """Numeric targets from a target cell or target phrases; [] when none is numeric."""
    if not target:
        return []
    text = clean(target)
    sym = _SYMBOL.match(text)
    if sym and (m := NUMBER_RE.match(text[sym.end():])):
        op = {"≥": ">=", "≤": "<="}.get(sym.group(1), sym.group(1))
        return [Target(op, _num(m.group(0).rstrip("% ")), bool(m.group(3)))]
    targets = []
    for m in _TARGET_PHRASE.finditer(text):
        op = _COMPARATORS.get((m.group(1) or "").lower(), ">=")
        targets.append(Target(op, _num(m.group(2)), True))
    if targets and len(targets) == 1 and not re.search(_CMP_WORDS, text, re.IGNORECASE):
        # A bare cell ("30%") takes the comparator the indicator text gives that number.
        for phrase in target_phrases(indicator_text):
            words = phrase.split()
            if len(words) > 1 and _num(words[-1].rstrip("%")) == targets[0].value:
                targets[0] = Target(_COMPARATORS[" ".join(words[:-1])], targets[0].value, True)
                break
    return targets


_REACHED = re.compile(r"đạt\s+(>|≥)?\s*(\d+(?:[.,]\d+)*)\s?(%)?", re.IGNORECASE)
_FIRST_PERCENT = re.compile(r"(>|≥)?\s*(\d+(?:[.,]\d+)*)\s?(%)")
_ONLY_NUMBER = re.compile(r"^\s*(>|≥)?\s*(\d+(?:[.,]\d+)*)\s*(%)?\s*$")


def measured_result(result: str | None) -> Measured | None:
    """The figure a result reports: the number after "đạt", else its first percentage."""
    if not result:
        return None
    text = clean(result)
    for pattern in (_REACHED, _FIRST_PERCENT, _ONLY_NUMBER):
        m = pattern.search(text)
        if m:
            return Measured(_num(m.group(2)), bool(m.group(3)), bool(m.group(1)))
    return None


def derived_status(targets: list[Target], target_text: str | None, result: str | None) -> str | None:
    """Compare a result with its target(s); None when the numbers do not decide."""
    if target_text and result and match_key(target_text) == "có" and match_key(result).startswith("có"):
        return COMPLETED
    measured = measured_result(result)
    if not targets or measured is None:
        return None
    try:
        met = [t.met_by(measured) for t in targets]
    except ValueError:  # "50" against a percentage target: units do not match
        return None
    if all(met):
        return COMPLETED
    if not any(met):
        return NOT_COMPLETED
    return None  # some targets met, some not: the numbers do not say


def decide_status(result: str | None, status_cells: list[str], target_text: str | None, indicator_text: str) -> tuple[str, str]:
    """(status, status_source) for one indicator row."""
    for cell in status_cells:
        if found := stated_status(cell, anywhere=True):
            return found, "stated"
    if found := stated_status(result):
        return found, "stated"
    derived = derived_status(parse_targets(target_text, indicator_text), target_text, result)
    if derived:
        return derived, "derived"
    return UNKNOWN, "none"


_TEMPLATE = re.compile(r"\(\s*ghi rõ[^)]*\)|\.\.\.\s*%|…\s*%", re.IGNORECASE)


def shown_result(result: str | None) -> str | None:
    """A result as it may be shown as a figure: the report form's placeholder text ("(Ghi rõ … đạt …%)")
    is never a result; a figure written inside it ("(Ghi rõ bao nhiêu/ bao nhiêu, đạt 28%)") is."""
    if not result or not _TEMPLATE.search(result):
        return result
    inside = _REACHED.search(result)
    return inside.group(0) if inside else None
