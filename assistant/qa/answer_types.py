"""The kind of value a question asks for, and whether a candidate sentence holds one.

A sentence that shares the question's words but holds no value of the asked kind is not an
answer ("chi bao nhiêu tiền" needs an amount of money, "ai ký" a person, "khi nào" a date).
"""

from __future__ import annotations

import re

from assistant.extract.legal import KEY_PATTERN, TYPE_WORDS
from assistant.text.glossary import GLOSSARY
from assistant.text.normalize import UPPER, fold, folded_words, has_diacritics

# (kind, folded question cue) in order: the first that matches names the kind.
_CUES = [
    ("reason", r"\b(?:vi sao|tai sao|ly do|nguyen nhan|vi ly do gi)\b"),
    # "xếp hạng … đứng ở đâu (so với cả nước)": a rank, not a place.
    ("rank", r"\b(?:xep |dung )?thu may\b|\b(?:xep |dung )?hang (?:may|bao nhieu)\b|\bxep thu\b"
             r"|\bxep hang\b.*\b(?:dung |nam )?(?:o dau|o vi tri nao|the nao|ra sao)\b"),
    # "kinh phí" asks an amount unless another question word asks what else ("lấy từ nguồn nào", "khó khăn gì").
    ("money", r"bao nhieu tien|chi bao nhieu|so tien|^(?!.*\b(?:nao|gi|ai)\b).*(?:kinh phi|chi phi|ngan sach|tong von|muc dau tu|von dau tu)"),
    ("percent", r"bao nhieu phan tram|bao nhieu %|ty le bao nhieu|may phan tram"),
    # Whole words: "nhóm nào" is no "hôm nào".
    ("date", r"\b(?:khi nao|ngay (?:cu the |chinh xac )?nao|hom nao|ngay bao nhieu|ngay may|thang may|thoi gian nao|bao gio|luc nao|nam nao|thang nao)\b"),
    # Who works with the lead ("những đơn vị nào phối hợp"): no lead agency answers it.
    ("partner", r"\b(?:don vi|co quan|so|nganh|ai) (?:nao )?(?:se |tham gia |cung )?phoi hop\b"
                r"|\bphoi hop (?:voi [a-z ]+? )?(?:la|gom) (?:nhung |cac )?(?:don vi|co quan|ai)\b"),
    ("agency", r"\bai (chu tri|phu trach|chiu trach nhiem|tong hop)|(don vi|co quan|so|phong|ban) nao (?:lam |se |dung ra )?(chu tri|phu trach|chiu trach nhiem|lo|tong hop)"
               r"|(chu tri|phu trach|chiu trach nhiem) la (ai|don vi nao|co quan nao)|do (ai|don vi nao|co quan nao) chu tri"
               r"|giao (?:cho )?(?:so|don vi|co quan|ban|phong|nganh) nao|(?:so|don vi|co quan) nao (?:duoc giao|dam nhiem)"
               r"|\b(?:so|nganh|don vi|co quan) nao (?:thuc hien|trien khai|dam nhan)\b"),
    # Which body is meant ("cơ quan thường trực … là cơ quan nào", "sở nào làm phó trưởng đoàn"): one the question
    # does not name itself.
    ("body", r"\b(?:la|lam) (?:nhung |cac )?(?:co quan|don vi|so|ban) nao\b|\b(?:co quan|don vi|so) nao (?:lam|la)\b"),
    ("person", r"\b(?:ai|nao) ky\b|\b(?:bo sung|them|bo nhiem|cu) ai\b|\bai la\b|ai lam truong|nguoi ky|ky boi ai"
               r"|\b(?:giam doc|chu tich|bi thu|truong ban|truong phong)\b.*\b(?:ten (?:la )?gi|la ai)\b"
               # A name asked of a role that may be held by an agency ("trưởng đoàn"): only "tên là gì" asks a person.
               r"|\btruong doan\b.*\bten (?:la )?gi\b|\b(?:ong|ba) (?:hay (?:ong|ba) )?nao\b"),
    ("place", r"\bo dau\b|\btai dau\b|\bnoi nao\b|\bdia diem nao\b|(?:xa|phuong|thi tran|huyen|thi xa|dia phuong|dia ban)(?:\s*[,/]\s*[a-z]+(?: [a-z]+)?)?\s+nao\b"),
    ("status", r"(hoan thanh|dat|xong|thuc hien) chua|co (dat|hoan thanh) khong|tinh trang|trang thai|(?:den|toi) dau roi|\btien do\b(?! (?:ai|don vi|co quan|so|nguon))"),
    # "Tỷ lệ … ?" opening the question asks the rate, a figure, even without "bao nhiêu".
    ("number", r"bao nhieu|\bmay\b|so luong|tong so|^\W*so (?!hoa|lieu|hieu)[a-z]+|^\W*ty le\b"),
]
# An amount with its unit, or a figure of millions written with dot groups ("2.092.423.000").
_MONEY = re.compile(r"\d[\d.,]*\s*(đồng|đ\b|triệu|tỷ|nghìn|ngàn|vnđ|vnd)|\b\d{1,3}(\.\d{3}){2,}\b", re.IGNORECASE)
PERCENT = re.compile(r"\d[\d.,]*\s*%")
_DATE = re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}(\s*/\s*\d{4})?\b|ngày\s+\d{1,2}|tháng\s+\d{1,2}|quý\s+[IV1-4]+|năm\s+20\d\d", re.IGNORECASE)
# Common Vietnamese family names: a person's name starts with one ("Sở Thông tin" is no person).
SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Mai Đinh Lương Trịnh Đoàn Tạ "
            "Lại Cao Tô Lưu Vương Chu Thái Triệu Đào Kiều Lò Quách Hứa Tống Mạc Khổng Lâm Doãn Đàm Nông Lục").split()
