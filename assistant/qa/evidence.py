"""What every answerer reads: documents, records, retrieval and how well a text covers a question.

One :class:`Evidence` is built per service; answerers share it, so word statistics are loaded
once and the hits and scored sentences of a question are computed once (cached on the Question).
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from functools import cached_property

from assistant.extract.legal import normalize_key, signature as legal_signature
from assistant.extract.store import Records
from assistant.qa import statistics
from assistant.qa.answer_types import CODE_KINDS, DOCUMENT_CODES, FIGURE_KINDS, asks_actual, expected_kind, holds_figure
from assistant.qa.compose import Citations, clean_value, sentences, section_at, say
from assistant.qa.models import Answer
from assistant.qa.statistics import marked_words, words
from assistant.qa.understand import NUMBERING, Question, UnitNames, cue_words_in, is_filler, named_places
from assistant.settings import Settings
from assistant.text.glossary import GLOSSARY, expand
from assistant.text.normalize import fold, folded_words, has_diacritics, match_key
from assistant.text.segment import segment
from assistant.text.years import label_of, mentions_year, of_years

# A number followed by up to three words, to find the quantity a "bao nhiêu" question asks for.
_QUANTITY_NEAR = re.compile(r"(\d[\d.,]*\s?%?)\s+((?:[a-z]+\s?){1,3})")
# Words of administrative levels ("tỉnh", "thị xã"): they name where, not what.
UNIT_WORDS = {"tinh", "huyen", "xa", "thi", "phuong", "tran", "cap"}
WRITTEN_UNIT_WORDS = {"tỉnh", "huyện", "xã", "thị", "phường", "trấn", "cấp"}
SEARCH_K = 16
# How often a word must stand in the documents' sentences to be read for a word typed with a letter missing.
MIN_RESPELLED_DF = 3
# A plan or report, by name or code, followed by a year: "KH 2025", "ke hoach CDS nam 2025", "báo cáo chuyển đổi số 2023".
_YEAR_KINDS = "|".join(w for kind in ("ke hoach", "bao cao") for w in (kind, DOCUMENT_CODES[kind]))
_KIND_YEAR = re.compile(rf"\b({_YEAR_KINDS})\s+(?:cds\s+|chuyen doi so\s+)?(?:nam\s+)?(20\d\d)\b")
FOLLOWUP_CONTEXT = 0.3
LONG_ROW_WORDS = 60


def is_whole_row(candidate) -> bool:
    _, hit, s, e = candidate
    return hit.kind == "row" and (s, e) == (hit.start, hit.end)


def row_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of a table row's cells (cells end at tabs)."""
    spans, pos = [], start
    for cell_end in [m.start() for m in re.finditer("\t", text[start:end])] + [end - start]:
        spans += sentences(text, pos, start + cell_end)
        pos = start + cell_end + 1
    return [(s, e) for s, e in spans if len(text[s:e].split()) >= 4]


# A sentence that opens by pointing back ("Trong đó, có 274.000.000 đ chi thường xuyên."): its subject is
# in the sentence before.
_POINTS_BACK = re.compile(r"\W*(?:trong đó|trong số đó|theo đó|cụ thể)\b", re.IGNORECASE)


