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
    app = create_app(settings)
    click.echo(f"Trợ lý ảo: http://{host or settings.host}:{port or settings.port}")
    uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_level="info")
