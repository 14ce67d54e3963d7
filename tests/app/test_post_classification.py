"""Step 1's post-classification writes, end to end: centroid, new-role queue, alias-collision log; and a
store error while persisting (a failed run record, no partial taxonomy writes)."""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import pytest
import yaml

from taxo.app.runs import RunService, load_record
from taxo.core.errors import PipelineError, StoreError, StoreUnavailable
from taxo.core.text import norm
from taxo.graph.store import GraphStore
from tests.conftest import EXAMPLES, REPO_ROOT, example_text

TAXONOMY_LABELS = ("Role", "Dimension", "Skill", "Alias", "KRA", "ReviewItem", "Meta")
TAXONOMY_RELS = ("HAS_ALIAS", "HAS_KRA", "HAS_DIMENSION", "IN_DIMENSION", "SPECIALIZES")

PASTRY = (
    "Pastry Chef\n\nOur family bakery in Lyon is looking for a pastry chef to join the early shift.\n\n"
    "Responsibilities\n• Prepare croissants, brioche and laminated doughs every morning before opening.\n"
    "• Decorate celebration cakes, tarts and plated desserts for the restaurant.\n"
    "• Keep the pastry kitchen clean and manage the stock of flour, butter and chocolate.\n\n"
    "Requirements\n• {years} years of experience in a professional bakery or patisserie.\n"
    "• A food hygiene certificate and an eye for presentation.\n"
)

SOFTWARE_ENGINEER = (
    "Software Engineer\n\nWe are looking for an engineer to join our platform team.\n\n"
    "Responsibilities\n• Design and implement REST APIs and backend services for our product.\n"
    "• Write efficient queries against PostgreSQL and Redis.\n"
    "• Monitor, debug and fix production issues in {what}.\n\n"
    "Requirements\n• Three years of experience with Java, Spring Boot, Kafka, Docker and PostgreSQL.\n"
)


def _centroids(store: GraphStore) -> dict[str, tuple[int, list[float] | None]]:
    rows = store.read("MATCH (r:Role) RETURN r.id AS id, coalesce(r.centroid_n, 0) AS n, r.centroid AS v")
    return {r["id"]: (int(r["n"]), r["v"]) for r in rows}


def _item(store: GraphStore, item_id: str) -> dict:
    [row] = store.read(
        "MATCH (i:ReviewItem {id: $id}) RETURN properties(i) AS item, [(r:Run)-[:QUEUED]->(i) | r.id] AS runs",
        {"id": item_id},
    )
    return {**row["item"], "runs": sorted(row["runs"])}


def _taxonomy_counts(store: GraphStore) -> tuple[dict[str, int], dict[str, int]]:
    s = store.stats()
    return (
        {k: v for k, v in s.nodes.items() if k in TAXONOMY_LABELS},
        {k: v for k, v in s.relationships.items() if k in TAXONOMY_RELS},
    )


def test_persisting_runs_update_the_decided_roles_centroid(pipeline: RunService) -> None:
    store = pipeline.store
    before = _centroids(store)
    records = [pipeline.run(example_text(name)) for name in EXAMPLES]
    vectors: dict[str, list[np.ndarray]] = defaultdict(list)
    for r in records:
        assert r.status == "completed", r.error
        post = r.extract.post_classification  # type: ignore[union-attr]
        assert post is not None
        if r.extract.decision.role is None:  # type: ignore[union-attr]
            assert post.centroid_role is None and post.centroid_n_after is None
            continue
        vectors[r.role].append(np.asarray(r.extract.jd_vector))  # type: ignore[union-attr]
        assert post.applied and post.centroid_role == r.role
        assert post.centroid_n_after == before[r.role][0] + len(vectors[r.role])  # n as the commit left it
        touched = store.read(
            "MATCH (:Run {id: $id})-[t:TOUCHED {link: 'CENTROID'}]->(n:Role) RETURN n.id AS role, t.action AS action",
            {"id": r.run_id},
        )
        assert touched == [{"role": r.role, "action": "updated"}]
    assert any(len(v) >= 2 for v in vectors.values()), "no role was decided twice: the running mean is untested"

    after = _centroids(store)
    for role, (n, v) in after.items():
        n0, v0 = before[role]
        runs = vectors.get(role, [])
        assert n == n0 + len(runs), role
        if not runs:
            assert v == v0, role  # a role no run decided keeps its centroid
            continue
        old = np.asarray(v0, dtype=np.float64) * n0 if n0 else np.zeros(len(runs[0]))
        expected = (old + np.sum(runs, axis=0)) / (n0 + len(runs))
        assert v is not None and len(v) == pipeline.embedder.dimension
        np.testing.assert_allclose(np.asarray(v), expected, atol=1e-5, err_msg=role)

    pipeline.run(example_text(EXAMPLES[0]), read_only=True)
    assert _centroids(store) == after  # a read-only run updates nothing


