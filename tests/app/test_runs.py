"""Steps 2-3 persistence: evidence-only dimensions, idempotent confirmations, atomic failure, provenance."""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import taxo.engine.pipeline as pipeline_module
from taxo.app.runs import RunService, load_record
from taxo.core.errors import PipelineError
from taxo.graph import queries as q
from taxo.graph.store import GraphStore
from tests.conftest import example_text

TAXONOMY_LABELS = ("Role", "Dimension", "Skill", "Alias", "KRA", "ReviewItem", "Meta")
TAXONOMY_RELS = ("HAS_ALIAS", "HAS_KRA", "HAS_DIMENSION", "IN_DIMENSION", "SPECIALIZES")

#: The three examples where the old system attached "React Frontend Development" to a skill.
OLD_FALLBACK = {"amex-pyspark": "event-driven-architecture", "m365": "code-review", "php-games": "distributed-systems"}
RELATED = {
    "event-driven-architecture": {
        "messaging-and-event-streaming",
        "microservices-and-distributed-systems",
        "software-design-and-architecture",
    },
    "code-review": {"unit-testing-and-code-quality", "version-control-and-collaboration"},
    "distributed-systems": {"microservices-and-distributed-systems"},
}


def _taxonomy_counts(store: GraphStore) -> tuple[dict[str, int], dict[str, int]]:
    s = store.stats()
    return (
        {k: v for k, v in s.nodes.items() if k in TAXONOMY_LABELS},
        {k: v for k, v in s.relationships.items() if k in TAXONOMY_RELS},
    )


@pytest.mark.parametrize(("name", "skill"), sorted(OLD_FALLBACK.items()))
def test_no_unrelated_dimension_is_attached(readonly_pipeline: RunService, name: str, skill: str) -> None:
    record = readonly_pipeline.run(example_text(name), read_only=True)
    assert record.details is not None
    tax = readonly_pipeline.taxonomy.get()
    by_slug = {d.canonical.slug: d for d in record.details.skills if d.canonical}
    assert skill in by_slug, f"{skill} not found in {name}"
    dims = {d.slug for d in by_slug[skill].dimensions}
    assert dims and dims <= RELATED[skill]
    assert "react-ecosystem" not in dims
    for d in record.details.skills:  # every known skill gets exactly its linked dimensions, never a default
        if d.canonical is not None:
            assert {x.slug for x in d.dimensions} == set(tax.skills[d.canonical.slug].dimensions)
        else:
            assert all(x.via == "vector" and x.similarity is not None for x in d.dimensions)


def test_same_jd_twice_confirms_instead_of_duplicating(pipeline: RunService) -> None:
    text = example_text("php-games")
    first = pipeline.run(text)
    counts = _taxonomy_counts(pipeline.store)
    before = {
        (r["s"], r["d"]): r["c"]
        for r in pipeline.store.read(
            "MATCH (s:Skill)-[e:IN_DIMENSION]->(d) WHERE e.last_run = $run "
            "RETURN s.id AS s, d.id AS d, e.confirmations AS c",
            {"run": first.run_id},
        )
    }
    second = pipeline.run(text)
    assert _taxonomy_counts(pipeline.store) == counts
    after = {
        (r["s"], r["d"]): r["c"]
        for r in pipeline.store.read(
            "MATCH (s:Skill)-[e:IN_DIMENSION]->(d) WHERE e.last_run = $run "
            "RETURN s.id AS s, d.id AS d, e.confirmations AS c",
            {"run": second.run_id},
        )
    }
    assert before and set(after) == set(before)
    assert all(after[k] == before[k] + 1 for k in before)
    assert second.final is not None and all(
        i.skill_dimension == "confirmed" for i in second.final.items if i.skill_tag == "in_db"
    )


def test_injected_failure_leaves_no_partial_links_and_a_failed_run(pipeline: RunService, monkeypatch) -> None:
    counts = _taxonomy_counts(pipeline.store)
    confirmations = pipeline.store.read("MATCH ()-[e:IN_DIMENSION]->() RETURN sum(coalesce(e.confirmations, 0)) AS n")

    def boom(*args, **kwargs):
        raise RuntimeError("injected between extract-details and final-role-output")

    monkeypatch.setattr(pipeline_module, "plan_final", boom)
    with pytest.raises(PipelineError) as err:
        pipeline.run(example_text("amex-pyspark"))
    run_id = err.value.run_id
    assert _taxonomy_counts(pipeline.store) == counts
    assert (
        pipeline.store.read("MATCH ()-[e:IN_DIMENSION]->() RETURN sum(coalesce(e.confirmations, 0)) AS n")
        == confirmations
    )
    assert pipeline.store.read("MATCH (:Run {id: $id})-[t]->() RETURN count(t) AS n", {"id": run_id}) == [{"n": 0}]
    rows = pipeline.store.read("MATCH (r:Run {id: $id}) RETURN r.status AS status, r.error AS error", {"id": run_id})
    assert rows[0]["status"] == "failed" and "injected" in rows[0]["error"]
    assert load_record(pipeline.store, run_id).status == "failed"


