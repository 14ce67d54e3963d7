"""Fixtures of the enrichment tests: the pipeline is run once per JD (read-only), then enriched."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from taxo.app.runs import RunService
from taxo.core.embeddings import HashEmbedder
from taxo.engine.enrich import Enrichment, enrich
from taxo.engine.models.run import RunRecord
from taxo.engine.taxonomy import Taxonomy
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.rules import RuleBook
from tests.conftest import EXAMPLES, example_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Hand-written JDs of this suite (tests/engine/enrich/fixtures/<name>.txt).
OWN = ("ml-engineering", "crud-web", "sparse-python", "sparse-untitled", "requirements-only")


def fixture_text(name: str) -> str:
    """One of this suite's JDs, or one of the five examples."""
    path = FIXTURES / f"{name}.txt"
    return path.read_text(encoding="utf-8") if path.is_file() else example_text(name)


@dataclass
class Enriched:
    """A read-only pipeline run and its enrichment."""

    record: RunRecord
    enrichment: Enrichment
    tax: Taxonomy

    @property
    def clean_text(self) -> str:
        assert self.record.extract is not None
        return self.record.extract.jd.clean_text


@pytest.fixture(scope="session")
def enrich_pipeline(seeded_template: FalkorDBStore, rulebook: RuleBook) -> RunService:
    """A read-only pipeline over the shared seeded graph (hash embedder)."""
    return RunService(seeded_template, HashEmbedder(), rulebook)


@pytest.fixture(scope="session")
def enriched(enrich_pipeline: RunService, rulebook: RuleBook) -> dict[str, Enriched]:
    """Every example and fixture JD, run read-only and enriched."""
    out: dict[str, Enriched] = {}
    tax = enrich_pipeline.taxonomy.get()
    for name in (*EXAMPLES, *OWN):
        record = enrich_pipeline.run(fixture_text(name), read_only=True)
        assert record.status == "completed", (name, record.status, record.error)
        assert record.extract is not None
        e = enrich(record.extract, record.details, tax, enrich_pipeline.embedder, rulebook)
        out[name] = Enriched(record, e, tax)
    return out
