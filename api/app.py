"""The REST API's one app factory: controllers, error handling, OpenAPI, middleware and the lifespan.

The lifespan owns the store: on startup it builds the ``Context`` (from ``context_factory``), loads the
rules and the embedder (failures there stop the startup), opens the store and warms the taxonomy
snapshot (a store that is down does not stop the startup: ``/health`` and ``/ready`` report 503 and
requests retry the open); on shutdown it closes the context, which stops an embedded FalkorDB server
this process started (``Context.close`` → ``GraphStore.close``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote

import anyio
from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.di import Provide
from litestar.enums import ScopeType
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme, Tag
from litestar.types import ASGIApp, Receive, Scope, Send

import taxo
from taxo.api.controllers import CONTROLLERS
from taxo.api.deps import provide_ctx
from taxo.api.errors import handle_exception
from taxo.api.openapi import build_fixed_openapi
from taxo.app.context import Context
from taxo.core.errors import StoreError
from taxo.core.settings import Settings, get_settings
from taxo.engine.extract.matcher import skill_matcher

log = logging.getLogger("taxo.api")

#: Paths neither rate-limited nor guarded.
UNLIMITED = ["/health", "/ready", "/schema"]

TAGS = [
    Tag(name="pipeline", description="Run JDs through the three steps, list and read runs"),
    Tag(name="taxonomy", description="Browse roles, skills and dimensions"),
    Tag(name="provenance", description="Why a link exists: seed source, runs, rules, evidence, curators"),
    Tag(name="reviews", description="Review queues: approve (optionally edited) or reject"),
    Tag(name="system", description="Health, readiness and rules"),
]

DESCRIPTION = """\
taxo resolves job descriptions against a curated taxonomy graph of roles, dimensions and skills.

* **Auth**: every write (persisting pipeline calls, approvals, rejections) needs `Authorization: Bearer
  <TAXO_API_TOKEN>`; reads need it only when `TAXO_API_REQUIRE_TOKEN_FOR_READS` is set. A server with
  no token configured refuses those requests with 401.
* **Errors** are RFC 9457 problem details (`application/problem+json`); validation errors list the bad
  fields in `errors`.
* Review item ids contain `:` and may contain `/`: percent-encode them in paths (`/` as `%2F`).
"""


def _warm(ctx: Context) -> None:
    """Load what every request needs; a store that is down is reported, not fatal."""
    _ = ctx.rulebook, ctx.embedder
    try:
        skill_matcher(ctx.pipeline.taxonomy.get())  # builds the skill matcher once, up front
    except StoreError as exc:
        log.warning("the store is not available at startup (%s); /ready reports 503 until it is", exc)


def keep_encoded_slashes(app: ASGIApp) -> ASGIApp:
    """Route on the raw path so ``%2F`` inside a path segment stays inside it (review item ids).

    ASGI servers decode ``scope["path"]``; an id with ``/`` would then split into two segments. The
    decoded path is rebuilt from ``raw_path`` with ``%2F`` kept encoded; ``taxo.api.deps.path_id`` decodes it.
    """

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("raw_path") if scope["type"] == ScopeType.HTTP else None
        if raw:
            raw_path = bytes(raw).split(b"?", 1)[0].decode("latin-1")
            if "%2f" in raw_path.lower():
                marked = raw_path.replace("%2F", "%252F").replace("%2f", "%252F")
                scope["path"] = unquote(marked)
        await app(scope, receive, send)

    return wrapped


def create_app(context_factory: Callable[[], Context] | None = None, *, settings: Settings | None = None) -> Litestar:
    """The API. ``context_factory`` builds the Context each startup (default: ``Context(get_settings())``).

    ``settings`` govern the HTTP layer (token, body size, rate limit, CORS); by default they are the
    factory's context's settings (the factory is called once here to read them: a ``Context`` opens
    nothing until used).
    """
    if settings is None:
        settings = context_factory().settings if context_factory is not None else get_settings()
    http = settings
    factory = context_factory or (lambda: Context(http))

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        ctx = factory()
        try:
            await anyio.to_thread.run_sync(_warm, ctx)
            app.state.ctx = ctx
            yield
        finally:
            app.state.ctx = None
            await anyio.to_thread.run_sync(ctx.close)

    middleware: list[Any] = []
    if http.api_rate_limit_per_minute > 0:
        middleware.append(
            RateLimitConfig(rate_limit=("minute", http.api_rate_limit_per_minute), exclude=UNLIMITED).middleware
        )
    app = Litestar(
        route_handlers=CONTROLLERS,
        dependencies={"ctx": Provide(provide_ctx, sync_to_thread=False)},
        exception_handlers={Exception: handle_exception},
        lifespan=[lifespan],
        middleware=middleware,
        cors_config=CORSConfig(
            allow_origins=list(http.api_cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
        )
        if http.api_cors_origins
        else None,
        request_max_body_size=http.api_max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="taxo API",
            version=taxo.__version__,
            description=DESCRIPTION,
            path="/schema",
            tags=TAGS,
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(type="http", scheme="bearer", description="the server's TAXO_API_TOKEN")
                }
            ),
            render_plugins=[SwaggerRenderPlugin(path=["/", "/swagger"]), ScalarRenderPlugin(), JsonRenderPlugin()],
        ),
        debug=False,
    )
    app.state.settings = http
    app.state.ctx = None
    app.asgi_handler = keep_encoded_slashes(app.asgi_handler)
    build_fixed_openapi(app)
    return app
