"""The store contract: every backend behaves the same behind ``GraphStore``."""

from __future__ import annotations

import numpy as np
import pytest

from taxo.core.errors import SchemaMismatch, StoreError
from taxo.graph.schema import Label
from taxo.graph.store import GraphStore

TRICKY = ['it\'s "quoted"', "back\\slash", "new\nline", "ünïcödé ✓", "", "$notaparam", "') DETACH DELETE n //"]


def test_params_round_trip_exactly(any_store: GraphStore) -> None:
    rows = [
        {"id": f"n{i}", "text": t, "n": 2**62, "f": 0.1 + i, "tags": ["a", t], "none": None}
        for i, t in enumerate(TRICKY)
    ]
    any_store.write(
        "UNWIND $rows AS row CREATE (s:Skill {id: row.id}) SET s.text = row.text, s.n = row.n, s.f = row.f, "
        "s.tags = row.tags, s.none = row.none",
        {"rows": rows},
    )
    got = any_store.read(
        "MATCH (s:Skill) RETURN s.id AS id, s.text AS text, s.n AS n, s.f AS f, s.tags AS tags, "
        "s.none AS none ORDER BY s.id"
    )
    assert got == sorted(rows, key=lambda r: r["id"])
    assert any_store.read("MATCH (n) RETURN count(n) AS c") == [{"c": len(TRICKY)}]


def test_nodes_come_back_as_property_dicts(any_store: GraphStore) -> None:
    any_store.write("CREATE (:Role {id: 'r1', name: 'Data Engineer'})")
    assert any_store.read("MATCH (r:Role) RETURN r") == [{"r": {"id": "r1", "name": "Data Engineer"}}]


def test_schema_is_idempotent_and_checked(any_store: GraphStore) -> None:
    any_store.ensure_schema(384)
    first = any_store.index_states()
    any_store.ensure_schema(384)
    assert any_store.index_states() == first
    vectors = {(i.label, i.dimension) for i in first if i.kind == "VECTOR"}
    assert vectors == {
        (label.value, 384) for label in (Label.KRA, Label.SKILL, Label.ROLE, Label.DIMENSION, Label.ALIAS)
    }
    unique = {i.label for i in first if i.kind in ("UNIQUE", "UNIQUENESS")}
    assert unique == {label.value for label in Label}
    with pytest.raises(SchemaMismatch, match="dimension 384"):
        any_store.check_vector_dimension(128)  # type: ignore[attr-defined]


def test_unique_key_and_statement_atomicity(any_store: GraphStore) -> None:
    any_store.ensure_schema(384)
    any_store.write("CREATE (:Skill {id: 'kafka'})")
    with pytest.raises(StoreError):
        any_store.write("UNWIND ['x1', 'x2', 'kafka'] AS i CREATE (:Skill {id: i})")
    assert any_store.read("MATCH (s:Skill) RETURN s.id AS id") == [{"id": "kafka"}]
    with pytest.raises(StoreError):
        any_store.write("CREATE (:Skill {id: 'y'}) WITH 1 AS x RETURN 1 / 0 AS boom")
    assert any_store.read("MATCH (s:Skill) RETURN count(s) AS c") == [{"c": 1}]


def test_reads_refuse_writes(any_store: GraphStore) -> None:
    with pytest.raises(StoreError):
        any_store.read("CREATE (:Skill {id: 'sneaky'})")
    assert any_store.read("MATCH (s:Skill) RETURN count(s) AS c") == [{"c": 0}]


def test_write_unit_is_all_or_nothing(any_store: GraphStore) -> None:
    any_store.ensure_schema(384)
    any_store.write_unit([("CREATE (:Role {id: 'a'})", {})])
    bad = [("CREATE (:Role {id: 'b'})", {}), ("CREATE (:Role {id: 'a'})", {})]
    with pytest.raises(StoreError):
        any_store.write_unit(bad)
    assert any_store.read("MATCH (r:Role) RETURN r.id AS id") == [{"id": "a"}]


def _unit(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def test_knn_neighbours_and_similarity_scale(any_store: GraphStore) -> None:
    """Similarity is Neo4j's (1 + cos) / 2 on every backend, best first, against brute force."""
    any_store.ensure_schema(384)
    rng = np.random.default_rng(7)
    base = rng.normal(size=(40, 384)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    ids = [f"k{i:02d}" for i in range(len(base))]
    any_store.write("UNWIND $ids AS i CREATE (:KRA {id: i})", {"ids": ids})
    any_store.set_vectors(Label.KRA, [(i, v, "test") for i, v in zip(ids, base, strict=True)])
    queries = np.stack([base[3] + 0.05 * rng.normal(size=384), base[17], -base[5]]).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    hits = any_store.knn(Label.KRA, queries, k=5)
    for q, got in zip(queries, hits, strict=True):
        cos = base @ q
        expected = [ids[i] for i in np.argsort(-cos)[:5]]
        assert [h.id for h in got] == expected
        for h in got:
            assert h.similarity == pytest.approx((1 + cos[ids.index(h.id)]) / 2, abs=1e-3)
    assert hits[1][0].id == "k17" and hits[1][0].similarity == pytest.approx(1.0, abs=1e-3)


def test_vector_update_and_delete_are_seen(any_store: GraphStore) -> None:
    any_store.ensure_schema(384)
    a, b = _unit([1.0] + [0.0] * 383), _unit([0.0, 1.0] + [0.0] * 382)
    any_store.write("UNWIND ['s1', 's2'] AS i CREATE (:Skill {id: i})")
    any_store.set_vectors(Label.SKILL, [("s1", a, "k"), ("s2", b, "k")])
    assert any_store.knn(Label.SKILL, [a], 1)[0][0].id == "s1"
    any_store.set_vectors(Label.SKILL, [("s1", b, "k2")])
    any_store.write("MATCH (s:Skill {id: 's2'}) DETACH DELETE s")
    [[hit]] = any_store.knn(Label.SKILL, [b], 1)
    assert hit.id == "s1" and hit.similarity == pytest.approx(1.0, abs=1e-3)


def test_stats_count_labels_and_types(any_store: GraphStore) -> None:
    any_store.write(
        "CREATE (r:Role {id: 'r'})-[:HAS_DIMENSION]->(:Dimension {id: 'd'}), (r)-[:HAS_KRA]->(:KRA {id: 'k'})"
    )
    s = any_store.stats()
    assert s.nodes == {"Dimension": 1, "KRA": 1, "Role": 1}
    assert s.relationships == {"HAS_DIMENSION": 1, "HAS_KRA": 1}
