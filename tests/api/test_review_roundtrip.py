"""A JD's unknown skill goes through review and comes back as a known skill.

JD introduces an unknown skill → queued with its evidence → approved with a rename → the skill, its
aliases and dimension links exist with curator provenance → the same JD resolves it ``in_db`` via the
alias. Everything goes through the HTTP API on a pristine copy of the seeded graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from taxo.core.embeddings import HashEmbedder, embedding_key
from taxo.graph.backends.falkordb import FalkorDBStore
from tests.api.conftest import AUTH, problem, running
from tests.conftest import SeededCopy, example_text

JD = example_text("php-games")  # "Good knowledge of REST APIs, MultiServer application and their caveats"
ITEM = "new_skill:multiserver"


@pytest.fixture(scope="module")
def app(seeded_copy: SeededCopy) -> Iterator[tuple[TestClient[Litestar], FalkorDBStore]]:
    with seeded_copy("api_roundtrip") as store, running(store) as client:
        yield client, store


def _skill(record: dict[str, Any], surface: str) -> dict[str, Any]:
    return next(s for s in record["details"]["skills"] if s["input_skill"] == surface)


def test_unknown_skill_round_trip(app: tuple[TestClient[Litestar], FalkorDBStore]) -> None:
    client, store = app
    # 1. the JD brings an unknown skill: proposed, queued with its evidence, not linked
    first = client.post("/pipeline/runs", json={"text": JD}, headers=AUTH).json()
    assert first["status"] == "completed"
    unknown = _skill(first, "MultiServer")
    assert unknown["tag"] == "new" and unknown["matched_via"] == "new" and unknown["canonical"] is None
    assert "MultiServer" in first["final"]["new_skills_proposed"]
    assert ITEM in [q["id"] for q in client.get(f"/pipeline/runs/{first['run_id']}/changes").json()["queued"]]

    queued = {i["id"]: i for i in client.get("/reviews/new_skill").json()["items"]}
    item = queued[ITEM]
    assert item["status"] == "pending" and item["display"] == "MultiServer"
    assert "MultiServer application" in item["evidence"] and item["first_run"] == first["run_id"]
    assert item["role"] == first["role"] and item["primary"] is True

    # 2. no dimension is near enough by vector: the curator must choose (never a default)
    err = problem(
        client.post(f"/reviews/items/{ITEM}/approve", json={"curator": "ann", "name": "Multi Server"}, headers=AUTH),
        422,
    )
    assert err["errors"][0]["field"] == "dimensions" and "choose at least one dimension" in err["detail"]
    version = client.get("/health").json()["taxonomy_version"]

    # 3. approve with a rename and dimensions
    approved = client.post(
        f"/reviews/items/{ITEM}/approve",
        headers=AUTH,
        json={
            "curator": "ann",
            "reason": "a real game-server framework",
            "name": "MultiServer Framework",
            "dimensions": ["api-design-and-development", "microservices-and-distributed-systems"],
        },
    )
    assert approved.status_code == 200, approved.text
    changes = approved.json()["changes"]
    assert changes["action"] == "created_skill" and changes["skill"] == "multiserver-framework"
    assert changes["aliases"] == ["MultiServer Framework", "MultiServer"]
    assert approved.json()["item"]["decision"]["curator"] == "ann"
    assert client.get("/health").json()["taxonomy_version"] > version

    # 4. the skill, its aliases and dimension links exist, with curator provenance
    skill = client.get("/skills/multiserver-framework").json()
    assert (skill["source"], skill["curator"], skill["review_item"]) == ("curator", "ann", ITEM)
    assert [(a["text"], a["canonical"], a["source"]) for a in skill["aliases"]] == [
        ("MultiServer Framework", True, "curator"),
        ("MultiServer", False, "curator"),
    ]
    assert [(d["slug"], d["source"]) for d in skill["dimensions"]] == [
        ("api-design-and-development", "curator"),
        ("microservices-and-distributed-systems", "curator"),
    ]
    assert skill["roles"]
    why = client.get(
        "/provenance/skill-dimension",
        params={"skill": "multiserver-framework", "dimension": "api-design-and-development"},
    ).json()
    assert (why["source"], why["curator"], why["curator_reason"]) == ("curator", "ann", "a real game-server framework")
    assert why["evidence"] == item["evidence"] and why["created_at"]
    assert [(d["id"], d["status"], d["curator"]) for d in why["decisions"]] == [(ITEM, "approved", "ann")]
    alias = client.get(
        "/provenance/skill-alias", params={"skill": "multiserver-framework", "alias": "multiserver"}
    ).json()
    assert (alias["source"], alias["curator"], alias["review_item"]) == ("curator", "ann", ITEM)
    keys = {
        r["id"]: r["key"]
        for r in store.read(
            "MATCH (n) WHERE n.review_item = $item AND (n:Skill OR n:Alias) RETURN n.id AS id, n.embedding_key AS key",
            {"item": ITEM},
        )
    }
    assert keys == {
        "multiserver-framework": embedding_key(HashEmbedder(), "MultiServer Framework"),
        "skill:multiserver framework": embedding_key(HashEmbedder(), "MultiServer Framework"),
        "skill:multiserver": embedding_key(HashEmbedder(), "MultiServer"),
    }

    # 5. the same JD now resolves the skill in_db through the alias, and links it
    again = client.post("/pipeline/runs", json={"text": JD}, headers=AUTH).json()
    known = _skill(again, "MultiServer")
    assert known["tag"] == "in_db" and known["canonical"]["slug"] == "multiserver-framework"
    assert known["matched_via"] in ("alias", "casefold", "exact") and "MultiServer" in known["aliases_in_db"]
    assert "MultiServer" not in again["final"]["new_skills_proposed"]
    linked = [i for i in again["final"]["items"] if i["skill_slug"] == "multiserver-framework"]
    assert {i["dimension"] for i in linked} == {"api-design-and-development", "microservices-and-distributed-systems"}
    assert all(i["skill_dimension"] == "confirmed" for i in linked)
    why = client.get(
        "/provenance/skill-dimension",
        params={"skill": "multiserver-framework", "dimension": "api-design-and-development"},
    ).json()
    assert why["last_run"] == again["run_id"] and why["confirmations"] == 1 and why["source"] == "curator"
    after = client.get(f"/reviews/items/{ITEM}").json()
    assert after["status"] == "approved" and after["count"] == 1  # not queued again

    # 6. approving again changes nothing
    nodes = store.stats().nodes
    replay = client.post(f"/reviews/items/{ITEM}/approve", json={"curator": "bob", "name": "Other"}, headers=AUTH)
    assert replay.status_code == 200 and replay.json()["replayed"] is True
    assert replay.json()["changes"] == changes and store.stats().nodes == nodes
