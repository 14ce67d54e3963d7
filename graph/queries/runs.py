"""Shared Cypher: a run's one-statement write, run listings and provenance ("why") reads."""

from __future__ import annotations

from collections.abc import Callable

# -- a run's writes: one statement, so that the unit is all-or-nothing on both stores -----------------
# The bodies below are composed into one statement by ``compose_run_unit`` with each dialect's
# subquery syntax (``CALL (run) { … }`` on Neo4j 5.26+, ``CALL { WITH run … }`` on FalkorDB).
_RUN_HEAD = (
    "MERGE (run:Run {id: $run.id}) ON CREATE SET run.created_at = $run.now "
    "SET run += $run.props, run.updated_at = $run.now WITH run"
)
_RUN_PARTS: dict[str, str] = {
    "skill_dims": (
        "UNWIND $plan.skill_dims AS x "
        "MATCH (s:Skill {id: x.skill}) MATCH (d:Dimension {id: x.dimension}) "
        "MERGE (s)-[e:IN_DIMENSION]->(d) "
        "ON CREATE SET e.source = 'run', e.first_run = run.id, e.confirmations = 0, e.created_at = $run.now "
        "SET e.last_run = run.id, e.confirmations = coalesce(e.confirmations, 0) + 1, e.updated_at = $run.now, "
        "e.rule_id = x.rule_id, e.rules_version = $run.props.rules_version, e.model = $run.model, "
        "e.evidence = x.sentence, e.similarity = x.similarity "
        "MERGE (run)-[t:TOUCHED {link: 'IN_DIMENSION', to: d.id}]->(s) "
        "SET t.action = CASE WHEN e.first_run = run.id THEN 'created' ELSE 'confirmed' END "
        "RETURN collect({skill: s.id, dimension: d.id, created: e.first_run = run.id}) AS skill_dims"
    ),
    "role_dims": (
        "UNWIND $plan.role_dims AS x "
        "MATCH (r:Role {id: x.role}) MATCH (d:Dimension {id: x.dimension}) "
        "MERGE (r)-[e:HAS_DIMENSION]->(d) "
        "ON CREATE SET e.source = 'run', e.first_run = run.id, e.confirmations = 0, e.created_at = $run.now "
        "SET e.last_run = run.id, e.confirmations = coalesce(e.confirmations, 0) + 1, e.updated_at = $run.now, "
        "e.rule_id = x.rule_id, e.rules_version = $run.props.rules_version, e.model = $run.model, "
        "e.evidence = x.sentence, e.similarity = x.similarity, e.reason = x.reason "
        "MERGE (run)-[t:TOUCHED {link: 'HAS_DIMENSION', to: d.id}]->(r) "
        "SET t.action = CASE WHEN e.first_run = run.id THEN 'created' ELSE 'confirmed' END "
        "RETURN collect({role: r.id, dimension: d.id, created: e.first_run = run.id}) AS role_dims"
    ),
    "centroid": (
        "UNWIND $plan.centroid AS c "
        "MATCH (r:Role {id: c.role}) "
        "SET r.centroid_lock = coalesce(r.centroid_lock, 0) + 1 "
        "WITH run, r, c, coalesce(r.centroid_n, 0) AS n "
        "SET r.centroid = [i IN range(0, size(c.v) - 1) | (coalesce(r.centroid[i], 0.0) * n + c.v[i]) / (n + 1)], "
        "r.centroid_n = n + 1 "
        "MERGE (run)-[t:TOUCHED {link: 'CENTROID', to: r.id}]->(r) SET t.action = 'updated' "
        "RETURN collect({role: r.id, n: r.centroid_n}) AS centroid"
    ),
    "reviews": (
        "UNWIND $plan.reviews AS q "
        "MERGE (item:ReviewItem {id: q.id}) "
        "ON CREATE SET item += q.props, item.status = 'pending', item.count = 0, item.first_run = run.id, "
        "item.created_at = $run.now "
        "SET item.count = item.count + 1, item.last_run = run.id, item.updated_at = $run.now, "
        "item.latest_evidence = q.props.evidence "
        "MERGE (run)-[:QUEUED]->(item) "
        "RETURN collect({id: item.id, queue: item.queue, count: item.count, status: item.status}) AS reviews"
    ),
}


