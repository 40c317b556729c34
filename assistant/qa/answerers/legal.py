"""Legal documents: what a decision or plan is, its date and issuer, and who cites it."""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.qa.answer_types import expected_kind
from assistant.qa.compose import Citations, say, section_at, sentences
from assistant.qa.evidence import Evidence, not_found
from assistant.qa.models import Answer
from assistant.qa.statistics import words
from assistant.qa.understand import Question


class LegalAnswerer:
    name = "legal"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        return bool(q.legal_key or q.legal_number) and (q.about_document or len(words(q.text)) <= 4) \
            and "chi tieu" not in q.folded and not q.per_document

    def answer(self, q: Question) -> Answer | None:
        ev = self.ev
        if q.legal_key:
            refs = ev.records.legal(q.legal_key)
        else:
            kind, number = q.legal_number
            refs = [r for r in ev.records.legal_refs() if r["number"] == number and r["type"] == kind]
        if not refs:
            return None
        if expected_kind(q.text) == "date" and not any(ref["date"] for ref in refs):
            return not_found(self.name, kind="date")  # "ban hành ngày nào" of a document cited without its date
        cites = Citations()
        lines = []
        told = False  # some title or mention says what the document is about
        for ref in refs:
            date = f" ngày {ref['date']}" if ref["date"] else ""
            issuer = f" của {ref['issuer']}" if ref["issuer"] else ""
            lines.append(say("legal_head", type=ref["type"], key=ref["base_key"], date=date, issuer=issuer))
            if ref["title"]:
                lines.append(say("legal_title", title=ref["title"]))
            # Quote the fullest mention of each citing document.
            by_source: dict[str, list[dict]] = defaultdict(list)
            for m in ref["mentions"]:
                by_source[m["source"]].append(m)
            for source, mentions in by_source.items():
                doc = ev.docs[source]
                m = max(mentions, key=lambda m: _richness(doc["text"], m))
                s, e = _sentence_around(doc["text"], m["start"], m["end"])
                n = cites.add(doc, section_at(doc, s), s, e)
                lines.append(f"- {doc.get('short_title')}: «{cites.quote(n)}» [{n}]")
                told = told or _tells_subject(doc["text"][m["end"]:m["end"] + 300])
            told = told or bool(ref["title"])
        if _CONTENT_ASKED.search(q.folded) and not told:
            # "… về nội dung gì": the documents cite it by number and date only.
            return not_found(self.name, kind="document", related=cites.items)
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name, kind="document")


# The question asks what a document is about.
_CONTENT_ASKED = re.compile(r"noi dung|ve viec gi|\bve (?:cai )?gi\b|quy dinh (?:ve )?(?:cai )?gi|noi (?:ve )?gi|\bla gi\b")


# What a citation says after a document's number: its subject ("về việc …", "ban hành …"), up to the end of
# the clause (a parenthesis, a cell, a line).
_SUBJECT = re.compile(r"\b(?:về|v/v|quy định|ban hành|phê duyệt|triển khai|thực hiện|hướng dẫn)\s+\w+\s+\w+", re.IGNORECASE)


def _tells_subject(after: str) -> bool:
    clause = re.split(r"[)\t\n;]", after, maxsplit=1)[0]
    return _SUBJECT.search(clause) is not None


def _richness(text: str, m: dict) -> int:
    after = text[m["end"]: m["end"] + 200]
    return ("ngày" in after[:12]) * 2 + ("về" in after[:80]) + ("\t" not in text[max(0, m["start"] - 2): m["start"]])


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    for s, e in sentences(text, line_start, line_end):
        if s <= start < e:
            return s, max(e, end)
    return line_start, line_end
