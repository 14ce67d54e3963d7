"""Shared Cypher: the taxonomy snapshot the engine reads once per taxonomy version."""

from __future__ import annotations

# -- taxonomy snapshot (read once per taxonomy version by the engine) --------------------------------
#: The model prefixes of stored vectors (``embedding_key`` is ``<model id>:<text hash>``).
KRA_EMBEDDING_MODELS = "MATCH (k:KRA) WHERE k.embedding_key IS NOT NULL RETURN k.embedding_key AS key LIMIT 20"
TAXONOMY_VERSION = "MATCH (m:Meta {id: 'taxonomy'}) RETURN m.version AS version, m.seed_version AS seed_version"
LOAD_SKILLS = (
    "MATCH (s:Skill) OPTIONAL MATCH (s)-[:IN_DIMENSION]->(d:Dimension) "
    "RETURN s.id AS id, s.name AS name, s.category AS category, s.subcategory AS subcategory, "
    "s.nature AS nature, s.volatility AS volatility, s.lifespan AS lifespan, s.maturity AS maturity, "
    "s.ai AS ai, s.hot AS hot, s.in_demand AS in_demand, s.needs_context AS needs_context, "
    "s.context AS context, s.source AS source, collect(d.id) AS dimensions"
)
LOAD_SKILL_ALIASES = (
    "MATCH (s:Skill)-[:HAS_ALIAS]->(a:Alias) "
    "RETURN s.id AS skill, a.id AS id, a.text AS text, a.needs_context AS needs_context, a.canonical AS canonical"
)
LOAD_ROLES = (
    "MATCH (r:Role) OPTIONAL MATCH (r)-[:HAS_DIMENSION]->(d:Dimension) "
    "RETURN r.id AS id, r.name AS name, r.family AS family, r.parent AS parent, r.description AS description, "
    "r.onet_soc AS onet_soc, r.esco AS esco, collect(d.id) AS dimensions"
)
LOAD_ROLE_ALIASES = (
    "MATCH (r:Role)-[:HAS_ALIAS]->(a:Alias) "
    "RETURN r.id AS role, a.id AS id, a.text AS text, a.ambiguous AS ambiguous, a.embedding AS embedding"
)
LOAD_DIMENSIONS = (
    "MATCH (d:Dimension) RETURN d.id AS id, d.name AS name, d.rationale AS rationale, d.embedding AS embedding"
)
LOAD_KRAS = (
    "MATCH (r:Role)-[:HAS_KRA]->(k:KRA) RETURN k.id AS id, r.id AS role, k.text AS text, k.embedding AS embedding"
)
