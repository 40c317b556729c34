"""`assistant indicators` and `assistant legal`: the extracted records in the terminal or as JSON."""

from __future__ import annotations

import json
import shutil
import textwrap

import click

from assistant.extract.status import STATUS_LABELS, STATUSES
from assistant.extract.store import Records


def _records(index_dir) -> Records:
    from assistant.cli import settings_with_index

    return Records(settings_with_index(index_dir).current_index / "records.sqlite")


def _table(rows: list[list[str]], widths: list[int]) -> str:
    """A plain text table whose cells wrap, sized to the terminal."""
    out = []
    for row in rows:
        wrapped = [textwrap.wrap(str(c or "—"), w) or ["—"] for c, w in zip(row, widths)]
        for i in range(max(len(w) for w in wrapped)):
            out.append("  ".join((w[i] if i < len(w) else "").ljust(width) for w, width in zip(wrapped, widths)))
        out.append("")
    return "\n".join(out)


@click.command()
@click.option("--status", type=click.Choice(STATUSES), help="completed | in_progress | not_completed | unknown")
@click.option("--source", help="file name, or words of the unit's name")
@click.option("--group", help="words of the group (\"Dữ liệu số\")")
@click.option("--query", help="words of the indicator")
@click.option("--canonical-id", help="the same indicator across units")
@click.option("--json", "as_json", is_flag=True, help="print a JSON array")
@click.option("--index-dir", type=click.Path(), help="index folder (default: index/)")
def indicators(status, source, group, query, canonical_id, as_json, index_dir):
    """List extracted indicators with their targets, results and statuses."""
    records = _records(index_dir)
    rows = records.indicators(status=status, source=source, group=group, query=query, canonical_id=canonical_id)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    width = shutil.get_terminal_size((140, 20)).columns
    widths = [22, 6, max(30, width - 22 - 6 - 18 - 24 - 18 - 12), 18, 24, 18]
    table = [["Tài liệu", "Số", "Chỉ tiêu", "Chỉ tiêu giao", "Kết quả", "Tình trạng"]]
    for r in rows:
        label = STATUS_LABELS[r["status"]] + (" (suy ra)" if r["status_source"] == "derived" else "")
        table.append([records.unit_of(r["source"]), r["number"], r["text"], r["target"], r["result"], label])
    click.echo(_table(table, widths))
    click.echo(f"{len(rows)} chỉ tiêu")


@click.command()
@click.argument("key", required=False)
@click.option("--json", "as_json", is_flag=True, help="print a JSON array")
@click.option("--index-dir", type=click.Path(), help="index folder (default: index/)")
def legal(key, as_json, index_dir):
    """Legal and administrative documents the corpus cites (all, or one KEY such as 123/QĐ-UBND)."""
    records = _records(index_dir)
    refs = records.legal(key) if key else records.legal_refs()
    if key and not refs:
        raise click.ClickException(f"không có văn bản «{key}» trong các tài liệu")
    if as_json:
        click.echo(json.dumps(refs, ensure_ascii=False, indent=1))
        return
    table = [["Số, ký hiệu", "Loại", "Ngày", "Cơ quan ban hành", "Trích yếu", "Nơi nhắc"]]
    for r in refs:
        places = ", ".join(sorted({m["source"] for m in r["mentions"]}))
        table.append([r["key"], r["type"], r["date"], r["issuer"], r["title"], f"{len(r['mentions'])}: {places}"])
    click.echo(_table(table, [20, 11, 11, 24, 50, 30]))
    click.echo(f"{len(refs)} văn bản")
