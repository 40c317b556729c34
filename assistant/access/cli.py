"""`assistant keys create|list|revoke` and `assistant audit`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant.access.keys import ROLES, AccessError


def _settings():
    from assistant.cli import make_settings

    return make_settings()


def _keys():
    from assistant.access.keys import KeyStore

    try:
        return KeyStore(_settings().access_db)
    except Exception as exc:  # unwritable data folder, broken file
        raise click.ClickException(f"không mở được kho khóa API: {exc}") from exc


@click.group()
def keys() -> None:
    """Khóa API / API keys (data/access.sqlite)."""


@keys.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True, help="reader: hỏi, xem; editor: + tài liệu; admin: + khóa, nhật ký")
@click.option("--name", required=True, help="Tên người hoặc đơn vị dùng khóa.")
@click.option("--json", "as_json", is_flag=True)
def create(role: str, name: str, as_json: bool) -> None:
    """Tạo khóa mới; khóa chỉ hiện MỘT lần / the key is shown once."""
    try:
        record, secret = _keys().create(role, name)
    except AccessError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({**record.to_dict(), "key": secret}, ensure_ascii=False))
        return
    click.echo(f"Đã tạo khóa {record.id} ({record.role}, «{record.name}»). Lưu khóa này ngay, nó sẽ không hiện lại:")
    click.echo(secret)


@keys.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_keys(as_json: bool) -> None:
    """Liệt kê khóa (không bao giờ hiện khóa) / list keys."""
    found = _keys().list()
    if as_json:
        click.echo(json.dumps([k.to_dict() for k in found], ensure_ascii=False, indent=1))
        return
    if not found:
        click.echo("Chưa có khóa nào.")
    for k in found:
        state = f"thu hồi {k.revoked_at}" if k.revoked_at else "đang dùng"
        click.echo(f"{k.id}  {k.role:<7} {state:<32} {k.created_at}  {k.name}")


@keys.command("revoke")
@click.argument("key_id")
def revoke(key_id: str) -> None:
    """Thu hồi khóa / revoke a key."""
    try:
        record = _keys().revoke(key_id)
    except AccessError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Đã thu hồi khóa {record.id} («{record.name}»).")


@click.command()
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="một dòng JSON mỗi mục")
@click.option("--export", "export", type=click.Path(dir_okay=False, path_type=Path),
              help="ghi toàn bộ nhật ký ra .csv hoặc .jsonl")
def audit(limit: int, offset: int, as_json: bool, export: Path | None) -> None:
    """Nhật ký truy cập (mới nhất trước) / the audit log, newest first."""
    from assistant.access.audit import AuditLog

    try:
        log = AuditLog(_settings().audit_db)
    except Exception as exc:
        raise click.ClickException(f"không mở được nhật ký: {exc}") from exc
    if export is not None:
        if export.suffix.lower() not in (".csv", ".jsonl"):
            raise click.ClickException("tệp xuất phải có đuôi .csv hoặc .jsonl")
        click.echo(f"Đã xuất {log.export(export)} mục vào {export}")
        return
    for row in log.rows(limit, offset):
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            found = {True: "có", False: "không", None: "-"}[row["found"]]
            click.echo(f"{row['time']} {row['key_id'] or '-':<8} {row['client'] or '-':<15} {row['action']:<16} "
                       f"{row['status'] or '-'} tìm thấy={found} {(row['question'] or row['detail'] or '')[:80]}")
