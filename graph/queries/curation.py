"""Shared Cypher: review queues and curator decisions (approve / reject).

Every decision statement first takes the item's write lock (``SET item.decision_lock = …``) and only then
checks ``status = 'pending'``: a concurrent second decision on Neo4j waits for the lock and sees the first
one's status; FalkorDB serialises writes anyway. Nodes the approval needs are MATCHed *before* the item
is touched, so a missing node writes nothing. A statement returns no row when the item was not pending
(or a required node is missing); the caller then re-reads the item to tell which.

Approval writes are one statement each (all-or-nothing on both stores). Loops use ``FOREACH`` over lists
(``UNWIND`` of an empty list would drop the row); dimensions and parents are collected with
``OPTIONAL MATCH`` first so ``FOREACH`` only MERGEs relationships between bound nodes.
"""

from __future__ import annotations

# -- review items ------------------------------------------------------------------------------------
QUEUE_COUNTS = "MATCH (item:ReviewItem) RETURN item.queue AS queue, item.status AS status, count(*) AS n"
COUNT_QUEUE = (
    "MATCH (item:ReviewItem {queue: $queue}) WHERE $status IS NULL OR item.status = $status RETURN count(item) AS n"
)
LIST_QUEUE = (
    "MATCH (item:ReviewItem {queue: $queue}) WHERE $status IS NULL OR item.status = $status "
    "WITH item ORDER BY coalesce(item.count, 0) DESC, item.updated_at DESC, item.id SKIP $skip LIMIT $limit "
    "RETURN properties(item) AS item"
)
GET_REVIEW_ITEM = (
    "MATCH (item:ReviewItem {id: $id}) RETURN properties(item) AS item, [(run:Run)-[:QUEUED]->(item) | run.id] AS runs"
)

# -- lookups the approval validates against --------------------------------------------------------------
#: Who owns each alias id (``skill:<norm>`` / ``role:<norm>``): the owners' labels and ids.
ALIAS_OWNERS = (
    "UNWIND $ids AS aid MATCH (a:Alias {id: aid}) "
    "OPTIONAL MATCH (o)-[:HAS_ALIAS]->(a) "
    "RETURN a.id AS id, collect(o.id) AS owners"
)
SKILL_EXISTS = "MATCH (s:Skill {id: $id}) RETURN s.id AS id, s.name AS name, s.review_item AS review_item"
ROLE_EXISTS = (
    "MATCH (r:Role {id: $id}) RETURN r.id AS id, r.name AS name, r.family AS family, r.review_item AS review_item"
)
ALIAS_SKILL_META = (
    "MATCH (s:Skill)-[:HAS_ALIAS]->(a:Alias {id: $id}) "
    "RETURN s.id AS id, s.category AS category, s.subcategory AS subcategory, s.nature AS nature, "
    "s.volatility AS volatility, s.lifespan AS lifespan, s.maturity AS maturity ORDER BY id LIMIT 1"
)
EXISTING_DIMENSIONS = "MATCH (d:Dimension) WHERE d.id IN $ids RETURN d.id AS id"

# -- decisions ---------------------------------------------------------------------------------------
_LOCK = "SET item.decision_lock = coalesce(item.decision_lock, 0) + 1 "
_APPROVE = (
    "SET item.status = 'approved', item.curator = $curator, item.curator_reason = $reason, "
    "item.decided_at = $now, item.result_json = $result, item.finalized = false "
)

