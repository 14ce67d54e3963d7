"""The curated enrichment files: shape, coverage, validation errors and the exemplar-embedding cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from taxo.core.embeddings import HashEmbedder
from taxo.core.errors import ConfigError
from taxo.engine.enrich import catalog
from taxo.engine.enrich.catalog import (
    NATURE_FILE,
    VOCAB_FILE,
    default_dir,
    exemplar_vectors,
    nature_catalog,
    vocabulary,
)

#: Kinds of work the categories must cover (backend, data, ML, infra, QA, security, frontend, mobile,
#: product, management).
COVERED = {
    "api-and-service-implementation",
    "data-access-and-persistence",
    "data-pipelines-and-analytics",
    "ml-and-ai-development",
    "infrastructure-and-delivery-automation",
    "testing-and-quality-assurance",
    "security-and-compliance",
    "user-interface-development",
    "mobile-app-development",
    "product-and-requirements",
    "team-leadership-and-delivery",
}


def test_nature_of_work_catalog_shape_and_coverage() -> None:
    cats = nature_catalog().data.categories
    assert 8 <= len(cats) <= 14
    assert all(4 <= len(c.exemplars) <= 8 for c in cats)
    assert COVERED <= {c.slug for c in cats}


def test_vocabulary_compiles() -> None:
    v = vocabulary()
    assert v.title.search("Senior ML Engineer") and not v.title.search("Senior HTML Engineer")
    assert any(p.search("We build AI-powered tools") for p in v.product)
    assert any(p.search("join our AI team") for p in v.team)


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    dst = tmp_path / "enrichment"
    shutil.copytree(default_dir(), dst)
    return dst


def _edit(path: Path, change) -> None:  # noqa: ANN001
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["categories"][0]["exemplars"].__delitem__(slice(1, None)), "exemplars"),
        (lambda d: d["categories"].__delitem__(slice(3, None)), "categories"),
        (lambda d: d["categories"][1].update(slug=d["categories"][0]["slug"]), "duplicate category slug"),
        (lambda d: d["categories"][0]["exemplars"].append("Too short"), "not a sentence"),
    ],
)
def test_invalid_nature_catalog_is_rejected_with_the_file(curated: Path, change, reason: str) -> None:  # noqa: ANN001
    _edit(curated / NATURE_FILE, change)
    with pytest.raises(ConfigError) as err:
        nature_catalog(curated)
    assert str(curated / NATURE_FILE) in str(err.value) and reason in str(err.value)


def test_invalid_vocabulary_pattern_is_rejected(curated: Path) -> None:
    _edit(curated / VOCAB_FILE, lambda d: d["product_patterns"].append("AI (unclosed"))
    with pytest.raises(ConfigError, match="not a regular expression"):
        vocabulary(curated)


class Counting(HashEmbedder):
    def __init__(self, model_id: str) -> None:
        super().__init__()
        self.model_id = model_id
        self.calls = 0

    def encode(self, texts):  # noqa: ANN001, ANN201
        self.calls += 1
        return super().encode(texts)


def test_exemplars_are_embedded_once_per_model_and_file_content(curated: Path) -> None:
    loaded = nature_catalog(curated)
    a = Counting("test-model-a")
    v1, owner = exemplar_vectors(loaded, a)
    v2, _ = exemplar_vectors(nature_catalog(curated), a)
    assert a.calls == 1 and v1 is v2
    assert len(v1) == len(owner) == sum(len(c.exemplars) for c in loaded.data.categories)
    b = Counting("test-model-b")
    exemplar_vectors(loaded, b)
    assert b.calls == 1  # another model: embedded again
    _edit(
        curated / NATURE_FILE,
        lambda d: d["categories"][0]["exemplars"].append(
            "Write small command-line tools that automate routine engineering chores."
        ),
    )
    changed = nature_catalog(curated)
    assert changed.sha != loaded.sha
    v3, owner3 = exemplar_vectors(changed, a)
    assert a.calls == 2 and len(v3) == len(v1) + 1 and int(np.sum(owner3 == 0)) == int(np.sum(owner == 0)) + 1
    assert catalog._exemplar_vectors  # noqa: SLF001 - the process-wide cache
