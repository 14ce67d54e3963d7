"""Shared Cypher: browsing the taxonomy (roles, skills, dimensions) and link provenance for the API.

Search keys arrive normalised from Python (``taxo.core.text.norm`` / ``loose``): Cypher's ``toLower`` differs
between the backends for some scripts, so the stored ``Alias.norm`` / ``Alias.loose`` keys are compared.
Every list query has a ``COUNT_*`` twin with the same filter for pagination. Embeddings are never
returned (properties are selected explicitly).
"""

from __future__ import annotations

# -- roles -------------------------------------------------------------------------------------------
# rank: 0 an alias (or the name) equals the query, 1 starts with it, 2 contains it; null query = all.
_ROLE_MATCH = (
    "MATCH (r:Role) "
    "OPTIONAL MATCH (r)-[:HAS_ALIAS]->(a:Alias) "
    "WITH r, collect({text: a.text, norm: a.norm}) AS als "
    "WITH r, als, [x IN als WHERE $q IS NOT NULL AND x.norm IS NOT NULL AND x.norm CONTAINS $q] AS hits "
    "WHERE $q IS NULL OR size(hits) > 0 OR r.id CONTAINS $q "
)
COUNT_ROLES = _ROLE_MATCH + "RETURN count(r) AS n"
SEARCH_ROLES = (
    _ROLE_MATCH + "WITH r, hits, CASE WHEN $q IS NULL THEN NULL "
    "WHEN any(x IN hits WHERE x.norm = $q) THEN 0 "
    "WHEN any(x IN hits WHERE x.norm STARTS WITH $q) THEN 1 ELSE 2 END AS rank "
    "RETURN r.id AS slug, r.name AS name, r.family AS family, r.parent AS parent, "
    "coalesce(r.centroid_n, 0) AS centroid_n, r.source AS source, rank, "
    "([x IN hits WHERE x.norm = $q | x.text] + [x IN hits WHERE x.norm STARTS WITH $q | x.text] "
    "+ [x IN hits | x.text])[0] AS matched "
    "ORDER BY rank, r.name, r.id SKIP $skip LIMIT $limit"
)
GET_ROLE = (
    "MATCH (r:Role {id: $id}) "
    "RETURN r.id AS slug, r.name AS name, r.family AS family, r.parent AS parent, r.description AS description, "
    "r.onet_soc AS onet_soc, r.esco AS esco, coalesce(r.centroid_n, 0) AS centroid_n, r.source AS source, "
    "r.seed_source AS seed_source, r.curator AS curator, r.review_item AS review_item, r.created_at AS created_at, "
    "[(r)-[ea:HAS_ALIAS]->(a:Alias) | {text: a.text, ambiguous: coalesce(a.ambiguous, false), "
    "needs_context: coalesce(a.needs_context, false), source: coalesce(ea.source, a.source)}] AS aliases, "
    "[(r)-[ek:HAS_KRA]->(k:KRA) | {id: k.id, text: k.text, source: coalesce(ek.source, k.source)}] AS kras, "
    "[(r)-[ed:HAS_DIMENSION]->(d:Dimension) | {slug: d.id, name: d.name, source: ed.source, "
    "confirmations: coalesce(ed.confirmations, 0)}] AS dimensions, "
    "[(c:Role)-[:SPECIALIZES]->(r) | {slug: c.id, name: c.name}] AS children, "
    "[(r)-[:SPECIALIZES]->(p:Role) | {slug: p.id, name: p.name}] AS parents"
)
COUNT_ROLE_SKILLS = (
    "MATCH (r:Role {id: $id})-[:HAS_DIMENSION]->(:Dimension)<-[:IN_DIMENSION]-(s:Skill) RETURN count(DISTINCT s) AS n"
)
ROLE_SKILLS = (
    "MATCH (r:Role {id: $id})-[:HAS_DIMENSION]->(d:Dimension)<-[:IN_DIMENSION]-(s:Skill) "
    "WITH s, collect(DISTINCT d.id) AS via "
    "RETURN s.id AS slug, s.name AS name, via ORDER BY s.name, s.id SKIP $skip LIMIT $limit"
)

