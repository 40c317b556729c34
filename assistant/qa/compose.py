"""Answer wording and citations. Quotes are always slices of the source text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.qa.models import Citation
from assistant.resources import read_prompt
from assistant.text.normalize import strip_markup


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    return tomllib.loads(read_prompt("answers.toml"))


def say(name: str, **values) -> str:
    return templates()[name].format(**values)


# Form template text left in a report ("(Ghi rõ bao nhiêu/ bao nhiêu, đạt 28%)", "đạt ...%").
_TEMPLATE = re.compile(r"^\(?\s*Ghi rõ[^,)]*,?\s*(.*?)\)?$", re.IGNORECASE)
# Heading and "+" list marks at the start of a line or of a quote («### + Có 10/14 …»).
_HEADING_MARK = re.compile(r"(^|«)[ \t]*(?:#{1,6}[ \t]+\+?|\+)[ \t]+", re.MULTILINE)


def clean_value(value: str | None) -> str:
    """A field value without form template text; "" when only a placeholder is left ("...%")."""
    value = strip_markup(value or "").strip()
    if m := _TEMPLATE.match(value):
        value = m.group(1).strip()
    return "" if re.fullmatch(r"[\s.…%_/()-]*|đạt\s*[.…]+\s*%?", value) else value


def plain(text: str) -> str:
    """Answer text without markdown/HTML markup (quotes in citations keep their verbatim slice)."""
    return _HEADING_MARK.sub(r"\1", strip_markup(text))


def quote_of(text: str, start: int, end: int) -> str:
    """The verbatim source slice, markup aside, trimmed of surrounding whitespace."""
    return strip_markup(text[start:end]).strip()


@dataclass
class Citations:
    """Collects citations and numbers them in the order the answer uses them."""

    items: list[Citation] = field(default_factory=list)
    _ids: dict[tuple[str, int, int], int] = field(default_factory=dict, repr=False)  # (source, start, end) -> id

    def add(self, doc: dict, section: str, start: int, end: int) -> int:
        """The number of the citation of this span, added when new (a list of hundreds of units stays linear)."""
        if (known := self._ids.get((doc["name"], start, end))) is not None:
            return known
        asked = (doc["name"], start, end)
        text = doc["text"]
        # Trim the span to the words it covers so the highlight is exact.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        self.items.append(Citation(
            id=len(self.items) + 1, source=doc["name"], title=doc.get("short_title") or doc["title"],
            section=section, quote=quote_of(text, start, end), start=start, end=end,
        ))
        self._ids[asked] = self.items[-1].id
        return self.items[-1].id

    def quote(self, n: int) -> str:
        return self.items[n - 1].quote


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


def section_at(doc: dict, offset: int) -> str:
    """The heading path of the last section starting at or before ``offset`` (the one owner of this rule)."""
    best = ""
    for s in doc["sections"]:
        if s["start"] <= offset:
            best = s["path"]
    return best
