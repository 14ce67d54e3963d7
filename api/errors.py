"""One mapping of errors to RFC 9457 problem details (``application/problem+json``).

=====================================  ======  ===============================================
exception                              status  notes
=====================================  ======  ===============================================
taxo ``NotFound``                       404
taxo ``Conflict`` (``StepOrderError``)  409
taxo ``InputRejected`` / ``EditRejected``  422  ``EditRejected.field`` becomes ``errors[0]``
taxo ``RuleConfigError``                422     one ``errors`` entry per ``file:rule: reason``
taxo ``StoreUnavailable``               503
taxo ``SchemaMismatch``                 503     the graph was embedded by another model (detail says how to fix)
engine ``PipelineError``                500     detail names the run (the error is on the run)
any other taxo error / exception        500     generic detail; logged with its traceback
Litestar ``ValidationException``        422     ``errors``: one entry per bad field
Litestar other ``HTTPException``        as is   401 keeps ``WWW-Authenticate``, 429 ``Retry-After``
=====================================  ======  ===============================================

Litestar reports request validation failures as 400; the API reports them as 422 with the fields, and
keeps 400 for a body that is not JSON at all.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from pydantic import BaseModel, Field

from taxo.core.errors import (
    Conflict,
    EditRejected,
    InputRejected,
    NotFound,
    PipelineError,
    RuleConfigError,
    SchemaMismatch,
    StoreUnavailable,
    TaxoError,
)

log = logging.getLogger("taxo.api")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "urn:taxo:problem:"


class FieldError(BaseModel):
    """One invalid field of a request."""

    field: str = Field(description="dotted path of the field (body fields) or the parameter name")
    message: str
    source: str | None = Field(None, description="body, query, path or header")


class ProblemDetail(BaseModel):
    """An error as RFC 9457 problem details."""

    type: str = Field(description="a URN naming the kind of problem")
    title: str
    status: int
    detail: str = Field(description="what went wrong, for a human")
    instance: str | None = Field(None, description="the request path")
    errors: list[FieldError] | None = Field(None, description="validation problems, one per field")


def _problem(
    status: int, kind: str, detail: str, errors: list[FieldError] | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any], dict[str, str]]:
    body = ProblemDetail(
        type=TYPE_BASE + kind, title=HTTPStatus(status).phrase, status=status, detail=detail, errors=errors
    )
    return status, body.model_dump(exclude_none=True), headers or {}


_MISSING = re.compile(r"^Missing required (\w+) parameter '([^']+)'")


def _validation_errors(extra: Any, detail: str) -> list[FieldError]:
    missing = _MISSING.match(detail or "")
    if missing:
        return [FieldError(field=missing.group(2), message="this parameter is required", source=missing.group(1))]
    out = []
    for e in extra if isinstance(extra, list) else []:
        if isinstance(e, dict):
            source = e.get("source")
            out.append(
                FieldError(
                    field=str(e.get("key") or "body"),
                    message=str(e.get("message") or "invalid"),
                    source=str(getattr(source, "value", source)) if source else "body",
                )
            )
    return out


def problem_for(exc: BaseException) -> tuple[int, dict[str, Any], dict[str, str]]:
    """``(status, problem body, headers)`` for any exception; the single error map of the API."""
    if isinstance(exc, NotFound):
        return _problem(404, "not-found", str(exc) or "not found")
    if isinstance(exc, Conflict):
        return _problem(409, "conflict", str(exc) or "conflict with the current state")
    if isinstance(exc, EditRejected):
        msg = str(exc).split(": ", 1)[-1]
        return _problem(422, "invalid-edit", str(exc), [FieldError(field=exc.field, message=msg, source="body")])
    if isinstance(exc, InputRejected):
        return _problem(422, "input-rejected", str(exc) or "input rejected")
    if isinstance(exc, RuleConfigError):
        errors = [FieldError(field=p.split(":", 1)[0], message=p, source="rules") for p in exc.problems]
        return _problem(422, "rule-config", "the rule files are invalid", errors)
    if isinstance(exc, SchemaMismatch):
        return _problem(503, "store-mismatch", str(exc))
    if isinstance(exc, StoreUnavailable):
        return _problem(503, "store-unavailable", "the graph store is unavailable; try again later")
    if isinstance(exc, PipelineError):
        return _problem(
            500,
            "pipeline-failed",
            f"run {exc.run_id} failed unexpectedly; a persisted run records the error "
            f"(GET /pipeline/runs/{exc.run_id})",
        )
    if isinstance(exc, TaxoError):
        return _problem(500, "internal", "internal error")
    if isinstance(exc, ValidationException):
        errors = _validation_errors(exc.extra, str(exc.detail))
        if errors:
            fields = ", ".join(sorted({e.field for e in errors}))
            return _problem(422, "validation", f"invalid request: check {fields}", errors)
        return _problem(400, "bad-request", str(exc.detail) or "bad request")
    if isinstance(exc, HTTPException):
        headers = dict(exc.headers or {})
        kind = {
            401: "unauthorized",
            404: "not-found",
            405: "method-not-allowed",
            413: "too-large",
            429: "rate-limited",
        }.get(exc.status_code, "http")
        detail = str(exc.detail or HTTPStatus(exc.status_code).phrase)
        if exc.status_code == 413:
            detail = "the request body is larger than the server accepts (TAXO_API_MAX_BODY_BYTES)"
        if exc.status_code == 429:
            detail = "too many requests: slow down (TAXO_API_RATE_LIMIT_PER_MINUTE)"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such route"
        return _problem(exc.status_code, kind, detail, headers=headers)
    return _problem(500, "internal", "internal error")


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """The app's one exception handler."""
    status, body, headers = problem_for(exc)
    body["instance"] = request.url.path
    if status >= 500 and status != 503:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    elif status == 503:
        log.warning("%s %s: store unavailable: %s", request.method, request.url.path, exc)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_DESCRIPTIONS = {
    400: "The body is not valid JSON",
    401: "A bearer token is required (writes, or reads when TAXO_API_REQUIRE_TOKEN_FOR_READS is set)",
    404: "No such id or slug",
    409: "Conflicts with the current state (step order, an already decided item, an existing slug)",
    413: "The body is larger than TAXO_API_MAX_BODY_BYTES",
    422: "Invalid input; `errors` lists the fields",
    429: "Rate limit exceeded",
    500: "Internal error",
    503: "The graph store is unavailable",
}


def error_responses(*codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI response entries (problem details) for the given status codes, plus 429/500/503 always."""
    wanted = sorted(set(codes) | {400, 422, 429, 500, 503})
    return {
        c: ResponseSpec(
            data_container=ProblemDetail, description=_DESCRIPTIONS[c], media_type=PROBLEM_JSON, generate_examples=False
        )
        for c in wanted
    }


__all__ = ["PROBLEM_JSON", "FieldError", "ProblemDetail", "error_responses", "handle_exception", "problem_for"]
