"""Neo4j 5 adapter through the official driver: explicit transactions, named indexes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from taxo.core.errors import SchemaMismatch, StoreError, StoreUnavailable
from taxo.graph.dialects import neo4j as dialect
from taxo.graph.schema import EXACT_INDEXES, VECTOR_LABELS, Label
from taxo.graph.store import GraphStore, IndexState, Params, Row, Statement


class Neo4jStore(GraphStore):
    """A Neo4j 5 database."""

    kind = "neo4j"
    dialect = dialect

    def __init__(self, uri: str, user: str, password: str, database: str | None, timeout: float = 30.0):
        import neo4j
        from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable

        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), connection_timeout=timeout)
            self._driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, ConfigurationError, ValueError, OSError) as exc:
            raise StoreUnavailable(f"cannot reach Neo4j at {uri}: {exc}") from exc
        self._database = database

    def _session(self) -> Any:
        return self._driver.session(database=self._database)

    def _call[R](self, work: Callable[[Any], R], write: bool) -> R:
        from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

        try:
            with self._session() as session:
                result: R = session.execute_write(work) if write else session.execute_read(work)
                return result
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j is unreachable: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j rejected a statement: {exc.message or exc}") from exc

    def read(self, cypher: str, params: Params | None = None) -> list[Row]:
        return self._call(lambda tx: tx.run(cypher, dict(params or {})).data(), write=False)

    def write(self, cypher: str, params: Params | None = None) -> list[Row]:
        return self._call(lambda tx: tx.run(cypher, dict(params or {})).data(), write=True)

    def write_unit(self, statements: Sequence[Statement]) -> list[list[Row]]:
        """All statements in one write transaction: all or nothing."""
        return self._call(lambda tx: [tx.run(c, dict(p)).data() for c, p in statements], write=True)

    def _ddl(self, statement: str) -> None:
        self._call(lambda tx: tx.run(statement).consume(), write=True)

    def ensure_schema(self, dimension: int) -> None:
        for label in Label:
            self._ddl(dialect.UNIQUE_CONSTRAINTS[label])
        for key in EXACT_INDEXES:
            self._ddl(dialect.EXACT_INDEX_DDL[key])
        for label in VECTOR_LABELS:
            self._ddl(dialect.vector_index_ddl(label, dimension))
        with self._session() as session:
            session.run(dialect.AWAIT_INDEXES).consume()
        self.check_vector_dimension(dimension)

    def check_vector_dimension(self, dimension: int) -> None:
        """Fail fast if a vector index was built for another embedding size."""
        for r in self.read(dialect.SHOW_VECTOR_INDEXES):
            if r["dimension"] is not None and int(r["dimension"]) != dimension:
                raise SchemaMismatch(
                    f"vector index {r['name']} has dimension {r['dimension']}, the embedder gives {dimension}"
                )

    def indexes_ready(self) -> bool:
        return all(str(r["state"]) == "ONLINE" for r in self.read(dialect.SHOW_INDEXES))

    def index_states(self) -> list[IndexState]:
        dims = {r["name"]: r["dimension"] for r in self.read(dialect.SHOW_VECTOR_INDEXES)}
        out = [
            IndexState(
                ",".join(r["labelsOrTypes"] or []),
                ",".join(r["properties"] or []),
                str(r["type"]),
                str(r["state"]),
                dims.get(r["name"]),
            )
            for r in self.read(dialect.SHOW_INDEXES)
            if r["type"] != "LOOKUP"
        ]
        out += [
            IndexState(",".join(r["labelsOrTypes"] or []), ",".join(r["properties"] or []), str(r["type"]), "ONLINE")
            for r in self.read(dialect.SHOW_CONSTRAINTS)
        ]
        return sorted(out, key=lambda s: (s.label, s.property, s.kind))

    def clear(self) -> None:
        from taxo.graph import queries

        while self.write(queries.DELETE_SOME_NODES, {"n": 10_000})[0]["deleted"]:
            pass

    def close(self) -> None:
        self._driver.close()
