"""taxo's REST API (Litestar): ``create_app()`` is the one app factory."""

from taxo.api.app import create_app

__all__ = ["create_app"]
