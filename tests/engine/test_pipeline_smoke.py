"""The three steps run end to end on the seeded graph; read-only runs write nothing."""

from __future__ import annotations

import pytest

from taxo.app.runs import RunService
from tests.conftest import EXAMPLES, example_text


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_run_read_only_without_writing(readonly_pipeline: RunService, name: str) -> None:
    before = readonly_pipeline.store.stats()
    record = readonly_pipeline.run(example_text(name), read_only=True)
    assert record.status == "completed"
    assert record.extract is not None and record.extract.decision is not None
    assert record.final is not None and record.final.read_only
    assert readonly_pipeline.store.stats().nodes == before.nodes


def test_persisting_run_is_recorded(pipeline: RunService) -> None:
    record = pipeline.run(example_text("php-games"))
    assert record.status == "completed"
    stored = pipeline.store.read("MATCH (r:Run {id: $id}) RETURN r.status AS s, r.case AS c", {"id": record.run_id})
    assert stored == [{"s": "completed", "c": record.case}]