# A person: a family name and one to three more Capitalized words (see _has_person), or an office
# title, or the leaders of an office ("Lãnh đạo Sở …").
_PERSON = re.compile(r"\b(?:chủ tịch|giám đốc|bí thư|trưởng ban|phó)\b|lãnh đạo\s+(?:sở|ban|ubnd|ủy ban|văn phòng|phòng)\b",
                     re.IGNORECASE)


def _has_person(text: str) -> bool:
    """A name, or an office title ("Chủ tịch", "Lãnh đạo Sở …")."""
    return _has_name(text) or _PERSON.search(text) is not None


def _has_name(text: str) -> bool:
    """A name: a common family name, then one to three Capitalized words ("Đỗ Minh Tuấn")."""
    tokens = re.findall(r"\w+", text)
    return any(w in SURNAMES and tokens[i + 1][0].isupper() and not tokens[i + 1].isupper()
               for i, w in enumerate(tokens[:-1]))
_NUMBER = re.compile(r"\d")
# A named place: "phường Điện Biên", "xã Hải Nhân", "huyện Thọ Xuân" (the name capitalized).
# Also a list after the level word: "UBND các huyện: Mường Lát, …".
_PLACE_NAMED = re.compile(rf"(?i:xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh)\s+([{UPPER}][^\W\d_]*(?:\s+[{UPPER}][^\W\d_]*)*)")
# "Tên văn bản: …" (a column label) names no village ("bản").
_PLACE = re.compile(rf"\b(?i:xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh|thôn|(?<!văn )bản|khu phố)(?:\s*:)?\s+[{UPPER}]")
# A stated status: "đã hoàn thành", "chưa đạt", "đang triển khai", "đạt 93%", "vượt".
_STATUS = re.compile(r"(?:đã|chưa|không|đang|cơ bản)\s+(?:được\s+)?(?:hoàn thành|đạt|triển khai|thực hiện|xong|ban hành|đáp ứng|phê duyệt)"
                     r"|(?:hoàn thành|đạt)\s+(?:được\s+)?\d|\bvượt\b|tình trạng", re.IGNORECASE)
# Who leads a task: an organization (or an office holder) named with the leading role.
_AGENCY = re.compile(r"\b(sở|phòng|ban|bộ|ubnd|ủy ban|uỷ ban|trung tâm|công an|văn phòng|cục|chi cục|đài|viện|hội|đoàn"
                     r"|bảo hiểm|kho bạc|bưu điện|ngân hàng|chủ tịch|giám đốc|trưởng)\b", re.IGNORECASE)
# An agency by name: its kind, then capitalized words ("Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh").
_AGENCY_NAME = re.compile(r"\b(?:Sở|Văn phòng|UBND|Ủy ban|Uỷ ban|Trung tâm|Công an|Ban|Bộ|Cục|Đài|Hội|Bảo hiểm|Viện|Kho bạc"
                          rf"|Bưu điện|Ngân hàng)(?:\s+(?:[{UPPER}][^\W\d_]*|và|nhân dân|tỉnh|huyện|xã))+")
_LEAD_ROLE = re.compile(r"chủ trì|phụ trách|chịu trách nhiệm|đầu mối|giao cho|được giao", re.IGNORECASE)
_PARTNER_ROLE = re.compile(r"phối hợp", re.IGNORECASE)
# "bao nhiêu bệnh viện", "mấy chỉ thị": a count of things, not a rate ("bao nhiêu %", "tỷ lệ … bao nhiêu").
# A question opening with "số …" asks the number of something too ("số hộ nghèo …" = how many poor households),
# unless "số" begins a word of its own ("số hóa", "số liệu", "số hiệu").
_COUNT_CUE = re.compile(r"(?:bao nhiêu|bao nhieu|\bmấy|\bmay|^\W*(?:tổng |tong )?(?:số|so)(?: lượng| luong)?(?! (?:hóa|hoá|hoa|liệu|lieu|hiệu|hieu)\b))\s+(\w+)")
_SHARE = re.compile(r"\bchiem\b")
_GIVEN_NUMBER = re.compile(r"(?<![\d/])\b(?!(?:19|20)\d\d\b)\d")  # not a year
_RATE_WORDS = re.compile(r"ty le|phan tram|%|\bmuc\b(?! do\b| tieu\b)|chi so|diem")  # "mức độ chuyển đổi số" is a subject, "mục tiêu" a target
# Units of measure (folded): "bao nhiêu km cáp" asks a quantity; documents write them onto the number ("800km").
MEASURES = ("km2", "km", "m2", "m", "ha", "kg", "tan", "gbps", "gb", "tb", "mbps", "mb", "kwh", "kw", "mw")
# Numbers that are no count: rates, dates, years, document numbers, table row numbers, citation marks,
# names with a digit.
_NOT_A_COUNT = re.compile(
    r"\d[\d.,]*\s*%|\b\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\b|\d[\d./]*\s*[/-]\s*(?-i:[A-ZĐ])[\w-]*"
    r"|(?<![\d.,])\b(?:19|20)\d\d\b(?![\d,]|\.\d)|^\s*\d+\s*(?=\t)|(?:ngày|tháng|quý)\s+\d[\d/]*|\[\d+\]"
    rf"|\b\d+(?!(?:{'|'.join(MEASURES)})\b)[a-zđ]+\b",  # names with a digit: "4G/5G", "3D"; not "800km"
    re.IGNORECASE | re.MULTILINE)
