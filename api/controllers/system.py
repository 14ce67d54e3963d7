"""Health, readiness, the active rules and their reload."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from taxo.api import services
from taxo.api.auth import BEARER, OPTIONAL_BEARER, PUBLIC, READ, WRITE
from taxo.api.controllers.base import GuardedController
from taxo.api.errors import error_responses
from taxo.api.schemas import Health, Readiness, RulesInfo, RulesReload
from taxo.app.context import Context


class SystemController(GuardedController):
    path = "/"
    tags = ["system"]

    @get(
        "/health",
        operation_id="GetHealth",
        summary="Store reachable, model loaded, rules/seed/taxonomy versions",
        description="503 (same body) when the store does not answer. Never needs a token.",
        sync_to_thread=True,
        opt=PUBLIC,
        responses={503: ResponseSpec(Health, description="the store is unreachable", generate_examples=False)},
    )
    def health(self, request: Request) -> Response[Health]:
        body = services.health(request.app.state.get("ctx"))
        return Response(body, status_code=200 if body.status == "ok" else 503)

    @get(
        "/ready",
        operation_id="GetReadiness",
        summary="Ready to serve: store, model, rules and pipeline loaded",
        description="503 (same body) until everything is loaded, while the store's indexes are still building, "
        "when the store does not answer, or when its vectors were made by another embedding model "
        "(`checks.embeddings`: re-seed with the embedder the service uses).",
        sync_to_thread=True,
        opt=PUBLIC,
        responses={503: ResponseSpec(Readiness, description="not ready", generate_examples=False)},
    )
    def ready(self, request: Request) -> Response[Readiness]:
        body = services.readiness(request.app.state.get("ctx"))
        return Response(body, status_code=200 if body.ready else 503)

    @get(
        "/rules",
        operation_id="GetRules",
        summary="The active rules version and rule files",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=error_responses(401),
    )
    def rules(self, ctx: NamedDependency[Context]) -> RulesInfo:
        return services.rules(ctx)

    @post(
        "/rules/reload",
        operation_id="ReloadRules",
        summary="Reload the rule files if they pass `taxo rules check`",
        description="Validates every rule file and truth table of the rules directory; on success the pipeline "
        "uses the new rules (new `rules_version`), otherwise 422 lists `file:rule: reason` and the "
        "running rules stay. Unchanged files: `reloaded: false`.",
        status_code=200,
        sync_to_thread=True,
        opt=WRITE,
        security=BEARER,
        responses=error_responses(401),
    )
    def reload_rules(self, ctx: NamedDependency[Context]) -> RulesReload:
        return services.reload_rules(ctx)
