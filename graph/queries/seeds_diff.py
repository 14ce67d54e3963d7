"""Shared Cypher of ``taxo seeds diff`` and ``taxo seeds prune``: the seed-managed graph by natural key.

Reads return, per taxonomy label, the properties the seed upserts (``core.UPSERT_*``) write, with the
``source`` a node or link was created from; links are keyed by their two ends' ids. Prune statements
delete or release only what the caller planned, and re-check at write time that nothing a run or a
curator created is touched (``source`` ``run`` / ``curator``, on the element or on a link attached to a
node). Labels and types are interpolated from the schema enums only.
"""

from __future__ import annotations

from taxo.graph.schema import Label, Rel

#: Not a statement: link kind -> (relationship type, label of the source end, label of the target end).
LINK_ENDS: dict[str, tuple[str, str, str]] = {
    "HAS_ALIAS:Role": (Rel.HAS_ALIAS.value, Label.ROLE.value, Label.ALIAS.value),
    "HAS_ALIAS:Skill": (Rel.HAS_ALIAS.value, Label.SKILL.value, Label.ALIAS.value),
    "HAS_KRA": (Rel.HAS_KRA.value, Label.ROLE.value, Label.KRA.value),
    "SPECIALIZES": (Rel.SPECIALIZES.value, Label.ROLE.value, Label.ROLE.value),
    "HAS_DIMENSION": (Rel.HAS_DIMENSION.value, Label.ROLE.value, Label.DIMENSION.value),
    "IN_DIMENSION": (Rel.IN_DIMENSION.value, Label.SKILL.value, Label.DIMENSION.value),
}

_PROTECTED = "['run', 'curator']"

# -- reads ---------------------------------------------------------------------------------------------
SEED_NODES: dict[str, str] = {
    "Dimension": "MATCH (n:Dimension) RETURN n.id AS id, n.source AS source, 0 AS centroid_n, "
    "n {.name, .rationale, .seed_source} AS props",
    "Role": "MATCH (n:Role) RETURN n.id AS id, n.source AS source, coalesce(n.centroid_n, 0) AS centroid_n, "
    "n {.name, .family, .description, .onet_soc, .esco, .parent, .seed_source} AS props",
    "Skill": "MATCH (n:Skill) RETURN n.id AS id, n.source AS source, 0 AS centroid_n, "
    "n {.name, .category, .subcategory, .nature, .volatility, .lifespan, .maturity, .ai, .hot, .in_demand, "
    ".needs_context, .context, .ref, .status, .seed_source} AS props",
    "Alias": "MATCH (n:Alias) RETURN n.id AS id, n.source AS source, 0 AS centroid_n, "
    "n {.text, .norm, .loose, .kind, .ambiguous, .needs_context, .canonical} AS props",
    "KRA": "MATCH (n:KRA) RETURN n.id AS id, n.source AS source, 0 AS centroid_n, n {.text, .role, .ref} AS props",
}
SEED_LINKS: dict[str, str] = {
    kind: f"MATCH (a:{src})-[e:{rel}]->(b:{dst}) "
    "RETURN a.id AS src, b.id AS dst, e.source AS source, e.seed_source AS seed_source"
    for kind, (rel, src, dst) in LINK_ENDS.items()
}

# -- prune (rows: ``{src, dst}`` for links, ``{id}`` for nodes) ---------------------------------------------
PRUNE_LINKS: dict[str, str] = {
    kind: f"UNWIND $rows AS row MATCH (a:{src} {{id: row.src}})-[e:{rel}]->(b:{dst} {{id: row.dst}}) "
    f"WHERE NOT coalesce(e.source, '') IN {_PROTECTED} DELETE e RETURN count(*) AS n"
    for kind, (rel, src, dst) in LINK_ENDS.items()
}
PRUNE_NODES: dict[str, str] = {
    label: f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
    f"WHERE NOT coalesce(n.source, '') IN {_PROTECTED} "
    f"OPTIONAL MATCH (n)-[e]-() WHERE e.source IN {_PROTECTED} "
    "WITH n, count(e) AS protected WHERE protected = 0 "
    + ("AND coalesce(n.centroid_n, 0) = 0 " if label == Label.ROLE.value else "")
    + "DETACH DELETE n RETURN count(*) AS n"
    for label in (Label.KRA.value, Label.ALIAS.value, Label.SKILL.value, Label.ROLE.value, Label.DIMENSION.value)
}
#: Created by a run or a curator, then declared by seeds that no longer declare it: keep it, drop the claim.
RELEASE_NODES: dict[str, str] = {
    label: f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) REMOVE n.seed_source RETURN count(*) AS n"
    for label in (Label.SKILL.value, Label.ROLE.value, Label.DIMENSION.value)
}
RELEASE_LINKS: dict[str, str] = {
    kind: f"UNWIND $rows AS row MATCH (a:{src} {{id: row.src}})-[e:{rel}]->(b:{dst} {{id: row.dst}}) "
    "REMOVE e.seed_source RETURN count(*) AS n"
    for kind, (rel, src, dst) in LINK_ENDS.items()
    if kind in ("HAS_DIMENSION", "IN_DIMENSION")
}
