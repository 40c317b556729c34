"""What a document of the corpus was made on: "Báo cáo CĐS 2023 của X làm theo công văn nào?".

A report opens with the document it answers ("Thực hiện Công văn số …"), a plan with what it is based on
("Căn cứ …", or a section "CĂN CỨ LẬP KẾ HOẠCH" listing them). Those are quoted as they stand. A question
about an indicator's or a task's basis names no document of the corpus as its subject and is left to the
record and passage strategies.
"""

from __future__ import annotations

import re

from assistant.qa.answerers.document import asked_kind, named_document
from assistant.qa.compose import Citations, say, section_at, sentences
from assistant.qa.evidence import Evidence, line_spans
from assistant.qa.models import Answer
from assistant.qa.understand import DOCUMENT_TYPES, Question
from assistant.text.normalize import fold, strip_markup
from assistant.text.years import of_years

# The basis asked: "làm theo công văn nào", "lập theo yêu cầu của văn bản nào của Bộ", "căn cứ vào đâu".
# "công vn" is a typed "công văn".
_ASKS_BASIS = re.compile(
    rf"\b(?:theo|thuc hien|can cu|dua (?:tren|vao|theo)|cu the hoa tu)(?: vao)?(?: yeu cau)?(?: cua)?(?: nhung| cac)?\s+"
    rf"(?:{DOCUMENT_TYPES}|van ban|quy che|cong \w+)\b(?:\s+\w+){{0,6}}?\s+(?:nao|gi|so may|so nao)\b"
    r"|\b(?:can cu|dua)(?: phap ly)?\s+(?:la gi|nao|o dau|vao dau|tu dau)\b")
# Words saying a document was made, not which one: "Bỉm Sơn làm báo cáo … là thực hiện theo …".
_MAKING = frozenset("lam lap thuc hien xay dung soan ban hanh duoc la".split())
# How a document states its basis: a sentence opening "Thực hiện …" / "Căn cứ …", or a section so headed.
_BASIS_OPENING = re.compile(r"\W*(?:thuc hien|can cu)\b")


class DocumentBasisAnswerer:
    name = "document_basis"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        return not q.legal_key and not q.legal_number and _ASKS_BASIS.search(q.folded) is not None

    def _document(self, q: Question) -> dict | None:
        """The corpus document named before the basis is asked; what comes after qualifies the basis itself
        ("… theo công văn nào của Sở TT&TT")."""
        asked = _ASKS_BASIS.search(q.folded)
        subject = q.folded[:asked.start()]
        docs = [self.ev.docs[s] for s in q.units] or list(self.ev.docs.values())
        # The year tells two plans apart; a document of a year the corpus lacks is none of them.
        docs = [d for d in docs if of_years(d, q.years)]
        return named_document(self.ev, q, asked_kind(subject), docs, subject, _MAKING)

    def answer(self, q: Question) -> Answer | None:
        doc = self._document(q)
        if doc is None:
            return None
        spans = basis_spans(doc)
        if not spans:
            return None
        cites = Citations()
        numbers = [cites.add(doc, section_at(doc, s), s, e) for s, e in spans]
        title = doc.get("short_title") or doc["title"]
        lines = [say("document_basis", title=title)] + [f"- «{cites.quote(n)}» [{n}]" for n in numbers]
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name, kind="legal_basis")


def basis_spans(doc: dict) -> list[tuple[int, int]]:
    """The spans stating a document's basis: the lines of a section headed "Căn cứ …", else the opening
    lines (before the first section) that begin "Thực hiện" or "Căn cứ", with the footnotes they call."""
    text, sections = doc["text"], doc["sections"]
    ends = [s["start"] for s in sections[1:]] + [len(text)]
    for section, end in zip(sections, ends):
        heading = re.sub(r"^(?:[ivx]+|\d+(?:\.\d+)*)[.)]\s*", "", fold(section["path"].split(" > ")[-1]))
        if heading.startswith("can cu"):
            return line_spans(text, text.find("\n", section["start"]) + 1, end)
    opening = [(s, e) for s, e in line_spans(text, 0, ends[0]) if _BASIS_OPENING.match(fold(strip_markup(text[s:e])))]
    return [span for s, e in opening for span in [(s, e), *footnote(text, text[s:e])]]


_DIGITS, _SUPERSCRIPTS = "1234567890", "¹²³⁴⁵⁶⁷⁸⁹⁰"
_CALL = re.compile(rf"(?<=\w)([{_SUPERSCRIPTS}]+)|<sup>\s*(\d+)\s*</sup>")


def footnote(text: str, called_from: str) -> list[tuple[int, int]]:
    """The lines of the footnotes a passage calls ("… chuyển đổi số tỉnh¹ …" -> the lines from "¹ …" up to
    a blank line): a plan may list there what it implements."""
    spans = []
    for call in _CALL.finditer(called_from):
        number = call.group(2) or call.group(1).translate(str.maketrans(_SUPERSCRIPTS, _DIGITS))
        superscript = number.translate(str.maketrans(_DIGITS, _SUPERSCRIPTS))
        if at := re.search(rf"^[ \t]*(?:{superscript}|<sup>\s*{number}\s*</sup>)[ \t]*\S", text, re.MULTILINE):
            end = text.find("\n\n", at.start())
            spans += line_spans(text, at.start(), len(text) if end < 0 else end)
    return spans
