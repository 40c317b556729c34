"""Vietnamese numbers as people write them: 9.399 · 2.092.423.000 · 97,61% · 21/43."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A number with Vietnamese separators ("." thousands, "," decimals), optionally a percent.
NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?:\s?(%))?")
FRACTION_RE = re.compile(r"(?<![\w/])(\d+)\s?/\s?(\d+)(?![\w/])")


@dataclass(frozen=True)
class Quantity:
    value: float
    percent: bool


def parse_number(text: str) -> float | None:
    """Parse one Vietnamese-written number; None when the text is not exactly a number."""
    m = NUMBER_RE.fullmatch(text.strip().rstrip("%").strip())
    if not m:
        return None
    whole = m.group(1).replace(".", "")
    return float(f"{whole}.{m.group(2)}") if m.group(2) else float(whole)


def quantities(text: str) -> list[Quantity]:
    """Every number in a text, in order, with whether it is a percentage."""
    out = []
    for m in NUMBER_RE.finditer(text):
        whole = m.group(1).replace(".", "")
        value = float(f"{whole}.{m.group(2)}") if m.group(2) else float(whole)
        out.append(Quantity(value, bool(m.group(3))))
    return out


def number_tokens(text: str) -> str:
    """Glue the parts of each written number so a tokenizer keeps it whole: 9.399 -> 9_399."""
    return re.sub(r"(?<=\d)[.,/](?=\d)", "_", text)
