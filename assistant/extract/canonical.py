"""Link the same indicator reported by several units to one canonical indicator.

The province, Bỉm Sơn and Hà Tân all report on Kế hoạch 100/KH-BCĐ's indicators
with their own numbering and small wording changes ("Phấn đấu"/"Phân đấu",
"gán"/"gắn"), so indicators are matched on their content words, not numbers.
"""

from __future__ import annotations

import re

from assistant.text.normalize import fold
from assistant.text.segment import STOPWORDS

THRESHOLD = 0.6


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", fold(text)) if w not in STOPWORDS and len(w) > 1}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def slug(text: str, words: int = 8) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text))[:words])


def link(indicators: list) -> None:
    """Set ``canonical_id`` on every indicator (records of tables first: they carry the full wording)."""
    canon: list[tuple[str, set[str]]] = []
    ordered = sorted(indicators, key=lambda r: (r.table.startswith("prose"), r.plan is None, r.source, r.start))
    for rec in ordered:
        words = _words(rec.text)
        best, score = None, 0.0
        for cid, cwords in canon:
            s = _jaccard(words, cwords)
            if s > score:
                best, score = cid, s
        if best is not None and score >= THRESHOLD:
            rec.canonical_id = best
        else:
            cid = slug(rec.text)
            while any(cid == c for c, _ in canon):
                cid += "-2"
            canon.append((cid, words))
            rec.canonical_id = cid
