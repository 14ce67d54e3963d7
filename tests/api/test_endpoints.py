"""Every route through Litestar's test client on the real embedded store: happy paths, 401, 404, 413, 422.

One private seeded graph and one running app serve the whole module (``client``); apps with other
settings (token for reads, no token, small body limit, rate limit, CORS) run on the same graph.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from taxo.api.schemas import MAX_JD_CHARS
from taxo.app.context import Context
from taxo.core.embeddings import HashEmbedder
from taxo.core.errors import StoreUnavailable
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.graph.dialects import falkordb as falkordb_dialect
from taxo.graph.store import GraphStore
from tests.api.conftest import AUTH, SharedContext, api_settings, problem, running
from tests.conftest import REPO_ROOT, example_text

JD = example_text("php-games")  # a JD with an unknown camel-case skill (MultiServer)


@pytest.fixture(scope="module")
def stored_run(client: TestClient[Litestar]) -> dict[str, Any]:
    """One persisted run of the module (queues review items, writes links)."""
    r = client.post("/pipeline/runs", json={"text": JD}, headers=AUTH)
    assert r.status_code == 200, r.text
    return r.json()


# -- system ------------------------------------------------------------------------------------------
def test_health(client: TestClient[Litestar]) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["store"] == {"reachable": True, "kind": "falkordb", "error": None}
    assert body["model"] == {"loaded": True, "id": "hash-bow-v1", "dimension": 384}
    assert re.fullmatch(r"[0-9a-f]{12}", body["rules_version"])
    assert body["seed_version"] and body["taxonomy_version"] >= 1


def test_ready(client: TestClient[Litestar]) -> None:
    r = client.get("/ready")
    assert r.status_code == 200
    assert r.json() == {
        "ready": True,
        "checks": {"store": True, "indexes": True, "embeddings": True, "model": True, "rules": True, "pipeline": True},
    }


def test_rules(client: TestClient[Litestar]) -> None:
    body = client.get("/rules").json()
    assert body["version"] == client.get("/health").json()["rules_version"]
    names = {r["name"]: r for r in body["rulesets"]}
    assert "extraction" in names and names["extraction"]["file"] == "extraction.yaml"
    assert names["extraction"]["params"]["dimension_vector_threshold"] > 0
    assert names["role_decision"]["rules"] > 0


def test_openapi_documents_every_route(client: TestClient[Litestar]) -> None:
    spec = client.get("/schema/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "the server's TAXO_API_TOKEN",
    }
    ops = [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()]
    assert len(ops) >= 22
    ids = [op["operationId"] for _, _, op in ops]
    assert len(set(ids)) == len(ids)
    for path, method, op in ops:
        assert re.fullmatch(r"[A-Z][A-Za-z]+", op["operationId"]), (path, method)
        assert op.get("summary") and op.get("tags"), (path, method)
        assert "200" in op["responses"], (path, method)
        if path not in ("/health", "/ready"):
            for code in ("422", "500", "503"):
                assert op["responses"][code]["content"]["application/problem+json"], (path, method, code)
        if method == "post":
            assert {"bearer": []} in op["security"] and "401" in op["responses"], path
            if path != "/rules/reload":
                assert op["requestBody"]["content"]["application/json"]["schema"], path
                assert "413" in op["responses"], path
    approve = spec["paths"]["/reviews/items/{item_id}/approve"]["post"]
    assert approve["security"] == [{"bearer": []}]


def test_openapi_has_no_ambiguous_number_unions(client: TestClient[Litestar]) -> None:
    """``oneOf [integer, number]`` can never validate an integer (it matches both): see api/openapi.py."""

    def walk(node: Any) -> list[Any]:
        found = []
        if isinstance(node, dict):
            types = [s.get("type") for s in node.get("oneOf", []) if isinstance(s, dict)]
            if "integer" in types and "number" in types:
                found.append(node)
            for v in node.values():
                found += walk(v)
        elif isinstance(node, list):
            for v in node:
                found += walk(v)
        return found

    assert walk(client.get("/schema/openapi.json").json()) == []


def test_openapi_ui_is_served(client: TestClient[Litestar]) -> None:
    r = client.get("/schema")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert client.get("/schema/swagger").status_code == 200


def test_unknown_route_is_a_problem(client: TestClient[Litestar]) -> None:
    problem(client.get("/no/such/route"), 404)
    problem(client.delete("/roles"), 405)


class DownStore(GraphStore):
    """A store that cannot be reached."""

    kind = "falkordb"
    dialect = falkordb_dialect

    def _down(self, *args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable("FalkorDB is unreachable: connection refused at /tmp/secret.sock")

    read = write = write_unit = ensure_schema = index_states = indexes_ready = clear = _down  # type: ignore[assignment]

    def close(self) -> None:
        pass


def test_store_down_is_503_never_500() -> None:
    ctx = Context(api_settings(), store=DownStore(), embedder=HashEmbedder())
    with running(ctx) as c:
        health = c.get("/health")
        assert health.status_code == 503
        assert health.json()["status"] == "unavailable" and health.json()["store"]["reachable"] is False
        assert health.json()["model"]["loaded"] is True and health.json()["rules_version"]
        ready = c.get("/ready")
        assert ready.status_code == 503 and ready.json()["checks"]["store"] is False
        for r in (
            c.get("/roles"),
            c.get("/skills/python"),
            c.get("/reviews"),
            c.get("/pipeline/runs"),
            c.post("/pipeline/runs", json={"text": JD, "read_only": True}),
            c.post("/reviews/items/new_skill:x/approve", json={"curator": "ann"}, headers=AUTH),
        ):
            body = problem(r, 503)
            assert "secret" not in body["detail"]


# -- taxonomy ----------------------------------------------------------------------------------------
def test_list_roles_pages(client: TestClient[Litestar]) -> None:
    body = client.get("/roles", params={"page_size": 5}).json()
    assert body["total"] > 20 and body["page"] == 1 and body["page_size"] == 5 and len(body["items"]) == 5
    page2 = client.get("/roles", params={"page_size": 5, "page": 2}).json()
    assert {r["slug"] for r in page2["items"]}.isdisjoint({r["slug"] for r in body["items"]})
    assert client.get("/roles", params={"page": 10_000}).json()["items"] == []


def test_search_roles_by_alias(client: TestClient[Litestar]) -> None:
    body = client.get("/roles", params={"q": "BACKEND engineer"}).json()
    top = body["items"][0]
    assert top["slug"] == "backend-engineer" and top["match"] == "exact" and top["matched"] == "Backend Engineer"
    assert all(i["match"] in ("exact", "prefix", "substring") for i in body["items"])
    assert client.get("/roles", params={"q": "zzzz-nothing"}).json() == {
        "total": 0,
        "page": 1,
        "page_size": 50,
        "items": [],
    }


def test_get_role(client: TestClient[Litestar]) -> None:
    r = client.get("/roles/backend-engineer", params={"skills_page_size": 3})
    assert r.status_code == 200
    role = r.json()
    assert role["name"] and role["description"] and role["family"] == "backend"
    assert role["onet_soc"] and all(re.fullmatch(r"\d{2}-\d{4}\.\d{2}", c) for c in role["onet_soc"])
    assert any(a["text"] == "Backend Engineer" for a in role["aliases"])
    assert any(a["ambiguous"] for a in role["aliases"])
    assert role["kras"] and all(k["id"].startswith("backend-engineer:") for k in role["kras"])
    assert role["dimensions"] and role["children"]
    assert role["skills_total"] > 3 and len(role["skills"]) == 3 and all(s["via"] for s in role["skills"])
    child = client.get(f"/roles/{role['children'][0]['slug']}").json()
    assert child["parent"] == "backend-engineer" and child["parent_role"]["slug"] == "backend-engineer"


@pytest.mark.parametrize(
    "path",
    [
        "/roles/no-such-role",
        "/skills/no-such-skill",
        "/dimensions/no-such-dimension",
        "/pipeline/runs/no-such-run",
        "/pipeline/runs/no-such-run/changes",
        "/reviews/items/new_skill:no-such-item",
    ],
)
def test_unknown_ids_are_404(client: TestClient[Litestar], path: str) -> None:
    body = problem(client.get(path), 404)
    assert body["instance"] == path


@pytest.mark.parametrize(
    ("q", "slug", "match"),
    [
        ("Python", "python", "exact"),
        ("python", "python", "casefold"),
        ("Node JS", "node-js", "alias"),
        ("nodejs", "node-js", "casefold"),
        ("Pytho", "python", "prefix"),
    ],
)
def test_search_skills_match_types(client: TestClient[Litestar], q: str, slug: str, match: str) -> None:
    items = client.get("/skills", params={"q": q}).json()["items"]
    assert (items[0]["slug"], items[0]["match"]) == (slug, match), items[:3]


def test_search_skills_substring_and_all(client: TestClient[Litestar]) -> None:
    items = client.get("/skills", params={"q": "ython", "page_size": 200}).json()["items"]
    assert items and {i["match"] for i in items} == {"substring"}
    everything = client.get("/skills", params={"page_size": 2}).json()
    assert everything["total"] > 2000 and all(i["match"] is None for i in everything["items"])


def test_get_skill(client: TestClient[Litestar]) -> None:
    skill = client.get("/skills/python").json()
    assert skill["name"] == "Python" and skill["nature"] == "LANGUAGE"
    assert skill["aliases"][0] == {
        "text": "Python",
        "canonical": True,
        "needs_context": False,
        "source": skill["aliases"][0]["source"],
        "curator": None,
    }
    assert [d["slug"] for d in skill["dimensions"]] == ["python-ecosystem"]
    assert skill["roles"] and all(r["via"] == ["python-ecosystem"] for r in skill["roles"])


def test_dimensions(client: TestClient[Litestar]) -> None:
    body = client.get("/dimensions", params={"q": "python"}).json()
    assert [d["slug"] for d in body["items"]] == ["python-ecosystem"]
    assert body["items"][0]["skills"] > 10 and body["items"][0]["roles"] > 0
    dim = client.get("/dimensions/python-ecosystem", params={"skills_page_size": 5}).json()
    assert dim["skills_total"] > 10 and len(dim["skills"]) == 5
    assert {r["slug"] for r in dim["roles"]} >= {"python-backend-developer"}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/roles", {"page": 0}, "page"),
        ("/roles", {"page_size": 1000}, "page_size"),
        ("/skills", {"page": "two"}, "page"),
        ("/dimensions", {"q": "x" * 500}, "q"),
        ("/roles/backend-engineer", {"skills_page_size": 0}, "skills_page_size"),
        ("/pipeline/runs", {"status": "sleeping"}, "status"),
        ("/pipeline/runs", {"since": "yesterday"}, "since"),
        ("/reviews/new_skill", {"status": "maybe"}, "status"),
        ("/reviews/no_such_queue", {}, "queue"),
        ("/provenance/skill-dimension", {"skill": "python"}, "dimension"),
    ],
)
def test_bad_parameters_are_422_with_the_field(
    client: TestClient[Litestar], path: str, params: dict[str, Any], field: str
) -> None:
    body = problem(client.get(path, params=params), 422)
    assert field in [e["field"] for e in body["errors"]], body


# -- provenance --------------------------------------------------------------------------------------
def test_provenance_of_seed_links(client: TestClient[Litestar]) -> None:
    sd = client.get("/provenance/skill-dimension", params={"skill": "python", "dimension": "python-ecosystem"}).json()
    assert sd["skill"] == "python" and sd["dimension"] == "python-ecosystem"
    assert sd["source"] and sd["seed_source"] == sd["source"]
    dim = client.get("/roles/backend-engineer").json()["dimensions"][0]["slug"]
    rd = client.get("/provenance/role-dimension", params={"role": "backend-engineer", "dimension": dim}).json()
    assert rd["role"] == "backend-engineer" and rd["source"] == "curated"
    sa = client.get("/provenance/skill-alias", params={"skill": "node-js", "alias": "NODE js"}).json()
    assert sa["alias"] == "Node JS" and sa["alias_id"] == "skill:node js" and sa["source"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/provenance/skill-dimension", {"skill": "python", "dimension": "java-ecosystem"}),
        ("/provenance/skill-dimension", {"skill": "nope", "dimension": "python-ecosystem"}),
        ("/provenance/role-dimension", {"role": "backend-engineer", "dimension": "nope"}),
        ("/provenance/skill-alias", {"skill": "python", "alias": "java"}),
        ("/provenance/skill-alias", {"skill": "python", "alias": "   "}),
    ],
)
def test_provenance_of_missing_links_is_404(client: TestClient[Litestar], path: str, params: dict[str, str]) -> None:
    problem(client.get(path, params=params), 404)


def test_provenance_of_run_links(client: TestClient[Litestar], stored_run: dict[str, Any]) -> None:
    item = next(i for i in stored_run["final"]["items"] if i["skill_dimension"] in ("created", "confirmed"))
    body = client.get(
        "/provenance/skill-dimension", params={"skill": item["skill_slug"], "dimension": item["dimension"]}
    ).json()
    assert body["last_run"] == stored_run["run_id"] and body["confirmations"] >= 1
    assert body["rule_id"] and body["rules_version"] == stored_run["rules_version"] and body["evidence"]
    assert stored_run["run_id"] in [r["run_id"] for r in body["runs"]]


# -- pipeline ----------------------------------------------------------------------------------------
def _run_count(client: TestClient[Litestar]) -> int:
    return int(client.get("/pipeline/runs").json()["total"])


def test_read_only_run_needs_no_token_and_writes_nothing(
    client: TestClient[Litestar], api_store: FalkorDBStore
) -> None:
    before = api_store.stats()
    r = client.post("/pipeline/runs", json={"text": JD, "read_only": True})
    assert r.status_code == 200, r.text
    run = r.json()
    assert run["status"] == "completed" and run["read_only"] and run["rejected"] is False
    assert run["final"]["read_only"] and run["final"]["counts"]["skill_dimension_confirmed"] >= 1
    assert run["extract"]["decision"]["rule_id"] and run["timings_ms"]["extract_from_jd"] > 0
    assert api_store.stats().nodes == before.nodes
    problem(client.get(f"/pipeline/runs/{run['run_id']}"), 404)


def test_persisting_run(client: TestClient[Litestar], stored_run: dict[str, Any]) -> None:
    assert stored_run["status"] == "completed" and not stored_run["read_only"]
    assert stored_run["extract"]["post_classification"]["applied"] is True
    record = client.get(f"/pipeline/runs/{stored_run['run_id']}").json()
    assert record["run_id"] == stored_run["run_id"] and record["status"] == "completed"
    assert record["final"]["counts"] == stored_run["final"]["counts"]
    assert record["rule_id"] and record["rules_version"] and "llm_cost_usd" in record and record["timings_ms"]
    changes = client.get(f"/pipeline/runs/{stored_run['run_id']}/changes").json()
    assert {t["link"] for t in changes["touched"]} >= {"IN_DIMENSION", "CENTROID"}
    assert "new_skill:multiserver" in [q["id"] for q in changes["queued"]]


def test_list_runs_filters(client: TestClient[Litestar], stored_run: dict[str, Any]) -> None:
    rid, role, case = stored_run["run_id"], stored_run["role"], stored_run["case"]
    listed = client.get("/pipeline/runs", params={"status": "completed", "role": role, "case": case}).json()
    assert rid in [r["run_id"] for r in listed["items"]]
    assert all(r["status"] == "completed" and r["role"] == role for r in listed["items"])
    assert client.get("/pipeline/runs", params={"since": "2999-01-01T00:00:00Z"}).json()["total"] == 0
    assert client.get("/pipeline/runs", params={"until": "2000-01-01"}).json()["total"] == 0
    assert client.get("/pipeline/runs", params={"since": "2000-01-01T05:30:00+05:30"}).json()["total"] >= 1
    since = stored_run["created_at"]
    assert rid in [r["run_id"] for r in client.get("/pipeline/runs", params={"since": since}).json()["items"]]
    one = client.get("/pipeline/runs", params={"page_size": 1}).json()
    assert len(one["items"]) == 1 and one["total"] >= 1


def test_rejected_jd_is_200(client: TestClient[Litestar]) -> None:
    r = client.post("/skills/extract-from-jd", json={"text": "hello there", "read_only": True})
    assert r.status_code == 200
    assert r.json()["rejected"] is True and r.json()["rejection_reason"] and r.json()["status"] == "rejected"
    r = client.post("/pipeline/runs", json={"text": "   \n  "}, headers=AUTH)
    assert r.status_code == 200 and r.json()["rejected"] is True and r.json()["status"] == "rejected"


def test_read_only_steps_chain(client: TestClient[Litestar], api_store: FalkorDBStore) -> None:
    before = api_store.stats()
    s1 = client.post("/skills/extract-from-jd", json={"text": JD, "title": "Backend Engineer", "read_only": True})
    assert s1.status_code == 200 and s1.json()["status"] == "extracted"
    extract = s1.json()["extract"]
    s2 = client.post("/skills/extract-details", json={"extract": extract, "read_only": True})
    assert s2.status_code == 200, s2.text
    assert s2.json()["status"] == "detailed" and s2.json()["details"]["skills"]
    s3 = client.post(
        "/skills/final-role-output", json={"extract": extract, "details": s2.json()["details"], "read_only": True}
    )
    assert s3.status_code == 200, s3.text
    assert s3.json()["status"] == "completed" and s3.json()["final"]["read_only"]
    assert api_store.stats().nodes == before.nodes


def test_step_on_a_stored_run_read_only(client: TestClient[Litestar], stored_run: dict[str, Any]) -> None:
    """A completed run cannot go back to step 2 or 3 (409), whatever the mode."""
    for path in ("/skills/extract-details", "/skills/final-role-output"):
        body = problem(client.post(path, json={"run_id": stored_run["run_id"]}, headers=AUTH), 409)
        assert "completed" in body["detail"]
        problem(client.post(path, json={"run_id": stored_run["run_id"], "read_only": True}), 409)
        problem(client.post(path, json={"run_id": "no-such-run"}, headers=AUTH), 404)


def test_persisting_steps_chain(client: TestClient[Litestar]) -> None:
    s1 = client.post("/skills/extract-from-jd", json={"text": JD}, headers=AUTH)
    assert s1.status_code == 200 and s1.json()["status"] == "extracted", s1.text
    rid = s1.json()["run_id"]
    problem(client.post("/skills/final-role-output", json={"run_id": rid}, headers=AUTH), 409)
    s2 = client.post("/skills/extract-details", json={"run_id": rid}, headers=AUTH)
    assert s2.status_code == 200 and s2.json()["status"] == "detailed", s2.text
    s3 = client.post("/skills/final-role-output", json={"run_id": rid}, headers=AUTH)
    assert s3.status_code == 200 and s3.json()["status"] == "completed", s3.text
    assert client.get(f"/pipeline/runs/{rid}").json()["status"] == "completed"


def test_posted_outputs_are_never_persisted(client: TestClient[Litestar]) -> None:
    extract = client.post("/skills/extract-from-jd", json={"text": JD, "read_only": True}).json()["extract"]
    for body in ({"extract": extract}, {"extract": extract, "read_only": False}):
        err = problem(client.post("/skills/extract-details", json=body, headers=AUTH), 422)
        assert "read_only" in err["errors"][0]["message"]
    err = problem(
        client.post(
            "/skills/extract-details", json={"extract": extract, "run_id": "r", "read_only": True}, headers=AUTH
        ),
        422,
    )
    assert "not both" in err["errors"][0]["message"]
    problem(client.post("/skills/extract-details", json={}, headers=AUTH), 422)
    problem(client.post("/skills/final-role-output", json={"extract": extract, "read_only": True}), 422)


def test_doctored_extract_is_422(client: TestClient[Litestar]) -> None:
    extract = client.post(
        "/skills/extract-from-jd", json={"text": example_text("amex-pyspark"), "read_only": True}
    ).json()["extract"]
    assert extract["skills"]["skills"]
    extract["skills"]["skills"][0]["canonical_slug"] = "made-up-skill"
    body = problem(client.post("/skills/extract-details", json={"extract": extract, "read_only": True}), 422)
    assert body["errors"][0]["field"] == "extract.skills.skills.0.canonical_slug"
    extract["rejected"] = True
    problem(client.post("/skills/extract-details", json={"extract": extract, "read_only": True}), 409)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": 42}, "text"),
        ({"text": "x" * (MAX_JD_CHARS + 1)}, "text"),
        ({"text": "a JD", "title": "t" * 301}, "title"),
        ({"text": "a JD", "read_only": "perhaps"}, "read_only"),
        ({"text": "a JD", "unexpected": 1}, "unexpected"),
    ],
)
@pytest.mark.parametrize("path", ["/pipeline/runs", "/skills/extract-from-jd"])
def test_malformed_jd_bodies_are_422(client: TestClient[Litestar], path: str, body: dict[str, Any], field: str) -> None:
    err = problem(client.post(path, json=body, headers=AUTH), 422)
    assert field in [e["field"] for e in err["errors"]], err


def test_body_that_is_not_json_is_400(client: TestClient[Litestar]) -> None:
    r = client.post("/pipeline/runs", content=b"{not json", headers={**AUTH, "content-type": "application/json"})
    problem(r, 400)


def test_oversized_body_is_413(api_ctx: SharedContext) -> None:
    with running(api_ctx, api_max_body_bytes=4096) as small:
        body = problem(small.post("/pipeline/runs", json={"text": "word " * 2000, "read_only": True}), 413)
        assert "TAXO_API_MAX_BODY_BYTES" in body["detail"]
        problem(small.post("/pipeline/runs", json={"text": "word " * 2000}, headers=AUTH), 413)
        assert small.post("/pipeline/runs", json={"text": "hello", "read_only": True}).status_code == 200


# -- auth --------------------------------------------------------------------------------------------
WRITES = [
    ("/pipeline/runs", {"text": JD}),
    ("/skills/extract-from-jd", {"text": JD}),
    ("/skills/extract-details", {"run_id": "some-run"}),
    ("/skills/final-role-output", {"run_id": "some-run"}),
    ("/reviews/items/new_skill:multiserver/approve", {"curator": "ann"}),
    ("/reviews/items/new_skill:multiserver/reject", {"curator": "ann", "reason": "no"}),
    ("/reviews/items/new_skill:multiserver/approve", {"curator": "ann", "read_only": True}),
    ("/rules/reload", {}),
]


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_writes_need_the_token(client: TestClient[Litestar], path: str, body: dict[str, Any]) -> None:
    err = problem(client.post(path, json=body), 401)
    assert "bearer" in err["detail"] and client.post(path, json=body).headers["www-authenticate"].startswith("Bearer")
    problem(client.post(path, json=body, headers={"Authorization": "Bearer wrong"}), 401)
    problem(client.post(path, json=body, headers={"Authorization": f"Basic {AUTH['Authorization'][7:]}"}), 401)


def test_reads_are_open_by_default(client: TestClient[Litestar]) -> None:
    for path in ("/roles", "/skills/python", "/reviews", "/pipeline/runs", "/rules"):
        assert client.get(path).status_code == 200, path


def test_reads_can_require_the_token(api_ctx: SharedContext) -> None:
    with running(api_ctx, api_require_token_for_reads=True) as c:
        problem(c.get("/roles"), 401)
        problem(c.post("/pipeline/runs", json={"text": "hello", "read_only": True}), 401)
        assert c.get("/roles", headers=AUTH).status_code == 200
        assert c.get("/health").status_code == 200 and c.get("/ready").status_code == 200
        assert c.get("/schema/openapi.json").status_code == 200


def test_no_configured_token_refuses_writes(api_ctx: SharedContext) -> None:
    with running(api_ctx, api_token=None) as c:
        err = problem(c.post("/pipeline/runs", json={"text": JD}, headers=AUTH), 401)
        assert "no API token configured" in err["detail"]
        assert c.post("/pipeline/runs", json={"text": "hello", "read_only": True}).status_code == 200
        assert c.get("/roles").status_code == 200


def test_rate_limit(api_ctx: SharedContext) -> None:
    with running(api_ctx, api_rate_limit_per_minute=3) as c:
        assert [c.get("/dimensions").status_code for _ in range(3)] == [200, 200, 200]
        r = c.get("/dimensions")
        problem(r, 429)
        assert r.headers["ratelimit-limit"] == "3" and int(r.headers["ratelimit-reset"]) > 0
        assert c.get("/health").status_code == 200


def test_cors(api_ctx: SharedContext) -> None:
    with running(api_ctx, api_cors_origins=["https://curator.example"]) as c:
        r = c.options("/roles", headers={"Origin": "https://curator.example", "Access-Control-Request-Method": "GET"})
        assert r.status_code in (200, 204)
        assert r.headers["access-control-allow-origin"] == "https://curator.example"
        r = c.get("/roles", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


# -- rules reload ------------------------------------------------------------------------------------
def test_rules_reload(api_store: FalkorDBStore, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", rules)
    ctx = SharedContext(api_settings(rules_dir=rules), store=api_store, embedder=HashEmbedder())
    with running(ctx) as c:
        before = c.get("/health").json()["rules_version"]
        same = c.post("/rules/reload", headers=AUTH)
        assert same.status_code == 200, same.text
        assert same.json()["reloaded"] is False and same.json()["rules"]["version"] == before

        path = rules / "extraction.yaml"
        path.write_text(path.read_text().replace("max_sentences: 24", "max_sentences: 23"))
        done = c.post("/rules/reload", headers=AUTH).json()
        assert done["reloaded"] is True and done["previous_version"] == before
        after = c.get("/health").json()["rules_version"]
        assert after == done["rules"]["version"] != before
        assert ctx.pipeline.book.version == after and ctx.pipeline.book.params("extraction")["max_sentences"] == 23

        (rules / "role_decision.yaml").write_text("ruleset: [not, valid")
        err = problem(c.post("/rules/reload", headers=AUTH), 422)
        assert err["errors"] and any("role_decision.yaml" in e["message"] for e in err["errors"])
        assert c.get("/health").json()["rules_version"] == after


# -- reviews -----------------------------------------------------------------------------------------
def test_queue_counts_and_listing(client: TestClient[Litestar], stored_run: dict[str, Any]) -> None:
    counts = {q["queue"]: q for q in client.get("/reviews").json()["queues"]}
    assert set(counts) == {"new_skill", "new_alias", "kra_candidate", "new_role", "alias_collision"}
    assert counts["new_skill"]["pending"] >= 1
    page = client.get("/reviews/new_skill").json()
    assert page["queue"] == "new_skill" and page["status"] == "pending"
    item = next(i for i in page["items"] if i["id"] == "new_skill:multiserver")
    assert item["display"] == "MultiServer" and "MultiServer" in item["evidence"]
    assert item["first_run"] == stored_run["run_id"] and item["role"] == stored_run["role"]
    assert item["candidate_reason"] == "camel_case" and item["decision"] is None
    one = client.get("/reviews/items/new_skill:multiserver").json()
    assert stored_run["run_id"] in one["runs"]
    kra = client.get("/reviews/kra_candidate", params={"page_size": 1}).json()
    assert kra["total"] >= 1 and kra["items"][0]["similarity"] is not None and kra["items"][0]["role"]
    assert client.get("/reviews/new_skill", params={"status": "all"}).json()["total"] >= page["total"]


def test_item_ids_with_slashes(client: TestClient[Litestar], api_store: FalkorDBStore) -> None:
    api_store.write(
        "MERGE (i:ReviewItem {id: 'new_alias:python:py/thon'}) "
        "SET i.queue = 'new_alias', i.key = 'python:py/thon', i.status = 'pending', i.display = 'py/thon', "
        "i.skill = 'python', i.count = 1"
    )
    r = client.get("/reviews/items/new_alias:python:py%2Fthon")
    assert r.status_code == 200, r.text
    assert r.json()["id"] == "new_alias:python:py/thon"
    r = client.post("/reviews/items/new_alias:python:py%2Fthon/approve", json={"curator": "ann"}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["changes"]["aliases"] == ["py/thon"]
    assert (
        client.get("/provenance/skill-alias", params={"skill": "python", "alias": "PY/THON"}).json()["curator"] == "ann"
    )


def test_approve_and_reject_bodies(client: TestClient[Litestar]) -> None:
    target = client.get("/reviews/kra_candidate", params={"page_size": 2}).json()["items"]
    a, b = target[0]["id"], target[1]["id"]
    err = problem(client.post(f"/reviews/items/{a}/approve", json={}, headers=AUTH), 422)
    assert "curator" in [e["field"] for e in err["errors"]]
    err = problem(
        client.post(f"/reviews/items/{a}/approve", json={"curator": "ann", "dimensions": ["x"]}, headers=AUTH), 422
    )
    assert err["errors"][0]["field"] == "dimensions" and "not applicable" in err["errors"][0]["message"]
    err = problem(client.post(f"/reviews/items/{b}/reject", json={"curator": "ann"}, headers=AUTH), 422)
    assert "reason" in [e["field"] for e in err["errors"]]
    problem(client.post("/reviews/items/kra_candidate:nope/approve", json={"curator": "ann"}, headers=AUTH), 404)
    problem(
        client.post("/reviews/items/kra_candidate:nope/reject", json={"curator": "a", "reason": "r"}, headers=AUTH), 404
    )

    ok = client.post(
        f"/reviews/items/{a}/approve",
        json={"curator": "ann", "reason": "a real KRA", "text": "Own the reliability of backend services."},
        headers=AUTH,
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["replayed"] is False and ok.json()["changes"]["action"] == "created_kra"
    assert ok.json()["item"]["decision"] == {
        "status": "approved",
        "curator": "ann",
        "reason": "a real KRA",
        "decided_at": ok.json()["item"]["decision"]["decided_at"],
    }
    again = client.post(f"/reviews/items/{a}/approve", json={"curator": "bob"}, headers=AUTH)
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["changes"] == ok.json()["changes"]
    problem(client.post(f"/reviews/items/{a}/reject", json={"curator": "bob", "reason": "no"}, headers=AUTH), 409)

    rej = client.post(f"/reviews/items/{b}/reject", json={"curator": "ann", "reason": "boilerplate"}, headers=AUTH)
    assert rej.status_code == 200 and rej.json()["item"]["status"] == "rejected"
    assert rej.json()["item"]["decision"]["reason"] == "boilerplate"
    problem(client.post(f"/reviews/items/{b}/approve", json={"curator": "bob"}, headers=AUTH), 409)
    assert client.get("/reviews/kra_candidate", params={"status": "rejected"}).json()["total"] >= 1