# Legal document types (folded) and the code their numbers carry ("258/KH-UBND").
DOCUMENT_CODES = {"ke hoach": "kh", "quyet dinh": "qd", "nghi quyet": "nq", "chi thi": "ct", "thong tu": "tt",
                  "nghi dinh": "nd", "cong van": "", "thong bao": "tb", "bao cao": "bc"}
# A code's document kind, folded ("kh" -> "ke hoach").
CODE_KINDS = {code: name for name, code in DOCUMENT_CODES.items() if code}
_NUMBER_ASKED = r"so may(?! tinh)|so bao nhieu|so gi|so nao|so hieu|ky hieu"
# A type by name or by its code as officials abbreviate it ("KH kiểm tra … số hiệu gì").
_TYPE_NAMES = {**DOCUMENT_CODES, **{code: code for code in DOCUMENT_CODES.values() if code}, "van ban": ""}
# The type right before the asking words ("… ở QĐ số mấy") before the type the question opens with.
# Else the type the question opens with, else the last type named before them ("… ban hành quyết định xếp hạng … số mấy").
_DOCUMENT_ASKED = (re.compile(rf"\b({'|'.join(_TYPE_NAMES)})\s+(?:nao|{_NUMBER_ASKED})"),
                   re.compile(rf"^\W*({'|'.join(_TYPE_NAMES)})\b.*\b(?:{_NUMBER_ASKED})\b"),
                   re.compile(rf".*\b({'|'.join(_TYPE_NAMES)})\b.*\b(?:{_NUMBER_ASKED})\b"))
# Kinds that ask for a figure (not a status, a date or a name).
FIGURE_KINDS = {"percent", "number", "count"}
# Kinds checked on record answers too: a row that only shares the words is not one of these.
STRICT_KINDS = {"count", "money", "agency", "partner", "rank"}
# Levels that issue documents, as a question names them ("của huyện", "của tỉnh").
_LEVELS = r"tinh|huyen|xa|thi xa|thanh pho|phuong|thi tran|bo|chinh phu|trung uong"
# A reason given: "do …", "vì …", "nguyên nhân", "chưa đáp ứng …".
_REASON = re.compile(r"\b(?:do|vì|bởi|nguyên nhân|lý do|dẫn đến|chưa đáp ứng|gặp khó khăn|vướng mắc)\b", re.IGNORECASE)
# A rank: "xếp thứ 12", "hạng 3", "đứng thứ nhất".
# "thứ 15", "hạng nhất", or a place among the first ("trong nhóm 10 tỉnh … dẫn đầu", "top 20").
_RANK = re.compile(r"\b(?:thứ|hạng|vị trí)\s+(?:\d+|nhất|nhì|ba|tư|năm)\b|\b(?:nhóm|top)\s+\d+\b", re.IGNORECASE)
_PATTERNS = {"reason": _REASON, "rank": _RANK, "place": _PLACE, "status": _STATUS, "money": _MONEY,
             "percent": PERCENT, "date": _DATE, "person": _PERSON, "number": _NUMBER}


def expected_kind(question: str) -> str | None:
    folded = fold(question)
    for kind, cue in _CUES:
        if re.search(cue, folded):
            if kind == "number" and asked_document(question) is not None:
                return None  # "công văn số mấy": a document's number, not a quantity
            if kind == "number" and is_count(question):
                return "count"
            return kind
    return None


# Words after "bao nhiêu" that name no counted thing: units of time and money, particles ("bao nhiêu ạ"),
# classifiers ("bao nhiêu cái" counts what the question named before), prepositions ("bao nhiêu trên 100 dân" is a
# density). Matched as written when the question has marks: "bao nhiêu tài khoản" counts accounts, though "tài"
# folds to "tại".
_NOT_COUNTED_MARKED = set("""phần tiền lâu ngày tháng giờ vậy à ạ ơi nhỉ nhé thế đây số cho để trong ở tại là và
    được nữa rồi không cả hết thì mà cái chiếc trên dưới mỗi nào""".split())  # "sở nào …" opens no count
_NOT_COUNTED = {fold(w) for w in _NOT_COUNTED_MARKED}


def _not_counted(word: str, marked: bool) -> bool:
    return word.lower() in _NOT_COUNTED_MARKED if marked else fold(word) in _NOT_COUNTED


