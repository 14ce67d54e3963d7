"""Vector reads the pipeline makes: nearest KRAs, skill aliases and dimensions; role centroid similarities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from taxo.graph.schema import Label
from taxo.graph.store import GraphStore, Neighbour

Vectors = Sequence[Sequence[float] | np.ndarray] | np.ndarray  # one row per query


def nearest_kras(store: GraphStore, vectors: Vectors, k: int) -> list[list[Neighbour]]:
    """The ``k`` KRAs nearest each vector (a JD's responsibility sentences), best first."""
    return store.knn(Label.KRA, vectors, k)


def nearest_skill_aliases(store: GraphStore, vectors: Vectors, k: int) -> list[list[Neighbour]]:
    """The ``k`` aliases nearest each vector, keeping only skill aliases (ids ``skill:<norm>``)."""
    return [[n for n in hits if n.id.startswith("skill:")] for hits in store.knn(Label.ALIAS, vectors, k)]


def nearest_dimensions(store: GraphStore, vectors: Vectors, k: int) -> list[list[Neighbour]]:
    """The ``k`` dimensions nearest each vector, best first."""
    return store.knn(Label.DIMENSION, vectors, k)


def centroid_similarities(store: GraphStore, vector: Sequence[float] | np.ndarray, min_n: int) -> list[dict[str, Any]]:
    """``{id, n, similarity}`` of every role whose centroid averages at least ``min_n`` past JDs."""
    return store.read(store.dialect.CENTROID_SIMILARITY, {"v": [float(x) for x in vector], "min_n": int(min_n)})