def with_antecedents(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans, a sentence that points back read together with the one before it (same line)."""
    out = []
    for i, (s, e) in enumerate(spans):
        prev = spans[i - 1] if i else None
        if prev and _POINTS_BACK.match(text[s:e]) and "\n" not in text[prev[1]:s]:
            s = prev[0]
        out.append((s, e))
    return out


# Levels that name a town of their own: "thành phố X" is another place than the province X.
TOWN_LEVELS = {"thanh pho", "thi xa", "huyen"}
# Administrative levels from the top, folded.
_LEVEL_RANKS = ({"tinh"}, TOWN_LEVELS, {"xa", "phuong", "thi tran"})

# Documents read to spell out an abbreviation: enough to see the usual wording, bounded per question.
ABBREVIATION_DOCUMENTS = 20
ABBREVIATIONS_KEPT = 1024


def initial_runs(text: str, letters: str) -> list[str]:
    """Runs of words, as written, whose initials spell the letters and whose first word is capitalized
    ("Văn hóa, Thể thao và Du lịch" for "vhttdl"): only spaces, commas and "và" between them."""
    tokens = [(m.start(), m.end(), fold(m.group(0)).lower()) for m in re.finditer(r"[^\W_]+", text)]
    runs = []
    for i, (start, _, word) in enumerate(tokens):
        if word[0] != letters[0] or not text[start].isupper():
            continue
        j, k = i, 0
        while j < len(tokens) and k < len(letters):
            if j > i and re.fullmatch(r"[\s,]*", text[tokens[j - 1][1]:tokens[j][0]]) is None:
                break
            if tokens[j][2][0] == letters[k]:
                k += 1
            elif not (tokens[j][2] == "va" and k > 0):
                break
            j += 1
        if k == len(letters):
            runs.append(text[start:tokens[j - 1][1]])
    return runs


def not_found(intent: str, **extra) -> Answer:
    return Answer(answer="", found=False, citations=[], intent=intent, **extra)


def _phrase(text: str) -> str:
    """Folded words joined by single spaces, padded: for finding a wording as written."""
    return " " + folded_words(text) + " "



# A numbered label heading ("2. Đơn vị chủ trì:  Sở Y tế", "5. Sự cần thiết:"): a field of the block it stands in.
FIELD_LABEL = re.compile(r"^\s*\d{1,2}[.)]\s*[^:]{2,40}:(?:\s|$)")


_LINE = re.compile(r"[^\n]*\S[^\n]*")


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank lines inside [start, end): a field's items, a listed basis."""
    return [m.span() for m in _LINE.finditer(text, start, end)]
_FIRST_FIELD = re.compile(r"[ \t]*1[.)][ \t]*[^:\n]{2,40}:[ \t]*\S")


def first_field(text: str, start: int, lines: int = 12) -> tuple[int, int] | None:
    """(start, end) of the line "1. Label: value" among the few lines before ``start``: what a block of
    labelled fields is about ("1. Nhiệm vụ: Triển khai …" before "3. Đơn vị phối hợp: …")."""
    at = text.rfind("\n", 0, start) + 1
    for _ in range(lines):
        if at <= 0:
            return None
        line_start = text.rfind("\n", 0, at - 1) + 1
        if _FIRST_FIELD.match(text, line_start):
            return line_start, at - 1
        at = line_start
    return None


def field_of(section: str) -> str:
    """What a labelled field is about: the heading of the block that holds it ("IV. LỰA CHỌN NHIỆM VỤ … ĐỘT PHÁ"
    for "2. Đơn vị chủ trì: Sở Y tế"); "" when the section's last heading is no such field."""
    parts = section.split(" > ") if section else []
    if len(parts) < 2 or not FIELD_LABEL.match(parts[-1]):
        return ""
    return next((p for p in reversed(parts[:-1]) if not FIELD_LABEL.match(p)), "")



def unit_names(doc: dict) -> list[str]:
    """Folded names a question may use for a document's unit ("xa x"; "tinh" for the province)."""
    return [fold(name) for name in written_unit_names(doc)]


def written_unit_names(doc: dict) -> list[str]:
    """The same names as written, lower case ("hà tân"; "tỉnh" for the province)."""
    unit = match_key(doc.get("unit") or "")
    core = re.sub(r"^(tỉnh|thị xã|xã|huyện|thành phố|phường|thị trấn)\s+", "", unit).strip()
    names = [core] if core else []
    if doc.get("level") == "tỉnh":
        names += ["toàn tỉnh", "của tỉnh", "cấp tỉnh", "tỉnh"]
    return names


class Evidence:
    def __init__(self, settings: Settings, searcher, records: Records):
        self.settings = settings
        self.searcher = searcher
        self.records = records
        self.docs = records.lazy_documents()  # metadata; each text is read from the records when used
        self.unit_names = UnitNames({name: unit_names(d) for name, d in self.docs.items()},
                                    {(name, fold(w)): w for name, d in self.docs.items() for w in written_unit_names(d)})
        self.unit_words = {w for names in self.unit_names.values() for n in names for w in n.split()}
        build_dir = getattr(searcher, "build_dir", None) or settings.current_index
        stats = statistics.load(build_dir) or statistics.compute_statistics(self.docs.values())
        self.df: dict[str, int] = stats["df"]
        self.n_sentences: int = stats["sentences"]
        self.bigrams = set(stats["bigrams"])
        kinds = sorted({d.get("kind") for d in self.docs.values() if d.get("kind")})
        self.refusal = say("not_found", documents=len(self.docs), kinds=", ".join(kinds),
                           units=len({d.get("unit") for d in self.docs.values()}))
        self._phrase_idf: dict[str, float] = {}
        self._abbreviations: dict[str, str | None] = {}
        self.places = records.places()
        refs = records.legal_refs()
        self.legal_numbers = {(r["type"], r["number"]) for r in refs}
        self.legal_keys = {legal_signature(r["base_key"]) for r in refs}

    # ------------------------------------------------------------ word weights

    def idf(self, word: str) -> float:
        return math.log((self.n_sentences + 1) / (self.df.get(word, 0) + 0.5))

    def terms(self, q: Question):
        """The question's content words and how to split a candidate for them, computed once per question.

        Words are compared with their diacritics when the question has them, folded otherwise;
        words of unit names and levels are left out (the unit is a filter, not evidence).
        """
        if q.terms is None:
            split = marked_words if has_diacritics(q.text) else words
            # Typed with diacritics, only the words as written are the unit's: "máy tính" is no "tỉnh".
            marked = has_diacritics(q.text)
            where = WRITTEN_UNIT_WORDS if marked else UNIT_WORDS
            # Unit names go as names: "Thanh Hóa" is no evidence, but the "hóa" of "số hóa" and the "thanh" of
            # "thanh toán" are.
            wanted = [w for w in dict.fromkeys(split(self.unit_names.without_names(fold(q.text), q.text)))
                      if (w if marked else fold(w)) not in where and not is_filler(w, marked)]
            # An abbreviation or everyday word also stands in a text that spells it the documents' way
            # ("cds" in "chuyển đổi số", "smartphone" in "điện thoại thông minh").
            # An everyday phrase stands for the documents' wording word by word: "người lớn" is "dân số trưởng
            # thành", so its "lớn" is found there.
            spelled, padded = {fold(w): w for w in wanted}, _phrase(q.text)
            # A word that asks is no synonym: the "xong" of "xong chưa" asks a status, it is no "hoàn thành" to find.
            asking = cue_words_in(q.folded)
            said = [(key, value) for key, value in GLOSSARY.items()
                    if (" " not in key or _phrase(key) in padded) and not set(key.split()) <= asking]
            q.synonyms = {spelled[w]: [set(split(value if has_diacritics(q.text) else fold(value)))]
                          for key, value in said for w in key.split() if w in spelled}
            q.phrases = {spelled[w]: _phrase(value) for key, value in said for w in key.split() if w in spelled}
            q.terms = (split, wanted, sum(self.weight(q, w) for w in wanted))
            q.compounds, q.unwritten = self.compounds(q.text, {fold(w) for w in wanted})
        return q.terms

    def compounds(self, text: str, wanted: set[str]) -> tuple[list[tuple[str, str]], set[str]]:
        """The two-syllable words of a question typed with diacritics, as the segmenter reads them (segmented
        once), folded, split in two:

        - those the documents also write side by side: what it is about as units ("dân số", "giám đốc");
        - the syllables of those they never write together: "thời tiết" is not the "thời" of "thời gian" and
          the "tiết" of "chi tiết", so its syllables are no evidence anywhere. Words that ask ("tình trạng",
          "phần trăm") are left alone.

        Without diacritics the segmenter cannot tell a compound from two words, so there are none."""
        if not has_diacritics(text):
            return [], set()
        pairs = [(a, b) for a, b in (tuple(fold(w).split("_")) for w in segment(text) if w.count("_") == 1)
                 if a in wanted and b in wanted]
        written = [(a, b) for a, b in pairs if f"{a} {b}" in self.bigrams]
        unwritten = {w for a, b in pairs if f"{a} {b}" not in self.bigrams and not cue_words_in(f"{a} {b}") for w in (a, b)}
        return written, unwritten

    def split_compounds(self, q: Question, text: str) -> set[str]:
        """Folded words of the question's compounds that the text holds only apart ("dân" and "số" in
        "người dân … chuyển đổi số" are not "dân số"): they are no evidence. A word that stands in
        another of its compounds as written still is ("tỷ lệ dân số" split after "tỷ lệ")."""
        if not q.compounds:
            return set()
        folded = words(text)
        present, pairs = set(folded), set(zip(folded, folded[1:]))
        intact = {w for pair in q.compounds if pair in pairs for w in pair}
        apart = {w for pair in q.compounds if pair not in pairs and set(pair) <= present for w in pair}
        return apart - intact

    def weight(self, q: Question, word: str) -> float:
        """A question word's weight: its idf, but an abbreviation weighs no more than the documents' wording
        of it, counted as a phrase. "CĐS" is rarely written as such, yet "chuyển đổi số" stands in almost
        every sentence: it must not outweigh what the question is about ("hộ nghèo")."""
        if word not in q.phrases:
            return self.idf(word)
        return min(self.idf(word), self.phrase_idf(q.phrases[word]))

    def phrase_idf(self, phrase: str) -> float:
        """The idf of a folded, padded wording, from its occurrences in the corpus (computed once per wording)."""
        if phrase not in self._phrase_idf:
            count = sum(_phrase(line).count(phrase) for line in self.records.folded_lines(phrase))
            self._phrase_idf[phrase] = math.log((self.n_sentences + 1) / (count + 0.5))
        return self._phrase_idf[phrase]

    def has_term(self, q: Question, word: str, have: set[str], text: str | None = None) -> bool:
        """The text (split into ``have``) holds the question word or the documents' wording of it.

        Given the ``text`` itself, the documents' wording must stand in it as written, not only
        its words scattered: "smartphone" is "điện thoại thông minh", not "điện thoại di động
        thông minh có sử dụng phần mềm …".
        """
        if word in have:
            return True
        if any(alt and alt <= have for alt in q.synonyms.get(word, ())):
            return text is None or word not in q.phrases or q.phrases[word] in _phrase(text)
        # A count written with a leading zero is the same count: "03 Không" = "3 không", "06 chỉ tiêu".
        return word.isdigit() and word.lstrip("0") in {w.lstrip("0") for w in have if w.isdigit()}

    def coverage(self, q: Question, text: str) -> float:
        """IDF-weighted share of the question's content words that the text contains."""
        split, wanted, total = self.terms(q)
        if not wanted or not total:
            return 0.0
        have = set(split(text))
        if "%" in text:  # "phần trăm" is written "%"
            have |= set(split("phần trăm" if has_diacritics(q.text) else "phan tram"))
        apart = self.split_compounds(q, text) | q.unwritten
        return sum(self.weight(q, w) for w in wanted if self.has_term(q, w, have, text) and fold(w) not in apart) / total

    # ------------------------------------------------------------ retrieval

    def hits(self, q: Question) -> list:
        """Retrieved chunks of the asked units and years, computed once per question."""
        if q.hits is None:
            # Retrieval also sees the documents' wording of abbreviations and synonyms (smartphone).
            # The unit and year filters run inside both retrievers, before ranking; "KH 2025" names its documents.
            sources = q.units or None
            if named := self.named_by_year(q):
                sources = [s for s in sources or named if s in named] or sources
            q.hits = self.searcher.search(expand(q.text), k=SEARCH_K, sources=sources, years=q.years or None)
        return q.hits

    def named_by_year(self, q: Question) -> list[str]:
        """The documents a kind followed by a year names ("KH 2025", "báo cáo CĐS năm 2023"): of that kind, of
        that year by their title or period, not another kind's text that mentions the year."""
        out = []
        for kind, year in _KIND_YEAR.findall(q.folded):
            kind = CODE_KINDS.get(kind, kind)
            out += [name for name, doc in self.docs.items()
                    if fold(doc.get("kind") or "") == kind and mentions_year(label_of(doc), year)]
        return out

    def naming_words(self, q: Question, source: str) -> frozenset[str]:
        """The question's words that name this document, when the question names its kind ("KH kiểm tra
        CĐS 2023", "theo BC 9 tháng"): they say which document, not what it says."""
        kind = fold(self.docs[source].get("kind") or "")
        if not kind or re.search(rf"\b{kind}\b", q.folded) is None:
            return frozenset()
        split, wanted, _ = self.terms(q)
        label = set(split(f"{self.docs[source].get('kind')} {self.doc_label(source)}"))
        return frozenset(w for w in wanted if w in label)

    def doc_label(self, source: str) -> str:
        return label_of(self.docs[source])

    def scored(self, q: Question) -> list[tuple[float, object, int, int]]:
        if q.scored is None:
            q.scored = self.best_sentences(q, self.hits(q))
        return q.scored

    def best_sentences(self, q: Question, hits: list) -> list[tuple[float, object, int, int]]:
        """Candidate answers from the hits, best first: sentences of passages, whole table rows.

        A row is scored on its rendering with column names ("Căn cứ pháp lý: …"), so a question
        naming the field it wants meets the row that has it. Long candidates pay a little, so that
        a paragraph does not win only by containing many words.
        """
        counting = re.search(r"bao nhieu|may|so luong|ty le|muc|tong so", q.folded) is not None
        wanted = set(words(q.text))
        scored = []
        for rank, hit in enumerate(hits):
            doc = self.docs[hit.source]
            about = ""
            if hit.kind == "row":
                # A long row (a project's purpose, a note) also offers its own sentences: the figure
                # asked for may be one sentence of a cell the whole row would bury.
                spans = [(hit.start, hit.end)]
                if len(hit.text.split()) > LONG_ROW_WORDS:
                    spans += [sp for sp in row_sentences(doc["text"], hit.start, hit.end) if sp != spans[0]]
            elif about := field_of(hit.section):
                # A labelled field's value is one item, whatever it lists ("Công an tỉnh; Bảo hiểm Xã hội tỉnh; …").
                spans = line_spans(doc["text"], hit.start, hit.end)
                # It is about its block's subject too, which the block's first field names.
                if (first := first_field(doc["text"], hit.start)) and field_of(section_at(doc, first[0])) == about:
                    about = f"{about} {doc['text'][first[0]:first[1]]}"
            else:
                spans = with_antecedents(doc["text"], sentences(doc["text"], hit.start, hit.end))
            heading = hit.section.split(" > ")[-1] if hit.section else ""
            for s, e in spans:
                sent = self.candidate_text((0, hit, s, e))
                if not self.names_the_subject(q, f"{hit.section} {sent}"):
                    continue
                said = f"{about} {sent}" if about else sent
                score = 0.85 * self.coverage(q, said) + 0.15 * self.coverage(q, f"{heading} {said}") - 0.005 * rank
                # A follow-up's new subject may replace the previous one's words, in a sentence still about the
                # conversation ("thế riêng người có công?" after "… chi trả không dùng tiền mặt …").
                if q.alone is not None and score >= FOLLOWUP_CONTEXT:
                    score = max(score, 0.85 * self.coverage(q.alone, sent) + 0.15 * self.coverage(q.alone, f"{heading} {sent}") - 0.005 * rank)
                score -= 0.03 * max(0, len(sent.split()) - 60) / 30
                if q.years and of_years(doc, q.years):
                    score += 0.01  # "mục tiêu 2025": the 2025 plan's own figure before another's mention of 2025
                if counting and _QUANTITY_NEAR.search(fold(sent)):
                    near = {w for m in _QUANTITY_NEAR.finditer(fold(sent)) for w in m.group(2).split()}
                    if near & wanted:
                        score += 0.05
                scored.append((score, hit, s, e))
        # Equal scores: the shorter candidate says it more directly ("Giao chỉ tiêu xã X hoàn thành chuyển
        # đổi số năm 2024." before the long sentence that also holds those words).
        scored.sort(key=lambda x: (-round(x[0], 6), x[3] - x[2]))
        return scored

    def places_without_report(self, text: str) -> list[str]:
        """Places the question names by level and name that are no unit with a report ("xã Hải Nhân")."""
        out = []
        for level, name in named_places(text, self.places):
            sources = self.unit_names.sources_in(name)
            if not sources:
                out.append(name)
            elif level in TOWN_LEVELS and not any(self.has_level(source, level) for source in sources):
                # "TP Thanh Hóa" is the city, not the province of that name; "các xã, phường X" are X's own.
                out.append(f"{level} {name}")
        return out

    def levels_of(self, source: str) -> set[str]:
        """The document's unit's levels, folded: "huyện-thị xã" -> {"huyen", "thi xa"}; empty when unknown."""
        return {fold(lv).strip() for lv in re.split(r"[-,/]", self.docs[source].get("level") or "")} - {""}

    def level_rank(self, source: str) -> int:
        """0 for the province's documents, 1 for a district's or town's, 2 for a commune's, 3 when unknown."""
        levels = self.levels_of(source)
        return next((rank for rank, names in enumerate(_LEVEL_RANKS) if levels & names), len(_LEVEL_RANKS))

    def has_level(self, source: str, level: str) -> bool:
        """The document's unit is of this (folded) level; a document of no known level may be of any."""
        levels = self.levels_of(source)
        return not levels or level in levels

    def names_the_subject(self, q: Question, text: str) -> bool:
        """A candidate must name what the question names exactly: places without a report of their own, the things it names by number
        ("Đoàn kiểm tra số 2" is not answered by Đoàn số 1) and a follow-up's own new subject
        ("còn dữ liệu bảo hiểm xã hội?" is not answered by the previous question's "dữ liệu người có công")."""
        folded = fold(text)
        if any(re.search(rf"(?<![a-z]){NUMBERING}\s+0*{n}(?![\d/.,])", folded) is None for n in q.numbered):
            return False
        # A place the question names that has no report of its own: only a text naming it speaks of it
        # ("xã X có bao nhiêu …" is not answered by the province's figure).
        if any(f" {place} " not in _phrase(text) for place in q.places):
            return False
        have, phrase = set(words(text)), _phrase(text)
        return all(w in have or (w in GLOSSARY and _phrase(GLOSSARY[w]) in phrase) for w in q.own_words)

    def said_words(self, q: Question, candidate) -> set[str]:
        """The words of a candidate and its section, split as the question's content words are."""
        split, _, _ = self.terms(q)
        return set(split(f"{candidate[1].section} {self.candidate_text(candidate)}"))

    def candidate_text(self, candidate) -> str:
        """A whole row is read with its column names; a sentence (of a passage or a cell) as written."""
        _, hit, s, e = candidate
        return hit.text if is_whole_row(candidate) else self.docs[hit.source]["text"][s:e]

    # ------------------------------------------------------------ records

    def other_target_asked(self, q: Question, candidate) -> bool:
        """A whole row whose indicator states two targets ("Số hóa … đạt 100%. Tối thiểu 80% hồ sơ … trực
        tuyến"), asked about the part its one target and result columns do not belong to (they follow the
        part stating the target figure, else the first): its figures would answer another indicator."""
        if not is_whole_row(candidate):
            return False
        record = self.record_at(candidate[1].source, candidate[1].start)
        text = record["text"] if record else ""
        figures = list(dict.fromkeys(re.findall(r"\d[\d.,]*\s*%", text)))
        if len(figures) < 2:
            return False
        second = text.find(figures[1], text.find(figures[0]) + len(figures[0]))
        cut = max(text.rfind(mark, 0, second) for mark in ";.,") + 1 or second
        parts = [text[:cut], text[cut:]]
        target = re.findall(r"\d[\d.,]*\s*%", record.get("target") or "")
        own = 1 if target and target[0] in parts[1] and target[0] not in parts[0] else 0
        return self.coverage(q, parts[1 - own]) > self.coverage(q, parts[own])

    def lacks_asked_figure(self, q: Question, record: dict) -> bool:
        """A figure reached is asked and the indicator's record has none to give: a plan's row holds only
        targets; a report's row gives its result as a figure, or a status ("Đang thực hiện"), or nothing, or
        only the figure the question itself gives."""
        if expected_kind(q.text) not in FIGURE_KINDS or "target" in q.fields:
            return False
        if self.is_plan(record["source"]):
            return asks_actual(q.text)
        return not holds_figure(clean_value(record["result"]), q.text)

    def record_at(self, source: str, start: int) -> dict | None:
        return self.records.indicator_at(source, start)

    def section_of(self, record: dict) -> str:
        return section_at(self.docs[record["source"]], record["start"])

    def cite(self, cites: Citations, record: dict) -> int:
        """Quote a record (an indicator, a project) whole, under its section; its citation number."""
        return cites.add(self.docs[record["source"]], self.section_of(record), record["start"], record["end"])

    def own_document(self, q: Question) -> dict | None:
        """The corpus document the question names by its own number ("Kế hoạch 258", "258/KH-UBND")."""
        for doc in self.docs.values():
            number = doc.get("number") or ""
            if not number:
                continue
            if q.legal_key and match_key(q.legal_key) == match_key(number):
                return doc
            if q.legal_number and number.split("/")[0].strip() == q.legal_number[1] \
                    and fold(doc.get("kind") or "") == fold(q.legal_number[0]):
                return doc
        return None

    def knows_document(self, q: Question) -> bool:
        """The legal document the question names is one the corpus is or mentions."""
        if self.own_document(q) is not None:
            return True
        if q.legal_key:
            return legal_signature(normalize_key(q.legal_key)) in self.legal_keys or self.corpus_has(fold(q.legal_key))
        if q.legal_number:
            kind, number = q.legal_number
            if re.fullmatch(r"(?:19|20)\d\d", number):
                return True  # "kế hoạch 2025": the plan of a year, not a number to check
            return (kind, number) in self.legal_numbers or self.corpus_has(
                number, rf"{fold(kind)} (?:so )?{number}(?![\d])|(?<![\d.,]){number}\s*/")
        return True

    def respelled(self, word: str, marked: bool) -> str | None:
        """The word the documents use often that a word they never use is, with one letter dropped in typing
        ("nhiu": "nhieu", "chp": "chip"); with its marks when ``marked``. None when none, or two, are."""
        folded = fold(word).lower()
        if len(folded) < 3 or not folded.isalpha() or not folded.isascii():
            return None
        readings = {v for v in (folded[:i] + c + folded[i:] for i in range(len(folded) + 1) for c in string.ascii_lowercase)
                    if self.df.get(v, 0) >= MIN_RESPELLED_DF}
        if len(readings) != 1:
            return None
        reading = readings.pop()
        return self._marked_forms.get(reading, reading) if marked else reading

    @cached_property
    def _marked_forms(self) -> dict[str, str]:
        """Each folded word's most frequent spelling with marks ("nhieu": "nhiều"), from the word statistics."""
        best: dict[str, tuple[int, str]] = {}
        for word, n in self.df.items():
            if (folded := fold(word)) != word:
                best[folded] = max(best.get(folded, (n, word)), (n, word))
        return {folded: word for folded, (_, word) in best.items()}

    def abbreviation(self, abbr: str) -> str | None:
        """The documents' wording of an abbreviation they never write ("VHTTDL": "Văn hóa, Thể thao và Du lịch",
        "KTKT": "Kinh tế Kỹ thuật"): the capitalized run of syllables whose initials spell it, when one run is
        clearly the documents' usual one. Looked up once per abbreviation."""
        letters = fold(abbr).lower()
        if letters not in self._abbreviations:
            if len(self._abbreviations) >= ABBREVIATIONS_KEPT:  # made-up abbreviations must not grow memory
                self._abbreviations.pop(next(iter(self._abbreviations)))
            self._abbreviations[letters] = self._spelled(letters)
        return self._abbreviations[letters]

    def _spelled(self, letters: str) -> str | None:
        written: Counter[str] = Counter()
        for source in self.records.sources_with_initials(letters, ABBREVIATION_DOCUMENTS):
            written.update(initial_runs(self.docs[source]["text"], letters))
        wordings = Counter()  # "Bảo hiểm Xã hội" and "Bảo hiểm xã hội" are one wording
        for run, n in written.items():
            wordings[folded_words(run)] += n
        if not wordings:
            return None
        (best, n), total = wordings.most_common(1)[0], sum(wordings.values())
        if n < 2 or n < 0.6 * total:
            return None
        return max((run for run in written if folded_words(run) == best), key=written.__getitem__)

    def corpus_has(self, folded: str, pattern: str | None = None) -> bool:
        """Some document writes these folded words (matching ``pattern`` when given, else as written).
        Looked up in the build's full-text index: the corpus's text is not held in memory."""
        check = re.compile(pattern).search if pattern else (lambda line: folded in line)
        return any(check(line) for line in self.records.folded_lines(folded))

    def is_plan(self, source: str) -> bool:
        return self.docs[source].get("kind") == "kế hoạch"