def is_count(question: str) -> bool:
    """"bao nhiêu định danh điện tử": a count of things; "tỷ lệ … đạt bao nhiêu", "bao nhiêu %" are not.

    Read on the question as written, so that "máy tính" is not "mấy"."""
    folded = fold(question)
    if _RATE_WORDS.search(folded):
        return False
    if _SHARE.search(folded) and not _GIVEN_NUMBER.search(folded):
        return False  # "chiếm bao nhiêu GRDP" asks a share; "trong 700 phòng, cấp xã chiếm bao nhiêu phòng" a part
    marked, lowered = has_diacritics(question), question.lower()
    cues = list(_COUNT_CUE.finditer(lowered))
    if "bao nhiêu" in lowered or "bao nhieu" in lowered:
        # One question asks one count: beside "bao nhiêu", "may tinh" typed without marks is "máy tính".
        cues = [m for m in cues if not m.group(0).startswith(("mấy", "may"))]
    return any(not _not_counted(m.group(1), marked) for m in cues)


def fold_asking(question: str) -> str:
    """The question folded for reading what it asks: "những sở nào" asks departments, which folded would read as
    "số nào" (which number); it is read as "cơ quan nào". Typed without marks the two cannot be told apart."""
    return fold(re.sub(r"(?<!\w)[Ss]ở(?!\w)", "cơ quan", question))


def asked_document(question: str) -> str | None:
    """The code of the document type the question asks to identify ("kế hoạch số mấy" -> "kh")."""
    folded = fold_asking(question)
    m = next((m for pattern in _DOCUMENT_ASKED if (m := pattern.search(folded))), None)
    return _TYPE_NAMES[m.group(1)] if m else None


def asked_issuer(question: str) -> str | None:
    """The level whose document is asked for: "theo quyết định nào của huyện" -> "huyen"."""
    m = re.search(rf"(?:{'|'.join(DOCUMENT_CODES)})\s+(?:nao|{_NUMBER_ASKED})\s+cua\s+({_LEVELS})\b", fold_asking(question))
    return m.group(1) if m else None


def names_document(code: str, text: str, issuer: str | None = None) -> bool:
    """The text holds the number of a document of that code ("06/KH-UBND", "06-NQ/TU"; any for ""),
    issued by the given level when one is asked ("… ngày 09/01/2023 của Chủ tịch UBND huyện")."""
    code = code or r"[a-z]+"
    by = rf"[^;]{{0,40}}?\bcua\b[^;,]{{0,30}}?\b{issuer}\b" if issuer else ""
    folded = fold(text)
    # Any document's number may carry the ministry's code first ("3816/BTTTT-…"); a typed one after its type.
    ministry = rf"\d\s*/\s*(?:{code}-)?{_MINISTRY}" if code == r"[a-z]+" else rf"\d\s*/\s*{code}-{_MINISTRY}"
    if issuer == "bo" and re.search(ministry, folded):
        return True  # a ministry's number says whose it is: "3816/BTTTT-CĐSQG", "1332/QĐ-BYT"
    return re.search(rf"\d\s*[/-]\s*(?:\d+\s*/\s*)?{code}(?![a-z]){by}", folded) is not None


# A ministry's code in a document number: "B" and the ministry's initials ("BTTTT", "BYT"); "BCĐ" is a steering
# committee (Ban Chỉ đạo), no ministry.
_MINISTRY = r"b(?!cd\b)[a-z]{1,7}(?![a-z])"


def counted_thing(question: str) -> str | None:
    """The folded word after "bao nhiêu"/"mấy" when the question asks a count ("bệnh" for "bao nhiêu bệnh viện")."""
    if expected_kind(question) != "count":
        return None
    marked = has_diacritics(question)
    return next((fold(m.group(1)) for m in _COUNT_CUE.finditer(question.lower()) if not _not_counted(m.group(1), marked)), None)


def percent_of(question: str) -> list[str]:
    """The folded words a percentage is asked of ("bao nhiêu % dân số" -> ["dan", "so"]), up to two, stopping at a
    particle, a preposition, a level or a name ("bao nhiêu % ở xã …", "mấy phần trăm Hà Tân"); abbreviations
    ("bao nhiêu % DN") are written otherwise in the documents, so they are no such words."""
    m = _PERCENT_OF.search(question)
    if not m:
        return []
    marked, out = has_diacritics(question), []
    for word in m.groups():
        if not word or _not_counted(word, marked) or word[0].isupper() or fold(word).lower() in _PLACE_WORDS:
            break
        out.append(fold(word).lower())
    return out


_PERCENT_OF = re.compile(r"(?i)(?:bao nhiêu|bao nhieu|mấy|may)\s*(?:%|phần trăm|phan tram)\s+(\w+)(?:\s+(\w+))?")
_PLACE_WORDS = {"xa", "huyen", "tinh", "phuong", "thi", "tp", "toan", "ca", "dia", "cap"}


def counted_phrase(question: str) -> list[str]:
    """The folded words from the counted thing on ("doanh nghiep cong nghe so roi" for "bao nhiêu doanh nghiệp
    công nghệ số rồi"); empty when no count is asked."""
    thing = counted_thing(question)
    if not thing:
        return []
    folded = fold(question).lower()
    m = re.search(rf"\b(?:bao nhieu|may|so(?: luong)?)\s+{re.escape(thing)}\b", folded)
    return [thing, *re.findall(r"[a-z0-9]+", folded[m.end():])] if m else []


