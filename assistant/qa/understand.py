"""Read a question: which units, statuses, fields, legal document and kind of answer it asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.extract.legal import CODE_TYPES, KEY_PATTERN, TYPE_WORDS, normalize_key
from assistant.extract.status import COMPLETED, IN_PROGRESS, NOT_COMPLETED
from assistant.qa.answer_types import asked_document, expected_kind
from assistant.text.normalize import fold, has_diacritics, match_key
from assistant.text.places import PLACE_MARKED
from assistant.text.segment import STOPWORDS

# Folded cue words -> the record field a question asks for.
FIELD_CUES = {
    "legal_basis": ["can cu phap ly", "co so phap ly", "can cu", "theo van ban nao", "phap ly", "dua tren van ban", "dua vao van ban"],
    "lead_agency": ["chu tri", "don vi nao", "co quan nao", "ai phu trach", "chiu trach nhiem", "don vi thuc hien", "giao cho", "nao lo"],
    "deadline": ["thoi gian hoan thanh", "khi nao hoan thanh", "thoi han", "han hoan thanh"],
    "status": ["da dat chua", "dat chua", "hoan thanh chua", "xong chua", "tinh trang", "trang thai", "da hoan thanh chua", "co dat"],
    "target": ["chi tieu giao", "giao chi tieu", "muc tieu", "chi tieu nam", "ke hoach giao", "chi tieu 2025", "nam 2025"],
    "result": ["dat bao nhieu", "ket qua", "dat duoc", "thuc hien duoc"],
}
STATUS_CUES = [
    (NOT_COMPLETED, ["chua dat", "khong dat", "chua hoan thanh", "thap hon", "khong hoan thanh"]),
    (IN_PROGRESS, ["dang thuc hien", "dang trien khai", "con dang", "chua xong", "dang duoc"]),
    (COMPLETED, ["da hoan thanh", "hoan thanh", "da dat", "da xong"]),
]
LIST_CUES = ["nhung chi tieu", "cac chi tieu", "chi tieu nao", "bao nhieu chi tieu", "may chi tieu", "danh sach", "liet ke", "gom nhung"]
COMPARE_CUES = ["so sanh", "cac don vi", "khac nhau", "so voi", "giua tinh", "chenh lech", "chenh nhau"]
FOLLOWUP_CUES = ["con ", "the con", "vay con", "thi sao", "the nao", "con o", "con ben"]  # "còn bên X": X's side
DOCUMENT_CUES = ["noi gi", "ve viec gi", "noi dung", "ban hanh ngay", "ngay nao", "la gi", "do ai", "ai ban hanh",
                 "trich yeu", "ve gi", "quy dinh gi", "ban hanh gi", "ban hanh khi nao", "khi nao", "co noi dung", "la ke hoach gi",
                 "la quyet dinh gi", "van ban nao", "ai ky", "cua ai", "nhac den", "trich dan", "van de gi", "van de nao",
                 "ky ngay", "ngay ky", "ky khi nao", "so hieu"]  # "ký ngày nào": no word of what the document says
_TYPED_NUMBER = re.compile(
    r"(quyết định|kế hoạch|nghị quyết|nghị định|chỉ thị|công văn|thông tư|thông báo|quyet dinh|ke hoach|nghi quyet|nghi dinh|chi thi|cong van|thong tu|thong bao)\s+(?:số\s+|so\s+)?(\d{1,5})(?![\d/-])",
    re.IGNORECASE,
)
_LEGAL = re.compile(rf"(?<![\w/])({KEY_PATTERN})", re.IGNORECASE)
# A document named as the source of what is asked: "nhiệm vụ đột phá theo Chỉ thị 34 là gì?" asks the task.
_PER = re.compile(r"\b(?:theo|can cu(?: vao)?|thuc hien|tai)\s*$")
# "Những quyết định …?", "kể tên …", "những xã, phường nào": a list of any kind of thing.
# "những kế hoạch gì", "những QĐ kiện toàn ban chỉ đạo, tổ công nghệ số nào": a document type asked in the plural
# may be qualified at any length before its question word.
DOCUMENT_TYPES = "|".join(sorted({fold(w) for w in TYPE_WORDS} | {fold(c).lower() for c in CODE_TYPES}, key=len, reverse=True))
_LIST_WORDING = re.compile(r"^\W*(?:nhung|ke ten)\s|\bnhung\s+[a-z]+(?:[ ,]+[a-z]+){0,2}\s+(?:nao|gi)\b"
                           rf"|\bnhung (?:{DOCUMENT_TYPES})\b[^?.;]*\b(?:nao|gi)\b")
_YEAR = re.compile(r"(?<![\d/.-])(?<!số )(20\d\d)(?![\d/-])")
# "Đoàn kiểm tra số 2", "phụ lục số 3", "nhóm thứ 4": a thing named by its number; not a document's number
# ("Kế hoạch số 258", "KH 258"), nor a figure after "số" meaning digital ("kinh tế số 20%", "CĐS 9 tháng").
# Words before the number of a thing named by number: "đoàn kiểm tra số 2", "đoàn 2", "đợt 1" ("nhóm 4 chỉ tiêu" counts).
NUMBERING = r"(?:so|thu|(?<!giai )doan|dot)"  # "giai đoạn 2" is a phase
# "số 9 tháng", "2 năm" are periods; "số 2 năm 2023" is team 2 of the year 2023.
_NUMBERED = re.compile(rf"(?<![a-z]){NUMBERING}\s+0*(\d{{1,3}})(?![\d/.,%])(?!\s*(?:thang|quy)\b)(?!\s*nam\b(?!\s+\d{{4}}))")
_NOT_NUMBERING = {fold(w) for w in TYPE_WORDS} | {"van ban", "bc", "kh", "qd", "cv", "doi", "chuyen doi"}


_PLACE_FOLDED = re.compile(r"(?<![a-z])(thi xa|thi tran|thanh pho|xa|phuong|huyen|tp)\s+([a-z]+\s+[a-z]+)(?![a-z])")


def named_places(text: str, known: set[str] = frozenset()) -> list[tuple[str, str]]:
    """(level, name), folded, of the places a question names with their level ("xã Hải Nhân" -> ("xa", "hai
    nhan"); "TP" is "thanh pho"). Typed with diacritics a name is Capitalized; without, it is the two words after
    the level word, and only a name ``known`` as a place: "phuong an dam bao" is "phương án đảm bảo", not a ward."""
    if has_diacritics(text):
        found = [(m.group(0)[:m.start(1) - m.start(0)], m.group(1)) for m in PLACE_MARKED.finditer(text)]
        found = [(fold(level).strip(" ."), fold(name)) for level, name in found]
    else:
        found = [(m.group(1), m.group(2)) for m in _PLACE_FOLDED.finditer(fold(text)) if m.group(2) in known]
    return [("thanh pho" if level == "tp" else level, name) for level, name in found]


def numbered_names(folded: str) -> list[str]:
    """The numbers of things the question names by number ("đoàn kiểm tra số 2" -> ["2"])."""
    found = []
    for m in _NUMBERED.finditer(folded):
        before = folded[:m.start()].split()
        if before and (before[-1] in _NOT_NUMBERING or " ".join(before[-2:]) in _NOT_NUMBERING):
            continue
        found.append(m.group(1))
    return found


@dataclass
class Question:
    text: str
    folded: str
    units: list[str] = field(default_factory=list)  # document file names the question names by unit
    legal_key: str | None = None
    status: str | None = None
    fields: list[str] = field(default_factory=list)
    is_list: bool = False
    is_compare: bool = False
    years: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # capitalized names the question mentions
    opening_name: str | None = None  # a run of capitalized words that opens the question
    legal_number: tuple[str, str] | None = None  # ("Kế hoạch", "258") when written without its code
    about_document: bool = False  # asks what a document is: its date, subject, issuer
    per_document: bool = False  # names a document as the source of what it asks ("theo Chỉ thị 34 …")
    unknown_words: list[str] = field(default_factory=list)  # words the documents never use
    numbered: list[str] = field(default_factory=list)  # numbers of things named by number ("đoàn số 2" -> "2")
    own_words: list[str] = field(default_factory=list)  # a follow-up's own subject words, which the answer must hold
    places: list[str] = field(default_factory=list)  # folded names of places the question names that have no report
    alone: "Question | None" = None  # a follow-up naming a subject of its own, read without the previous question
    followup: bool = False  # read with the conversation before it (its text is the thread)
    thread: str = ""  # the conversation up to this question, as the text a follow-up to it goes on from
    terms: tuple | None = None  # (split function, content words) for weighing evidence, set once
    compounds: list = field(default_factory=list)  # folded word pairs the question is about as units, set with terms
    unwritten: set = field(default_factory=set)  # folded syllables of its words the documents never write, set with terms
    nouns: set | None = None  # syllables of the question's nouns, what it is about, set once (guards.nouns)
    synonyms: dict = field(default_factory=dict)  # content word -> the documents' wordings of it, set with terms
    phrases: dict = field(default_factory=dict)  # content word -> the documents' wording of it as a phrase
    hits: list | None = None  # retrieved chunks of the asked units and years, set once
    scored: list | None = None  # candidate sentences and rows, best first, set once


def _has(folded: str, cue: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(cue)}(?![a-z0-9])", folded) is not None


# Chat shorthand people type, spelled out before the question is read: (pattern, with marks, without).
# Document types only before a number ("KH 258", "QĐ 1829"): "KH" alone may be a plan or a customer.
_SHORTHAND = [
    (r"(?<!\w)bn(?!\w)", "bao nhiêu", "bao nhieu"),
    (r"(?<!\w)(?:ko|k0|hok|khg)(?!\w)", "không", "khong"),
    (r"(?<!\w)(?:đc|dc|dk|đk)(?!\w)", "được", "duoc"),
    (r"(?<!\w)kh\.?\s*(?:số\s+|so\s+)?(?=\d+(?![\d/]))", "Kế hoạch ", "ke hoach "),
    (r"(?<!\w)(?:qđ|qd)\.?\s*(?:số\s+|so\s+)?(?=\d+(?![\d/]))", "Quyết định ", "quyet dinh "),
    (r"(?<!\w)cv\.?\s*(?:số\s+|so\s+)?(?=\d+(?![\d/]))", "Công văn ", "cong van "),
    (r"(?<![\w/-])bc(?![\w/-])", "báo cáo", "bao cao"),  # not inside a code ("…/BC-UBND")
    (r"(?<![\w/-])tttt(?![\w/-])", "Thông tin và Truyền thông", "thong tin va truyen thong"),
    (r"(?<!\w)sp(?!\w)", "sản phẩm", "san pham"),
    (r"(?<!\w)ub(?!\w)", "ủy ban", "uy ban"),
    (r"(?<![\w/-])tx\.?(?![\w/-])", "thị xã", "thi xa"),  # "TX Bỉm Sơn"; not inside a code
    (r"(?<![\w/-])tp\.?(?![\w/-])", "thành phố", "thanh pho"),
    (r"(?<![\w/-])qg(?![\w/-])", "quốc gia", "quoc gia"),
    (r"(?<![\w/-])dn(?![\w/-])", "doanh nghiệp", "doanh nghiep"),
    # "có tất cả bao nhiêu" asks "bao nhiêu": "tất cả" is no word of the subject ("cả nước" is).
    (r"(?<!\w)(?:tất cả|tat ca)\s+(?=bao nhiêu|bao nhieu|mấy|may\b|các|cac\b|những|nhung\b)", "", ""),
    # A year typed onto the word before it: "CĐS2025" -> "CĐS 2025".
    (r"(?<=[^\W\d_])(?=(?:19|20)\d\d(?!\d))", " ", " "),
]


def spell_out(text: str) -> str:
    """"bn trạm BTS", "KH 258 ban hành ngày nào" -> "bao nhiêu trạm BTS", "Kế hoạch 258 ban hành ngày nào"."""
    marked = has_diacritics(text)
    for pattern, with_marks, without in _SHORTHAND:
        text = re.sub(pattern, with_marks if marked else without, text, flags=re.IGNORECASE)
    return text


# "<thing> của tỉnh": the province's thing ("phần mềm dùng chung của tỉnh").
_OF_PROVINCE = re.compile(r"(?<=[a-z]) cua tinh\b")
# Typed without diacritics, "tinh" in these is "tính"/"tình", not the province ("tỉnh"): "ước tính", "máy tính",
# "tính đến", "tình hình".
_NOT_PROVINCE = re.compile(r"\b(?:uoc|may) tinh\b|\btinh (?:den|toan|nang|hinh|trang|theo|chat)\b")


class UnitNames(dict):
    """Document name -> the folded names of its unit, indexed by first word, so that finding the units a
    question names looks up its words instead of trying every unit's name (hundreds of units)."""

    def __init__(self, names: dict[str, list[str]], marked: dict[tuple[str, str], str] | None = None):
        super().__init__(names)
        # (document, folded name) -> the name as written ("tỉnh"), so that a question typed with diacritics
        # names the unit only as written: "máy tính", "tính đến" do not name the province ("tỉnh").
        self.marked = marked or {}
        self._by_first: dict[str, list[tuple[str, str]]] = {}
        for source, unit in names.items():
            for name in unit:
                if name:
                    self._by_first.setdefault(name.split()[0], []).append((source, name))

    def _found(self, folded: str) -> list[tuple[str, str]]:
        words = set(re.findall(r"[a-z0-9]+", folded))
        return [(source, name) for w in words for source, name in self._by_first.get(w, ()) if _has(folded, name)]

    def sources_in(self, folded: str, text: str | None = None) -> list[str]:
        """The documents whose unit the (folded) text names, in document order; given the ``text`` as typed
        with diacritics, a name must stand in it as written."""
        found = self._found(folded if text is not None and has_diacritics(text) else _NOT_PROVINCE.sub(" ", folded))
        if text is not None and has_diacritics(text):
            written = match_key(text)
            # A name typed without marks in a question typed with them ("chủ tịch xã Ha Tan") is still a name.
            found = [(source, name) for source, name in found if (source, name) not in self.marked
                     or re.search(rf"(?<!\w){re.escape(self.marked[(source, name)])}(?!\w)", written)
                     or re.search(rf"(?<!\w){re.escape(name)}(?!\w)", written)]
        sources = {source for source, _ in found}
        return [source for source in self if source in sources]

    def without_names(self, folded: str, text: str | None = None) -> str:
        """The text with every unit name it holds blanked out (longest first); given the ``text`` as typed with
        diacritics, the names as written are blanked out of it (lower case): "Thanh Hóa" goes, the "hóa" of
        "số hóa" stays."""
        found = self._found(folded)
        if text is not None and has_diacritics(text):
            names, out, edge = {self.marked.get(item, item[1]) for item in found} | {n for _, n in found}, match_key(text), r"\w"
        else:
            names, out, edge = {name for _, name in found}, folded, "[a-z]"
        for name in sorted(names, key=len, reverse=True):
            out = re.sub(rf"(?<!{edge}){re.escape(name)}(?!{edge})", " ", out)
        return out


def capitalized_runs(text: str) -> list[tuple[int, str]]:
    """(start, run) of two or more Capitalized words in a row ("Hà Trung"; not "CĐS", not "Ngày CĐS"). A single
    capital letter inside a run is part of the name ("Dong A Thanh Hoa")."""
    runs, current = [], []

    def close():
        while current and len(current[-1].group(0)) == 1:
            current.pop()  # "Nhóm A": a letter ends no name
        if len(current) >= 2:
            runs.append((current[0].start(), text[current[0].start():current[-1].end()]))

    for m in re.finditer(r"[^\W\d_]+|\S", text):
        word = m.group(0)
        gap = text[current[-1].end():m.start()] if current else ""
        capitalized = len(word) > 1 and word[0].isupper() and word[1:].islower()
        letter = len(word) == 1 and word.isalpha() and word.isupper()
        if (capitalized or letter) and current and gap.strip() == "":
            current.append(m)
            continue
        close()
        current = [m] if capitalized else []
    close()
    return runs


def understand(text: str, unit_names: dict[str, list[str]]) -> Question:
    """``unit_names`` maps document file names to the folded names of the unit they report on."""
    text = spell_out(text)
    folded = fold(text)
    q = Question(text=text, folded=folded)
    if not isinstance(unit_names, UnitNames):
        unit_names = UnitNames(unit_names)
    q.units = unit_names.sources_in(folded, text)
    if len({tuple(unit_names[u]) for u in q.units}) >= 2 and not any(_has(folded, c) for c in COMPARE_CUES):
        # "Bỉm Sơn dùng những phần mềm dùng chung của tỉnh": "của tỉnh" after a thing says whose thing it is,
        # not a second unit to compare.
        q.units = unit_names.sources_in(_OF_PROVINCE.sub(" ", folded), text) or q.units
    if legal := _LEGAL.search(text):
        q.legal_key = normalize_key(legal.group(1))
    for status, cues in STATUS_CUES:
        if any(_has(folded, c) for c in cues):
            q.status = status
            break
    q.fields = [f for f, cues in FIELD_CUES.items() if any(_has(folded, c) for c in cues)]
    q.is_list = any(_has(folded, c) for c in LIST_CUES) or _LIST_WORDING.search(folded) is not None
    q.is_compare = any(_has(folded, c) for c in COMPARE_CUES) or len({tuple(unit_names[u]) for u in q.units}) >= 2
    q.years = _YEAR.findall(text)
    q.numbered = numbered_names(folded)
    # Proper names: runs of Capitalized words (abbreviations such as "BCĐ", "CĐS" are not names).
    runs = capitalized_runs(text)
    q.names = [run for start, run in runs if start > 0 and not re.search(r"[.?!]\s*$", text[:start])]
    # A name may also open the question ("Nghệ An có …"): its first word is capitalized either way,
    # so the run counts as a name as written or without that first word ("Huyện Hà Trung" -> "Hà Trung").
    if runs and not text[:runs[0][0]].strip():
        q.opening_name = runs[0][1]
    typed = None if q.legal_key else _TYPED_NUMBER.search(text)
    if typed:
        words = {fold(w): t for w, t in TYPE_WORDS.items()}
        q.legal_number = (words[fold(typed.group(1))], typed.group(2))
    if named := legal or typed:
        q.per_document = _PER.search(fold(text[:named.start()])) is not None
    plain = " ".join(w for w in folded.split() if w not in FILLER_WORDS)  # "về cái gì" = "về gì"
    q.about_document = any(_has(folded, c) or _has(plain, c) for c in DOCUMENT_CUES)
    return q


_FOLLOWUP_OPENERS = {"con", "the", "vay"}
MAX_OPENED_FOLLOWUP_WORDS = 16
MAX_UNNAMED_FOLLOWUP_WORDS = 6  # content words of a follow-up that names no unit, year or document


# A thing pointed back at: a word, then "đó" / "ấy" / "kia" / "này" as written ("đoàn đó", "chỉ tiêu này");
# folded, "do" is also "do" (by), so only "ấy" and "này" are read without diacritics, "nay" not after a
# word of time ("hiện nay", "năm nay").
_POINTS_BACK = re.compile(r"(?<=[^\W\d_]) (?:đó|ấy|kia|này)\b|(?<=[a-z]) ay\b"
                          r"|(?<=[a-z])(?<!hien)(?<!nam)(?<!den)(?<!ngay)(?<!thang)(?<!luc)(?<!tu)(?<!qua) nay\b")


# The units of the conversation together: "cả hai nơi", "hai đơn vị đó".
_BOTH = re.compile(r"\bca (?:hai|2)\b|\bhai (?:noi|don vi|dia phuong|xa|huyen|ben)\b")


def is_followup(text: str) -> bool:
    """Short questions that lean on the previous one: "còn xã X thì sao?", "đơn vị nào chủ trì?"."""
    folded = fold(text).strip(" ?.!")
    words = folded.split()
    # "còn …", "thế …", "vậy còn …" open a follow-up however long: the speaker goes on from the last answer.
    if len(words) <= MAX_OPENED_FOLLOWUP_WORDS and words and words[0] in _FOLLOWUP_OPENERS:
        return True
    if len(words) <= MAX_OPENED_FOLLOWUP_WORDS and _POINTS_BACK.search(text.lower()):
        return True  # "đoàn đó kiểm tra sở nào?", "chỉ tiêu này giao cho ai?": the previous question's
    if len(words) <= MAX_OPENED_FOLLOWUP_WORDS and (folded.endswith("thi sao") or _BOTH.search(folded)):
        return True  # "dự án kho dữ liệu dùng chung của tỉnh thì sao", "cả hai nơi có đạt …"
    if len(words) > 8:
        return False
    if any(folded.startswith(c.strip()) for c in FOLLOWUP_CUES):
        return True
    content = [w for w in words if w not in _QUESTION_WORDS]
    return len(content) <= 3


def leans_on_history(q: Question, names: UnitNames | None = None) -> bool:
    """In a conversation, a question leans on the previous ones when it says so ("còn …", "… đó", "thì sao") or
    is short and names no subject of its own: no unit, year, document, numbered or capitalized name
    ("thu hút được bao nhiêu lượt theo dõi vậy", "bao giờ xong?"); or names a unit and only asks
    ("Hà Tân thì được mấy %?": the unit's figure for what was asked before)."""
    if is_followup(q.text):
        return True
    if q.legal_key or q.legal_number or q.numbered:
        return False
    if q.units and names is not None:  # "năm 2023 Bỉm Sơn đạt được bn rồi?": a unit, its year, only asking
        return not _content(re.sub(r"\b(?:nam )?20\d\d\b", " ", fold(names.without_names(q.folded, q.text)).lower()))
    if q.years:
        return False
    return not (q.units or q.names or q.opening_name) and len(_content(q.folded)) <= MAX_UNNAMED_FOLLOWUP_WORDS


def _content(folded: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _QUESTION_WORDS and w not in FILLER_WORDS]


def both_units(folded: str) -> bool:
    """The follow-up asks about every unit of the conversation ("cả hai nơi có đạt …")."""
    return _BOTH.search(folded) is not None


def without_both(folded: str) -> str:
    return _BOTH.sub(" ", folded)


def followup_words(folded: str) -> list[str]:
    """A follow-up's own subject words (folded, its unit names already blanked): not levels, numbers or
    words that only ask ("còn dữ liệu bảo hiểm xã hội?" -> dữ liệu bảo hiểm)."""
    asking = cue_words_in(folded) | _FOLLOWUP_WORDS
    return [w for w in dict.fromkeys(re.findall(r"[a-z0-9]+", folded))
            if not w.isdigit() and w not in asking and w not in STOPWORDS and w not in _LEVEL_WORDS
            and w not in _TIME_WORDS]


def without_pointed_back(text: str) -> str:
    """A follow-up without the thing it points back at ("số liệu đó lấy theo báo cáo của ai?" -> "lấy theo báo
    cáo của ai?"): that thing is the previous question's subject, not a new one. Up to two words before the
    pointer are taken as the thing."""
    for m in reversed(list(_POINTS_BACK.finditer(text.lower()))):
        before = text[:m.start()].split()
        text = " ".join(before[:-2]) + " " + text[m.end():]
    return text


def without_source(text: str, years: list[str]) -> str:
    """A previous question without the document it named by kind and year ("KH CĐS 2025", "báo cáo 9 tháng 2023")
    and without its ``years``: a follow-up naming its own unit or year ("năm 2023 Bỉm Sơn đạt được bao nhiêu?")
    asks another document, so those words are no evidence any more."""
    text = _NAMED_SOURCE.sub(" ", text)
    for year in years:
        text = re.sub(rf"(?i)\b(?:năm |nam )?{year}\b", " ", text)
    return text


# A document named by its kind ("KH", "báo cáo"), optionally its subject and months, then its year: "KH CĐS 2025".
_NAMED_SOURCE = re.compile(r"(?i)(?<!\w)(?:kh|bc|kế hoạch|ke hoach|báo cáo|bao cao)(?: (?:cđs|cds|chuyển đổi số|chuyen doi so))?"
                           r"(?: \d{1,2} (?:tháng|thang))?(?: (?:năm |nam )?20\d\d)(?!\w)")


def named_words(text: str) -> str:
    """What a follow-up names, as written, without the words that ask ("ai chủ trì dự án đó?" -> "dự án đó"):
    the next follow-up keeps its subject but asks anew ("… đơn vị nào phối hợp?" asks no more who leads)."""
    asking = cue_words_in(fold(text)) | _FOLLOWUP_WORDS | _QUESTION_WORDS | FILLER_WORDS
    return " ".join(w for w in re.findall(r"[^\W_]+", text) if fold(w) not in asking)


# The words that make a follow-up ("còn …", "thế …", "… thì sao").
_FOLLOWUP_WORDS = {w for cue in FOLLOWUP_CUES for w in cue.split()} | _FOLLOWUP_OPENERS


# Administrative levels: where, not what.
_LEVEL_WORDS = {"tinh", "huyen", "xa", "thi", "phuong", "tran", "thon", "ban", "cap"}
# When, not what: "thế năm 2023?" names a year, not a thing the answer must say.
_TIME_WORDS = {"nam", "thang", "quy", "gio", "xong"}


# Words that ask rather than say what about: a question made only of them needs context.
_QUESTION_PHRASES = """la gi|bao nhieu|nao|the|sao|co khong|duoc|cua|va|don vi|chu tri|can cu|phap ly|noi dung|ket qua
    |thoi gian|hoan thanh|han|muc tieu|chi tieu|dat|chua|tinh trang|ra sao|nhu|ai|o dau|khi|ngay|lau|ban|minh|toi
    |xin|cam on|giup|hoi|cho biet|vui long|hay|phan tram|hom nao|chiem bao nhieu|thi|may|thuoc|bat dau|ket thuc
    |co vuot|vuot muc|cao hon chi tieu|thap hon chi tieu|tang hay giam|so voi muc yeu cau|so voi yeu cau|nam truoc
    |moi dat""".split("|")  # a value weighed against another ("mới đạt … so với mức yêu cầu", "… năm trước")
_QUESTION_WORDS = {w for phrase in _QUESTION_PHRASES for w in phrase.split()}


# Function and filler words of everyday speech: never evidence, never a reason to refuse.
FILLER_WORDS = set("""muon cai giup cho toi hoi vay nhe a voi xin biet minh oi nhi day nha roi khoang rieng kia k ko""".split())
# The same words as written: typed with marks, "hội" (xã hội), "nhà" (nhà văn hóa), "minh" (thông minh),
# "cải" (cải cách), "đẩy" (đẩy mạnh) are content, though they fold to fillers.
MARKED_FILLER_WORDS = set("""muốn cái giúp cho tôi hỏi vậy nhé à ạ với xin biết mình ơi nhỉ đây nha rồi hả ông bà
    khoảng chừng riêng tất cả giờ mảng kia k ko""".split())  # hedges: "khoảng bao nhiêu", "riêng … thì", "tất cả bao nhiêu"; "k", "ko": "không" typed short;
# "mảng kinh tế số" says "the field of", as the documents' "nhóm" does (folded, "mang" is "mạng": content).


def is_filler(word: str, marked: bool) -> bool:
    """``word`` (lower case) of a question typed with diacritics (``marked``: as written, so "minh" in
    "thông minh" is no "mình") or without them (by its folded form)."""
    return word in MARKED_FILLER_WORDS if marked else fold(word) in FILLER_WORDS

# Words that say what kind of answer is wanted, not what it is about.
_CUE_PHRASES = [p.strip() for p in _QUESTION_PHRASES] + list(FILLER_WORDS) + [
    cue.strip() for cues in [*FIELD_CUES.values(), *(c for _, c in STATUS_CUES), LIST_CUES, COMPARE_CUES, DOCUMENT_CUES]
    for cue in cues]
CUE_WORDS = {w for phrase in _CUE_PHRASES for w in phrase.split()}


@lru_cache(maxsize=1024)
def cue_words_in(folded: str) -> frozenset[str]:
    """The cue words that ask in this (folded) question: those of the cue phrases it holds. "chu" asks in
    "đơn vị chủ trì" but not in "chữ ký số", which only folds to it. Read once per question."""
    padded = " " + " ".join(re.findall(r"[a-z0-9]+", folded)) + " "
    return frozenset(w for phrase in _CUE_PHRASES if f" {phrase} " in padded for w in phrase.split())


def asking_text(q: Question) -> str:
    """What says the kind of value asked: a follow-up's own words when they ask it themselves ("thế nhà văn
    hóa có wifi bao nhiêu cái?" after "… bao nhiêu camera?" counts no cameras), else the whole question."""
    if q.alone is not None and (expected_kind(q.alone.text) or asked_document(q.alone.text)):
        return q.alone.text
    return q.text
