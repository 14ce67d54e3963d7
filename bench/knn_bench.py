"""Vector k-NN latency on the store's KRA index with synthetic 384-d vectors (5k and 50k nodes)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from bench.stats import summary
from taxo.graph.schema import Label
from taxo.graph.store import GraphStore


def knn_latency(store: GraphStore, n: int, queries: int = 200, k: int = 10, seed: int = 7) -> dict[str, Any]:
    """Load ``n`` clustered unit vectors as KRA nodes into the vector index, then time single queries."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(64, 384)).astype(np.float32)
    vectors = centres[rng.integers(0, 64, size=n)] + 0.3 * rng.normal(size=(n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"k{i}" for i in range(n)]
    t0 = time.perf_counter()
    store.ensure_schema(384)  # index first, as a seed load does (on FalkorDB ~2x faster than indexing after)
    store.write_batches("UNWIND $rows AS row CREATE (:KRA {id: row})", ids, size=5000)
    store.set_vectors(Label.KRA, [(i, v, "bench") for i, v in zip(ids, vectors, strict=True)])
    store.await_indexes()
    load_s = time.perf_counter() - t0
    qv = vectors[rng.integers(0, n, size=queries)] + 0.05 * rng.normal(size=(queries, 384)).astype(np.float32)
    qv /= np.linalg.norm(qv, axis=1, keepdims=True)
    store.knn(Label.KRA, qv[:5], k)
    times, hits = [], 0
    for q in qv:
        t1 = time.perf_counter()
        [res] = store.knn(Label.KRA, [q], k)
        times.append((time.perf_counter() - t1) * 1000)
        truth = set(np.argsort(-(vectors @ q))[:k])
        hits += len({int(h.id[1:]) for h in res} & truth)
    return {
        "nodes": n,
        "load_seconds": round(load_s, 1),
        "query_ms": summary(times),
        "recall_at_10": round(hits / (k * queries), 3),
    }
