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
from assistant.qa.understand import CUE_WORDS, Question, is_followup, understand
from assistant.settings import Settings
from assistant.text.glossary import expand, known_terms
from assistant.text.places import PROVINCES
from assistant.text.normalize import fold, has_diacritics, match_key
from assistant.text.segment import STOPWORDS

MAX_LIST = 60


class QuestionError(ValueError):
    """A question that cannot be asked: empty, punctuation only, too long."""


def _words(text: str) -> list[str]:
    """Folded content words: for questions typed without diacritics."""
    return [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS]


def _marked_words(text: str) -> list[str]:
    """Content words with their diacritics: "chi" (spend) and "chỉ" (only) stay apart."""
    return [w for w in re.findall(r"\w+", match_key(text)) if fold(w) not in STOPWORDS and w != "_"]


class AnswerService:
    def __init__(self, settings: Settings, searcher=None, records: Records | None = None):
        self.settings = settings
        if searcher is None:
            from assistant.retrieval.search import Searcher

            searcher = Searcher(settings)
        self.searcher = searcher
        self.records = records or searcher.records  # the records of the build the searcher serves
        self.docs = {d["name"]: self.records.document(d["name"]) for d in self.records.documents()}
        self.unit_names = {name: self._unit_names(d) for name, d in self.docs.items()}
        self._unit_words = {w for names in self.unit_names.values() for n in names for w in n.split()}
        self._glossary_words = known_terms()
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
                df.update(set(words) | set(_marked_words(doc["text"][s:e])))
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
        """A follow-up keeps the previous question's subject: "còn Hà Tân thì sao?", "đơn vị nào chủ trì?"."""
        q = understand(question, self.unit_names)
        q.unknown_words = self._unknown_words(question)
        if not history or not is_followup(question) or q.legal_key:
            return q
        context = understand(f"{history[-1]} {question}", self.unit_names)
        context.unknown_words = q.unknown_words
        if q.units:
            context.units, context.is_compare = q.units, False
        return context

    def _route(self, q: Question) -> dict:
        if self._out_of_corpus(q):
            return self._not_found("out_of_scope")
        about_indicators = "chi tieu" in q.folded
        if (q.legal_key or q.legal_number) and (q.about_document or len(_words(q.text)) <= 4) and not about_indicators:
            if answer := self._legal(q):
                return answer
        if about_indicators and (q.is_list or (q.status and re.search(r"bao nhieu|may|nhung|nao", q.folded))):
            if answer := self._indicator_list(q):
                return answer
        if "du an" in q.folded and re.search(r"nhung|nao|gom|cac|danh sach|bao nhieu", q.folded):
            if answer := self._projects(q):
                return answer
        hits = self._search(q)
        if not hits:
            return self._not_found("passage")
        if q.is_compare:
            if answer := self._compare(q, hits):
                return answer
        scored = self._best_sentences(q, hits)
        if scored and not self._has_key_word(q, scored[0]):
            return self._not_found("passage")
        if scored and scored[0][0] >= self.settings.min_answer_coverage and scored[0][1].kind == "row":
            record = self._record_at(scored[0][1].source, scored[0][1].start)
            if record is not None:
                return self._indicator(q, record)
        return self._passage(q, scored)

    # ------------------------------------------------------------ refusal

    def _not_found(self, intent: str) -> dict:
        return {"answer": say("not_found"), "found": False, "citations": [], "intent": intent}

    def _unknown_words(self, question: str) -> list[str]:
        """Content words of the question the documents never use ("phở", "nóng", "mưa")."""
        split = _marked_words if has_diacritics(question) else _words
        return [w for w in split(question) if self.df.get(w, 0) == 0 and not w.isdigit() and len(w) > 1
                and fold(w) not in CUE_WORDS and fold(w) not in self._glossary_words and not re.fullmatch(r"[\d.,%/]+", w)]

    def _out_of_corpus(self, q: Question) -> bool:
        """Words, names and years the documents never mention mean the documents cannot answer."""
        if q.unknown_words:
            return True
        if not has_diacritics(q.text):  # with diacritics, capitalized names below are the signal
            # Unit names first: "bim son la bao nhieu" must not read as Sơn La.
            rest = q.folded
            for names in self.unit_names.values():
                for name in names:
                    rest = re.sub(rf"(?<![a-z]){re.escape(name)}(?![a-z])", " ", rest)
            for place in PROVINCES:
                pattern = rf"(?<![a-z]){place}(?![a-z])"
                if re.search(pattern, rest) and not re.search(pattern, self.corpus_folded):
                    return True  # another province the documents never mention
        for name in q.names:
            if fold(name) not in self.corpus_folded:
                return True
        return any(not _mentions_year(self.corpus_folded, y) for y in q.years)

    # ------------------------------------------------------------ retrieval

    def _search(self, q: Question) -> list:
        # Retrieval also sees the documents' wording of abbreviations and synonyms (smartphone).
        hits = self.searcher.search(expand(q.text), k=16)
        if q.units:
            hits = [h for h in hits if h.source in q.units]
        if q.years:
            hits = [h for h in hits if all(_mentions_year(f"{self._doc_years(h.source)} {h.text}", y) for y in q.years)]
        return hits

    def _doc_years(self, source: str) -> str:
        d = self.docs[source]
        return " ".join([d.get("title", ""), d.get("period", "")])

    def _terms(self, q: Question):
        """The question's content words and how to split a candidate for them, computed once per question.

        Words are compared with their diacritics when the question has them, folded otherwise;
        words of unit names and levels are left out (the unit is a filter, not evidence).
        """
        if q.terms is None:
            split = _marked_words if has_diacritics(q.text) else _words
            wanted = [w for w in dict.fromkeys(split(q.text)) if fold(w) not in _UNIT_WORDS and fold(w) not in self._unit_words]
            q.terms = (split, wanted, sum(self.idf(w) for w in wanted))
        return q.terms

    def _coverage(self, q: Question, text: str) -> float:
        """IDF-weighted share of the question's content words that the text contains."""
        split, wanted, total = self._terms(q)
        if not wanted or not total:
            return 0.0
        have = set(split(text))
        return sum(self.idf(w) for w in wanted if w in have) / total

    def _has_key_word(self, q: Question, candidate) -> bool:
        """The question's rarest known word must stand in the answer ("Sầm Sơn", "tiền", "nóng").

        Coverage alone lets a passage answer a question about something the documents do not
        report, when it shares the common words; the rarest word is what the question is about.
        """
        split, wanted, _ = self._terms(q)
        words = [w for w in wanted if self.df.get(w, 0) > 0 and fold(w) not in CUE_WORDS]
        if not words or candidate[0] >= 0.7:
            return True
        rarest = min(words, key=lambda w: self.df[w])
        _, hit, s, e = candidate
        text = hit.text if hit.kind == "row" else self.docs[hit.source]["text"][s:e]
        return rarest in set(split(f"{hit.section} {text}"))

    # ------------------------------------------------------------ passages

    def _best_sentences(self, q: Question, hits: list) -> list[tuple[float, object, int, int]]:
        """Candidate answers from the hits, best first: sentences of passages, whole table rows.

        A row is scored on its rendering with column names ("Căn cứ pháp lý: …"), so a question
        naming the field it wants meets the row that has it. Long candidates pay a little, so that
        a paragraph does not win only by containing many words.
        """
        counting = re.search(r"bao nhieu|may|so luong|ty le|muc|tong so", q.folded) is not None
        wanted = set(_words(q.text))
        scored = []
        for rank, hit in enumerate(hits):
            doc = self.docs[hit.source]
            spans = [(hit.start, hit.end)] if hit.kind == "row" else sentences(doc["text"], hit.start, hit.end)
            heading = hit.section.split(" > ")[-1] if hit.section else ""
            for s, e in spans:
                sent = hit.text if hit.kind == "row" else doc["text"][s:e]
                score = 0.85 * self._coverage(q, sent) + 0.15 * self._coverage(q, f"{heading} {sent}") - 0.005 * rank
                score -= 0.03 * max(0, len(sent.split()) - 60) / 30
                if counting and _QUANTITY_NEAR.search(fold(sent)):
                    near = {w for m in _QUANTITY_NEAR.finditer(fold(sent)) for w in m.group(2).split()}
                    if near & wanted:
                        score += 0.05
                scored.append((score, hit, s, e))
        scored.sort(key=lambda x: -x[0])
        return scored

    def _passage(self, q: Question, scored: list) -> dict:
        if not scored or scored[0][0] < self.settings.min_answer_coverage:
            return self._not_found("passage")
        best = scored[0][0]
        chosen = [scored[0]]
        if q.is_list or q.is_compare:  # a list in prose or rows: the near-best sentences too
            for item in scored[1:]:
                if len(chosen) >= 4 or item[0] < best - 0.05:
                    break
                if all(item[2] >= c[3] or item[3] <= c[2] or item[1].source != c[1].source for c in chosen):
                    chosen.append(item)
        cites = Citations()
        lines = []
        for _, hit, s, e in chosen:
            doc = self.docs[hit.source]
            n = cites.add(doc, hit.section, s, e)
            title = doc.get("short_title") or doc["title"]
            section = hit.section.split(" > ")[-1] if hit.section else title
            lines.append(say("passage", title=title, section=section, quote=cites.items[n - 1]["quote"], n=n))
        return {"answer": "\n".join(lines), "found": True, "citations": cites.items, "intent": "passage"}

    # ------------------------------------------------------------ indicators

    def _record_at(self, source: str, start: int) -> dict | None:
        for r in self.records.indicators(source=source):
            if r["start"] <= start < r["end"] or r["start"] == start:
                return r
        return None

    def _indicator(self, q: Question, record: dict) -> dict:
        """Answer from an indicator record; "not found" when the row reports nothing for what is asked."""
        # "phải đạt bao nhiêu" about a plan asks for its target (plans have no results), unless the
        # question names a unit or a status: then it asks what that unit's report gives.
        in_plan = self.docs[record["source"]].get("kind") == "kế hoạch"
        asks_outcome = (bool({"result", "status"} & set(q.fields)) or q.status is not None) and not (
            in_plan and not q.units and not q.status)
        if asks_outcome:
            record = self._with_outcome(record, q) or record
            if not record["result"] and record["status_source"] == "none":
                return self._not_found("indicator")
            if record["status_source"] == "none" and measured_result(record["result"]) is None and "bao nhieu" in q.folded:
                return self._not_found("indicator")  # "đạt ...%": the figure was never filled in
        if "target" in q.fields and not record["target"] and not asks_outcome:
            return self._not_found("indicator")
        cites = Citations()
        lines = self._describe(record, cites)
        return {"answer": "\n".join(lines), "found": True, "citations": cites.items, "intent": "indicator"}

    def _match_record(self, q: Question, hits: list) -> tuple[dict | None, float]:
        best, best_score = None, 0.0
        for rank, hit in enumerate(hits[:8]):
            if hit.kind != "row":
                continue
            record = self._record_at(hit.source, hit.start)
            if record is None:
                continue
            score = self._coverage(q, hit.text) - 0.01 * rank
            if score > best_score:
                best, best_score = record, score
        return best, best_score

    def _with_outcome(self, record: dict, q: Question) -> dict | None:
        """The same indicator in a report of the asked unit that gives a result or a status."""
        siblings = self.records.indicators(canonical_id=record["canonical_id"])
        if q.units:
            siblings = [r for r in siblings if r["source"] in q.units]
        with_outcome = [r for r in siblings if r["result"] or r["status_source"] != "none"]
        if record in with_outcome:
            return record
        return with_outcome[0] if with_outcome else (record if record in siblings else None)

    def _describe(self, r: dict, cites: Citations, with_head: bool = True) -> list[str]:
        doc = self.docs[r["source"]]
        n = cites.add(doc, self._section_of(r), r["start"], r["end"])
        lines = [say("indicator_head", unit=doc.get("short_title"), text=r["text"]) + f" [{n}]"] if with_head else []
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
        return lines

    def _section_of(self, r: dict) -> str:
        return self._section_at(self.docs[r["source"]], r["start"])

    def _compare(self, q: Question, hits: list) -> dict | None:
        record, score = self._match_record(q, hits)
        if record is not None and score >= self.settings.min_answer_coverage:
            linked = self.records.indicators(canonical_id=record["canonical_id"])
            if q.units:
                linked = [r for r in linked if r["source"] in q.units] or linked
            linked = [r for r in linked if r["result"] or r["status_source"] != "none"]
            if len({r["source"] for r in linked}) >= 2:
                cites = Citations()
                lines = [say("compare_head", text=record["text"])]
                for r in linked:
                    doc = self.docs[r["source"]]
                    n = cites.add(doc, self._section_of(r), r["start"], r["end"])
                    bits = []
                    if r["target"]:
                        bits.append(say("target", value=r["target"]))
                    if r["result"]:
                        bits.append(say("result", value=r["result"]))
                    bits.append(STATUS_LABELS[r["status"]])
                    lines.append(f"- {doc.get('short_title')}: " + "; ".join(bits) + f" [{n}]")
                return {"answer": "\n".join(lines), "found": True, "citations": cites.items, "intent": "compare"}
        # Otherwise the best sentence of each unit named.
        units = q.units or list(self.docs)
        scored = self._best_sentences(q, hits)
        chosen, seen = [], set()
        for item in scored:
            unit = self.docs[item[1].source].get("unit")
            if item[1].source in units and unit not in seen and item[0] >= self.settings.min_answer_coverage:
                chosen.append(item)
                seen.add(unit)
        if len(chosen) < 2:
            return None
        cites = Citations()
        lines = []
        for _, hit, s, e in chosen:
            doc = self.docs[hit.source]
            n = cites.add(doc, hit.section, s, e)
            lines.append(f"- {doc.get('short_title')}: «{cites.items[n - 1]['quote']}» [{n}]")
        return {"answer": "\n".join(lines), "found": True, "citations": cites.items, "intent": "compare"}

    def _indicator_list(self, q: Question) -> dict | None:
        groups = [g for g in self.records.groups() if fold(g) in q.folded]
        rows = self.records.indicators(status=q.status)
        if q.units:
            rows = [r for r in rows if r["source"] in q.units]
        if groups:
            rows = [r for r in rows if r["group"] in groups]
        plan = q.legal_key or (q.legal_number[1] + "/" if q.legal_number else None)
        if plan:
            rows = [r for r in rows if r["plan"] and (match_key(r["plan"]) == match_key(plan) or r["plan"].startswith(plan))]
        if not (q.status or groups or q.units or plan):
            return None
        # Plans have no results: a status question is about reports.
        if q.status:
            rows = [r for r in rows if self.docs[r["source"]].get("kind") != "kế hoạch"]
        what = (STATUS_LABELS[q.status].lower() if q.status else "") + (f" thuộc nhóm «{groups[0]}»" if groups else "")
        cites = Citations()
        if not rows:
            return self._not_found("indicator_list") if plan else None
        by_source: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            by_source[r["source"]].append(r)
        # One total only when one document answers: units report separately, never summed.
        lines = [say("list_head", count=len(rows), what=what.strip()) if len(by_source) == 1
                 else say("list_head_many", what=what.strip(), documents=len(by_source))]
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

    # ------------------------------------------------------------ projects

    def _projects(self, q: Question) -> dict | None:
        projects = self.records.projects()
        agencies = [p for p in projects if p["lead_agency"] and fold(p["lead_agency"]) in q.folded]
        if agencies:
            projects = agencies
        elif not re.search(r"cac du an|nhung du an|danh sach|bao nhieu du an|may du an", q.folded):
            return None
        cites = Citations()
        lines = [f"Có {len(projects)} dự án:"]
        for p in projects:
            doc = self.docs[p["source"]]
            n = cites.add(doc, self._section_at(doc, p["start"]), p["start"], p["end"])
            agency = f" — chủ trì: {p['lead_agency']}" if p["lead_agency"] else ""
            lines.append(f"- {p['name']}{agency} [{n}]")
        return {"answer": "\n".join(lines), "found": True, "citations": cites.items, "intent": "projects"}

    # ------------------------------------------------------------ legal documents

    def _legal(self, q: Question) -> dict | None:
        if q.legal_key:
            refs = self.records.legal(q.legal_key)
        else:
            kind, number = q.legal_number
            refs = [r for r in self.records.legal_refs() if r["number"] == number and r["type"] == kind]
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


def _mentions_year(text: str, year: str) -> bool:
    """The year as a year: not a document number ("2019/QĐ-UBND", "số 2019")."""
    return re.search(rf"(?<![\d/.-])(?<!số )(?<!so ){year}(?![\d/-])", text) is not None


# A number followed by up to three words, to find the quantity a "bao nhiêu" question asks for.
_QUANTITY_NEAR = re.compile(r"(\d[\d.,]*\s?%?)\s+((?:[a-z]+\s?){1,3})")
# Words of administrative levels ("tỉnh", "thị xã"): they name where, not what.
_UNIT_WORDS = {"tinh", "huyen", "xa", "thi", "phuong", "tran"}