def numbers_of(thing: str, text: str) -> list[list[str]]:
    """The folded words after each number of the text that counts the thing ("600 doanh nghiệp tiếp cận …")."""
    plain = fold(_NOT_A_COUNT.sub(" ", text)).lower()
    follows = (re.findall(r"[a-z0-9]+", plain[m.end():m.end() + 60]) for m in re.finditer(r"\d[\d.,/]*", plain))
    return [after for after in follows if after[:1] == [thing]]


# Words after a number that do not name what it counts ("9.399 trên địa bàn", "21 trong tổng số").
NOT_A_NOUN = set("va trong tren tai o nam la dat chiem voi cua con da duoc theo tu den so ca bang gom do cho nhu".split())


def counts(thing: str, text: str) -> bool:
    """A count of the thing: a number followed by it, or by it after words that count nothing ("33 bệnh viện",
    "01 Chỉ thị"; not "02 ngày Đoàn đến"), or the thing then a number in the same clause ("số trạm BTS … là 9.399")."""
    plain = fold(_NOT_A_COUNT.sub(" ", text))
    for m in re.finditer(r"\d[\d.,/]*", plain):
        after = re.findall(r"[a-z]+", plain[m.end():m.end() + 40])[:3]
        before = re.split(r"[;:\n]|\. ", plain[:m.start()])[-1]
        # "số" of "chuyển đổi số" (digital) is no "số" (number of): "… chuyển đổi số cấp xã … 2025".
        if thing in after and all(w in NOT_A_NOUN for w in after[:after.index(thing)]):
            return True
        # The thing, then its number: not a number of something else ("tổng số thuê bao … 94,5 máy/100 dân").
        counts_other = bool(after) and after[0] != thing and after[0] not in NOT_A_NOUN
        if not counts_other and re.search(rf"\b(?<!doi )(?:tong so|so luong|so)\s+(?:(?!va |hoac )[a-z]+\s+){{0,2}}{re.escape(thing)}\b", before):
            return True
    return False


def counts_asked(question: str, text: str) -> bool:
    """A count asked of a thing ("bao nhiêu doanh nghiệp số") is answered only by a text counting it, in the
    question's words or the documents' ("bao nhiêu DVC": "872 dịch vụ công"); any text when no count is asked."""
    thing = counted_thing(question)
    spelled = fold(GLOSSARY[thing]).split()[0] if thing in GLOSSARY else None
    return not thing or counts(thing, text) or bool(spelled and counts(spelled, text))


def answers(question: str, text: str) -> bool:
    """The text holds a value of the asked kind and, when a document is asked for, its number."""
    code = asked_document(question)
    kind = expected_kind(question)
    if kind in FIGURE_KINDS:  # a counted thing is asked only by a count, one of these
        text = _without_given_numbers(question, _within_given_total(question, text))
    if not counts_asked(question, text):
        return False
    if kind == "date":
        text = _without_document_dates(question, _without_given_years(question, text))
        if _ASKS_DAY.search(fold(question)) and not _DAY.search(text):
            return False  # "trước ngày nào" is not answered by a year ("tầm nhìn đến năm 2030")
    if kind == "place":
        text = _without_given_places(question, text)
        levels = asked_levels(question)
        if levels and not any(_PLACE_OF[lv].search(text) for lv in levels):
            return False  # "những xã nào" is not answered by a list of districts ("UBND các huyện: …")
    if kind == "body":
        return any(fold(name) not in fold(question) for name in _AGENCY_NAME.findall(text))
    if kind == "person" and (office := _PERSON.search(question)):
        # "chủ tịch UBND tỉnh là ai" names the office: only a person's name answers, not another title, and
        # the office as asked ("Phó Chủ tịch" holds another office).
        holder = re.search(rf"(?<!phó )(?<!pho ){re.escape(office.group(0).lower())}", text.lower())
        return holder is not None and _has_name(text[1:]) and (code is None or names_document(code, text, asked_issuer(question)))
    if kind == "percent" and (of := percent_of(question)) and f" {' '.join(of)} " not in f" {folded_words(text)} ":
        return False  # "bao nhiêu % dân số" is not answered by "100% các thôn, bản"
    if kind == "number" and _RATE_ASKED.search(fold(question)) and not _RATE.search(text):
        return False  # "tỷ lệ … đạt bao nhiêu" is not answered by a count ("850.000 tài khoản")
    return holds(kind, text) and (code is None or (names_document(code, text, asked_issuer(question))
                                                   and describes_document(question, text)))


