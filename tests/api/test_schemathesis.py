"""Property-based run of schemathesis against the app's own OpenAPI: no 5xx, responses match the schema.

Bounded (a few examples per operation, positive and negative inputs, with the token so write routes are
exercised too) on a private seeded copy; plus every read route called with real ids and its response
validated against the schema.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from litestar import Litestar
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.python import asgi as schemathesis_asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from taxo.api import create_app
from tests.api.conftest import AUTH, api_settings, make_app, shared_context
from tests.conftest import SeededCopy, example_text

pytestmark = pytest.mark.slow

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
#: Bounded for the suite (~15 s); ``TAXO_API_FUZZ_EXAMPLES=30 TAXO_API_FUZZ_COVERAGE=1`` for a deeper run (~2 min).
MAX_EXAMPLES = int(os.environ.get("TAXO_API_FUZZ_EXAMPLES", "10"))
COVERAGE = os.environ.get("TAXO_API_FUZZ_COVERAGE", "") == "1"


class AppProxy:
    """The ASGI app schemathesis calls; the fixture plugs the real app in (it needs the test store).

    The schema is loaded at import time from an app that is never started (generating OpenAPI needs
    no lifespan), so ``@schema.parametrize()`` works without ``schemathesis.pytest.from_fixture``, which
    fails on pytest 9 (``request.node._nodeid``).
    """

    def __init__(self) -> None:
        self.app: Litestar | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert self.app is not None, "the fuzz_app fixture has not plugged the app in"
        await self.app(scope, receive, send)


PROXY = AppProxy()
CONFIG = SchemathesisConfig.from_dict(
    {
        "suppress-health-check": ["all"],
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none", "deterministic": True},
        "phases": {
            "examples": {"enabled": True},
            "fuzzing": {"enabled": True},
            "coverage": {"enabled": COVERAGE},
            "stateful": {"enabled": False},
        },
    }
)
SPEC = create_app(lambda: None, settings=api_settings()).openapi_schema.to_schema()  # type: ignore[arg-type, return-value]
schema = schemathesis.openapi.from_dict(SPEC, config=CONFIG)
schema.app = PROXY


@pytest.fixture(scope="module")
def fuzz_app(seeded_copy: SeededCopy) -> Iterator[dict[str, Any]]:
    """The real app, on a private graph that already holds runs and review items; its ids."""
    with seeded_copy("fuzz") as store:
        ctx = shared_context(store)
        runs = [ctx.pipeline.run(example_text(name)) for name in ("php-games", "cosmosdb")]
        item = store.read("MATCH (i:ReviewItem) RETURN i.id AS id ORDER BY id LIMIT 1")[0]["id"]
        PROXY.app = make_app(ctx)
        try:
            yield {"run_id": runs[0].run_id, "item_id": item}
        finally:
            schemathesis_asgi.shutdown_lifespans()  # runs the app's lifespan shutdown
            PROXY.app = None


@schema.parametrize()
def test_fuzz_api(case: Any, fuzz_app: dict[str, Any]) -> None:
    case.call_and_validate(headers=AUTH, checks=CHECKS)


REAL_READS = [
    ("/health", {}, {}),
    ("/ready", {}, {}),
    ("/rules", {}, {}),
    ("/roles", {}, {"q": "engineer"}),
    ("/roles/{slug}", {"slug": "backend-engineer"}, {}),
    ("/skills", {}, {"q": "python"}),
    ("/skills/{slug}", {"slug": "python"}, {}),
    ("/dimensions", {}, {}),
    ("/dimensions/{slug}", {"slug": "python-ecosystem"}, {}),
    ("/provenance/skill-dimension", {}, {"skill": "python", "dimension": "python-ecosystem"}),
    ("/provenance/role-dimension", {}, {"role": "python-backend-developer", "dimension": "python-ecosystem"}),
    ("/provenance/skill-alias", {}, {"skill": "node-js", "alias": "nodejs"}),
    ("/pipeline/runs", {}, {"status": "completed"}),
    ("/pipeline/runs/{run_id}", {"run_id": "RUN"}, {}),
    ("/pipeline/runs/{run_id}/changes", {"run_id": "RUN"}, {}),
    ("/reviews", {}, {}),
    ("/reviews/{queue}", {"queue": "kra_candidate"}, {"status": "all"}),
    ("/reviews/items/{item_id}", {"item_id": "ITEM"}, {}),
]


@pytest.mark.parametrize(("path", "path_params", "query"), REAL_READS, ids=[r[0] for r in REAL_READS])
def test_real_responses_match_the_schema(
    fuzz_app: dict[str, Any], path: str, path_params: dict[str, str], query: dict[str, str]
) -> None:
    params = {k: {"RUN": fuzz_app["run_id"], "ITEM": fuzz_app["item_id"]}.get(v, v) for k, v in path_params.items()}
    case = schema[path]["GET"].Case(path_parameters=params, query=query)
    response = case.call_and_validate(headers=AUTH, checks=CHECKS)
    assert response.status_code == 200, response.text
