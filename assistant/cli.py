"""The ``assistant`` command line: a thin layer of options over the services.

Each command builds a :class:`Settings` from its options (unset options fall back
to ASSISTANT_* environment variables and defaults) and calls one service. To add
a command: decorate a function with ``@main.command()`` and the shared option
decorators below, build settings with :func:`make_settings`, call the service.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from assistant.qa.cli import json_line
from assistant.settings import Settings

PATH = click.Path(path_type=Path, file_okay=False)

corpus_option = click.option("--corpus", "corpus_dir", type=PATH, default=None,
                             help="Thư mục tài liệu / corpus folder [env ASSISTANT_CORPUS_DIR].")
index_dir_option = click.option("--index-dir", "index_dir", type=PATH, default=None,
                                help="Thư mục chỉ mục / index folder [env ASSISTANT_INDEX_DIR].")
k_option = click.option("--k", "k", type=click.IntRange(1, 100), default=None, help="Số kết quả / number of hits.")


def make_settings(**overrides: object) -> Settings:
    """Settings from the environment, with the options the user actually gave on top."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})


def settings_with_index(index_dir: Path | str | None) -> Settings:
    """Settings for a command that needs a built index; a clear one-line error when none is usable."""
    from assistant.indexing.build import IndexNotReady, resolve_build

    settings = make_settings(index_dir=Path(index_dir) if index_dir else None)
    try:
        resolve_build(settings)  # a damaged current build falls back to the newest intact one
    except IndexNotReady as exc:
        raise click.ClickException(str(exc)) from None
    return settings