def describes_document(question: str, text: str) -> bool:
    """A document asked by what it does ("QĐ công nhận … hoàn thành CĐS, QĐ số mấy") is one the text says does
    it, in the clause (or table row) before its number or right after it and its date ("Quyết định số … ngày … về
    việc công nhận …"); not another the sentence names ("hồ sơ theo Quyết định số 1829/QĐ-UBND ngày 30/5/2023 và
    đề nghị … công nhận"). A text that never says those words is not judged by them."""
    m = _DESCRIBED.search(fold_asking(question))
    plain = fold(text)
    if m is None or m.group(1) not in plain:
        return True  # no such words in the text: nothing says its document does something else
    described = m.group(1)
    for number in re.finditer(r"\d+\s*/\s*[a-z]+-[a-z0-9]+", plain):
        # Its own name: from the last document type named before it in its clause or table row ("Quyết định phê
        # duyệt … \t1139/QĐ-UBND"), not words of the clause about another ("… đề nghị … công nhận … theo Quyết định số").
        clause = re.split(r"[;.\n]", plain[:number.start()])[-1]
        if "|" in clause or "\t" in clause:
            before = clause  # a table row is one document's: its name is in another cell
        else:
            named = list(_TYPE_WORD.finditer(clause))
            before = clause[named[-1].start():] if named else ""
        after = re.split(r"[;.\n(]| va ", plain[number.end():number.end() + 120])[0]
        if described in f"{before} {after}":
            return True
    return False


_TYPE_WORD = re.compile(rf"\b(?:{'|'.join(_TYPE_NAMES)})\b")
# A document named with what it does: "QĐ công nhận …", "quyết định kiện toàn …" (two words of it, not asking ones).
_NOT_DESCRIBING = r"(?:so|nao|gi|la|chua|cua|ngay|nam|do|ve|viec|may|nay|dau|tren|trong|theo|co|da|duoc|thi|nhu)\b"
_DESCRIBED = re.compile(rf"\b(?:{'|'.join(_TYPE_NAMES)})\s+((?!{_NOT_DESCRIBING})[a-z]+\s+(?!{_NOT_DESCRIBING})[a-z]+)\b")


# A rate asked, and a rate given: a percentage, a share ("84/88"), or the documents' "tỷ lệ".
_RATE_ASKED = re.compile(r"\bty (?:le|trong)\b")
_RATE = re.compile(rf"{PERCENT.pattern}|\b\d[\d.,]*\s*/\s*\d[\d.,]*\b|\b(?:tỷ|tỉ) (?:lệ|trọng)\b|phần trăm", re.IGNORECASE)


# A question about what is (achieved, existing now) and a sentence that only sets a target ("xác định đến năm
# 2025, toàn tỉnh có ít nhất 100 doanh nghiệp số"): the target's figure is no answer to "hiện có bao nhiêu".
# "tăng được bao nhiêu", "trong 9 tháng đầu năm": what was done, in a period already past; "đạt cụ thể bao nhiêu".
_ASKS_ACTUAL = re.compile(r"\b(?:hien nay|hien co|hien tai|hien (?:toan|tinh|dang)|da co|dang co|dang hoat dong|den nay|thuc te|da dat|dat duoc|tinh den|roi"
                          r"|duoc (?:cu the )?(?:bao nhieu|may)|da duoc|(?<!phai )(?<!can )(?<!se )dat (?:cu the )?(?:bao nhieu|may)|\d+ thang (?:dau nam|nam|20\d\d)|dau nam|vua qua|nam qua)\b")
_ASKS_TARGET = re.compile(r"\b(?:muc tieu|chi tieu|ke hoach|phan dau|giao|de ra|dat ra|du kien)\b|den nam 20\d\d")
_TARGET_ONLY = re.compile(r"\b(?:phan dau|muc tieu|it nhat|toi thieu)\b|\bden nam 20\d\d\b")
_ACTUAL = re.compile(r"\b(?:da|hien nay|hien co|uoc dat|den nay|dat duoc|thuc hien duoc)\b")


def asks_actual(question: str) -> bool:
    """The question asks what was reached ("đã đạt", "tăng được bao nhiêu"), not what is planned."""
    folded = fold(question)
    return _ASKS_ACTUAL.search(folded) is not None and _ASKS_TARGET.search(folded) is None


def asks_outcome(question: str) -> bool:
    """The question asks how something turned out ("kết quả kiểm tra … ra sao", "đoàn … kết luận gì"), which a
    plan cannot say; asking what a plan sets out about results ("kế hoạch yêu cầu báo cáo kết quả thế nào") is not."""
    return _ASKS_OUTCOME.search(fold(question)) is not None


_ASKS_OUTCOME = re.compile(r"^(?!.*\b(?:muc tieu|chi tieu|ke hoach|kh|du kien|yeu cau)\b).*(?<!bao cao )\bket (?:qua|luan)\b"
                           r"(?: [a-z0-9]+){0,12} (?:ra sao|the nao|gi|sao)\b")


def holds_figure(text: str, question: str = "") -> bool:
    """The text holds a figure (a rate or a number that is no date or document number), other than those the
    question itself gives."""
    text = _without_given_numbers(question, text)
    return PERCENT.search(text) is not None or _NUMBER.search(_NOT_A_COUNT.sub(" ", text)) is not None


def target_for_actual(question: str, text: str, section: str = "", plan_row: bool = False) -> bool:
    """The question asks what is now and the text only states a target (in its words, under a "Mục tiêu"
    heading: "2.4. Phát triển Kinh tế số / - Tỷ trọng kinh tế số đạt 20% GRDP", or as a row of a plan's table:
    "Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử đạt 50% | Quý IV")."""
    said = fold(text)
    targets = plan_row or _TARGET_ONLY.search(said) is not None or re.search(r"\bmuc tieu\b", fold(section)) is not None
    return asks_actual(question) and targets and _ACTUAL.search(said) is None


