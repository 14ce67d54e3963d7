"""FalkorDB statements: unnamed DDL, vecf32 vector writes, label-addressed vector procedures.

Unique constraints are not Cypher on FalkorDB; the adapter issues ``GRAPH.CONSTRAINT`` itself.
"""

from __future__ import annotations

from taxo.graph.queries.runs import compose_run_unit
from taxo.graph.schema import EMBEDDING, EXACT_INDEXES, KEY, VECTOR_LABELS, Label

KEY_INDEX_DDL: dict[Label, str] = {label: f"CREATE INDEX FOR (n:{label.value}) ON (n.{KEY})" for label in Label}
EXACT_INDEX_DDL: dict[tuple[Label, str], str] = {
    (label, prop): f"CREATE INDEX FOR (n:{label.value}) ON (n.{prop})" for label, prop in EXACT_INDEXES
}


def vector_index_ddl(label: Label, dimension: int) -> str:
    """CREATE VECTOR INDEX for ``label`` (``dimension`` is a validated int, never user input)."""
    return (
        f"CREATE VECTOR INDEX FOR (n:{label.value}) ON (n.{EMBEDDING}) "
        f"OPTIONS {{dimension: {int(dimension)}, similarityFunction: 'cosine'}}"
    )


LIST_INDEXES = (
    "CALL db.indexes() YIELD label, properties, types, options, status RETURN label, properties, types, options, status"
)
LIST_CONSTRAINTS = "CALL db.constraints() YIELD type, label, properties, status RETURN type, label, properties, status"

#: k-NN for a batch of query vectors; the score is a cosine distance (converted by ``to_similarity``).
VECTOR_KNN: dict[Label, str] = {
    label: (
        f"UNWIND $queries AS q CALL db.idx.vector.queryNodes('{label.value}', '{EMBEDDING}', $k, vecf32(q.v)) "
        "YIELD node, score RETURN q.i AS i, node.id AS id, score"
    )
    for label in VECTOR_LABELS
}
#: Similarity of a vector to each role's centroid of past JDs, on the (1 + cos) / 2 scale.
CENTROID_SIMILARITY = (
    "MATCH (r:Role) WHERE r.centroid_n >= $min_n "
    "RETURN r.id AS id, r.centroid_n AS n, 1.0 - vec.cosineDistance(vecf32(r.centroid), vecf32($v)) / 2.0 AS similarity"
)
SET_VECTORS: dict[Label, str] = {
    label: f"UNWIND $rows AS row MATCH (n:{label.value} {{id: row.id}}) "
    f"SET n.{EMBEDDING} = vecf32(row.v), n.embedding_key = row.key"
    for label in VECTOR_LABELS
}


def to_similarity(distance: float) -> float:
    """Cosine distance d = 1 - cos to Neo4j's similarity (1 + cos) / 2 = 1 - d / 2."""
    return 1.0 - float(distance) / 2.0


def scoped_call(var: str, body: str) -> str:
    """A subquery importing ``var`` (FalkorDB knows only the WITH form)."""
    return f"CALL {{ WITH {var} {body} }}"


#: The one write statement of a run (see ``taxo.graph.queries.compose_run_unit``).
COMMIT_RUN = compose_run_unit(scoped_call)
