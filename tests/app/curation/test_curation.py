"""Curator decisions on the review queues (``taxo.app.curation``) against the real embedded store.

Items are written directly (as a run would queue them) so each test controls its evidence; the module
shares one private seeded graph and one context, and every test uses its own item keys.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from taxo.app import curation
from taxo.app.context import Context
from taxo.app.curation import EditRejected, Edits
from taxo.core.clock import now_iso
from taxo.core.embeddings import HashEmbedder, embedding_key
from taxo.core.errors import Conflict, NotFound
from taxo.core.settings import Settings
from taxo.engine.updates import QUEUES, review
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.graph.repo.runs import RunPlan, commit_run
from taxo.graph.seeds.loader import kra_id
from tests.conftest import SeededCopy

PROVENANCE = ("source", "curator", "curator_reason", "review_item", "created_at")


@pytest.fixture(scope="module")
def store(seeded_copy: SeededCopy) -> Iterator[FalkorDBStore]:
    with seeded_copy("cur") as s:
        yield s


@pytest.fixture(scope="module")
def ctx(store: FalkorDBStore) -> Context:
    return Context(Settings(embedder="hash"), store=store, embedder=HashEmbedder())


def add_item(store: FalkorDBStore, queue: str, key: str | None = None, **props: Any) -> str:
    """Queue an item the way a run does (``queue:key``, pending, count 1)."""
    key = key or uuid.uuid4().hex[:10]
    item_id = f"{queue}:{key}"
    if isinstance(props.get("payload"), dict):
        props["payload"] = json.dumps(props["payload"])
    store.write(
        "MERGE (i:ReviewItem {id: $id}) SET i += $props",
        {
            "id": item_id,
            "props": {
                "queue": queue,
                "key": key,
                "status": "pending",
                "count": 1,
                "created_at": now_iso(),
                "first_run": "run-1",
                "last_run": "run-1",
                **props,
            },
        },
    )
    return item_id


def counts(store: FalkorDBStore) -> tuple[dict[str, int], dict[str, int]]:
    stats = store.stats()
    return stats.nodes, stats.relationships


def one(store: FalkorDBStore, cypher: str, **params: Any) -> dict[str, Any]:
    rows = store.read(cypher, params)
    assert len(rows) == 1, rows
    return rows[0]


def dimension_text(store: FalkorDBStore, slug: str) -> str:
    """The text a dimension is embedded from: a surface form equal to it is as near as can be."""
    d = one(store, "MATCH (d:Dimension {id: $id}) RETURN d.name AS name, d.rationale AS rationale", id=slug)
    return f"{d['name']}: {d['rationale']}"


# -- reads -------------------------------------------------------------------------------------------
def test_reads(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(
        store,
        "new_skill",
        display="Zorblax",
        evidence="We use Zorblax daily.",
        role="backend-engineer",
        primary=True,
        reason="camel_case",
    )
    assert [q.queue for q in curation.queue_counts(store)] == list(QUEUES)
    total, items = curation.list_queue(store, "new_skill")
    assert total >= 1 and item_id in [i.id for i in items]
    item = curation.get_item(store, item_id)
    assert (
        item.display == "Zorblax" and item.evidence == "We use Zorblax daily." and item.candidate_reason == "camel_case"
    )
    assert item.status == "pending" and item.decision is None and item.runs == []
    with pytest.raises(NotFound):
        curation.get_item(store, "new_skill:nothing-here")
    with pytest.raises(NotFound):
        curation.list_queue(store, "no_such_queue")


# -- new_skill ---------------------------------------------------------------------------------------
def test_new_skill_with_rename_and_chosen_dimensions(ctx: Context, store: FalkorDBStore) -> None:
    version = ctx.pipeline.taxonomy.get().version
    item_id = add_item(
        store,
        "new_skill",
        display="ZorbDB",
        evidence="Experience with ZorbDB is required.",
        role="backend-engineer",
        primary=True,
        reason="camel_case",
    )
    edits = Edits(name="Zorb Database", dimensions=["relational-databases", "nosql-databases"])
    result = curation.approve(ctx, item_id, edits, "ann", "a real database")
    ch = result.changes
    assert ch is not None and ch.action == "created_skill" and ch.skill == "zorb-database"
    assert ch.aliases == ["Zorb Database", "ZorbDB"]
    assert [(d.slug, d.chosen_by) for d in ch.dimensions] == [
        ("relational-databases", "curator"),
        ("nosql-databases", "curator"),
    ]
    assert ch.metadata["nature"] == "TOOL" and ch.metadata["derived_from"]
    assert result.item.status == "approved" and result.item.decision is not None
    assert (result.item.decision.curator, result.item.decision.reason) == ("ann", "a real database")

    skill = one(store, "MATCH (s:Skill {id: 'zorb-database'}) RETURN properties(s) AS p")["p"]
    assert skill["name"] == "Zorb Database" and skill["status"] == "active" and skill["embedding_key"]
    assert all(skill[k] for k in PROVENANCE) and skill["source"] == "curator" and skill["review_item"] == item_id
    aliases = store.read(
        "MATCH (s:Skill {id: 'zorb-database'})-[e:HAS_ALIAS]->(a:Alias) "
        "RETURN a.text AS text, a.canonical AS canonical, a.embedding_key AS key, properties(e) AS e "
        "ORDER BY text"
    )
    assert [(a["text"], a["canonical"]) for a in aliases] == [("Zorb Database", True), ("ZorbDB", False)]
    assert all(a["key"] and a["e"]["source"] == "curator" and a["e"]["curator"] == "ann" for a in aliases)
    links = store.read(
        "MATCH (:Skill {id: 'zorb-database'})-[e:IN_DIMENSION]->(d:Dimension) "
        "RETURN d.id AS d, properties(e) AS e ORDER BY d"
    )
    assert [r["d"] for r in links] == ["nosql-databases", "relational-databases"]
    for r in links:
        assert all(r["e"][k] for k in PROVENANCE) and r["e"]["curator_reason"] == "a real database"
        assert r["e"]["evidence"] == "Experience with ZorbDB is required." and r["e"]["confirmations"] == 0
    tax = ctx.pipeline.taxonomy.get()
    assert tax.version > version and "zorb-database" in tax.skills
    assert set(tax.skills["zorb-database"].dimensions) == {"relational-databases", "nosql-databases"}
    assert one(store, "MATCH (i:ReviewItem {id: $id}) RETURN i.finalized AS f", id=item_id)["f"] is True


def test_new_skill_dimensions_by_vector(ctx: Context, store: FalkorDBStore) -> None:
    text = dimension_text(store, "python-ecosystem")
    item_id = add_item(store, "new_skill", display=text, evidence="…", reason="technology_list")
    ch = curation.approve(ctx, item_id, Edits(name="Pythonic Thing"), "ann").changes
    assert ch is not None and ch.dimensions[0].slug == "python-ecosystem"
    assert ch.dimensions[0].chosen_by == "vector" and ch.dimensions[0].similarity is not None
    assert ch.dimensions[0].similarity >= ctx.rulebook.params("extraction")["dimension_vector_threshold"]
    sim = one(
        store,
        "MATCH (:Skill {id: 'pythonic-thing'})-[e:IN_DIMENSION]->(:Dimension {id: 'python-ecosystem'}) "
        "RETURN e.similarity AS s",
    )["s"]
    assert sim == pytest.approx(ch.dimensions[0].similarity)


def test_new_skill_without_any_dimension_is_refused(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(store, "new_skill", display="Qwxv", evidence="Qwxv.")
    before = counts(store)
    with pytest.raises(EditRejected) as err:
        curation.approve(ctx, item_id, None, "ann")
    assert err.value.field == "dimensions" and "choose at least one dimension" in str(err.value)
    assert counts(store) == before and curation.get_item(store, item_id).status == "pending"


def test_new_skill_metadata_edits(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(store, "new_skill", display="Flumox", reason="camel_case")
    edits = Edits(
        dimensions=["relational-databases"],
        category="Databases",
        subcategory="Graph",
        nature="DATABASE",
        volatility="HIGH",
        lifespan="SHORT",
        maturity="CUTTING_EDGE",
    )
    curation.approve(ctx, item_id, edits, "ann")
    s = one(
        store,
        "MATCH (s:Skill {id: 'flumox'}) RETURN s.category AS c, s.subcategory AS sc, s.nature AS n, "
        "s.volatility AS v, s.lifespan AS l, s.maturity AS m",
    )
    assert s == {"c": "Databases", "sc": "Graph", "n": "DATABASE", "v": "HIGH", "l": "SHORT", "m": "CUTTING_EDGE"}


def test_new_skill_merge_into(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(store, "new_skill", display="Py-thon3k", evidence="Py-thon3k scripting")
    result = curation.approve(ctx, item_id, Edits(merge_into="python"), "ann", "a spelling of Python")
    assert result.changes is not None and result.changes.action == "merged_alias" and result.changes.skill == "python"
    row = one(
        store,
        "MATCH (s:Skill)-[e:HAS_ALIAS]->(a:Alias {id: 'skill:py-thon3k'}) "
        "RETURN s.id AS s, a.canonical AS c, a.embedding_key AS k, e.curator AS cur, e.review_item AS ri",
    )
    assert row == {"s": "python", "c": False, "k": row["k"], "cur": "ann", "ri": item_id} and row["k"]
    assert "py-thon3k" not in ctx.pipeline.taxonomy.get().skills
    assert "python" in ctx.pipeline.taxonomy.get().skill_alias_map["py-thon3k"]


@pytest.mark.parametrize(
    ("edits", "field"),
    [
        (Edits(merge_into="no-such-skill"), "merge_into"),
        (Edits(merge_into="python", name="X"), "name"),
        (Edits(dimensions=["relational-databases", "no-such-dimension"]), "dimensions"),
        (Edits(text="not for new skills"), "text"),
        (Edits(parent="backend-engineer"), "parent"),
        (Edits(name="!!!", dimensions=["relational-databases"]), "name"),
    ],
)
def test_new_skill_bad_edits(ctx: Context, store: FalkorDBStore, edits: Edits, field: str) -> None:
    item_id = add_item(store, "new_skill", display="Blorptastic")
    with pytest.raises(EditRejected) as err:
        curation.approve(ctx, item_id, edits, "ann")
    assert err.value.field == field
    assert curation.get_item(store, item_id).status == "pending"


def test_new_skill_conflicts(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(store, "new_skill", display="Snakelang")
    with pytest.raises(Conflict, match="already exists"):
        curation.approve(ctx, item_id, Edits(name="Python", dimensions=["python-ecosystem"]), "ann")
    taken = add_item(store, "new_skill", display="Node JS")
    with pytest.raises(Conflict, match="merge_into: 'node-js'"):
        curation.approve(ctx, taken, Edits(name="Node Runtime", dimensions=["nodejs-ecosystem"]), "ann")


# -- new_alias, kra_candidate, alias_collision --------------------------------------------------------
def test_new_alias(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(
        store,
        "new_alias",
        key="python:pythn",
        display="Pythn",
        skill="python",
        match="vector",
        similarity=0.95,
        evidence="Pythn and SQL",
    )
    result = curation.approve(ctx, item_id, None, "ann", "common typo")
    assert (
        result.changes is not None and result.changes.action == "attached_alias" and result.changes.aliases == ["Pythn"]
    )
    row = one(
        store,
        "MATCH (s:Skill)-[e:HAS_ALIAS]->(a:Alias {id: 'skill:pythn'}) RETURN s.id AS s, a.source AS src, "
        "a.embedding_key AS k, e.curator_reason AS why",
    )
    assert row["s"] == "python" and row["src"] == "curator" and row["k"] and row["why"] == "common typo"
    other = add_item(store, "new_alias", key="python:py3", display="py 3", skill="python")
    result = curation.approve(ctx, other, Edits(text="Py3"), "ann")
    assert result.changes is not None and result.changes.aliases == ["Py3"]
    clash = add_item(store, "new_alias", key="python:node js", display="Node JS", skill="python")
    with pytest.raises(Conflict, match="already belongs to 'node-js'"):
        curation.approve(ctx, clash, None, "ann")
    with pytest.raises(EditRejected):
        curation.approve(ctx, clash, Edits(merge_into="nope"), "ann")


def test_kra_candidate(ctx: Context, store: FalkorDBStore) -> None:
    sentence = "Own the on-call rotation and incident reviews for payment services."
    item_id = add_item(
        store,
        "kra_candidate",
        key="backend-engineer:abc",
        display=sentence,
        evidence=sentence,
        role="backend-engineer",
        similarity=0.61,
    )
    result = curation.approve(ctx, item_id, None, "ann")
    kid = kra_id("backend-engineer", sentence)
    assert result.changes is not None and result.changes.kra == kid
    row = one(
        store,
        "MATCH (r:Role)-[e:HAS_KRA]->(k:KRA {id: $id}) RETURN r.id AS r, k.text AS t, k.role AS role, "
        "k.embedding_key AS key, e.source AS src",
        id=kid,
    )
    assert (
        row == {"r": "backend-engineer", "t": sentence, "role": "backend-engineer", "key": row["key"], "src": "curator"}
        and row["key"]
    )
    assert kid in ctx.pipeline.taxonomy.get().kras and kid in ctx.pipeline.taxonomy.get().kra_vectors
    edited = add_item(store, "kra_candidate", key="backend-engineer:def", display="Do stuff.", role="backend-engineer")
    result = curation.approve(ctx, edited, Edits(text="Design and operate resilient payment APIs."), "ann")
    assert result.changes is not None and result.changes.kras == ["Design and operate resilient payment APIs."]


def test_alias_collision_records_only(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(
        store,
        "alias_collision",
        key="software engineer",
        display="Software Engineer",
        roles=["backend-engineer", "frontend-developer"],
        rule_id="ALIAS_COLLISION.clear",
    )
    before = counts(store)
    version = one(store, "MATCH (m:Meta {id: 'taxonomy'}) RETURN m.version AS v")["v"]
    result = curation.approve(ctx, item_id, None, "ann", "intended: the alias is shared")
    assert one(store, "MATCH (m:Meta {id: 'taxonomy'}) RETURN m.version AS v")["v"] == version
    assert result.changes is not None and result.changes.action == "recorded"
    assert result.item.roles == ["backend-engineer", "frontend-developer"]
    nodes, rels = counts(store)
    assert rels == before[1] and nodes == before[0]
    with pytest.raises(EditRejected, match="takes no edits"):
        curation.approve(ctx, add_item(store, "alias_collision"), Edits(name="x"), "ann")


# -- new_role ----------------------------------------------------------------------------------------
def test_new_role(ctx: Context, store: FalkorDBStore) -> None:
    sentences = ["Design streaming pipelines for telemetry data.", "Operate Kafka clusters at scale."]
    item_id = add_item(
        store,
        "new_role",
        key="untitled-1234",
        display="Untitled role",
        title="Telemetry Wrangler",
        evidence="No role is supported well enough",
        payload={"top_roles": [{"slug": "data-engineer", "score": 0.3}], "sentences": sentences},
    )
    with pytest.raises(EditRejected) as err:
        curation.approve(ctx, item_id, None, "ann")
    assert err.value.field == "name"
    with pytest.raises(EditRejected) as err:
        curation.approve(ctx, item_id, Edits(name="Telemetry Engineer", parent="no-such-role"), "ann")
    assert err.value.field == "parent"
    with pytest.raises(Conflict):
        curation.approve(ctx, item_id, Edits(name="Backend Developer", slug="backend-engineer"), "ann")

    edits = Edits(
        name="Telemetry Engineer",
        parent="data-engineer",
        dimensions=["python-ecosystem"],
        aliases=["Telemetry Data Engineer", "Backend Engineer"],
        kras=["Define telemetry schemas."],
        description="Builds telemetry pipelines.",
    )
    result = curation.approve(ctx, item_id, edits, "ann", "seen in many JDs")
    ch = result.changes
    assert (
        ch is not None
        and ch.action == "created_role"
        and ch.role == "telemetry-engineer"
        and ch.parent == "data-engineer"
    )
    assert ch.aliases == ["Telemetry Engineer", "Telemetry Wrangler", "Telemetry Data Engineer"]
    assert [s.text for s in ch.skipped_aliases] == ["Backend Engineer"]
    assert ch.kras == [*sentences, "Define telemetry schemas."]
    role = one(store, "MATCH (r:Role {id: 'telemetry-engineer'}) RETURN properties(r) AS p")["p"]
    assert role["name"] == "Telemetry Engineer" and role["parent"] == "data-engineer" and role["centroid_n"] == 0
    assert role["family"] == one(store, "MATCH (r:Role {id: 'data-engineer'}) RETURN r.family AS f")["f"]
    assert all(role[k] for k in PROVENANCE) and role["embedding_key"]
    rels = one(
        store,
        "MATCH (r:Role {id: 'telemetry-engineer'}) RETURN "
        "size([(r)-[:HAS_ALIAS]->(a:Alias) WHERE a.embedding_key IS NOT NULL | a]) AS aliases, "
        "size([(r)-[:HAS_KRA]->(k:KRA) WHERE k.embedding_key IS NOT NULL | k]) AS kras, "
        "size([(r)-[:HAS_DIMENSION]->(d:Dimension) | d]) AS dims, "
        "size([(r)-[:SPECIALIZES]->(p:Role {id: 'data-engineer'}) | p]) AS parent",
    )
    assert rels == {"aliases": 3, "kras": 3, "dims": 1, "parent": 1}
    tax = ctx.pipeline.taxonomy.get()
    assert "telemetry-engineer" in tax.roles and "telemetry-engineer" in tax.roles["data-engineer"].children
    assert tax.role_alias_vectors.shape[0] == len(tax.role_alias_texts)  # every role alias has its vector
    assert "telemetry-engineer" in tax.role_alias_index["telemetry wrangler"]


# -- decisions: idempotency, rejection, recurrence, repair, races --------------------------------------
def test_approving_twice_does_not_duplicate(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(store, "new_skill", display="Quuxly")
    first = curation.approve(ctx, item_id, Edits(dimensions=["relational-databases"]), "ann")
    before = counts(store)
    again = curation.approve(ctx, item_id, Edits(name="Something Else", dimensions=["relational-databases"]), "bob")
    assert again.replayed and not first.replayed and again.changes == first.changes
    assert again.item.decision is not None and again.item.decision.curator == "ann"
    assert counts(store) == before


def test_reject(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(store, "new_skill", display="AND 7", key="and-7")
    result = curation.reject(ctx, item_id, "ann", "not a skill")
    assert not result.replayed and result.item.status == "rejected"
    assert result.item.decision is not None and result.item.decision.reason == "not a skill"
    assert curation.reject(ctx, item_id, "bob", "still not").replayed
    with pytest.raises(Conflict, match="rejected"):
        curation.approve(ctx, item_id, Edits(dimensions=["relational-databases"]), "bob")
    approved = add_item(store, "alias_collision")
    curation.approve(ctx, approved, None, "ann")
    with pytest.raises(Conflict, match="approved"):
        curation.reject(ctx, approved, "bob", "no")
    with pytest.raises(NotFound):
        curation.reject(ctx, "new_skill:missing", "ann", "x")


def test_rejected_items_stay_rejected_when_runs_see_them_again(ctx: Context, store: FalkorDBStore) -> None:
    entry = review("new_skill", "recurring-thing", display="RecurringThing", evidence="We use RecurringThing.")
    commit_run(store, "run-a", now_iso(), {"status": "completed"}, RunPlan(reviews=[entry]), "hash")
    item_id = str(entry["id"])
    curation.reject(ctx, item_id, "ann", "noise")
    commit_run(store, "run-b", now_iso(), {"status": "completed"}, RunPlan(reviews=[entry]), "hash")
    item = curation.get_item(store, item_id)
    assert item.status == "rejected" and item.count == 2 and item.last_run == "run-b"
    assert item.decision is not None and item.decision.reason == "noise"


def test_interrupted_approval_is_finished_by_the_next_approve(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(store, "new_skill", display="Halfdone")
    curation.approve(ctx, item_id, Edits(dimensions=["relational-databases"]), "ann")
    # what a crash between the decision and its embeddings leaves behind
    store.write("MATCH (s:Skill {id: 'halfdone'}) REMOVE s.embedding, s.embedding_key")
    store.write("MATCH (a:Alias {id: 'skill:halfdone'}) REMOVE a.embedding, a.embedding_key")
    store.write("MATCH (i:ReviewItem {id: $id}) SET i.finalized = false", {"id": item_id})
    version = ctx.pipeline.taxonomy.get().version
    result = curation.approve(ctx, item_id, None, "bob")
    assert result.replayed
    key = embedding_key(ctx.embedder, "Halfdone")
    assert one(store, "MATCH (s:Skill {id: 'halfdone'}) RETURN s.embedding_key AS k, s.embedding IS NOT NULL AS v") == {
        "k": key,
        "v": True,
    }
    assert one(store, "MATCH (a:Alias {id: 'skill:halfdone'}) RETURN a.embedding_key AS k")["k"] == key
    assert one(store, "MATCH (i:ReviewItem {id: $id}) RETURN i.finalized AS f", id=item_id)["f"] is True
    assert ctx.pipeline.taxonomy.get().version > version


def test_concurrent_approvals_apply_once(ctx: Context, store: FalkorDBStore) -> None:
    item_id = add_item(
        store,
        "kra_candidate",
        key="backend-engineer:race",
        display="Race to approve this KRA.",
        role="backend-engineer",
    )
    results: list[Any] = []
    errors: list[BaseException] = []

    def go(who: str) -> None:
        try:
            results.append(curation.approve(ctx, item_id, None, who))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(f"c{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.replayed for r in results) == [False, True, True, True]
    kid = kra_id("backend-engineer", "Race to approve this KRA.")
    assert one(store, "MATCH (:Role)-[e:HAS_KRA]->(k:KRA {id: $id}) RETURN count(e) AS n", id=kid)["n"] == 1
