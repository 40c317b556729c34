"""Two values asked in one question ("Ở xã X tỷ trọng kinh tế số trong GDP với tỷ trọng TMĐT trong bán lẻ chênh
nhau thế nào?"): each part is asked on its own, through the other strategies, and both answers are shown side by
side, or once when one text answers both. When either part is not found, this strategy answers nothing and the
question goes on as one.

The parts are told apart by a repeated head word: "tỷ trọng A với tỷ trọng B", "năm 2023 và năm 2025",
"về A và về B". A name joined by "và" ("Sở Văn hóa, Thể thao và Du lịch", "doanh nghiệp nhỏ và vừa") repeats
no head word, so it is never split.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from assistant.qa.answer_types import FIGURE_KINDS, expected_kind
from assistant.qa.compose import say
from assistant.qa.models import Answer
from assistant.qa.understand import Question
from assistant.text.normalize import fold, has_diacritics

# Words joining the two parts, as written and folded.
_JOINERS = (("so", "với"), ("với",), ("và",), ("so", "voi"), ("voi",), ("va",))
# Words comparing two values, folded ("chênh nhau", "cái nào cao hơn", "mỗi loại").
_COMPARE = (r"chenh(?: nhau| lech)?|khac nhau|cai nao(?: (?:cao|thap|nhieu|it) hon)?|moi (?:cai|loai|chi tieu|thu|ben)"
            r"|lan luot|so voi nhau|(?:cao|thap|nhieu|it) hon")
# Words that end the second part: what is asked of both, or where ("… của tỉnh", "… ở xã X").
_ENDS = re.compile(rf"^(?:{_COMPARE}|so voi|thi|la|dat|duoc|bang(?! rong)|cua|o|tai(?! khoan| lieu| chinh| san)|bao nhieu"
                   r"|ra sao|the nao|nhu the nao|co (?:vuot|dat|cao|thap)|hon|nam \d{4}\b.*(?:chenh|khac|so)|chiem)\b")
# Words dropped from each part's question ("chênh nhau thế nào" asks both values; "so với cùng kỳ" stays).
_COMPARING = re.compile(rf"\b(?:{_COMPARE}|ra sao|the nao|nhu the nao)\b")
# Words that still ask something once the comparing words are gone.
_ASKS = re.compile(r"\b(?:bao nhieu|may|bn|chua|nao|gi|ai|khong)\b|%")
# A question that compares two values, when it asks no figure ("… cái nào cao hơn?").
_TWO_VALUES = re.compile(rf"\b(?:{_COMPARE}|so voi|ca hai)\b")


@lru_cache(maxsize=1024)  # read by applies() and again by answer()
def split_parts(text: str) -> tuple[str, str] | None:
    """The question asked of each part, or None when it names no two parts with a repeated head word."""
    tokens = text.split()
    folded = [fold(t).lower().strip(",.;:?!()\"'") for t in tokens]
    # Typed with marks, words are told apart by them: "số với" is not "so với".
    words = [t.lower().strip(",.;:?!()\"'") for t in tokens] if has_diacritics(text) else folded
    for j in range(1, len(tokens)):
        for joiner in _JOINERS:
            n = len(joiner)
            if tuple(words[j:j + n]) != joiner or j + n >= len(tokens):
                continue
            head = words[j + n]
            if not head or head.isdigit() or head in joiner:
                continue
            starts = [i for i in range(j) if words[i] == head]
            if not starts or j - starts[0] < 2:
                continue
            i, k = starts[0], _end_of_second(folded, j + n + 1)
            if k - (j + n) < 2:
                continue
            prefix, first, second, tail = tokens[:i], tokens[i:j], tokens[j + n:k], tokens[k:]
            asked = _asked(" ".join(tail))
            return " ".join([*prefix, *first, asked]), " ".join([*prefix, *second, asked])
    return None


def _end_of_second(folded: list[str], start: int) -> int:
    """Where the second part ends: at punctuation or at the first word of what is asked of both."""
    for k in range(start, len(folded)):
        if _ENDS.match(" ".join(folded[k:])) or not folded[k]:
            return k
    return len(folded)


def _asked(tail: str) -> str:
    """What is asked of each part: the tail without its comparing words ("chênh nhau bao nhiêu" -> "bao nhiêu")."""
    words = tail.split()
    kept = " ".join(w for w, keep in zip(words, _kept(words)) if keep).strip(" ,;:")
    return kept if _ASKS.search(fold(kept).lower()) else f"{kept} là bao nhiêu?".strip()


def _kept(words: list[str]) -> list[bool]:
    folded = [fold(w).lower().strip(",.;:?!") for w in words]
    keep = [True] * len(words)
    line = " ".join(folded)
    for m in _COMPARING.finditer(line):
        first = line[:m.start()].count(" ")
        for x in range(first, first + m.group(0).count(" ") + 1):
            keep[x] = False
    return keep


class TwoPartsAnswerer:
    name = "two_parts"

    def __init__(self, understand: Callable[[str], Question], route: Callable[[Question], Answer]):
        self.understand = understand
        self.route = route  # one part through the other strategies

    def _ask(self, q: Question, text: str) -> Answer:
        """One part, about the units and years the whole question names when it names none itself ("tỷ lệ A ở xã X
        và tỷ lệ B": both are the unit's)."""
        part = self.understand(text)
        part.units = part.units or q.units
        part.years = part.years or q.years
        return self.route(part)

    def applies(self, q: Question) -> bool:
        if q.followup or q.is_list:
            return False
        asks_values = expected_kind(q.text) in FIGURE_KINDS or _TWO_VALUES.search(q.folded) is not None
        return asks_values and split_parts(q.text) is not None

    def answer(self, q: Question) -> Answer | None:
        answers = [self._ask(q, part) for part in split_parts(q.text)]
        if not all(a.found for a in answers):
            return None
        first, second = answers
        if {(c.source, c.start) for c in first.citations} == {(c.source, c.start) for c in second.citations}:
            return first  # one text answers both ("trong đó 25.300 thuê bao cố định; 2.948.000 thuê bao di động")
        offset = len(first.citations)
        renumbered = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", second.answer)
        cited = [c.model_copy(update={"id": c.id + offset}) for c in second.citations]
        text = "\n".join([say("two_parts_head"), f"1. {first.answer}", f"2. {renumbered}"])
        return Answer(answer=text, found=True, citations=[*first.citations, *cited], intent=self.name,
                      kind=first.kind if first.kind == second.kind else None)