# -- skills ------------------------------------------------------------------------------------------
# rank (match type): 0 exact (the canonical name as written), 1 alias (an alias as written),
# 2 casefold (name or alias up to case and format), 3 prefix, 4 substring. Null query lists all skills.
# The canonical name is itself an alias (``canonical: true``), so matching aliases covers names.
# Note: FalkorDB mis-scopes a variable reused by two pattern comprehensions of one clause; every
# comprehension below binds its own names.
_SKILL_MATCH = (
    "MATCH (s:Skill) "
    "OPTIONAL MATCH (s)-[:HAS_ALIAS]->(a:Alias) "
    "WITH s, a, CASE WHEN $q IS NULL THEN NULL "
    "WHEN a.text = $q AND a.text = s.name THEN 0 WHEN a.text = $q THEN 1 "
    "WHEN a.norm = $norm OR a.loose = $loose THEN 2 "
    "WHEN a.norm STARTS WITH $norm THEN 3 WHEN a.norm CONTAINS $norm THEN 4 ELSE NULL END AS rank "
    "WHERE $q IS NULL OR rank IS NOT NULL "
    "WITH s, a, rank ORDER BY rank, coalesce(a.canonical, false) DESC, size(a.text) "
    "WITH s, collect({rank: rank, text: a.text, canonical: coalesce(a.canonical, false)})[0] AS best "
)
COUNT_SKILLS = _SKILL_MATCH + "RETURN count(s) AS n"
#: Within a match type: a hit on the canonical name first, then the shortest matched text.
SEARCH_SKILLS = (
    _SKILL_MATCH
    + "RETURN s.id AS slug, s.name AS name, s.category AS category, s.nature AS nature, s.status AS status, "
    "s.source AS source, best.rank AS rank, CASE WHEN $q IS NULL THEN NULL ELSE best.text END AS matched "
    "ORDER BY best.rank, CASE WHEN $q IS NULL THEN false ELSE best.canonical END DESC, "
    "CASE WHEN $q IS NULL THEN 0 ELSE size(best.text) END, s.name, s.id SKIP $skip LIMIT $limit"
)
GET_SKILL = (
    "MATCH (s:Skill {id: $id}) "
    "RETURN s.id AS slug, s.name AS name, s.category AS category, s.subcategory AS subcategory, "
    "s.nature AS nature, s.volatility AS volatility, s.lifespan AS lifespan, s.maturity AS maturity, "
    "coalesce(s.ai, false) AS ai, coalesce(s.hot, false) AS hot, coalesce(s.in_demand, false) AS in_demand, "
    "coalesce(s.needs_context, false) AS needs_context, s.context AS context, s.status AS status, "
    "s.source AS source, s.seed_source AS seed_source, s.curator AS curator, s.review_item AS review_item, "
    "s.created_at AS created_at, "
    "[(s)-[ea:HAS_ALIAS]->(a:Alias) | {text: a.text, canonical: coalesce(a.canonical, false), "
    "needs_context: coalesce(a.needs_context, false), source: coalesce(ea.source, a.source), "
    "curator: ea.curator}] AS aliases, "
    "[(s)-[ed:IN_DIMENSION]->(d:Dimension) | {slug: d.id, name: d.name, source: ed.source, "
    "confirmations: coalesce(ed.confirmations, 0)}] AS dimensions, "
    "[(s)-[:IN_DIMENSION]->(d2:Dimension)<-[:HAS_DIMENSION]-(r:Role) | {slug: r.id, name: r.name, via: d2.id}] AS roles"
)

