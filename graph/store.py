"""The one store interface the engine uses, with the logic both backends share.

A backend implements four primitives (``read``, ``write``, ``write_unit``, ``close``) plus its schema
bootstrap; vector k-NN, vector writes and batching are built here on top of its dialect module.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from types import ModuleType
from typing import Any

import numpy as np

from taxo.core.errors import StoreError, StoreUnavailable
from taxo.graph.schema import EMBEDDING, VECTOR_LABELS, Label

Row = dict[str, Any]
Params = Mapping[str, Any]
Statement = tuple[str, Params]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Successive lists of at most ``size`` items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def as_vector(v: Sequence[float] | np.ndarray) -> list[float]:
    """A plain list of Python floats (both drivers reject numpy arrays)."""
    return [float(x) for x in (v.tolist() if isinstance(v, np.ndarray) else v)]


@dataclass(frozen=True)
class Neighbour:
    """One k-NN hit: node id and similarity on Neo4j's scale, (1 + cos) / 2 in [0, 1]."""

    id: str
    similarity: float


@dataclass
class IndexState:
    """One index as the store reports it."""

    label: str
    property: str
    kind: str  # RANGE | VECTOR | UNIQUE
    state: str
    dimension: int | None = None


@dataclass
class StoreStats:
    """Node and relationship counts and index states."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    indexes: list[IndexState] = field(default_factory=list)


class GraphStore(ABC):
    """A graph database holding the taxonomy, behind one interface for every backend."""

    kind: str
    dialect: ModuleType
    batch_size: int = 500

    # -- primitives every backend implements ---------------------------------------------------
    @abstractmethod
    def read(self, cypher: str, params: Params | None = None) -> list[Row]:
        """Run a read-only statement and return its rows as plain dicts."""

    @abstractmethod
    def write(self, cypher: str, params: Params | None = None) -> list[Row]:
        """Run one write statement atomically and return its rows."""

    @abstractmethod
    def write_unit(self, statements: Sequence[Statement]) -> list[list[Row]]:
        """Run statements as one all-or-nothing unit (a transaction, or one statement on FalkorDB)."""

    @abstractmethod
    def ensure_schema(self, dimension: int) -> None:
        """Create keys, exact and vector indexes if missing (idempotent); check vector dimensions."""

    @abstractmethod
    def index_states(self) -> list[IndexState]:
        """Indexes and constraints as the store reports them."""

    @abstractmethod
    def indexes_ready(self) -> bool:
        """True when every index can serve queries (vector indexes are rebuilt after a restart)."""

    def await_indexes(self, timeout: float = 300.0) -> None:
        """Block until ``indexes_ready``; ``StoreUnavailable`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not self.indexes_ready():
            if time.monotonic() > deadline:
                raise StoreUnavailable(f"indexes still building after {timeout:.0f} s")
            time.sleep(0.1)

    def compact(self) -> None:  # noqa: B027 - an optional hook, not abstract: most stores have nothing to do
        """After a bulk load: make the store's on-disk state quick to reopen (default: nothing to do)."""

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and index of this database (tests and ``taxo seed --reset``)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (and stop an embedded server this process owns)."""

    # -- shared behaviour ------------------------------------------------------------------------
    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write_batches(self, cypher: str, rows: Sequence[Mapping[str, Any]], size: int | None = None) -> int:
        """Run ``cypher`` (which UNWINDs ``$rows``) over ``rows`` in batches; return rows written."""
        n = 0
        for chunk in batched(rows, size or self.batch_size):
            self.write(cypher, {"rows": chunk})
            n += len(chunk)
        return n

    def set_vectors(self, label: Label, rows: Sequence[tuple[str, Sequence[float] | np.ndarray, str]]) -> int:
        """Write embeddings of existing nodes so the vector index sees them.

        ``rows`` are ``(id, vector, key)``; ``key`` (model + text hash) is kept as ``embedding_key`` so an
        unchanged text is not embedded again.
        """
        self._check_vector_label(label)
        payload = [{"id": i, "v": as_vector(v), "key": key} for i, v, key in rows]
        return self.write_batches(self.dialect.SET_VECTORS[label], payload, size=200)

    def knn(
        self, label: Label, vectors: Sequence[Sequence[float] | np.ndarray] | np.ndarray, k: int
    ) -> list[list[Neighbour]]:
        """The ``k`` nearest nodes of ``label`` for each query vector, best first, one round trip."""
        self._check_vector_label(label)
        if len(vectors) == 0:
            return []
        queries = [{"i": i, "v": as_vector(v)} for i, v in enumerate(vectors)]
        params = {"queries": queries, "k": int(k)}
        try:
            rows = self.read(self.dialect.VECTOR_KNN[label], params)
        except StoreError:
            if self.indexes_ready():
                raise
            self.await_indexes()  # the store is rebuilding its vector indexes after a restart
            rows = self.read(self.dialect.VECTOR_KNN[label], params)
        out: list[list[Neighbour]] = [[] for _ in vectors]
        for r in rows:
            out[int(r["i"])].append(Neighbour(str(r["id"]), round(self.dialect.to_similarity(r["score"]), 6)))
        for hits in out:
            hits.sort(key=lambda h: (-h.similarity, h.id))
        return out

    def stats(self) -> StoreStats:
        """Counts per label and relationship type, and index states."""
        from taxo.graph import queries as q

        nodes = {str(r["label"]): int(r["n"]) for r in self.read(q.COUNT_NODES_BY_LABEL)}
        rels = {str(r["type"]): int(r["n"]) for r in self.read(q.COUNT_RELS_BY_TYPE)}
        return StoreStats(dict(sorted(nodes.items())), dict(sorted(rels.items())), self.index_states())

    @staticmethod
    def _check_vector_label(label: Label) -> None:
        if label not in VECTOR_LABELS:
            raise ValueError(f"{label} has no {EMBEDDING} vector index")
