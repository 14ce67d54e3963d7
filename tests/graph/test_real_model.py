"""The real embedding model, end to end: loaded offline from its package, indexed, queried."""

from __future__ import annotations

import numpy as np
import pytest

from taxo.core.embeddings import MiniLMEmbedder, bundled_model_path
from taxo.graph.schema import Label
from taxo.graph.seeds.loader import load_seeds
from taxo.graph.seeds.reader import read_seeds
from taxo.graph.store import GraphStore
from tests.conftest import MINI_SEEDS


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.mark.slow
def test_model_loads_from_the_installed_package_offline(minilm: MiniLMEmbedder, monkeypatch) -> None:
    assert (bundled_model_path() / "model.safetensors").is_file()
    vectors = minilm.encode(["data pipeline engineer", "Data Engineer", "pastry chef"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


@pytest.mark.slow
def test_semantic_kra_search_through_the_vector_index(falkordb_store: GraphStore, minilm: MiniLMEmbedder) -> None:
    load_seeds(falkordb_store, read_seeds(MINI_SEEDS), minilm)
    queries = minilm.encode(
        [
            "Improve garbage collection and heap usage of our JVM microservices",
            "Write Spark jobs that crunch terabytes of event data every night",
        ]
    )
    hits = falkordb_store.knn(Label.KRA, queries, k=2)
    assert hits[0][0].id.startswith("java-backend-developer:")
    assert hits[1][0].id.startswith("data-engineer:")
    assert all(0.5 < h.similarity <= 1.0 for row in hits for h in row)
