"""What a file really is, read from its bytes (the extension is only a hint).

DOCX is a zip holding word/document.xml, PDF starts with ``%PDF-``, anything
else must decode as text: UTF-8 (with or without BOM) or UTF-16 with a BOM.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

DOCX, PDF, TEXT = "docx", "pdf", "text"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected Office files and old .doc
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class DocumentError(Exception):
    """A file that cannot be read; the message names the file and the reason."""

    def __init__(self, name: str, reason: str | None = None):
        if reason is None:  # DocumentError("reason") as before readers named their files
            name, reason = "", name
        super().__init__(f"{name}: {reason}" if name else reason)
        self.name = name
        self.reason = reason


def sniff(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise DocumentError(path.name, f"tệp DOCX/zip bị hỏng, không mở được ({exc})") from None
        if "word/document.xml" in names:
            return DOCX
        raise DocumentError(path.name, "tệp nén zip nhưng không phải văn bản Word .docx (thiếu word/document.xml)")
    if head.startswith(_OLE):
        raise DocumentError(
            path.name, "tệp Office được bảo vệ bằng mật khẩu hoặc định dạng .doc cũ; hãy bỏ mật khẩu và lưu lại thành .docx"
        )
    return TEXT


def decode_text(name: str, data: bytes) -> str:
    """Bytes of a text file -> str, refusing binary data and unknown encodings."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _no_nul(name, data.decode(codec))
            except UnicodeDecodeError as exc:
                raise DocumentError(name, f"không giải mã được theo {codec}: lỗi ở byte {exc.start}") from None
    if b"\x00" in data:
        raise DocumentError(name, f"tệp nhị phân, không phải văn bản (byte NUL ở vị trí {data.index(0)}; binary file)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            name, f"không phải mã hóa UTF-8: byte 0x{data[exc.start]:02x} ở vị trí {exc.start} (not UTF-8)"
        ) from None


def _no_nul(name: str, text: str) -> str:
    # NUL never occurs in a real text document, wherever it sits (not only in the first KBs);
    # in UTF-16 it is only a problem once decoded.
    if "\x00" in text:
        raise DocumentError(name, f"tệp nhị phân, không phải văn bản (ký tự NUL ở vị trí {text.index(chr(0))}; binary file)")
    return text
