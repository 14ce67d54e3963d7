"""``taxo serve``: the REST API on the store ``TAXO_STORE`` names (the embedded FalkorDB by default).

uvicorn handles SIGINT and SIGTERM with a graceful shutdown, which runs the app's lifespan shutdown:
the context is closed and an embedded FalkorDB server this process started stops with it.
"""

from __future__ import annotations

import click

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="interface to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port")
@click.option("--log-level", default="info", show_default=True, type=click.Choice(LOG_LEVELS))
def serve(host: str, port: int, log_level: str) -> None:
    """Serve the REST API (OpenAPI UI at /schema). Ctrl-C or SIGTERM stops it cleanly."""
    import uvicorn

    from taxo.api import create_app
    from taxo.core.settings import get_settings

    settings = get_settings()
    app = create_app(settings=settings)
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"taxo API on http://{shown}:{port} (store: {settings.store}) · OpenAPI UI: http://{shown}:{port}/schema"
    )
    if settings.api_token is None or not settings.api_token.get_secret_value():
        click.echo(
            "note: TAXO_API_TOKEN is not set: writes (persisting runs, approvals) are refused with 401", err=True
        )
    uvicorn.run(app, host=host, port=port, log_level=log_level, lifespan="on", timeout_graceful_shutdown=30)


COMMANDS: list[click.Command] = [serve]
