"""A graph embedded by one model is refused by a process that embeds with another (clear error, no run)."""

from __future__ import annotations

import pytest

from taxo.app.runs import RunService
from taxo.core.embeddings import HashEmbedder
from taxo.core.errors import SchemaMismatch
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.rules import RuleBook
from tests.conftest import example_text


class OtherModel(HashEmbedder):
    """Same vectors, another model id: what a graph seeded with MiniLM looks like to a hash-embedding process."""

    model_id = "another-model-v2"


def test_a_graph_embedded_by_another_model_is_refused(seeded_template: FalkorDBStore, rulebook: RuleBook) -> None:
    pipeline = RunService(seeded_template, OtherModel(), rulebook)
    with pytest.raises(SchemaMismatch, match=r"made by hash-bow-v1, but this process embeds with another-model-v2"):
        pipeline.run(example_text("php-games"), read_only=False)
    runs = seeded_template.read("MATCH (r:Run) RETURN count(r) AS n")[0]["n"]
    assert runs == 0


def test_the_model_that_made_the_graph_is_accepted(readonly_pipeline: RunService) -> None:
    readonly_pipeline.check_embeddings()  # the hash embedder seeded the template
    assert readonly_pipeline.run(example_text("php-games"), read_only=True).status == "completed"
