"""A document of the corpus itself: its number and date ("Kế hoạch … năm 2025 là kế hoạch số mấy?").

The number and date come from the document's own metadata, never from a document it cites; the
answer quotes the document's own mention of its number (appendix headers repeat it).
"""

from __future__ import annotations

import re

from assistant.qa.answer_types import CODE_KINDS, DOCUMENT_CODES, fold_asking
from assistant.qa.compose import Citations, say, section_at, sentences
from assistant.qa.evidence import Evidence, _phrase, not_found
from assistant.qa.models import Answer
from assistant.qa.statistics import words
from assistant.qa.understand import CUE_WORDS, FILLER_WORDS, Question
from assistant.text.glossary import GLOSSARY
from assistant.text.normalize import fold
from assistant.text.years import of_years

# Folded document kinds a question may name, as the metadata spells them.
KINDS = {"ke hoach": "kế hoạch", "bao cao": "báo cáo", "quyet dinh": "quyết định", "cong van": "công văn",
         "chi thi": "chỉ thị", "nghi quyet": "nghị quyết", "thong bao": "thông báo"}
# The question is about the document's identity: its number or the day it was issued.
_ASKS_IDENTITY = re.compile(r"so may|so bao nhieu|so hieu|so nao|ban hanh ngay|ban hanh khi nao|ngay nao|ky hieu")
# The day of what the document plans, not of the document: "kiểm tra … kết thúc ngày nào".
_ASKS_EVENT = re.compile(r"\b(?:bat dau|ket thuc|het han|han chot|dien ra|to chuc)\b")
MIN_TITLE_COVERAGE = 0.8


class DocumentAnswerer:
    name = "document"

    def __init__(self, ev: Evidence):
        self.ev = ev
        self._listed: dict[str, dict | None] = {}  # document -> the reference another document lists it under
        self._refs: dict[str, list[dict]] | None = None  # folded kind -> references of that kind with a title

    def _asked_kind(self, q: Question) -> str | None:
        """The kind the question opens with, by name or by code ("KH CĐS 2025 số mấy")."""
        lead = [w for w in q.folded.split() if w not in FILLER_WORDS]
        return _kind_at(lead, 0) if lead else None

    def applies(self, q: Question) -> bool:
        asked = fold_asking(q.text)
        return not q.legal_key and not q.legal_number and _ASKS_IDENTITY.search(asked) is not None \
            and _ASKS_EVENT.search(asked) is None and self._asked_kind(q) is not None

    def _document(self, q: Question) -> dict | None:
        kind = self._asked_kind(q)
        # A document without a number of its own (a draft: "Số: /KH-BCĐ") is answered by another that lists it.
        numbered = [doc for doc in self.ev.docs.values()
                    if doc.get("kind") == kind and (doc.get("number") or self._listed_as(doc))]
        # Those of the asked year first; a document of another year is still found, to be refused.
        of_year = [doc for doc in numbered if of_years(doc, q.years)]
        if of_year:
            return named_document(self.ev, q, kind, of_year, q.text)
        # None of that year: any one described is found, to be refused.
        return next((doc for doc in numbered if named_document(self.ev, q, kind, [doc], q.text)), None)

    def _listed_as(self, doc: dict) -> dict | None:
        """The reference another document of the corpus makes to this one by its number ("6\tKế hoạch về việc kiểm
        tra … năm 2023\t226/KH-BCĐ\t15/9/2023"): the one of its kind whose title says every word of its title.
        Looked up once per document."""
        if doc["name"] not in self._listed:
            if self._refs is None:
                self._refs = {}
                for r in self.ev.records.legal_refs():
                    if r["title"]:
                        self._refs.setdefault(fold(r["type"]), []).append(r)
            title = set(words(doc["title"]))
            found = [r for r in self._refs.get(fold(doc.get("kind") or ""), []) if title <= set(words(r["title"]))
                     and any(m["source"] != doc["name"] for m in r["mentions"])]
            self._listed[doc["name"]] = found[0] if len(found) == 1 else None
        return self._listed[doc["name"]]

    def answer(self, q: Question) -> Answer | None:
        doc = self._document(q)
        if doc is None:
            return None
        if not of_years(doc, q.years):
            # "Kế hoạch CĐS năm 2024 số mấy" when the corpus holds that plan for 2025 only: the 2024 plan is
            # not among the documents, and another plan's number would be a wrong answer.
            return not_found(self.name, kind="document")
        if not doc.get("number"):
            return self._answer_listed(doc, self._listed_as(doc))
        text = doc["text"]
        number = doc["number"]
        at = fold(text).find(fold(number))
        if at < 0:
            s, e = next(iter(sentences(text, 0, len(text))), (0, 0))
        else:
            line_start = text.rfind("\n", 0, at) + 1
            s, e = next(((s, e) for s, e in sentences(text, line_start, len(text)) if s <= at < e), (line_start, at + len(number)))
        cites = Citations()
        n = cites.add(doc, section_at(doc, s), s, e)
        date = f" ngày {doc['date']}" if doc.get("date") else ""
        issuer = f" của {doc['issuer']}" if doc.get("issuer") else ""
        lines = [say("document_identity", title=doc["title"], type=doc["kind"].capitalize(), number=number,
                     date=date, issuer=issuer), f"«{cites.quote(n)}» [{n}]"]
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name, kind="document")

    def _answer_listed(self, doc: dict, ref: dict) -> Answer:
        """The number and date another document gives it, quoting the line that gives them."""
        mention = next(m for m in ref["mentions"] if m["source"] != doc["name"])
        where = self.ev.docs[mention["source"]]
        text = where["text"]
        s = text.rfind("\n", 0, mention["start"]) + 1
        e = len(text) if (e := text.find("\n", mention["end"])) < 0 else e
        cites = Citations()
        n = cites.add(where, section_at(where, s), s, e)
        lines = [say("document_identity_listed", title=doc["title"], type=doc["kind"].capitalize(), key=ref["key"],
                     date=f" ngày {_as_written(ref['date'], text[s:e])}" if ref.get("date") else "",
                     source=where.get("short_title") or where["title"]), f"«{cites.quote(n)}» [{n}]"]
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name, kind="document")


