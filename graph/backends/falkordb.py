"""FalkorDB adapter: the embedded database (falkordblite) or a FalkorDB server (falkordb-py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from taxo.core.errors import SchemaMismatch, StoreError, StoreUnavailable
from taxo.graph.dialects import falkordb as dialect
from taxo.graph.schema import EMBEDDING, EXACT_INDEXES, KEY, VECTOR_LABELS, Label
from taxo.graph.store import GraphStore, IndexState, Params, Row, Statement


def _plain(value: Any) -> Any:
    """Driver objects to plain Python: nodes and edges become their property dicts."""
    from falkordb.edge import Edge
    from falkordb.node import Node

    if isinstance(value, Node | Edge):
        return {k: _plain(v) for k, v in value.properties.items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _param(value: Any) -> Any:
    """Parameters FalkorDB can inline: numpy scalars to floats, tuples to lists, recursively."""
    if isinstance(value, dict):
        return {k: _param(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_param(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


class FalkorDBStore(GraphStore):
    """A FalkorDB graph; ``closer`` releases the connection (None for a view that does not own it)."""

    kind = "falkordb"
    dialect = dialect

    def __init__(self, db: Any, graph_name: str, closer: Callable[[], None] | None):
        self._db = db
        self._graph_name = graph_name
        self._graph = db.select_graph(graph_name)
        self._closer = closer
        self._closed = False

    @property
    def db(self) -> Any:
        """The underlying falkordb client (tests, diagnostics)."""
        return self._db

    def for_graph(self, graph_name: str) -> FalkorDBStore:
        """Another graph on the same server; closing it does not close the server."""
        return FalkorDBStore(self._db, graph_name, closer=None)

    def copy_to(self, graph_name: str) -> FalkorDBStore:
        """A full copy of this graph (data and indexes) under another name, as a view on the same server.

        GRAPH.COPY forks; while a background save runs it cannot, so it is retried briefly.
        """
        from redis.exceptions import ResponseError

        for attempt in range(50):
            try:
                self._graph.copy(graph_name)
                return self.for_graph(graph_name)
            except ResponseError as exc:
                if "could not fork" not in str(exc) or attempt == 49:
                    raise StoreError(f"cannot copy graph {self._graph_name}: {exc}") from exc
                time.sleep(0.2)
        raise AssertionError("unreachable")

    # -- primitives --------------------------------------------------------------------------------
    def _run(self, cypher: str, params: Params | None, read_only: bool) -> list[Row]:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import RedisError, TimeoutError

        call = self._graph.ro_query if read_only else self._graph.query
        try:
            try:
                result = call(cypher, _param(dict(params or {})))
            except RedisError as exc:
                if not (read_only and "empty key" in str(exc)):
                    raise
                self._graph.query("RETURN 1")  # create the empty graph, then read it
                result = call(cypher, _param(dict(params or {})))
        except (RedisConnectionError, TimeoutError) as exc:
            raise StoreUnavailable(f"FalkorDB is unreachable: {exc}") from exc
        except RedisError as exc:
            raise StoreError(f"FalkorDB rejected a statement: {exc}") from exc
        header = [h[1] if isinstance(h, list | tuple) else h for h in (result.header or [])]
        return [{str(h): _plain(v) for h, v in zip(header, row, strict=False)} for row in result.result_set or []]

    def read(self, cypher: str, params: Params | None = None) -> list[Row]:
        return self._run(cypher, params, read_only=True)

    def write(self, cypher: str, params: Params | None = None) -> list[Row]:
        return self._run(cypher, params, read_only=False)

    def write_unit(self, statements: Sequence[Statement]) -> list[list[Row]]:
        """FalkorDB is atomic per statement only: a unit must be a single statement."""
        if len(statements) != 1:
            raise StoreError("FalkorDB has no multi-statement transactions: write a unit as one statement")
        cypher, params = statements[0]
        return [self.write(cypher, params)]

    # -- schema ------------------------------------------------------------------------------------
    def _existing(self) -> set[tuple[str, str, str]]:
        have: set[tuple[str, str, str]] = set()
        for r in self.read(dialect.LIST_INDEXES):
            for prop, kinds in (r.get("types") or {}).items():
                for kind in kinds:
                    have.add((str(r["label"]), str(prop), str(kind)))
        return have

    def _create_index(self, statement: str) -> None:
        try:
            self.write(statement)
        except StoreError as exc:  # created meanwhile by another process
            if "already indexed" not in str(exc):
                raise

    def ensure_schema(self, dimension: int) -> None:
        have = self._existing()
        for label in Label:
            if (label.value, KEY, "RANGE") not in have:
                self._create_index(dialect.KEY_INDEX_DDL[label])
        for label, prop in EXACT_INDEXES:
            if (label.value, prop, "RANGE") not in have:
                self._create_index(dialect.EXACT_INDEX_DDL[(label, prop)])
        for label in VECTOR_LABELS:
            if (label.value, EMBEDDING, "VECTOR") not in have:
                self._create_index(dialect.vector_index_ddl(label, dimension))
        self._ensure_unique_constraints()
        self.check_vector_dimension(dimension)

    def _ensure_unique_constraints(self) -> None:
        def states() -> dict[str, str]:
            return {
                str(r["label"]): str(r["status"])
                for r in self.read(dialect.LIST_CONSTRAINTS)
                if r["type"] == "UNIQUE" and list(r["properties"]) == [KEY]
            }

        current = states()
        for label in Label:
            if label.value not in current:
                try:
                    self._db.connection.execute_command(
                        "GRAPH.CONSTRAINT",
                        "CREATE",
                        self._graph_name,
                        "UNIQUE",
                        "NODE",
                        label.value,
                        "PROPERTIES",
                        "1",
                        KEY,
                    )
                except Exception as exc:  # noqa: BLE001 - the server's reply is re-raised as ours
                    if "already exists" not in str(exc):
                        raise StoreError(f"cannot create unique constraint on {label.value}.{KEY}: {exc}") from exc
        deadline = time.monotonic() + 60
        while True:
            current = states()
            failed = [lab for lab, s in current.items() if s == "FAILED"]
            if failed:
                raise SchemaMismatch(f"unique constraint on {failed} FAILED: duplicate ids exist in the graph")
            if all(current.get(lab.value) == "OPERATIONAL" for lab in Label):
                return
            if time.monotonic() > deadline:
                raise SchemaMismatch(f"unique constraints not operational after 60 s: {current}")
            time.sleep(0.05)

    def check_vector_dimension(self, dimension: int) -> None:
        """Fail fast if a vector index was built for another embedding size."""
        for r in self.read(dialect.LIST_INDEXES):
            opts = (r.get("options") or {}).get(EMBEDDING)
            if opts and "VECTOR" in (r.get("types") or {}).get(EMBEDDING, []):
                found = int(opts.get("dimension", 0))
                if found != dimension:
                    raise SchemaMismatch(
                        f"vector index on {r['label']}.{EMBEDDING} has dimension {found}, "
                        f"the embedder gives {dimension}"
                    )

    def indexes_ready(self) -> bool:
        return all(str(r["status"]) == "OPERATIONAL" for r in self.read(dialect.LIST_INDEXES))

    def index_states(self) -> list[IndexState]:
        out: list[IndexState] = []
        for r in self.read(dialect.LIST_INDEXES):
            for prop, kinds in (r.get("types") or {}).items():
                for kind in kinds:
                    dim = ((r.get("options") or {}).get(prop) or {}).get("dimension") if kind == "VECTOR" else None
                    out.append(IndexState(str(r["label"]), str(prop), str(kind), str(r["status"]), dim))
        for r in self.read(dialect.LIST_CONSTRAINTS):
            out.append(IndexState(str(r["label"]), ",".join(r["properties"]), str(r["type"]), str(r["status"])))
        return sorted(out, key=lambda s: (s.label, s.property, s.kind))

    def compact(self) -> None:
        """Rewrite the AOF as an RDB snapshot, so a restart loads it instead of replaying every write.

        After a seed load, replaying the AOF takes seconds and the vector indexes are then rebuilt in the
        background for seconds more; from the snapshot they load with the data. A server that refuses the
        command (e.g. a managed one) keeps its own policy.
        """
        conn = self._db.connection
        try:
            if conn.config_get("appendonly").get("appendonly") != "yes":
                return
            conn.bgrewriteaof()
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:  # a rewrite waits for a running RDB save ("scheduled")
                info = conn.info("persistence")
                if not (info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled")):
                    break
                time.sleep(0.1)
        except Exception:  # noqa: BLE001 - an optimisation: never fail a load over it
            return

    def clear(self) -> None:
        try:
            self._graph.delete()
        except Exception as exc:  # noqa: BLE001 - deleting a graph that does not exist yet is fine
            if "empty key" not in str(exc) and "Invalid graph operation" not in str(exc):
                raise StoreError(f"cannot delete graph {self._graph_name}: {exc}") from exc
        self._graph = self._db.select_graph(self._graph_name)

    def close(self) -> None:
        if not self._closed and self._closer is not None:
            self._closer()
        self._closed = True


def open_falkordb_embedded(
    directory: Path, graph_name: str, appendfsync: str, timeout: float, durable: bool = True
) -> FalkorDBStore:
    """The embedded database in ``directory`` (started, or attached to if another process runs it)."""
    from taxo.graph.backends.embedded import close_embedded, open_embedded

    db = open_embedded(directory, appendfsync, timeout, durable)
    return FalkorDBStore(db, graph_name, closer=lambda: close_embedded(db, directory))


def open_falkordb_server(url: str, graph_name: str, timeout: float) -> FalkorDBStore:
    """A FalkorDB server at ``falkordb://[:password@]host:port``."""
    from urllib.parse import urlsplit

    from falkordb import FalkorDB
    from redis.exceptions import RedisError

    parts = urlsplit(url)
    try:
        db = FalkorDB(
            host=parts.hostname or "localhost",
            port=parts.port or 6379,
            password=parts.password,
            username=parts.username or None,
            socket_timeout=timeout,
            socket_connect_timeout=5,
        )
        db.connection.ping()
    except (RedisError, OSError, ValueError) as exc:
        raise StoreUnavailable(f"cannot reach FalkorDB at {parts.hostname}:{parts.port}: {exc}") from exc
    return FalkorDBStore(db, graph_name, closer=db.connection.close)
