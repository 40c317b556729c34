"""The fallback: the sentence (or near-best sentences, for lists) of retrieved passages that answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import takewhile

from assistant.qa.answer_types import (DOCUMENT_CODES, FIGURE_KINDS, another_horizon, answers, asked_document, asks_outcome,
                                       dates_a_plan, dates_document,
                                       expected_kind, leads_under, names_role_only, target_for_actual)
from assistant.qa.compose import Citations, say, section_at, sentences
from assistant.qa.evidence import FIELD_LABEL, Evidence, field_of, first_field, not_found
from assistant.qa.guards import MAX_UNSAID_WORDS, about_it, names_another_kind, shares_a_phrase, unsaid_words
from assistant.qa.models import Answer
from assistant.qa.statistics import words
from assistant.qa.understand import Question, asking_text, cue_words_in
from assistant.text.glossary import expand
from assistant.text.normalize import fold
from assistant.text.segment import is_stopword


NEXT_SENTENCE_COVERAGE = 0.4
# Kinds that ask how much of something: a figure of another thing does not answer them.
RATE_KINDS = {"percent", "number"}


class PassageAnswerer:
    name = "passage"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        return True

    def answer(self, q: Question) -> Answer | None:
        ev = self.ev
        asked = asking_text(q)
        kind = expected_kind(asked)
        floor = ev.settings.min_answer_coverage
        # An official document's closing formula ("… báo cáo … để Sở … tổng hợp theo quy định./.") answers nothing.
        good = [c for c in ev.scored(q) if c[0] >= floor and not _CLOSING.search(ev.candidate_text(c))]
        # "Bỉm Sơn kiến nghị những gì?" best matches a section's heading: the section's lines say it.
        # "kiểm tra những nội dung gì" names a part of the best candidate's document by its heading
        # ("II. NỘI DUNG KIỂM TRA"): the part's items say it.
        body = None
        if kind is None and good and (q.is_list or _ASKS_WHAT.search(q.folded)):
            body = self._section_body(good[0]) or self._part_named(q, good[0])
        # The best candidate that holds a value of the asked kind (and the number of the asked kind of
        # document); a sentence without one is no answer.
        # A lower candidate must still be about what the question is about: its rarest word.
        scored = [c for c in body or good if self._answers(q, asked, kind, c)]
        if not scored or (kind in RATE_KINDS and self._subject_left_behind(q, good, scored[0])):
            return not_found(self.name, kind=kind, related=related(ev, good or ev.scored(q)))
        chosen, more = [scored[0]], 0
        if body:  # the section's lines, in order; those past the first ten are counted
            chosen, more = scored[:MAX_LIST_LINES], max(0, len(scored) - MAX_LIST_LINES)
        elif q.is_list and len(block := self._list_block(q, asked, kind, scored[0])) > 1:
            # The bulleted lines or rows the best item stands among; those past the first ten are counted.
            chosen, more = block[:MAX_LIST_LINES], max(0, len(block) - MAX_LIST_LINES)
        elif q.is_list or q.is_compare:  # a list in prose or rows: the near-best sentences too, the floor aside
            # Those above the floor were judged already; below it, judge the ones within the margin.
            near = (c for c in ev.scored(q)[1:] if c[0] >= scored[0][0] - 0.05
                    and (c in scored if c[0] >= floor else self._answers(q, asked, kind, c)))
            for item in near:
                if len(chosen) >= 4:
                    break
                if any(_same_item(ev.candidate_text(item), ev.candidate_text(c)) for c in chosen):
                    continue  # the same item written twice ("… về việc kiện toàn …", "… về kiện toàn …")
                if all(item[2] >= c[3] or item[3] <= c[2] or item[1].source != c[1].source for c in chosen):
                    chosen.append(item)
        elif asks_two_things(q.folded):
            chosen = self._with_block_subject(chosen[0]) or [self._with_next_sentence(q, chosen[0])]
        cites = Citations()
        lines = []
        for _, hit, s, e in chosen:
            doc = ev.docs[hit.source]
            title = doc.get("short_title") or doc["title"]
            path = hit.section if hit.start <= s < hit.end else section_at(doc, s)  # a quote beside its hit
            # A labelled field ("2. Đơn vị chủ trì: …") quoted is named by the block it belongs to; a line under a
            # label ("4. Sở Thông tin và Truyền thông:" / "Tổng hợp báo cáo …") by the label, which says whose it is.
            named_by_block = FIELD_LABEL.match(doc["text"][s:e]) and field_of(path)
            section = (named_by_block or path.split(" > ")[-1]) if path else title
            quotes = [cites.add(doc, path, s, e)]
            if hit.kind != "row" and (rest := continuation(doc["text"], e)):
                quotes.append(cites.add(doc, path, *rest))
            for n in quotes:
                lines.append(say("passage", title=title, section=section, quote=cites.quote(n), n=n))
        if more:
            lines.append(say("list_more", count=more, section=section))
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name, kind=kind)

    def _answers(self, q: Question, asked: str, kind: str | None, candidate) -> bool:
        ev, text = self.ev, self.ev.candidate_text(candidate)
        hit = candidate[1]
        if hit.kind != "row" and (rest := continuation(ev.docs[hit.source]["text"], candidate[3])):
            text = f"{text} {ev.docs[hit.source]['text'][rest[0]:rest[1]]}"  # a sentence a page break cut
        # A duty listed under its agency's heading: the heading is the answer the sentence lacks.
        under = leads_under(asked, hit.section.split(" > ")[-1], text)
        return ((under or answers(asked, text)) and about_it(ev, q, candidate) and (under or says_more(q, text))
                # A heading repeated, or a bare label («Đoàn kiểm tra số 1») when no kind of value is asked: a title.
                and not only_heading(text, hit.section) and not (kind is None and len(words(text)) <= 5)
                and not (kind is not None and is_title(text))
                and not names_another_kind(ev, q, text) and not names_role_only(asked, text)
                # A table row names its indicator precisely: not one lacking two of the question's compound words.
                and not (hit.kind == "row" and len(unsaid_words(ev, q, f"{hit.section} {text}")) >= MAX_UNSAID_WORDS)
                and not (hit.kind == "row" and (record := ev.record_at(hit.source, hit.start))
                         and ev.lacks_asked_figure(q, record))
                and not (kind in FIGURE_KINDS and another_horizon(asked, text))
                and not (kind in FIGURE_KINDS and (ev.other_target_asked(q, candidate)
                                                   or target_for_actual(asked, text, hit.section,
                                                                        plan_row=hit.kind == "row" and ev.is_plan(hit.source))))
                and not (kind == "date" and q.legal_key and not dates_document(q.legal_key, text))
                and not (kind == "date" and hit.kind == "row" and dates_a_plan(asked, text))
                and not (ev.is_plan(hit.source) and asks_outcome(q.text))  # a plan says what is to be done
                and shares_a_phrase(ev, q, f"{ev.docs[hit.source]['title']} {hit.section} {text}"))

    def _subject_left_behind(self, q: Question, good: list, chosen) -> bool:
        """A better candidate about the question gives no figure ("Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử … Đang
        thực hiện") and the chosen one lacks some of the words it shares with the question ("Tỷ lệ sử dụng chung cột
        ăng ten giữa các doanh nghiệp … 7.6%"): the chosen figure measures something else."""
        ev = self.ev
        # Also one naming another kind of the question's thing ("dân số trưởng thành có điện thoại thông minh" for
        # "… có tài khoản định danh"): a lower one lacking the words they share ("trưởng thành") is about neither.
        better = next((c for c in good if c[0] > chosen[0]
                       and (about_it(ev, q, c) or names_another_kind(ev, q, ev.candidate_text(c)))), None)
        if better is None:
            return False
        _, wanted, _ = ev.terms(q)
        cues = cue_words_in(q.folded)
        have, had = ev.said_words(q, chosen), ev.said_words(q, better)
        return any(ev.has_term(q, w, had) and not ev.has_term(q, w, have) for w in wanted if fold(w) not in cues)

    def _section_body(self, candidate) -> list | None:
        """The lines of the section whose heading the candidate is, without the closing formula ("Trên đây là …",
        "… theo quy định./."), as candidates of the candidate's score; None when it is no heading."""
        score, hit = candidate[:2]
        if not only_heading(self.ev.candidate_text(candidate), hit.section):
            return None
        doc = self.ev.docs[hit.source]
        section = next((x for x in doc["sections"] if x["path"] == hit.section), None)
        if section is None:
            return None
        text = doc["text"]
        lines = [(score, hit, s, e) for s, e in _lines_under_heading(text, section["start"], section["end"])
                 if not _CLOSING.search(text[s:e].strip()) and len(words(text[s:e])) > 3]
        return lines or None

    def _part_named(self, q: Question, candidate) -> list | None:
        """The part of the candidate's document whose heading the question says, every word of it ("gặp khó
        khăn gì" names "6.1. Khó khăn"): the headings of its sub-parts, or its lines when it has none, as
        candidates of the candidate's score. Of several, the one whose heading and path the question says most."""
        score, hit = candidate[:2]
        doc = self.ev.docs[hit.source]
        split, _, _ = self.ev.terms(q)  # with their marks when the question has them: "sổ" is no "Sở"
        said = set(split(expand(q.text)))
        best, best_key = None, None
        for section in doc["sections"]:
            own = set(split(_NUMBERING.sub("", section["path"].split(" > ")[-1])))
            if len(own) < MIN_HEADING_WORDS or not own <= said:
                continue
            key = (len(own), len(set(split(section["path"])) & said))
            if best_key is None or key > best_key:
                best, best_key = section, key
        # The part must be about the question (its document's title and its path say most of it) and name
        # its subject ("Đoàn kiểm tra số 1 kiểm tra những đơn vị nào" is not "3. Các đơn vị được kiểm tra").
        if best is None or self.ev.coverage(q, f"{doc['title']} {best['path']}") < PART_COVERAGE:
            return None
        text = doc["text"]
        end = max([best["end"], *(x["end"] for x in doc["sections"] if x["path"].startswith(best["path"] + " > "))])
        spans = [(s, e, _numbered_as(text[s:e])) for s, e in _lines_under_heading(text, best["start"], end)]
        # With sub-parts, the lines numbered as the first one is ("1. …", "2. …"; not "3.1 …" or a footnote).
        style = next((numbered for _, _, numbered in spans if numbered), None)
        spans = [(s, e) for s, e, numbered in spans if numbered == style]
        part = replace(hit, section=best["path"], start=best["start"], end=end)
        lines = [(score, part, s, e) for s, e in spans if not _CLOSING.search(text[s:e]) and len(words(text[s:e])) > 1]
        said_there = " ".join([best["path"], *(text[s:e] for _, _, s, e in lines)])
        return lines if lines and self.ev.names_the_subject(q, said_there) else None

    def _list_block(self, q: Question, asked: str, kind: str | None, candidate) -> list:
        """The best item's list: the lines around it with the same bullet ("+ Kế hoạch số 15/KH-UBND …",
        "+ Kế hoạch số 41/KH-UBND …"), or the numbered rows of its table, blank lines aside, that answer too; a document dated in another year than
        the question asks is not one of its items ("năm 2023 … ban hành những kế hoạch nào")."""
        score, hit, s, e = candidate
        text = self.ev.docs[hit.source]["text"]
        start = text.rfind("\n", 0, s) + 1
        bullet, row = _BULLET.match(text, start), _NUMBERED_ROW.match(text, start)
        if not row and (not bullet or _LABELLED.match(text, start)):
            return []  # labelled lines ("- Thời gian: …", "- Đối tượng kiểm tra: …") are fields, not items
        # A numbered table row ("3\tKế hoạch hoạt động …\t100/KH-BCĐ") stands among the rows of its group (a group's
        # heading row, "III\tKế hoạch", ends it); "những kế hoạch nào" asks the rows of plans, not of letters citing one.
        code = asked_document(asked) if row else None

        def same_kind(span: tuple[int, int]) -> bool:
            if row:
                return bool(_NUMBERED_ROW.match(text, span[0]))
            b = _BULLET.match(text[span[0]:span[1]])
            return bool(b) and b.group(1) == bullet.group(1)

        def beside(step: int) -> Iterator[tuple[int, int]]:
            # The table's header repeated after a page break and a cell's wrapped rest ("\txã hội …") are no rows.
            return (x for x in _lines_beside(text, s, step) if not (row and _NOT_A_ROW.match(text, x[0])))

        end = text.find("\n", s)
        before = list(takewhile(same_kind, beside(-1)))[::-1]
        after = list(takewhile(same_kind, beside(1)))
        items = []
        for ls, le in [*before, (start, len(text) if end < 0 else end), *after]:
            item, line = (score, hit, ls, le), text[ls:le]
            if any(_same_item(line, text[c[2]:c[3]]) for c in items):
                continue  # the same item written twice ("… về việc kiện toàn …", "… về kiện toàn …")
            if code and not opens_as(code, line):
                continue
            if self._answers(q, asked, kind, item) and not _dated_in_another_year(q, line):
                items.append(item)
        return items

    def _with_block_subject(self, candidate) -> list | None:
        """A labelled field ("2. Đơn vị chủ trì: Sở Y tế") asked together with what its block is about ("nhiệm vụ
        … là gì, đơn vị nào chủ trì?"): quote the block's first field ("1. Nhiệm vụ: …") before it."""
        score, hit, s, e = candidate
        if not field_of(hit.section):
            return None
        text = self.ev.docs[hit.source]["text"]
        first = first_field(text, s)
        return [(score, hit, *first), candidate] if first else None

    def _with_next_sentence(self, q: Question, candidate):
        """A question asking two things may find the second in the next sentence of the same paragraph
        ("… Quyết định 2915/QĐ-UBND … . Giao chỉ tiêu xã … hoàn thành năm 2024."): quote both, when the
        next sentence holds a figure and says what the question says."""
        score, hit, s, e = candidate
        text = self.ev.docs[hit.source]["text"]
        if hit.kind == "row" and (s, e) == (hit.start, hit.end):
            return candidate
        line_end = text.find("\n", e)
        line_end = len(text) if line_end < 0 else line_end
        following = sentences(text, e, line_end)
        if not following:
            return candidate
        ns, ne = following[0]
        if re.search(r"\d", text[ns:ne]) and self.ev.coverage(q, text[ns:ne]) >= NEXT_SENTENCE_COVERAGE:
            return (score, hit, s, ne)
        return candidate


# A question asking what a part of a document says ("kiến nghị những gì", "nội dung … là gì").
_ASKS_WHAT = re.compile(r"\b(?:gi|nhung noi dung|noi dung nao)\b")
# An official document's closing formula: "Trên đây là kết quả …", "… báo cáo … theo quy định./.".
_CLOSING = re.compile(r"^\W*Trên đây\b|\./\.\s*$")
PART_COVERAGE = 0.5
MIN_HEADING_WORDS = 2  # "Khó khăn"; one word ("Kết quả") names too many parts
_NUMBERING = re.compile(r"^[\s#*]*(?:(?:[IVX]+|\d+(?:\.\d+)*)[.)]?\s+)*")  # "II. ", "6.1. ", "3.1 "
MAX_LIST_LINES = 10
_BULLET = re.compile(r"\s*([+\-•*])\s")
_NUMBERED_ROW = re.compile(r"[ \t]*\d{1,3}[ \t]*\t")
_NOT_A_ROW = re.compile(r"[ \t]*(?:STT|TT)[ \t]*\t|\t", re.IGNORECASE)  # "STT\tTrích yếu nội dung\t…", "\txã hội …"
_LABELLED = re.compile(r"\s*[+\-•*]\s*[^:\n]{2,40}:\s")
_DATE_YEAR = re.compile(r"\b\d{1,2}/\d{1,2}/(\d{4})\b")


def _lines_under_heading(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank lines of ``text[start:end]`` past its first (the heading), right-trimmed."""
    return [(start + m.start(), start + m.start() + len(m.group(0).rstrip()))
            for m in list(re.finditer(r"[^\n]+", text[start:end]))[1:]]


def _numbered_as(line: str) -> str | None:
    """How a line is numbered: "II." -> "I.", "3." -> "1.", "3.1" -> "1.1", "b)" -> "a)"; None when it is not."""
    m = re.match(r"\s*(?:[#*]+\s*)*([IVX]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\))\s", line)
    if not m:
        return None
    return re.sub(r"[IVX]+", "I", re.sub(r"\d+", "1", re.sub(r"^[a-zđ]\)", "a)", m.group(1))))


def _lines_beside(text: str, pos: int, step: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the non-blank lines before (step -1) or after (step 1) the line holding ``pos``, nearest
    first."""
    start = text.rfind("\n", 0, pos) + 1
    end = len(text) if (end := text.find("\n", pos)) < 0 else end
    while (start > 0) if step < 0 else (end < len(text)):
        if step < 0:
            end = start - 1
            start = text.rfind("\n", 0, end) + 1
        else:
            start = end + 1
            end = len(text) if (end := text.find("\n", start)) < 0 else end
        if text[start:end].strip():
            yield start, end


def opens_as(code: str, row: str) -> bool:
    """A table row of documents is of the type of its first cell's opening words ("3\tKế hoạch hoạt động …",
    "29\tQuyết định số 1787/QĐ-UBND …"), by name or code."""
    cell = fold(row.split("\t")[1] if "\t" in row else row).lstrip(" -+*")
    return any(cell.startswith(name) for name in [*(n for n, c in DOCUMENT_CODES.items() if c == code), code])


def _dated_in_another_year(q: Question, text: str) -> bool:
    """The text's first date is of another year than the one the question asks."""
    date = _DATE_YEAR.search(text)
    return bool(q.years and date and date.group(1) not in q.years)


def is_title(text: str) -> bool:
    """A line in capitals ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO KẾ HOẠCH SỐ 100/KH-BCĐ NGÀY 26/4/2023") names a
    table or a part: the date or figure it holds is its document's, not a value asked."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(text.split()) >= 4 and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def _same_item(a: str, b: str) -> bool:
    """Two sentences saying the same thing: the same numbers, nearly all their words shared."""
    x, y = set(words(a)), set(words(b))
    return (re.findall(r"\d+", a) == re.findall(r"\d+", b) and bool(x and y)
            and len(x & y) >= SAME_ITEM_SHARE * max(len(x), len(y)))


SAME_ITEM_SHARE = 0.85


def only_heading(text: str, section: str) -> bool:
    """The candidate is its section's heading again ("Kiến nghị, đề xuất" under "6.2. Kiến nghị, đề xuất"): a title,
    not what it says."""
    heading = section.split(" > ")[-1] if section else ""
    return bool(heading) and words(text) == words(re.sub(r"^\s*[\dIVXivx.]+\s*", "", heading))


def says_more(q: Question, text: str) -> bool:
    """A sentence that only repeats the question ("Đoàn kiểm tra số 3", a heading) tells nothing: an answer
    holds a word or a figure the question does not. A labelled field says what its value says: "10. Lộ trình
    thực hiện: trong năm 2025." tells nothing to "nhiệm vụ … năm 2025 là gì?"."""
    asked = set(words(expand(q.text)))
    if label := FIELD_LABEL.match(text):
        return any(w not in asked and not is_stopword(w) for w in words(text[label.end():]))
    return any(w not in asked for w in words(text))


# A line of a footnote ("<sup>1</sup> Không phải …", "¹ …", "[2] …") set between a sentence and its rest.
_FOOTNOTE = re.compile(r"\s*(?:<sup>\s*\d+\s*</sup>|[¹²³⁴⁵⁶⁷⁸⁹]|\[\d+\])")
_ENDED = re.compile(r"[.!?:»”)\]]\s*$")


def continuation(text: str, end: int) -> tuple[int, int] | None:
    """The rest of a sentence a page break cut, past blank and footnote lines ("… xã Nga Liên,\n\n<sup>1</sup> …
    \n\nhuyện Nga Sơn; … xã Hải Nhân, thị xã Nghi Sơn."): a sentence without an end mark goes on where the
    next body line starts in lower case. Quoted as its own span, so both quotes stay verbatim."""
    if _ENDED.search(text[:end]):
        return None
    pos = end
    for _ in range(MAX_SKIPPED_LINES):
        line_start = text.find("\n", pos)
        if line_start < 0:
            return None
        line_start += 1
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        pos = line_start
        if not line.strip() or _FOOTNOTE.match(line):
            continue
        if not line.lstrip()[:1].islower():
            return None
        spans = sentences(text, line_start, line_end)
        return spans[0] if spans else None
    return None


MAX_SKIPPED_LINES = 6


# Question words; two of them ask two things ("năm nào, theo quyết định nào?").
_ASKING = re.compile(r"\b(?:nao|bao nhieu|may|ai|o dau|tai dau|gi|bao gio)\b")


def asks_two_things(folded: str) -> bool:
    return len(_ASKING.findall(folded)) >= 2


def related(ev: Evidence, candidates: list, n: int = 3) -> list:
    """The closest passages, offered as "có thể liên quan" when refusing: clearly not an answer."""
    cites = Citations()
    for _, hit, s, e in candidates[:n]:
        cites.add(ev.docs[hit.source], hit.section, s, e)
    return cites.items