def test_why_query_returns_run_rule_evidence_and_similarity(pipeline: RunService) -> None:
    record = pipeline.run(example_text("php-games"))
    assert record.final is not None
    item = next(i for i in record.final.items if i.skill_slug == "php")
    [row] = pipeline.store.read(q.WHY_SKILL_DIMENSION, {"skill": "php", "dimension": item.dimension})
    assert row["last_run"] == record.run_id and row["rule_id"] == "skill_dimension:existing-link"
    assert row["rules_version"] == record.rules_version and row["model"] == pipeline.embedder.model_id
    assert "PHP" in row["evidence"] and row["evidence"] in record.extract.jd.clean_text  # type: ignore[union-attr]
    assert 0.0 < row["similarity"] <= 1.0
    assert row["source"] == row["seed_source"] and row["source"].split(":")[0] in ("curated", "onet", "esco")
    assert row["last_run_case"] == record.case
    role_item = next(i for i in record.final.items if i.role_dimension in ("created", "confirmed"))
    [why] = pipeline.store.read(q.WHY_ROLE_DIMENSION, {"role": record.role, "dimension": role_item.dimension})
    assert why["last_run"] == record.run_id and why["rule_id"] == role_item.role_dimension_rule
    changes = pipeline.store.read(q.RUN_CHANGES, {"id": record.run_id})
    assert {(c["link"], c["node"], c["other"]) for c in changes if c["link"] == "IN_DIMENSION"} == {
        ("IN_DIMENSION", i.skill_slug, i.dimension) for i in record.final.items if i.skill_slug
    }


WORDS = [
    "Java",
    "Kafka",
    "PostgreSQL",
    "React",
    "Docker",
    "Kubernetes",
    "Python",
    "Terraform",
    "GraphQL",
    "Redis",
    "ZorblaxDB",
    "QuuxStream",
    "FrobNet.js",
]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6, unique=True))
def test_items_counters_and_graph_agree(pipeline: RunService, picks: list[str]) -> None:
    text = (
        "Senior Software Engineer\n\nWe are looking for an engineer to join our platform team.\n\n"
        "Responsibilities\n• Build, test and run the backend services of our product.\n"
        "• Review code and improve the reliability of production systems.\n"
        f"\nRequirements\n• Three years of experience with {', '.join(picks)} in production.\n"
        "• Strong communication and collaboration skills.\n"
    )
    record = pipeline.run(text)
    assert record.status == "completed", record.error
    final = record.final
    assert final is not None
    c = final.counts
    assert c.skill_dimension_created + c.skill_dimension_confirmed == sum(
        1 for i in final.items if i.skill_dimension in ("created", "confirmed")
    )
    assert c.role_dimension_created + c.role_dimension_confirmed == sum(
        1 for i in final.items if i.role_dimension in ("created", "confirmed")
    )
    touched = pipeline.store.read(
        "MATCH (:Run {id: $id})-[t:TOUCHED]->(n) RETURN t.link AS link, n.id AS node, "
        "t.to AS other, t.action AS action",
        {"id": record.run_id},
    )
    sd = {(t["node"], t["other"]): t["action"] for t in touched if t["link"] == "IN_DIMENSION"}
    assert sd == {(i.skill_slug, i.dimension): i.skill_dimension for i in final.items if i.skill_slug}
    rd = {t["other"]: t["action"] for t in touched if t["link"] == "HAS_DIMENSION"}
    assert rd == {i.dimension: i.role_dimension for i in final.items if i.role_dimension in ("created", "confirmed")}


def test_sixteen_threads_introducing_one_new_skill_make_one_proposal(pipeline: RunService) -> None:
    texts = [
        f"Backend Engineer\n\nRequirements\n• {n + 1} years with ZorblaxDB and Java for our services.\n"
        f"• Experience with Docker, Kafka and PostgreSQL.\n• Team player number {n}."
        for n in range(16)
    ]
    errors: list[BaseException] = []
    records = []

    def work(t: str) -> None:
        try:
            records.append(pipeline.run(t))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in texts]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    rows = pipeline.store.read(
        "MATCH (i:ReviewItem {queue: 'new_skill'}) WHERE i.key = 'zorblaxdb' "
        "RETURN i.count AS count, size([(r:Run)-[:QUEUED]->(i) | r]) AS runs"
    )
    assert rows == [{"count": 16, "runs": 16}]
    assert all(r.final is not None and "ZorblaxDB" in r.final.new_skills_proposed for r in records)