def another_horizon(question: str, text: str) -> bool:
    """The question asks by when ("đến năm 2025 … bao nhiêu") and the text sets its figure for another year only
    ("đến năm 2030, có ít nhất 150 doanh nghiệp số"): the figure belongs to that other horizon."""
    folded = fold(question)
    # "mục tiêu năm 2025", "chỉ tiêu 2025": a target's year is its horizon too.
    asked = set(_HORIZON.findall(folded)) or set(_TARGET_YEAR.findall(folded))
    said = set(_HORIZON.findall(fold(text)))
    return bool(asked and said) and not asked & said and not any(re.search(rf"\b{y}\b", text) for y in asked)


# A horizon: the year a target is set for ("đến năm 2025", "đến hết năm 2030", "tới 2025").
_HORIZON = re.compile(r"\b(?:den|toi)\s+(?:het\s+)?(?:nam\s+)?(20\d\d)\b")
_TARGET_YEAR = re.compile(r"\b(?:muc tieu|chi tieu|phan dau)\s+(?:den\s+)?(?:het\s+)?(?:nam\s+)?(20\d\d)\b")


def dates_document(key: str, text: str) -> bool:
    """The text dates the document the question names: its number, then its date ("1552/BTTTT-THH ngày
    12/5/2023"); another document's date in the same sentence is not its date."""
    number = r"\W{0,3}".join(re.findall(r"[a-z0-9]+", fold(key)))  # "272/KH- UBND" is "272/KH-UBND"
    return re.search(rf"(?<![a-z0-9]){number}\W{{0,3}}(?:ngay\s*)?\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*\d{{4}}", fold(text)) is not None


# A body asked by its generic noun and what it does ("cơ quan nào làm trưởng đoàn").
_ASKED_BY_ROLE = re.compile(r"\b(co quan|don vi|to chuc|bo phan|so|nganh)\s+nao\s+([a-z0-9]+ [a-z0-9]+)")


def names_role_only(question: str, text: str) -> bool:
    """The text names the body asked only as the question does ("gửi báo cáo về Cơ quan làm Trưởng đoàn …" to
    "cơ quan nào làm trưởng đoàn"): it refers to the answer, it does not give it. A label ("Đơn vị chủ trì: Sở Y
    tế") gives it."""
    m = _ASKED_BY_ROLE.search(fold(question).lower())
    return bool(m) and re.search(rf"\b{m.group(1)} {m.group(2)}\b(?![^:\n]{{0,40}}:)", fold(text).lower()) is not None


def leads_under(question: str, heading: str, text: str) -> bool:
    """A duty a plan lists under the agency that has it ("8. Công an tỉnh" / "- Chủ trì triển khai …")
    answers who leads it: the heading names the agency, the sentence the leading role. A role stated
    ("1. Sở Thông tin và Truyền thông" / "- Là cơ quan thường trực …") answers which body it is."""
    kind, duty, agency = expected_kind(question), text.lstrip("-–+• "), re.sub(r"^[\dIVXivx]+[.)]\s*", "", heading.strip())
    if kind == "body":
        return (_STATED_ROLE.match(duty) is not None and _AGENCY_NAME.match(agency) is not None
                and fold(agency) not in fold(question))
    return kind == "agency" and _LEAD_ROLE.match(duty) is not None and _AGENCY.match(agency) is not None


_STATED_ROLE = re.compile(r"(?:Là|là)\s")


# "Trong 940 máy tính …, bao nhiêu …": a part of a total the question gives.
_GIVEN_TOTAL = re.compile(r"^\W*trong (?:tong so |so )?(\d[\d.,]*)\s+([a-z]+)")


def _within_given_total(question: str, text: str) -> str:
    """A part of a total the question gives is told next to the total: the text from the total to the end of
    its clause (";", a line end) or to the next clause counting the same thing ("434 máy tính …, 954 máy tính …").
    A text without the total is read whole."""
    m = _GIVEN_TOTAL.match(fold(question))
    if not m:
        return text
    number, thing = m.groups()
    at = re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", text)
    if not at:
        return text
    rest = text[at.start():]
    end = re.search(rf"[;\n]|,\s*\d[\d.,]*\s+{thing}\b", fold(rest)[len(number):])
    return rest[:len(number) + end.start()] if end else rest


def _without_given_numbers(question: str, text: str) -> str:
    """The text without the figures the question itself gives: "trong 59.763 thuê bao có bao nhiêu thuê bao
    di động" is not answered by the sentence giving 59.763."""
    for number in set(re.findall(r"\d[\d.,]*\d|\d", question)):
        if len(number.replace(".", "").replace(",", "")) >= 2:
            # Not inside a date or a document number: "06/4/2023" stripped of 2023 would leave figures.
            text = re.sub(rf"(?<![\d.,/]){re.escape(number)}(?![\d/]|[.,]\d)", " ", text)
    return text


# Levels of place a question asks for, folded, as the documents write them.
LEVEL_NAMES = {"thi xa": "thị xã", "thi tran": "thị trấn", "thanh pho": "thành phố", "xa": "xã", "phuong": "phường",
               "huyen": "huyện"}