# -- dimensions --------------------------------------------------------------------------------------
_DIMENSION_MATCH = "MATCH (d:Dimension) WHERE $q IS NULL OR toLower(d.name) CONTAINS $q OR d.id CONTAINS $q "
COUNT_DIMENSIONS = _DIMENSION_MATCH + "RETURN count(d) AS n"
LIST_DIMENSIONS = (
    _DIMENSION_MATCH + "RETURN d.id AS slug, d.name AS name, d.rationale AS rationale, "
    "size([(s:Skill)-[:IN_DIMENSION]->(d) | s.id]) AS skills, "
    "size([(r:Role)-[:HAS_DIMENSION]->(d) | r.id]) AS roles "
    "ORDER BY d.name, d.id SKIP $skip LIMIT $limit"
)
GET_DIMENSION = (
    "MATCH (d:Dimension {id: $id}) "
    "RETURN d.id AS slug, d.name AS name, d.rationale AS rationale, d.source AS source, "
    "[(r:Role)-[e:HAS_DIMENSION]->(d) | {slug: r.id, name: r.name, source: e.source, "
    "confirmations: coalesce(e.confirmations, 0)}] AS roles, "
    "size([(s:Skill)-[:IN_DIMENSION]->(d) | s.id]) AS skills_total"
)
DIMENSION_SKILLS = (
    "MATCH (s:Skill)-[e:IN_DIMENSION]->(d:Dimension {id: $id}) "
    "RETURN s.id AS slug, s.name AS name, e.source AS source, coalesce(e.confirmations, 0) AS confirmations "
    "ORDER BY s.name, s.id SKIP $skip LIMIT $limit"
)

# -- provenance: which runs touched a link, and the curator decisions behind it ------------------------
RUNS_TOUCHING_SKILL_DIMENSION = (
    "MATCH (run:Run)-[t:TOUCHED {link: 'IN_DIMENSION', to: $dimension}]->(s:Skill {id: $skill}) "
    "RETURN run.id AS run_id, t.action AS action, run.created_at AS created_at, run.title AS title, "
    "run.role AS role, run.case AS case, run.rule_id AS rule_id, run.rules_version AS rules_version "
    "ORDER BY created_at DESC, run_id LIMIT $limit"
)
RUNS_TOUCHING_ROLE_DIMENSION = (
    "MATCH (run:Run)-[t:TOUCHED {link: 'HAS_DIMENSION', to: $dimension}]->(r:Role {id: $role}) "
    "RETURN run.id AS run_id, t.action AS action, run.created_at AS created_at, run.title AS title, "
    "run.role AS role, run.case AS case, run.rule_id AS rule_id, run.rules_version AS rules_version "
    "ORDER BY created_at DESC, run_id LIMIT $limit"
)
#: Review items named by the link and by its two ends (a curator may have created either).
REVIEW_KEYS_SKILL_DIMENSION = (
    "MATCH (s:Skill {id: $skill})-[e:IN_DIMENSION]->(d:Dimension {id: $dimension}) "
    "RETURN [x IN [e.review_item, s.review_item] WHERE x IS NOT NULL] AS keys"
)
REVIEW_KEYS_ROLE_DIMENSION = (
    "MATCH (r:Role {id: $role})-[e:HAS_DIMENSION]->(d:Dimension {id: $dimension}) "
    "RETURN [x IN [e.review_item, r.review_item] WHERE x IS NOT NULL] AS keys"
)
REVIEW_KEYS_SKILL_ALIAS = (
    "MATCH (s:Skill {id: $skill})-[e:HAS_ALIAS]->(a:Alias {kind: 'skill', norm: $norm}) "
    "RETURN [x IN [e.review_item, a.review_item, s.review_item] WHERE x IS NOT NULL] AS keys, "
    "a.id AS alias_id, a.seed_source AS seed_source, e.seed_source AS link_seed_source"
)
REVIEW_DECISIONS = (
    "MATCH (item:ReviewItem) WHERE item.id IN $ids "
    "RETURN item.id AS id, item.queue AS queue, item.status AS status, item.curator AS curator, "
    "item.curator_reason AS reason, item.decided_at AS decided_at, item.display AS display "
    "ORDER BY id"
)
