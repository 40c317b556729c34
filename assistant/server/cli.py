"""`assistant serve`: the web page and the HTTP API on one port."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default=None, help="default 127.0.0.1 (ASSISTANT_HOST)")
@click.option("--port", default=None, type=int, help="default 8000 (ASSISTANT_PORT)")
@click.option("--index-dir", type=click.Path(), help="index folder (default: index/)")
def serve(host, port, index_dir):
    """Start the assistant's web service (http://127.0.0.1:8000)."""
    import uvicorn

    from assistant.server.app import create_app
    from assistant.cli import settings_with_index

    settings = settings_with_index(index_dir)
    # The bound host decides whether keys are required (auth "auto") and joins the Host allow-list.
    settings = settings.model_copy(update={"host": host or settings.host, "port": port or settings.port})
    app = create_app(settings)
    if settings.host in ("0.0.0.0", "::") and set(settings.allowed_hosts) <= {"localhost", "127.0.0.1", "::1", "testserver"}:
        click.echo("Cảnh báo: đang nghe trên mọi địa chỉ; hãy đặt ASSISTANT_ALLOWED_HOSTS (tên máy mà người dùng gõ), "
                   "nếu không mọi yêu cầu từ máy khác nhận lỗi 400.", err=True)
    if app.state.degraded:
        click.echo("Cảnh báo: chạy ở chế độ hạn chế: " + "; ".join(app.state.degraded), err=True)
    click.echo(f"Trợ lý ảo: http://{settings.host}:{settings.port}"
               + (" (cần khóa API)" if app.state.auth_required else ""))
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", server_header=False)
