"""Years a text is about: what a question's year ("năm 2025") filters by, in retrieval and in answers."""

from __future__ import annotations

import re


def year_pattern(year: str) -> str:
    """The year as a year: not a document number ("2019/QĐ-UBND", "số 2019")."""
    return rf"(?<![\d/.-])(?<!số )(?<!so ){year}(?![\d/-])"


# A date written out ("ngày 31 tháng 12 năm 2024") says when a text was signed, not the year it is about: a plan
# "năm 2025" is issued in 2024. Dates written with slashes are already no year (``year_pattern``).
_WRITTEN_DATE = re.compile(r"(?i)ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")


def mentions_year(text: str, year: str) -> bool:
    return re.search(year_pattern(year), _WRITTEN_DATE.sub(" ", text)) is not None


def label_of(doc: dict) -> str:
    """A document's title and period: what a question names it by ("báo cáo 9 tháng 2023")."""
    return " ".join([doc.get("title") or "", doc.get("period") or ""])


def of_years(doc: dict, years: list[str]) -> bool:
    """The document is about every one of the years, by its title or period (true when none is asked)."""
    return all(mentions_year(label_of(doc), y) for y in years)