def compose_run_unit(scoped_call: Callable[[str, str], str]) -> str:
    """The one statement that writes a run: its record, links, centroid and review-queue entries."""
    calls = " ".join(scoped_call("run", body) for body in _RUN_PARTS.values())
    return f"{_RUN_HEAD} {calls} RETURN {', '.join(_RUN_PARTS)}"


MARK_RUN = (
    "MERGE (run:Run {id: $id}) ON CREATE SET run.created_at = $now "
    "SET run += $props, run.updated_at = $now RETURN run.id AS id"
)
GET_RUN = "MATCH (run:Run {id: $id}) RETURN properties(run) AS run"
LIST_RUNS = (
    "MATCH (run:Run) "
    "WHERE ($status IS NULL OR run.status = $status) AND ($role IS NULL OR run.role = $role) "
    "AND ($case IS NULL OR run.case = $case) AND ($since IS NULL OR run.created_at >= $since) "
    "AND ($until IS NULL OR run.created_at < $until) "
    "RETURN run.id AS run_id, run.status AS status, run.case AS case, run.role AS role, run.title AS title, "
    "run.rule_id AS rule_id, run.rules_version AS rules_version, run.created_at AS created_at, "
    "run.updated_at AS updated_at, run.read_only AS read_only "
    "ORDER BY run.created_at DESC, run.id SKIP $skip LIMIT $limit"
)
COUNT_RUNS = (
    "MATCH (run:Run) "
    "WHERE ($status IS NULL OR run.status = $status) AND ($role IS NULL OR run.role = $role) "
    "AND ($case IS NULL OR run.case = $case) AND ($since IS NULL OR run.created_at >= $since) "
    "AND ($until IS NULL OR run.created_at < $until) "
    "RETURN count(run) AS n"
)
RUN_CHANGES = (
    "MATCH (run:Run {id: $id})-[t:TOUCHED]->(n) "
    "RETURN t.link AS link, t.action AS action, labels(n)[0] AS label, n.id AS node, t.to AS other "
    "ORDER BY link, node, other"
)
RUN_QUEUED = (
    "MATCH (run:Run {id: $id})-[:QUEUED]->(item:ReviewItem) "
    "RETURN item.id AS id, item.queue AS queue, item.status AS status, item.count AS count ORDER BY id"
)

# -- provenance: why does a link exist? ---------------------------------------------------------------
WHY_SKILL_DIMENSION = (
    "MATCH (s:Skill {id: $skill})-[e:IN_DIMENSION]->(d:Dimension {id: $dimension}) "
    "OPTIONAL MATCH (last:Run {id: e.last_run}) "
    "RETURN s.id AS skill, d.id AS dimension, e.source AS source, e.seed_source AS seed_source, "
    "e.created_at AS created_at, e.first_run AS first_run, e.last_run AS last_run, "
    "e.confirmations AS confirmations, e.rule_id AS rule_id, e.rules_version AS rules_version, e.model AS model, "
    "e.evidence AS evidence, e.similarity AS similarity, e.curator AS curator, e.curator_reason AS curator_reason, "
    "last.title AS last_run_title, last.case AS last_run_case, last.role AS last_run_role, "
    "last.rule_id AS last_run_rule"
)
WHY_ROLE_DIMENSION = (
    "MATCH (r:Role {id: $role})-[e:HAS_DIMENSION]->(d:Dimension {id: $dimension}) "
    "OPTIONAL MATCH (last:Run {id: e.last_run}) "
    "RETURN r.id AS role, d.id AS dimension, e.source AS source, e.seed_source AS seed_source, "
    "e.created_at AS created_at, e.first_run AS first_run, e.last_run AS last_run, "
    "e.confirmations AS confirmations, e.rule_id AS rule_id, e.rules_version AS rules_version, e.model AS model, "
    "e.evidence AS evidence, e.similarity AS similarity, e.reason AS reason, e.curator AS curator, "
    "e.curator_reason AS curator_reason, last.title AS last_run_title, last.case AS last_run_case, "
    "last.rule_id AS last_run_rule"
)
WHY_SKILL_ALIAS = (
    "MATCH (s:Skill {id: $skill})-[e:HAS_ALIAS]->(a:Alias {kind: 'skill', norm: $norm}) "
    "RETURN s.id AS skill, a.text AS alias, a.source AS source, e.source AS link_source, e.created_at AS created_at, "
    "e.curator AS curator, e.curator_reason AS curator_reason, e.review_item AS review_item, "
    "e.first_run AS first_run"
)