APPROVE_NEW_SKILL = (
    "MATCH (item:ReviewItem {id: $item}) "
    + _LOCK
    + "WITH item WHERE item.status = 'pending' "
    + _APPROVE
    + "MERGE (s:Skill {id: $skill.id}) ON CREATE SET s += $skill.props "
    "WITH item, s "
    "FOREACH (x IN $aliases | "
    "MERGE (a:Alias {id: x.id}) ON CREATE SET a += x.props "
    "MERGE (s)-[e:HAS_ALIAS]->(a) ON CREATE SET e += $link) "
    "WITH item, s "
    "OPTIONAL MATCH (d:Dimension) WHERE d.id IN [x IN $dimensions | x.id] "
    "WITH item, s, collect(d) AS ds "
    "FOREACH (d IN ds | "
    "MERGE (s)-[e:IN_DIMENSION]->(d) ON CREATE SET e += $link, e.confirmations = 0, e.evidence = $evidence, "
    "e.similarity = [x IN $dimensions WHERE x.id = d.id | x.similarity][0]) "
    "RETURN item.id AS id, s.id AS skill, size(ds) AS dimensions"
)
#: A surface form attached to an existing skill (new_alias, or new_skill with ``merge_into``).
APPROVE_SKILL_ALIAS = (
    "MATCH (item:ReviewItem {id: $item}) MATCH (s:Skill {id: $skill}) "
    + _LOCK
    + "WITH item, s WHERE item.status = 'pending' "
    + _APPROVE
    + "MERGE (a:Alias {id: $alias.id}) ON CREATE SET a += $alias.props "
    "MERGE (s)-[e:HAS_ALIAS]->(a) ON CREATE SET e += $link "
    "RETURN item.id AS id, s.id AS skill, a.id AS alias"
)
APPROVE_KRA = (
    "MATCH (item:ReviewItem {id: $item}) MATCH (r:Role {id: $role}) "
    + _LOCK
    + "WITH item, r WHERE item.status = 'pending' "
    + _APPROVE
    + "MERGE (k:KRA {id: $kra.id}) ON CREATE SET k += $kra.props "
    "MERGE (r)-[e:HAS_KRA]->(k) ON CREATE SET e += $link "
    "RETURN item.id AS id, r.id AS role, k.id AS kra"
)
APPROVE_NEW_ROLE = (
    "MATCH (item:ReviewItem {id: $item}) "
    + _LOCK
    + "WITH item WHERE item.status = 'pending' "
    + _APPROVE
    + "MERGE (r:Role {id: $role.id}) ON CREATE SET r += $role.props "
    "WITH item, r "
    "FOREACH (x IN $aliases | "
    "MERGE (a:Alias {id: x.id}) ON CREATE SET a += x.props "
    "MERGE (r)-[e:HAS_ALIAS]->(a) ON CREATE SET e += $link) "
    "FOREACH (x IN $kras | "
    "MERGE (k:KRA {id: x.id}) ON CREATE SET k += x.props "
    "MERGE (r)-[e:HAS_KRA]->(k) ON CREATE SET e += $link) "
    "WITH item, r "
    "OPTIONAL MATCH (d:Dimension) WHERE d.id IN $dimensions "
    "WITH item, r, collect(d) AS ds "
    "FOREACH (d IN ds | MERGE (r)-[e:HAS_DIMENSION]->(d) ON CREATE SET e += $link, e.confirmations = 0) "
    "WITH item, r, ds "
    "OPTIONAL MATCH (p:Role {id: $parent}) "
    "FOREACH (x IN CASE WHEN p IS NULL THEN [] ELSE [p] END | "
    "MERGE (r)-[e:SPECIALIZES]->(x) ON CREATE SET e += $link) "
    "RETURN item.id AS id, r.id AS role, size(ds) AS dimensions"
)
#: alias_collision: the decision is recorded on the item; the graph is not changed.
APPROVE_DECISION_ONLY = (
    "MATCH (item:ReviewItem {id: $item}) "
    + _LOCK
    + "WITH item WHERE item.status = 'pending' "
    + _APPROVE
    + "RETURN item.id AS id"
)
REJECT_ITEM = (
    "MATCH (item:ReviewItem {id: $item}) " + _LOCK + "WITH item WHERE item.status = 'pending' "
    "SET item.status = 'rejected', item.curator = $curator, item.curator_reason = $reason, item.decided_at = $now "
    "RETURN item.id AS id"
)
#: After embeddings are written and the taxonomy version bumped: the approval is complete.
FINALIZE_APPROVAL = (
    "MATCH (item:ReviewItem {id: $item}) WHERE item.status = 'approved' SET item.finalized = true RETURN item.id AS id"
)
#: Which of the given node ids lack an embedding (an approval interrupted before its vectors were set).
MISSING_EMBEDDINGS = {
    label: f"MATCH (n:{label}) WHERE n.id IN $ids AND n.embedding_key IS NULL RETURN n.id AS id"
    for label in ("Role", "Skill", "KRA", "Alias")
}
#: The text each kind of node is embedded from (as the seed loader embeds it), to repair missing vectors.
EMBEDDING_TEXTS = {
    "Skill": "MATCH (n:Skill) WHERE n.id IN $ids RETURN n.id AS id, n.name AS text",
    "Alias": "MATCH (n:Alias) WHERE n.id IN $ids RETURN n.id AS id, n.text AS text",
    "KRA": "MATCH (n:KRA) WHERE n.id IN $ids RETURN n.id AS id, n.text AS text",
    "Role": (
        "MATCH (n:Role) WHERE n.id IN $ids RETURN n.id AS id, "
        "CASE WHEN n.description IS NULL THEN n.name ELSE n.name + ': ' + n.description END AS text"
    ),
}
