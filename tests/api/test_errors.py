"""The one error map: every taxo error and HTTP exception → status and problem details."""

from __future__ import annotations

import pytest
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    TooManyRequestsException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from taxo.api.errors import error_responses, problem_for
from taxo.app.curation import EditRejected
from taxo.core.errors import (
    ConfigError,
    Conflict,
    InputRejected,
    NotFound,
    PipelineError,
    RuleConfigError,
    SchemaMismatch,
    SeedError,
    StepOrderError,
    StoreError,
    StoreUnavailable,
)


@pytest.mark.parametrize(
    ("exc", "status", "kind"),
    [
        (NotFound("no role 'x'"), 404, "not-found"),
        (Conflict("already approved"), 409, "conflict"),
        (StepOrderError("run r is 'completed'"), 409, "conflict"),
        (InputRejected("not a JD"), 422, "input-rejected"),
        (EditRejected("dimensions", "choose at least one dimension"), 422, "invalid-edit"),
        (RuleConfigError(["rules/a.yaml:r1: bad"]), 422, "rule-config"),
        (StoreUnavailable("redis down at /tmp/secret.sock"), 503, "store-unavailable"),
        (PipelineError("run42", "KeyError: 'x'"), 500, "pipeline-failed"),
        (StoreError("FalkorDB rejected a statement: MATCH (secret)"), 500, "internal"),
        (SchemaMismatch("dimension 3"), 503, "store-mismatch"),
        (ConfigError("bad url"), 500, "internal"),
        (SeedError("seed"), 500, "internal"),
        (RuntimeError("boom at /etc/passwd"), 500, "internal"),
        (KeyError("x"), 500, "internal"),
        (NotAuthorizedException("invalid bearer token"), 401, "unauthorized"),
        (NotFoundException(), 404, "not-found"),
        (RequestEntityTooLarge(), 413, "too-large"),
        (TooManyRequestsException(headers={"Retry-After": "3"}), 429, "rate-limited"),
        (HTTPException(status_code=405, detail="Method Not Allowed"), 405, "method-not-allowed"),
    ],
)
def test_error_map(exc: BaseException, status: int, kind: str) -> None:
    got, body, headers = problem_for(exc)
    assert got == status
    assert body["status"] == status
    assert body["type"] == f"urn:taxo:problem:{kind}"
    assert body["title"] and body["detail"]


def test_internal_errors_do_not_leak_details() -> None:
    for exc in (
        RuntimeError("boom at /etc/passwd"),
        StoreError("MATCH (secret)"),
        PipelineError("r1", "KeyError: secret"),
    ):
        _, body, _ = problem_for(exc)
        assert "passwd" not in body["detail"] and "secret" not in body["detail"]
    _, body, _ = problem_for(StoreUnavailable("/tmp/secret.sock"))
    assert "secret" not in body["detail"]


def test_pipeline_error_names_the_run() -> None:
    _, body, _ = problem_for(PipelineError("abc123", "x"))
    assert "abc123" in body["detail"]


def test_validation_errors_list_fields() -> None:
    exc = ValidationException(
        "Validation failed",
        extra=[
            {"key": "text", "message": "String should have at least 1 character", "source": "body"},
            {"key": "page", "message": "Expected `int`", "source": "query"},
        ],
    )
    status, body, _ = problem_for(exc)
    assert status == 422
    assert body["errors"] == [
        {"field": "text", "message": "String should have at least 1 character", "source": "body"},
        {"field": "page", "message": "Expected `int`", "source": "query"},
    ]
    assert "page" in body["detail"] and "text" in body["detail"]


def test_missing_parameter_is_422_naming_it() -> None:
    status, body, _ = problem_for(ValidationException("Missing required query parameter 'dimension' for path /x"))
    assert status == 422 and body["errors"] == [
        {"field": "dimension", "message": "this parameter is required", "source": "query"}
    ]


def test_validation_without_fields_is_bad_request() -> None:
    status, body, _ = problem_for(ValidationException("JSON is malformed"))
    assert status == 400 and "malformed" in body["detail"]


def test_edit_rejected_names_its_field() -> None:
    status, body, _ = problem_for(EditRejected("merge_into", "no skill 'x'"))
    assert status == 422
    assert body["errors"] == [{"field": "merge_into", "message": "no skill 'x'", "source": "body"}]


def test_rule_config_lists_problems() -> None:
    _, body, _ = problem_for(RuleConfigError(["a.yaml:r1: bad", "b.yaml:r2: worse"]))
    assert [e["message"] for e in body["errors"]] == ["a.yaml:r1: bad", "b.yaml:r2: worse"]


def test_headers_are_kept() -> None:
    _, _, headers = problem_for(NotAuthorizedException("x", headers={"WWW-Authenticate": "Bearer"}))
    assert headers == {"WWW-Authenticate": "Bearer"}
    _, _, headers = problem_for(TooManyRequestsException(headers={"Retry-After": "3"}))
    assert headers["Retry-After"] == "3"


def test_documented_error_responses_are_problem_details() -> None:
    specs = error_responses(404)
    assert {400, 404, 422, 429, 500, 503} <= set(specs)
    assert all(s.media_type == "application/problem+json" for s in specs.values())