_LEVEL = "|".join(LEVEL_NAMES)
# A named place of one level ("huyện: Như Xuân"), as ``_PLACE`` reads any; "thị xã X" is no "xã X".
_PLACE_OF = {lv: re.compile(rf"(?<![Tt]hị )(?i:{name})(?:\s*:)?\s+[{UPPER}]") for lv, name in LEVEL_NAMES.items()}
_ASKED_LEVELS = re.compile(rf"(?<!dia )\b((?:{_LEVEL})(?:\s*[,/]\s*(?:{_LEVEL}))*)\s+nao\b")


def asked_levels(question: str) -> list[str]:
    """The levels of place asked ("những xã, phường nào" -> ["xa", "phuong"]); none for "địa phương nào"."""
    m = _ASKED_LEVELS.search(fold(question))
    return re.findall(_LEVEL, m.group(1)) if m else []


def _without_given_places(question: str, text: str) -> str:
    """The text without the places the question names: "xã phường nào của thị xã X" is not answered by "thị xã X"."""
    asked = fold(question)
    return _PLACE_NAMED.sub(lambda m: " " if fold(m.group(1)) in asked else m.group(0), text)


def _without_given_years(question: str, text: str) -> str:
    """The text without the years the question itself gives: "đợt kiểm tra năm 2023 kết thúc ngày nào" is not
    answered by a heading "… năm 2023", which only repeats it."""
    for year in set(re.findall(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/-])", question)):
        text = re.sub(rf"(?i:năm|nam)\s+{year}(?![\d/-])", " ", text)
    return text


# A day asked ("ngày nào", "ngày mấy") and a day given ("15/10/2023", "ngày 5").
_ASKS_DAY = re.compile(r"\bngay (?:nao|may|bao nhieu)\b")
_DAY = re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}\b|\bngày\s+\d{1,2}\b", re.IGNORECASE)


def dates_a_plan(question: str, text: str) -> bool:
    """A row listing a plan ("Kế hoạch tổ chức các sự kiện Ngày chuyển đổi số … | 210/KH-UBND | 22/8/2023") dates the
    plan, not what it plans: no answer to "tổ chức vào ngày nào", unless the question is about a document."""
    return _PLAN_NUMBER.search(text) is not None and not _ABOUT_DOCUMENT.search(fold(question))


_PLAN_NUMBER = re.compile(r"\b\d{1,5}\s*/\s*KH\b")


def _without_document_dates(question: str, text: str) -> str:
    """The text without the dates of the documents it cites as its basis ("Theo Kế hoạch số 272/KH- UBND, ngày
    21/12/2020"), unless the question is about a document: "dự án … khi nào hoàn thành" is not answered by the
    date its basis was issued."""
    folded = fold(question)
    if _ABOUT_DOCUMENT.search(folded):
        return text
    # A deadline ("phải xong trước ngày nào") is no document's date, whether cited as a basis or listed.
    return (_ANY_DOCUMENT_DATE if _DEADLINE.search(folded) else _DOCUMENT_DATE).sub(" ", text)


# A document cited as a basis, its number and the date it was issued, maybe with its issuer between: "Theo Kế
# hoạch số 272/KH- UBND, ngày 21/12/2020". A document that is the act asked ("Quyết định … ngày 19/4/2023 về việc
# kiện toàn Ban chỉ đạo") keeps its date.
_ISSUED = rf"(?:{KEY_PATTERN})\s*,?\s*(?:của [^,;.\n]{{0,60}}?)?\s*ngày\s+\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*\d{{4}}"
_DOCUMENT_DATE = re.compile(rf"(?:theo|căn cứ|thực hiện|tại)\s+(?:[^\W\d_]+\s+){{0,3}}?(?:số\s+)?{_ISSUED}", re.IGNORECASE)
_ANY_DOCUMENT_DATE = re.compile(_ISSUED, re.IGNORECASE)
_DEADLINE = re.compile(r"\b(?:xong|hoan thanh|ket thuc|thoi han|han chot)\b")
# A question about a document: issued, signed, a document's type or number.
_ABOUT_DOCUMENT = re.compile(r"\b(?:ban hanh|ky|van ban|kh|qd|cv)\b|\d+\s*/|"
                             + "|".join(rf"\b{fold(w)}\b" for w in TYPE_WORDS))


def holds(kind: str | None, text: str) -> bool:
    """True when the text holds a value of the kind (always, when the kind is unknown)."""
    if kind is None:
        return True
    if kind == "count":  # a number that is not a rate, a date, a year or a document number
        return _NUMBER.search(_NOT_A_COUNT.sub(" ", text)) is not None
    if kind == "number":  # a rate, or a number that is no date or document number
        return holds_figure(text)
    if kind == "agency":
        return _AGENCY.search(text) is not None and _LEAD_ROLE.search(text) is not None
    if kind == "partner":
        return _AGENCY.search(text) is not None and _PARTNER_ROLE.search(text) is not None
    if kind == "person":  # a name run anywhere but the sentence start, or a title
        return _has_person(text[1:])
    return _PATTERNS[kind].search(text) is not None
