"""Answer wording and citations. Quotes are always slices of the source text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.resources import read_prompt
from assistant.text.normalize import strip_markup


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    return tomllib.loads(read_prompt("answers.toml"))


def say(name: str, **values) -> str:
    return templates()[name].format(**values)


def quote_of(text: str, start: int, end: int) -> str:
    """The verbatim source slice, markup aside, trimmed of surrounding whitespace."""
    return strip_markup(text[start:end]).strip()


@dataclass
class Citations:
    """Collects citations and numbers them in the order the answer uses them."""

    items: list[dict] = field(default_factory=list)

    def add(self, doc: dict, section: str, start: int, end: int) -> int:
        for c in self.items:
            if c["source"] == doc["name"] and c["start"] == start and c["end"] == end:
                return c["id"]
        text = doc["text"]
        # Trim the span to the words it covers so the highlight is exact.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        self.items.append({
            "id": len(self.items) + 1, "source": doc["name"], "title": doc.get("short_title") or doc["title"],
            "section": section, "quote": quote_of(text, start, end), "start": start, "end": end,
        })
        return self.items[-1]["id"]


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\-+(])|\n+")
_CONTINUES = re.compile(r"[^.;:!?»)\s]\s*$")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside [start, end) of a text (line breaks and ". ", "; " end a sentence)."""
    spans, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        # A page break inside a sentence: no end mark before it, a lower-case word after it.
        if "\n" in m.group(0) and _CONTINUES.search(text[pos:m.start()]) and text[m.end():m.end() + 1].islower():
            continue
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:end].strip():
        spans.append((pos, end))
    return spans
