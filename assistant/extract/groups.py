"""Indicator groups written differently by each unit, brought to one key.

"Kinh tế số", "Phát triển Kinh tế số", "Về Kinh tế số", "II. KINH TẾ SỐ" and
"Nhóm chỉ tiêu về kinh tế số" name one group: numbering and leading filler words
are dropped (on folded text) before comparing. The display label stays one of the
documents' own wordings.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from assistant.text.normalize import clean, fold

# Leading numbering: "II.", "2.", "2.1.", "a)", "-", "•".
_NUMBERING = re.compile(r"^\s*(?:(?:[ivxlcdm]+|\d+(?:\.\d+)*|[a-zđ])\s*[.):/-]\s*|[-–•*+]\s*)", re.IGNORECASE)
# Words that introduce a group without naming it, compared folded, longest first.
_FILLERS = sorted(["ve", "phat trien", "xay dung", "nhom chi tieu", "nhom nhiem vu", "nhom", "chi tieu",
                   "linh vuc", "nhiem vu", "cac", "trong", "doi voi", "mot so", "ket qua", "thuc hien", "trien khai"],
                  key=len, reverse=True)
_FILLER_RE = re.compile(r"^(?:" + "|".join(re.escape(f) for f in _FILLERS) + r")\b\s*")


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", clean(text or ""), count=1).strip(" :.-")


@lru_cache(maxsize=4096)  # a corpus has few distinct headings, repeated on every record
def group_key(text: str | None) -> str:
    """The comparison key of a group heading ("" for none)."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(strip_numbering(text or ""))).strip()
    key = words
    while True:
        shorter = _FILLER_RE.sub("", key, count=1).strip()
        if shorter == key:
            break
        key = shorter
    return key or words


def group_label(texts) -> str:
    """The most common wording among the documents' headings (numbering dropped); ties keep the first seen."""
    counts: Counter = Counter()
    for text, n in Counter(t for t in texts if t).items():   # each distinct wording cleaned once
        label = strip_numbering(text)
        if label:
            counts[label] += n
    return counts.most_common(1)[0][0] if counts else ""
