"""Neo4j 5 statements: DDL with names and IF NOT EXISTS, vector procedures by index name.

Every statement here passes Neo4j's offline linter (see ``tests/graph/test_cypher_lint.py``).
"""

from __future__ import annotations

from taxo.graph.queries.runs import compose_run_unit
from taxo.graph.schema import EMBEDDING, EXACT_INDEXES, KEY, VECTOR_LABELS, Label, index_name

UNIQUE_CONSTRAINTS: dict[Label, str] = {
    label: f"CREATE CONSTRAINT {index_name(label, KEY)} IF NOT EXISTS FOR (n:{label.value}) REQUIRE n.{KEY} IS UNIQUE"
    for label in Label
}
EXACT_INDEX_DDL: dict[tuple[Label, str], str] = {
    (label, prop): f"CREATE INDEX {index_name(label, prop)} IF NOT EXISTS FOR (n:{label.value}) ON (n.{prop})"
    for label, prop in EXACT_INDEXES
}


def vector_index_ddl(label: Label, dimension: int) -> str:
    """CREATE VECTOR INDEX for ``label`` (``dimension`` is a validated int, never user input)."""
    return (
        f"CREATE VECTOR INDEX {index_name(label, EMBEDDING)} IF NOT EXISTS FOR (n:{label.value}) ON n.{EMBEDDING} "
        f"OPTIONS {{indexConfig: {{`vector.dimensions`: {int(dimension)}, `vector.similarity_function`: 'cosine'}}}}"
    )


SHOW_VECTOR_INDEXES = (
    "SHOW VECTOR INDEXES YIELD name, labelsOrTypes, properties, state, options "
    "RETURN name, labelsOrTypes[0] AS label, properties[0] AS property, state, "
    "options.indexConfig.`vector.dimensions` AS dimension"
)
SHOW_INDEXES = (
    "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state "
    "RETURN name, type, labelsOrTypes, properties, state"
)
SHOW_CONSTRAINTS = (
    "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties"
)
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

#: k-NN for a batch of query vectors; Neo4j's score is already a similarity in [0, 1].
VECTOR_KNN: dict[Label, str] = {
    label: (
        f"UNWIND $queries AS q CALL db.index.vector.queryNodes('{index_name(label, EMBEDDING)}', $k, q.v) "
        "YIELD node, score RETURN q.i AS i, node.id AS id, score"
    )
    for label in VECTOR_LABELS
}
#: Similarity of a vector to each role's centroid of past JDs, on the (1 + cos) / 2 scale.
CENTROID_SIMILARITY = (
    "MATCH (r:Role) WHERE r.centroid_n >= $min_n "
    "RETURN r.id AS id, r.centroid_n AS n, vector.similarity.cosine(r.centroid, $v) AS similarity"
)
SET_VECTORS: dict[Label, str] = {
    label: f"UNWIND $rows AS row MATCH (n:{label.value} {{id: row.id}}) "
    f"SET n.{EMBEDDING} = row.v, n.embedding_key = row.key"
    for label in VECTOR_LABELS
}


def to_similarity(score: float) -> float:
    """Neo4j's cosine score is (1 + cos) / 2 already."""
    return float(score)


def scoped_call(var: str, body: str) -> str:
    """A subquery importing ``var`` (Neo4j 5.23+ scope syntax)."""
    return f"CALL ({var}) {{ {body} }}"


#: The one write statement of a run (see ``taxo.graph.queries.compose_run_unit``).
COMMIT_RUN = compose_run_unit(scoped_call)