def test_unrelated_title_queues_a_new_role_for_review(pipeline: RunService) -> None:
    store = pipeline.store
    roles_before = store.read("MATCH (r:Role) RETURN count(r) AS n")
    centroids_before = _centroids(store)
    first = pipeline.run(PASTRY.format(years="Three"))
    assert first.extract is not None and first.extract.decision is not None and first.extract.signals is not None
    decision, post = first.extract.decision, first.extract.post_classification
    assert first.status == "completed" and first.case == "NEW_ROLE", decision.reasoning
    assert decision.role is None and decision.new_role is not None and post is not None
    item_id = post.new_role_queue_id
    assert item_id == f"new_role:{decision.new_role.slug}"

    item = _item(store, item_id)
    assert (item["queue"], item["key"], item["display"], item["status"], item["count"]) == (
        "new_role",
        decision.new_role.slug,
        decision.new_role.display_name,
        "pending",
        1,
    )
    assert item["title"] == first.title and item["first_run"] == first.run_id and item["runs"] == [first.run_id]
    payload = json.loads(item["payload"])
    assert [t["slug"] for t in payload["top_roles"]] == [rs.slug for rs in first.extract.signals.combined[:3]]

    second = pipeline.run(PASTRY.format(years="Five"))  # another posting of the same unknown role
    assert second.case == "NEW_ROLE" and second.extract is not None and second.extract.post_classification is not None
    assert second.extract.post_classification.new_role_queue_id == item_id
    item = _item(store, item_id)
    assert item["count"] == 2 and item["runs"] == sorted([first.run_id, second.run_id])
    assert item["last_run"] == second.run_id
    # proposed, never created: no Role node and no centroid for the proposal
    assert store.read("MATCH (r:Role) RETURN count(r) AS n") == roles_before
    assert store.read("MATCH (r:Role {id: $id}) RETURN r.id AS id", {"id": decision.new_role.slug}) == []
    assert _centroids(store) == centroids_before


def test_declared_ambiguous_alias_title_logs_an_alias_collision(pipeline: RunService) -> None:
    declared = yaml.safe_load((REPO_ROOT / "seeds" / "role-alias-ambiguity.yaml").read_text(encoding="utf-8"))
    [entry] = [e for e in declared if e["text"] == "Software Engineer"]
    colliding = set(entry["roles"])
    store = pipeline.store

    record = pipeline.run(SOFTWARE_ENGINEER.format(what="backend services"))
    decision = record.extract.decision  # type: ignore[union-attr]
    assert record.status == "completed" and record.case == "ALIAS_COLLISION", decision.reasoning
    assert {r.slug for r in decision.collision} == colliding and record.role in colliding
    post = record.extract.post_classification  # type: ignore[union-attr]
    assert post.collision_queue_id == f"alias_collision:{norm('Software Engineer')}"

    item = _item(store, post.collision_queue_id)
    assert (item["queue"], item["key"], item["display"], item["status"], item["count"]) == (
        "alias_collision",
        norm("Software Engineer"),
        "Software Engineer",
        "pending",
        1,
    )
    assert set(item["roles"]) == colliding and item["role"] == record.role
    assert item["rule_id"] == record.rule_id and item["evidence"] == record.title
    assert item["runs"] == [record.run_id]

    again = pipeline.run(SOFTWARE_ENGINEER.format(what="our microservices"))
    assert again.case == "ALIAS_COLLISION"
    item = _item(store, post.collision_queue_id)  # one entry per alias, counted per run
    assert item["count"] == 2 and item["runs"] == sorted([record.run_id, again.run_id])


def test_store_error_while_persisting_leaves_a_failed_run_and_no_partial_writes(
    pipeline: RunService, monkeypatch
) -> None:
    store = pipeline.store
    text = example_text("php-games")
    counts = _taxonomy_counts(store)
    centroids = _centroids(store)
    real_write_unit = store.write_unit

    def failing_commit(statements):
        """The real commit statement, made to fail at its very end: the store must roll every write back."""
        [(cypher, params)] = statements
        head, sep, tail = cypher.rpartition(" RETURN ")
        assert sep, "the commit statement has changed shape"
        return real_write_unit([(f"{head} WITH {tail}, 1 / 0 AS boom RETURN {tail}", params)])

    monkeypatch.setattr(store, "write_unit", failing_commit)
    with pytest.raises(PipelineError) as err:
        pipeline.run(text)
    assert isinstance(err.value.__cause__, StoreError)
    run_id = err.value.run_id
    assert _taxonomy_counts(store) == counts and _centroids(store) == centroids
    assert store.read("MATCH (:Run {id: $id})-[t]->() RETURN count(t) AS n", {"id": run_id}) == [{"n": 0}]
    rows = store.read("MATCH (r:Run {id: $id}) RETURN r.status AS status, r.error AS error", {"id": run_id})
    assert rows[0]["status"] == "failed" and rows[0]["error"].startswith("StoreError: ")
    assert load_record(store, run_id).status == "failed"

    def refuse(*args, **kwargs):
        raise StoreError("FalkorDB rejected a statement: read-only replica")

    monkeypatch.setattr(store, "write_unit", refuse)
    monkeypatch.setattr(store, "write", refuse)  # the failure mark is refused too: the error still surfaces
    with pytest.raises(PipelineError, match="read-only replica") as err:
        pipeline.run(text)
    assert store.read("MATCH (r:Run {id: $id}) RETURN r.id AS id", {"id": err.value.run_id}) == []

    def unreachable(*args, **kwargs):
        raise StoreUnavailable("FalkorDB is unreachable: connection refused")

    monkeypatch.undo()
    monkeypatch.setattr(store, "write_unit", unreachable)
    with pytest.raises(StoreUnavailable):  # passes through unchanged, unmarked (the API answers 503)
        pipeline.run(text)

    monkeypatch.undo()
    ok = pipeline.run(text)  # the store works again: the same JD commits normally
    assert ok.status == "completed"
    assert store.read("MATCH (r:Run) RETURN r.id AS id, r.status AS status ORDER BY status") == [
        {"id": ok.run_id, "status": "completed"},
        {"id": run_id, "status": "failed"},
    ]