def _as_written(date: str, line: str) -> str:
    """The date as the quoted line writes it ("15/9/2023" for the record's "15/09/2023"): shown text stays verbatim."""
    day, month, year = (part.lstrip("0") for part in date.split("/"))
    found = re.search(rf"(?<!\d)0?{day}/0?{month}/{year}(?!\d)", line)
    return found.group(0) if found else date


def asked_kind(folded: str) -> str | None:
    """The first document kind a (folded) text names, by name or code ("bc cds 2023 cua …" -> "báo cáo")."""
    tokens = folded.split()
    return next((kind for i in range(len(tokens)) if (kind := _kind_at(tokens, i))), None)


def _kind_at(tokens: list[str], i: int) -> str | None:
    """The document kind named at ``tokens[i]``, by its two-word name or its code."""
    return KINDS.get(" ".join(tokens[i:i + 2])) or KINDS.get(CODE_KINDS.get(tokens[i], ""))


def named_document(ev: Evidence, q: Question, kind: str | None, docs: list[dict], text: str,
                   ignored: frozenset[str] = frozenset()) -> dict | None:
    """The one document among ``docs`` of ``kind`` whose title, period, unit and issuer say what ``text`` (the
    question, or the part of it naming the document) says; None when none or two do."""
    if kind is None:
        return None
    # The year is checked by the caller: a plan of another year is still found, to be refused.
    # The kind is matched on its own: its name or code ("KH") is no word of the title to look for.
    named_kind = set(words(kind)) | {DOCUMENT_CODES.get(fold(kind), "")}
    wanted = [w for w in dict.fromkeys(words(text)) if w not in CUE_WORDS and w not in {"so", "ngay", "nam"}
              and w not in q.years and w not in named_kind and w not in ignored]
    total = sum(ev.idf(w) for w in wanted)
    if not wanted or not total:
        return None
    scored = []
    for doc in docs:
        if doc.get("kind") != kind:
            continue
        # Its issuer too: "kế hoạch … của UBND tỉnh".
        described = " ".join(doc.get(field) or "" for field in ("title", "period", "unit", "level", "issuer"))
        have, phrase = set(words(described)), _phrase(described)
        # "CĐS" stands in a title that spells it "Chuyển đổi số".
        scored.append((sum(ev.idf(w) for w in wanted if w in have or (w in GLOSSARY and _phrase(GLOSSARY[w]) in phrase)) / total, doc))
    scored.sort(key=lambda x: -x[0])
    if not scored or scored[0][0] < MIN_TITLE_COVERAGE or (len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.05):
        return None
    return scored[0][1]
