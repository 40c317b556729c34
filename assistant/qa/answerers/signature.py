"""Who signed a document: the signature block after "Nơi nhận" (role lines, then the signer's name)."""

from __future__ import annotations

import re

from assistant.qa.compose import Citations, section_at
from assistant.qa.evidence import Evidence, not_found
from assistant.qa.models import Answer
from assistant.qa.understand import Question, asking_text
from assistant.text.normalize import UPPER, fold, strip_markup

# "… ký báo cáo … là ai" asks the signer too, the verb before the question word.
_ASKS = re.compile(r"\bai ky\b|\bnguoi ky\b|\bky boi ai\b|\bdo ai ky\b|\bky ten\b|\bky\b(?: [a-z0-9]+){1,8} la ai\b"
                   r"|\b(?:lanh dao|nguoi|can bo|dong chi|(?:pho )?(?:chu tich|giam doc|truong ban)) nao ky\b|\bky boi (?:lanh dao|nguoi|dong chi) nao\b")
# "Chủ tịch UBND xã X tên là gì": the holder of an office, answered by a unit's document signed in that office.
_OFFICE_ASKED = re.compile(r"\b(pho chu tich|chu tich|pho giam doc|giam doc|pho truong ban|truong ban)\b.*\b(?:ten (?:la )?gi|la ai)\b")
_RECIPIENTS = re.compile(r"Nơi nhận", re.IGNORECASE)
_ROLE = re.compile(r"^\W*(TM\.|KT\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|TRƯỞNG BAN|GIÁM ĐỐC)", re.MULTILINE)
# A name line: two to four capitalized words, not an all-capitals title.
# A name: two to four capitalized words at the end of a line (after the role, or on its own line).
_NAME = re.compile(rf"(?<![\w])([{UPPER}][a-zà-ỹđ]+(?:[ \t]+[{UPPER}][a-zà-ỹđ]+){{1,3}})\W*$", re.MULTILINE)


class SignatureAnswerer:
    name = "signature"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        """Who signed: a document of the corpus (one it only cites is the legal strategy's)."""
        asked = fold(asking_text(q))  # "KH đó số mấy?" after "… do ai ký?" asks no signer
        if _ASKS.search(asked) is None and not (q.units and _OFFICE_ASKED.search(asked)):
            return False
        return not (q.legal_key or q.legal_number) or self.ev.own_document(q) is not None

    def _document(self, q: Question) -> dict | None:
        """The document the question is about: the one it names by number, else among the named units
        the best match of kind, title and year."""
        if own := self.ev.own_document(q):
            return own
        docs = [self.ev.docs[s] for s in q.units] or list(self.ev.docs.values())
        docs = [d for d in docs if all(y in f"{d['title']} {d.get('period', '')}" for y in q.years)] or docs
        return max(docs, key=lambda d: self.ev.coverage(q, f"{d['title']} {d.get('kind', '')} {d.get('period', '')}"), default=None)

    def answer(self, q: Question) -> Answer | None:
        doc = self._document(q)
        if doc is None:
            return None
        span = signature_span(doc["text"])
        if span is None:
            return not_found(self.name, kind="person")
        s, e, name = span
        office = _OFFICE_ASKED.search(q.folded) if _ASKS.search(q.folded) is None else None
        if office and fold(_held_office(doc["text"][s:e], name)) != office.group(1):
            return not_found(self.name, kind="person")  # signed by another office holder: not who is asked
        cites = Citations()
        n = cites.add(doc, section_at(doc, s), s, e)
        role = " ".join(strip_markup(doc["text"][s:e]).split()).replace(name, "").strip()
        title = doc.get("short_title") or doc["title"]
        text = f"{title} do {name} ký ({role}). [{n}]"
        return Answer(answer=text, found=True, citations=cites.items, intent=self.name, kind="person")


def signature_span(text: str) -> tuple[int, int, str] | None:
    """(start, end, signer) of the signature block, or None when the document is not signed."""
    recipients = _RECIPIENTS.search(text)
    if recipients is None:
        return None
    role = _ROLE.search(text, recipients.end())
    if role is None:
        return None
    for name in _NAME.finditer(text, role.start()):
        if name.start() - role.start() > 300:
            break
        if fold(name.group(1)) != fold(name.group(1)).upper():
            return role.start(), name.end(1), name.group(1)
    return None


def _held_office(block: str, name: str) -> str:
    """The office the signer signs in: the last role line before the name ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" -> the vice chair)."""
    lines = [strip_markup(line).strip(" *\t") for line in block.split(name)[0].splitlines()]
    lines = [line for line in lines if line]
    return re.sub(r"^(?:TM|KT)\.\s*", "", lines[-1]) if lines else ""
