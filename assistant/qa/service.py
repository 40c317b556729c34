"""Grounded question answering: route, answer from records or passages, cite verbatim, or refuse.

No language model is needed: structured questions (indicators, lists by status,
legal documents, comparisons) are answered from the extracted records; the rest
from hybrid retrieval by choosing the sentence that answers, not a whole chunk.
When the evidence is weak the answer is "not found" with no citation.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, defaultdict

from assistant.extract.status import STATUS_LABELS, measured_result
from assistant.extract.store import Records
from assistant.qa.compose import Citations, say, sentences
from assistant.qa.understand import Question, is_followup, understand
from assistant.settings import Settings
from assistant.text.normalize import clean, fold, match_key
from assistant.text.segment import STOPWORDS, content_words

MAX_LIST = 60


class QuestionError(ValueError):
    """A question that cannot be asked: empty, punctuation only, too long."""


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS]


class AnswerService:
    def __init__(self, settings: Settings, searcher=None, records: Records | None = None):
        self.settings = settings
        self.records = records or Records(settings.current_index / "records.sqlite")
        if searcher is None:
            from assistant.retrieval.search import Searcher

            searcher = Searcher(settings)
        self.searcher = searcher
        self.docs = {d["name"]: self.records.document(d["name"]) for d in self.records.documents()}
        self.unit_names = {name: self._unit_names(d) for name, d in self.docs.items()}
        self._build_statistics()

    # ------------------------------------------------------------ setup

    @staticmethod
    def _unit_names(doc: dict) -> list[str]:
        unit = fold(doc.get("unit") or "")
        core = re.sub(r"^(tinh|thi xa|xa|huyen|thanh pho|phuong|thi tran)\s+", "", unit).strip()
        names = [core] if core else []
        if doc.get("level") == "tỉnh":
            names += ["toan tinh", "cua tinh", "cap tinh", "tinh"]
        return names

    def _build_statistics(self) -> None:
        """Word document frequencies over sentences, for weighting question words."""
        df: Counter[str] = Counter()
        n = 0
        self.bigrams: set[str] = set()
        for doc in self.docs.values():
            for s, e in sentences(doc["text"], 0, len(doc["text"])):
                words = _words(doc["text"][s:e])
                df.update(set(words))
                self.bigrams.update(f"{a} {b}" for a, b in zip(words, words[1:]))
                n += 1
        self.df, self.n_sentences = df, max(n, 1)
        self.corpus_folded = " ".join(fold(d["text"]) for d in self.docs.values())

    def idf(self, word: str) -> float:
        return math.log((self.n_sentences + 1) / (self.df.get(word, 0) + 0.5))

    # ------------------------------------------------------------ entry point

    def ask(self, question: str, history: list[str] | None = None) -> dict:
        started = time.perf_counter()
        question = (question or "").strip()
        if not question or not re.search(r"\w", question):
            raise QuestionError("Câu hỏi trống: hãy nhập nội dung câu hỏi.")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {self.settings.max_question_chars}).")
        answer = self._route(self._with_context(question, history or []))
        answer["question"] = question
        answer["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return answer

    def _with_context(self, question: str, history: list[str]) -> Question:
        """A follow-up ("còn Hà Tân thì sao?") keeps the previous question's subject, with the new unit."""
        q = understand(question, self.unit_names)
        if not history or not is_followup(question):
            return q
        context = understand(history[-1], self.unit_names)
        if q.units:
            context.units, context.is_compare = q.units, False
        return context

    def _route(self, q: Question) -> dict:
        if self._out_of_corpus(q):
            return self._not_found("out_of_scope")
        if q.legal_key and not (q.is_list and "chi tieu" in q.folded):
            if answer := self._legal(q):
                return answer
        if "chi tieu" in q.folded and (q.is_list or (q.status and re.search(r"bao nhieu|may|nhung|nao", q.folded))):
            if answer := self._indicator_list(q):
                return answer
        hits = self._search(q)
        if not hits:
            return self._not_found("passage")
        if q.is_compare:
            if answer := self._compare(q, hits):
                return answer
        if answer := self._indicator(q, hits):
            return answer
        return self._passage(q, hits)

    # ------------------------------------------------------------ refusal

    def _not_found(self, intent: str) -> dict:
        return {"answer": say("not_found"), "found": False, "citations": [], "intent": intent}

    def _out_of_corpus(self, q: Question) -> bool:
        """Names and years the documents never mention mean the documents cannot answer."""
        for name in q.names:
            if fold(name) not in self.corpus_folded:
                return True
        return any(y not in self.corpus_folded for y in q.years)

    # ------------------------------------------------------------ retrieval

    def _search(self, q: Question) -> list:
        hits = self.searcher.search(q.text, k=12)
        if q.units:
            hits = [h for h in hits if h.source in q.units]
        if q.years:
            hits = [h for h in hits if all(y in self._doc_years(h.source) or y in h.text for y in q.years)]
        return hits

    def _doc_years(self, source: str) -> str:
        d = self.docs[source]
        return " ".join([d.get("title", ""), d.get("period", ""), d.get("date", "")])

    def _coverage(self, q: Question, text: str) -> float:
        wanted = [w for w in dict.fromkeys(_words(q.text)) if w not in _UNIT_WORDS]
        if not wanted:
            return 0.0
        have = set(_words(text))
        total = sum(self.idf(w) for w in wanted)
        return sum(self.idf(w) for w in wanted if w in have) / total if total else 0.0

    # ------------------------------------------------------------ passages

    def _passage(self, q: Question, hits: list) -> dict:
        best = None
        for rank, hit in enumerate(hits[:6]):
            doc = self.docs[hit.source]
            for s, e in sentences(doc["text"], hit.start, hit.end):
                sent = doc["text"][s:e]
                context = f"{hit.section} {sent}"
                score = self._coverage(q, context) - 0.02 * rank
                if re.search(r"bao nhieu|may|ty le|so luong", q.folded) and re.search(r"\d", sent):
                    score += 0.05
                if best is None or score > best[0]:
                    best = (score, hit, s, e)
        if best is None or best[0] < self.settings.min_answer_coverage:
            return self._not_found("passage")
        _, hit, s, e = best
        cites = Citations()
        doc = self.docs[hit.source]
        n = cites.add(doc, hit.section, s, e)
        title = doc.get("short_title") or doc["title"]
        section = hit.section.split(" > ")[-1] if hit.section else title
        text = say("passage", title=title, section=section, quote=cites.items[0]["quote"], n=n)
        return {"answer": text, "found": True, "citations": cites.items, "intent": "passage"}

    # ------------------------------------------------------------ indicators

    def _record_at(self, source: str, start: int) -> dict | None:
        for r in self.records.indicators(source=source):
            if r["start"] <= start < r["end"] or r["start"] == start:
                return r
        return None

    def _indicator(self, q: Question, hits: list) -> dict | None:
        """Answer from an indicator record when the best hits are indicator rows."""
        for hit in hits[:3]:
            if getattr(hit, "kind", "") != "row":
                continue
            record = self._record_at(hit.source, hit.start)
            if record is None:
                continue
            if self._coverage(q, record["text"] + " " + (record["group"] or "")) < 0.35:
                continue
            if hit is not hits[0] and not q.fields:
                continue
            cites = Citations()
            lines = self._describe(record, cites)
            return {"answer": "\n".join(lines), "found": True, "citations": cites.items, "intent": "indicator"}
        return None

    def _describe(self, r: dict, cites: Citations, with_head: bool = True) -> list[str]:
        doc = self.docs[r["source"]]
        n = cites.add(doc, self._section_of(r), r["start"], r["end"])
        unit = doc.get("unit") or doc.get("short_title")
        lines = [say("indicator_head", unit=f"{doc.get('short_title')}", text=r["text"]) + f" [{n}]"] if with_head else []
        if r["target"]:
            lines.append("- " + say("target", value=r["target"]))
        if r["deadline"]:
            lines.append("- " + say("deadline", value=r["deadline"]))
        if r["result"]:
            lines.append("- " + say("result", value=r["result"]))
        if doc.get("kind") == "báo cáo" or r["result"]:
            if r["status_source"] == "stated":
                lines.append("- " + say("status_stated", label=STATUS_LABELS[r["status"]]))
            elif r["status_source"] == "derived":
                lines.append("- " + say("status_derived", label=STATUS_LABELS[r["status"]], result=r["result"], target=r["target"]))
            else:
                lines.append("- " + say("status_unknown"))
        if r["lead_agency"]:
            lines.append("- " + say("lead_agency", value=r["lead_agency"]))
        if r["legal_basis"]:
            lines.append("- " + say("legal_basis", value=r["legal_basis"]))
        if r["notes"]:
            lines.append(f"- Ghi chú: {r['notes']}")
        del unit
        return lines

    def _section_of(self, r: dict) -> str:
        sections = self.docs[r["source"]]["sections"]
        best = ""
        for s in sections:
            if s["start"] <= r["start"]:
                best = s["path"]
        return best

    def _compare(self, q: Question, hits: list) -> dict | None:
        for hit in hits[:5]:
            if getattr(hit, "kind", "") != "row":
                continue
            record = self._record_at(hit.source, hit.start)
            if record is None or self._coverage(q, record["text"]) < 0.35:
                continue
            linked = self.records.indicators(canonical_id=record["canonical_id"])
            if q.units:
                linked = [r for r in linked if r["source"] in q.units] or linked
            linked = [r for r in linked if r["result"] or r["target"]]
            if len({r["source"] for r in linked}) < 2:
                continue
            cites = Citations()
            lines = [say("compare_head", text=record["text"])]
            for r in linked:
                doc = self.docs[r["source"]]
                n = cites.add(doc, self._section_of(r), r["start"], r["end"])
                parts = [f"{doc.get('short_title')}: "]
                bits = []
                if r["target"]:
                    bits.append(say("target", value=r["target"]))
                if r["result"]:
                    bits.append(say("result", value=r["result"]))
                if r["status"] != "unknown" or r["result"]:
                    bits.append(STATUS_LABELS[r["status"]])
                lines.append("- " + parts[0] + "; ".join(bits) + f" [{n}]")
            return {"answer": "\n".join(lines), "found": True, "citations": cites.items, "intent": "compare"}
        return None

    def _indicator_list(self, q: Question) -> dict | None:
        groups = [g for g in self.records.groups() if fold(g) in q.folded]
        rows = self.records.indicators(status=q.status)
        if q.units:
            rows = [r for r in rows if r["source"] in q.units]
        if groups:
            rows = [r for r in rows if r["group"] in groups]
        if q.legal_key:
            rows = [r for r in rows if r["plan"] and match_key(r["plan"]) == match_key(q.legal_key)] or rows
        if not (q.status or groups or q.units or q.legal_key):
            return None
        # Plans have no results: a status question is about reports.
        if q.status:
            rows = [r for r in rows if self.docs[r["source"]].get("kind") != "kế hoạch"]
        what = (STATUS_LABELS[q.status].lower() if q.status else "") + (f" thuộc nhóm «{groups[0]}»" if groups else "")
        cites = Citations()
        if not rows:
            return None
        by_source: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            by_source[r["source"]].append(r)
        lines = [say("list_head", count=len(rows), what=what.strip())]
        summary = self._status_summary(q, list(by_source))
        if summary:
            doc, s, e = summary
            n = cites.add(doc, "", s, e)
            lines.append(f"Văn bản nêu: «{cites.items[n - 1]['quote']}» [{n}]")
        for source, items in by_source.items():
            doc = self.docs[source]
            lines.append(say("list_unit", unit=doc.get("short_title"), count=len(items)))
            for r in items[:MAX_LIST]:
                n = cites.add(doc, self._section_of(r), r["start"], r["end"])
                extra = f" — {r['result']}" if r["result"] else ""
                number = f"{r['number']}. " if r["number"] else ""
                lines.append(f"- {number}{r['text']}{extra} [{n}]")
        return {"answer": "\n".join(lines), "found": True, "citations": cites.items, "intent": "indicator_list"}

    def _status_summary(self, q: Question, sources: list[str]):
        """A sentence where the document counts its own indicators ("đã hoàn thành 21/43 chỉ tiêu")."""
        best = None
        for source in sources:
            doc = self.docs[source]
            text = doc["text"]
            for m in re.finditer(r"\d+\s?/\s?\d+\s+chỉ tiêu|chỉ tiêu[^\n]{0,40}\d+/\d+", text):
                for s, e in sentences(text, max(0, text.rfind("\n", 0, m.start()) + 1), text.find("\n", m.end()) if text.find("\n", m.end()) > 0 else len(text)):
                    if s <= m.start() < e:
                        score = self._coverage(q, text[s:e] + " " + self._section_at(doc, s))
                        if best is None or score > best[0]:
                            best = (score, doc, s, e)
        if best and best[0] >= 0.3:
            return best[1], best[2], best[3]
        return None

    def _section_at(self, doc: dict, offset: int) -> str:
        best = ""
        for s in doc["sections"]:
            if s["start"] <= offset:
                best = s["path"]
        return best

    # ------------------------------------------------------------ legal documents

    def _legal(self, q: Question) -> dict | None:
        refs = self.records.legal(q.legal_key)
        if not refs:
            return None
        cites = Citations()
        lines = []
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
                doc = self.docs[source]
                m = max(mentions, key=lambda m: self._mention_richness(doc["text"], m))
                s, e = self._sentence_around(doc["text"], m["start"], m["end"])
                n = cites.add(doc, self._section_at(doc, s), s, e)
                lines.append(f"- {doc.get('short_title')}: «{cites.items[n - 1]['quote']}» [{n}]")
        return {"answer": "\n".join(lines), "found": True, "citations": cites.items, "intent": "legal"}

    @staticmethod
    def _mention_richness(text: str, m: dict) -> int:
        after = text[m["end"]: m["end"] + 200]
        return ("ngày" in after[:12]) * 2 + ("về" in after[:80]) + ("\t" not in text[max(0, m["start"] - 2): m["start"]])

    @staticmethod
    def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        for s, e in sentences(text, line_start, line_end):
            if s <= start < e:
                return s, max(e, end)
        return line_start, line_end


_UNIT_WORDS = {"tinh", "thanh", "hoa", "bim", "son", "ha", "tan", "xa", "thi"}