def fail(message: str, code: int = 1) -> None:
    click.echo(f"Lỗi / error: {message}", err=True)
    sys.exit(code)


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log more on stderr.")
def main(verbose: bool) -> None:
    """Trợ lý ảo: chuyển đổi số Thanh Hóa (Thanh Hóa digital-transformation assistant)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


# ---------------------------------------------------------------- index


@main.command()
@corpus_option
@index_dir_option
@click.option("--if-stale", is_flag=True, help="Chỉ xây lại khi tài liệu hoặc mã đã đổi / rebuild only when stale.")
def index(corpus_dir: Path | None, index_dir: Path | None, if_stale: bool) -> None:
    """Xây chỉ mục tìm kiếm / build the search index."""
    from assistant.indexing import BuildError, build_index, is_stale

    settings = make_settings(corpus_dir=corpus_dir, index_dir=index_dir)
    if if_stale and not is_stale(settings):
        click.echo(f"Chỉ mục đã cập nhật / index is up to date: {settings.current_index.resolve()}")
        return
    try:
        report = build_index(settings, progress=True)
    except BuildError as exc:
        fail(str(exc))
    except Exception as exc:  # the build folder is removed and `current` untouched
        logging.getLogger(__name__).debug("build failed", exc_info=True)
        fail(f"{type(exc).__name__}: {exc} (chỉ mục hiện tại giữ nguyên / the current index is unchanged)")
    for error in report.errors:
        click.echo(f"Lỗi tài liệu / document error: {error.name}: {error.reason}", err=True)
    for warning in report.warnings:
        click.echo(f"Cảnh báo / warning: {warning}", err=True)
    click.echo(
        f"Đã lập chỉ mục / indexed: {report.documents} documents, {report.sections} sections, "
        f"{report.tables} tables, {report.chunks} chunks ({report.rows} table rows), "
        f"{report.reembedded} embedded now, {report.seconds:.1f} seconds -> {report.build_dir}"
    )
    if report.errors:
        click.echo(f"{len(report.errors)} tài liệu lỗi / document(s) failed", err=True)
        sys.exit(1)


# ---------------------------------------------------------------- add / remove


def _print_ingested(results: list, report) -> None:
    for r in results:
        if r.status == "error":
            click.echo(f"Lỗi / error: {r.error}", err=True)
            continue
        counts = f"{r.sections} mục, {r.tables} bảng, {r.indicators} chỉ tiêu" if r.status != "removed" else ""
        click.echo(f"{r.status}: {r.name}" + (f" ({r.unit or r.kind}; {counts})" if counts else ""))
        for warning in r.warnings:
            click.echo(f"  Cảnh báo / warning: {warning}", err=True)
    if report is not None:
        click.echo(f"Chỉ mục / index: {report.documents} documents, {report.reembedded} chunks embedded now, "
                   f"{report.seconds:.1f} seconds")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@corpus_option
@index_dir_option
def add(files: tuple[Path, ...], corpus_dir: Path | None, index_dir: Path | None) -> None:
    """Thêm hoặc thay tài liệu (.docx, .pdf, .txt, .md) rồi cập nhật chỉ mục / add or replace documents."""
    from assistant.indexing import BuildError
    from assistant.indexing.ingest import add_documents

    settings = make_settings(corpus_dir=corpus_dir, index_dir=index_dir)
    try:
        results, report = add_documents(settings, [(p.name, p.read_bytes()) for p in files])
    except BuildError as exc:
        fail(f"{exc} (chỉ mục hiện tại giữ nguyên / the current index is unchanged)")
    _print_ingested(results, report)
    if any(r.status == "error" for r in results):
        sys.exit(1)


@main.command()
@click.argument("names", nargs=-1, required=True)
@corpus_option
@index_dir_option
def remove(names: tuple[str, ...], corpus_dir: Path | None, index_dir: Path | None) -> None:
    """Bỏ tài liệu khỏi kho rồi cập nhật chỉ mục / remove documents by file name."""
    from assistant.indexing import BuildError
    from assistant.indexing.ingest import IngestError, remove_documents

    settings = make_settings(corpus_dir=corpus_dir, index_dir=index_dir)
    try:
        results, report = remove_documents(settings, list(names))
    except (IngestError, BuildError) as exc:
        fail(str(exc))
    _print_ingested(results, report)


# ---------------------------------------------------------------- search


def _print_hits(hits: list) -> None:
    if not hits:
        click.echo("Không tìm thấy kết quả / no hits.")
    for rank, hit in enumerate(hits, start=1):
        where = hit.short_title + (f" › {hit.section}" if hit.section else "")
        click.echo(f"{rank}. [{hit.score:.4f}] {hit.source} [{hit.start}:{hit.end}] {where}")
        for line in hit.text.splitlines():
            click.echo(f"     {line}")


def _jsonl(searcher: object, k: int | None, max_chars: int) -> None:
    """One JSON answer per input line; a bad line gets an error line and the batch goes on."""
    from assistant.qa.cli import stdin_lines
    from assistant.retrieval import QueryError, check_query

    for line_no, line in stdin_lines():
        try:
            if line is None:
                raise ValueError("không phải văn bản UTF-8")
            request = json.loads(line)
            query = request["query"] if isinstance(request, dict) else None
            if not isinstance(query, str):
                raise QueryError('mỗi dòng cần {"query": "..."} (each line needs {"query": "..."})')
            hits = searcher.search(check_query(query, max_chars), request.get("k") or k)  # type: ignore[attr-defined]
            record: dict = {"hits": [h.to_dict() for h in hits]}
        except QueryError as exc:
            record = {"hits": [], "error": str(exc)}
        except (ValueError, KeyError) as exc:
            record = {"hits": [], "error": f"dòng {line_no}: JSON không hợp lệ (invalid JSON line): {exc}"}
        except Exception as exc:  # one broken line never stops the batch
            logging.getLogger(__name__).exception("search --jsonl line %d", line_no)
            record = {"hits": [], "error": f"dòng {line_no}: lỗi khi tìm kiếm ({type(exc).__name__})"}
        click.echo(json_line(record))  # one line per query, flushed


@main.command()
@click.argument("query", required=False)
@k_option
@click.option("--json", "as_json", is_flag=True, help="In JSON / print JSON.")
@click.option("--jsonl", is_flag=True, help='Đọc {"query": …} từng dòng stdin, ghi {"hits": […]} từng dòng.')
@index_dir_option
def search(query: str | None, k: int | None, as_json: bool, jsonl: bool, index_dir: Path | None) -> None:
    """Tìm đoạn văn bản liên quan / search the documents (dense + BM25, fused)."""
    from assistant.retrieval import IndexNotReady, QueryError, Searcher, check_query

    if jsonl == (query is not None):
        fail("cần QUERY hoặc --jsonl (give a QUERY or --jsonl, not both)", 2)
    settings = make_settings(index_dir=index_dir)
    try:
        searcher = Searcher(settings)
    except IndexNotReady as exc:
        fail(str(exc))
    if jsonl:
        _jsonl(searcher, k, settings.max_question_chars)
        return
    try:
        hits = searcher.search(check_query(query or "", settings.max_question_chars), k)
    except QueryError as exc:
        fail(str(exc), 2)
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
    else:
        _print_hits(hits)


# ---------------------------------------------------------------- the other features' commands

from assistant.extract.cli import indicators, legal  # noqa: E402
from assistant.qa.cli import ask, chat, evaluate  # noqa: E402
from assistant.server.cli import serve  # noqa: E402
from assistant.access.cli import audit, keys  # noqa: E402

for _command in (indicators, legal, ask, chat, evaluate, serve, keys, audit):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
