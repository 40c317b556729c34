"""Adding and removing documents while serving: POST /api/documents, DELETE /api/documents/{name}.

Only the changed documents are parsed and embedded; the service switches to the new
build before answering, so a document is answerable as soon as its upload returns.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from assistant.access.audit import record
from assistant.indexing.build import BuildError
from assistant.indexing.ingest import IngestError, add_documents, remove_documents
from assistant.server.auth import Principal, client_address, require
from assistant.server.errors import ERROR_RESPONSES

router = APIRouter(tags=["tài liệu"], responses=ERROR_RESPONSES)
READ_BLOCK = 1 << 16


class IngestedDocument(BaseModel):
    name: str
    status: str  # added | replaced | removed | error
    unit: str = ""
    kind: str = ""
    sections: int = 0
    tables: int = 0
    indicators: int = 0
    warnings: list[str] = []
    error: str | None = None


class BuildSummary(BaseModel):
    id: str
    documents: int


class IngestReport(BaseModel):
    documents: list[IngestedDocument]
    build: BuildSummary | None = None


async def _read_capped(upload: UploadFile, limit: int) -> bytes:
    """The file's bytes, refusing (413) as soon as it passes the limit instead of reading it all."""
    data = bytearray()
    while block := await upload.read(READ_BLOCK):
        data += block
        if len(data) > limit:
            raise HTTPException(413, f"Tệp «{upload.filename}» vượt quá giới hạn {limit // (1024 * 1024)} MB.")
    return bytes(data)


def _built(request: Request, report) -> BuildSummary | None:
    if report is None:
        return None
    service = request.app.state.service.reload()  # answer from the new build from now on
    return BuildSummary(id=service.searcher.build_dir.name, documents=report.documents)


@router.post("/documents", response_model=IngestReport)
async def upload(request: Request, files: list[UploadFile] = File(..., description="Tệp .docx, .pdf, .txt, .md"),
                 principal: Principal = Depends(require("editor"))):
    settings = request.app.state.settings
    received = [(f.filename or "tai-lieu", await _read_capped(f, settings.max_upload_bytes)) for f in files]
    names = [name for name, _ in received]
    try:
        results, report = await run_in_threadpool(add_documents, settings, received)
    except IngestError as exc:
        _audit(request, principal, "document.upload", {"files": names, "error": str(exc)}, 422)
        raise HTTPException(422, str(exc)) from None
    except BuildError as exc:
        _audit(request, principal, "document.upload", {"files": names, "error": str(exc)}, 422)
        raise HTTPException(422, f"Không lập được chỉ mục, chỉ mục cũ vẫn được dùng: {exc}") from None
    build = await run_in_threadpool(_built, request, report)  # None when every file was refused
    out = IngestReport(documents=[IngestedDocument(**r.to_dict()) for r in results], build=build)
    _audit(request, principal, "document.upload", [{"name": d.name, "status": d.status} for d in out.documents], 200)
    return out


def _audit(request: Request, principal: Principal, action: str, detail: object, status: int) -> None:
    record(action, principal.key_id, client_address(request), detail, status)


@router.delete("/documents/{name}", response_model=IngestReport)
def delete(name: str, request: Request, principal: Principal = Depends(require("editor"))):
    try:
        results, report = remove_documents(request.app.state.settings, [name])
    except IngestError as exc:
        raise HTTPException(404, str(exc)) from None
    except BuildError as exc:
        _audit(request, principal, "document.remove", {"name": name, "error": str(exc)}, 409)
        raise HTTPException(409, f"Không xóa được «{name}»: {exc}") from None
    _audit(request, principal, "document.remove", {"name": name}, 200)
    return IngestReport(documents=[IngestedDocument(**r.to_dict()) for r in results], build=_built(request, report))
