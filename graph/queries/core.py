"""Shared Cypher: housekeeping and seed upserts (MERGE on natural keys: loading twice changes nothing)."""

from __future__ import annotations

# -- housekeeping ----------------------------------------------------------------------------------
COUNT_NODES_BY_LABEL = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n"
COUNT_RELS_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"
DELETE_SOME_NODES = "MATCH (n) WITH n LIMIT $n DETACH DELETE n RETURN count(*) AS deleted"
PING = "RETURN 1 AS ok"

GET_META = "MATCH (m:Meta {id: $id}) RETURN properties(m) AS meta"
BUMP_TAXONOMY_VERSION = (
    "MERGE (m:Meta {id: 'taxonomy'}) "
    "SET m.version = coalesce(m.version, 0) + 1, m.updated_at = $now, "
    "m.seed_version = coalesce($seed_version, m.seed_version) "
    "RETURN m.version AS version"
)

SET_STOPLIST = "MERGE (m:Meta {id: 'stoplist'}) SET m.words = $words, m.updated_at = $now"
GET_STOPLIST = "MATCH (m:Meta {id: 'stoplist'}) RETURN m.words AS words"

# -- seed upserts (MERGE on natural keys: loading twice changes nothing) ------------------------------
UPSERT_DIMENSIONS = (
    "UNWIND $rows AS row "
    "MERGE (d:Dimension {id: row.id}) ON CREATE SET d.created_at = row.now, d.source = row.source "
    "SET d.name = row.name, d.rationale = row.rationale, d.seed_source = row.source"
)
UPSERT_ROLES = (
    "UNWIND $rows AS row "
    "MERGE (r:Role {id: row.id}) ON CREATE SET r.created_at = row.now, r.source = row.source, r.centroid_n = 0 "
    "SET r.name = row.name, r.family = row.family, r.description = row.description, "
    "r.onet_soc = row.onet_soc, r.esco = row.esco, r.parent = row.parent, r.seed_source = row.source"
)
UPSERT_SKILLS = (
    "UNWIND $rows AS row "
    "MERGE (s:Skill {id: row.id}) ON CREATE SET s.created_at = row.now, s.source = row.source "
    "SET s.name = row.name, s.category = row.category, s.subcategory = row.subcategory, "
    "s.nature = row.nature, s.volatility = row.volatility, s.lifespan = row.lifespan, "
    "s.maturity = row.maturity, s.ai = row.ai, s.hot = row.hot, s.in_demand = row.in_demand, "
    "s.needs_context = row.needs_context, s.context = row.context, s.ref = row.ref, "
    "s.status = 'active', s.seed_source = row.source"
)
UPSERT_ROLE_ALIASES = (
    "UNWIND $rows AS row "
    "MATCH (r:Role {id: row.owner}) "
    "MERGE (a:Alias {id: row.id}) ON CREATE SET a.created_at = row.now, a.source = row.source "
    "SET a.text = row.text, a.norm = row.norm, a.loose = row.loose, a.kind = 'role', "
    "a.ambiguous = row.ambiguous, a.needs_context = row.needs_context "
    "MERGE (r)-[e:HAS_ALIAS]->(a) ON CREATE SET e.source = row.source, e.created_at = row.now"
)
UPSERT_SKILL_ALIASES = (
    "UNWIND $rows AS row "
    "MATCH (s:Skill {id: row.owner}) "
    "MERGE (a:Alias {id: row.id}) ON CREATE SET a.created_at = row.now, a.source = row.source "
    "SET a.text = row.text, a.norm = row.norm, a.loose = row.loose, a.kind = 'skill', "
    "a.canonical = row.canonical, a.needs_context = row.needs_context "
    "MERGE (s)-[e:HAS_ALIAS]->(a) ON CREATE SET e.source = row.source, e.created_at = row.now"
)
UPSERT_KRAS = (
    "UNWIND $rows AS row "
    "MATCH (r:Role {id: row.role}) "
    "MERGE (k:KRA {id: row.id}) ON CREATE SET k.created_at = row.now, k.source = row.source "
    "SET k.text = row.text, k.role = row.role, k.ref = row.ref "
    "MERGE (r)-[e:HAS_KRA]->(k) ON CREATE SET e.source = row.source, e.created_at = row.now"
)
LINK_ROLE_PARENTS = (
    "UNWIND $rows AS row "
    "MATCH (c:Role {id: row.child}) MATCH (p:Role {id: row.parent}) "
    "MERGE (c)-[e:SPECIALIZES]->(p) ON CREATE SET e.source = row.source, e.created_at = row.now"
)
LINK_ROLE_DIMENSIONS = (
    "UNWIND $rows AS row "
    "MATCH (r:Role {id: row.role}) MATCH (d:Dimension {id: row.dimension}) "
    "MERGE (r)-[e:HAS_DIMENSION]->(d) "
    "ON CREATE SET e.source = row.source, e.created_at = row.now, e.confirmations = 0 "
    "SET e.seed_source = row.source"
)
LINK_SKILL_DIMENSIONS = (
    "UNWIND $rows AS row "
    "MATCH (s:Skill {id: row.skill}) MATCH (d:Dimension {id: row.dimension}) "
    "MERGE (s)-[e:IN_DIMENSION]->(d) "
    "ON CREATE SET e.source = row.source, e.created_at = row.now, e.confirmations = 0 "
    "SET e.seed_source = row.source"
)

#: ``embedding_key`` per node of one label, to skip texts embedded before (label from the Label enum).
EMBEDDING_KEYS = {
    label: f"MATCH (n:{label}) RETURN n.id AS id, n.embedding_key AS key"
    for label in ("Role", "Dimension", "Skill", "KRA", "Alias")
}
