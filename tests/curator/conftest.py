"""Fixtures of the curator PR tooling: a store with stored runs, private copies of rules and seeds."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from taxo.app.runs import RunService
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.rules import RuleBook
from taxo.app.context import Context
from taxo.core.embeddings import HashEmbedder
from tests.conftest import REPO_ROOT
from tests.conftest import EXAMPLES, example_text

#: Development postings whose decisions span every case (DOMAIN on both sides of 0.30, ties, collisions).
POSTINGS = (
    "train-tech-1", "train-tech-2", "train-tech-7", "train-tech-9", "train-tech-13", "train-tech-15", "train-tech-27",
    "train-tech-29", "train-tech-37", "train-tech-59", "train-tech-61", "train-tech-63", "train-tech-65",
    "train-tech-69", "train-house-86",
)
REJECTED_TEXT = "Buy cheap watches now! Great deals on watches."


def dev_postings(ids: tuple[str, ...] = POSTINGS) -> list[dict[str, Any]]:
    """The named postings of eval/data/skillspan_dev.jsonl, in the given order."""
    rows = {}
    with (REPO_ROOT / "eval" / "data" / "skillspan_dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            rows[row["id"]] = row
    return [rows[i] for i in ids]


@pytest.fixture(scope="package")
def run_store(seeded_template: FalkorDBStore, rulebook: RuleBook) -> Iterator[FalkorDBStore]:
    """A private seeded graph holding persisted runs of the five examples, 15 dev postings and one rejection.

    Shared by the package's tests: read it, never write to it.
    """
    store = seeded_template.copy_to(f"t_runs_{uuid.uuid4().hex[:12]}")
    pipeline = RunService(store, HashEmbedder(), rulebook)
    for name in EXAMPLES:
        pipeline.run(example_text(name))
    for posting in dev_postings():
        pipeline.run(posting["text"], title=posting.get("title"))
    pipeline.run(REJECTED_TEXT)
    yield store
    store.clear()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A private copy of the committed rule files and truth tables."""
    dst = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", dst, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dst


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the committed (generated) seed files."""
    dst = tmp_path / "seeds"
    shutil.copytree(REPO_ROOT / "seeds", dst, ignore=shutil.ignore_patterns("curated", "build", "*.py", "__pycache__"))
    return dst


def edit_yaml(path: Path, change: Callable[[Any], Any]) -> None:
    """Load a YAML file, let ``change`` edit the data in place, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    """One rule of a loaded rule file, by id."""
    return next(r for r in data["rules"] if r["id"] == rule_id)


@pytest.fixture
def use_store(monkeypatch: pytest.MonkeyPatch) -> Callable[[FalkorDBStore], None]:
    """Point the curator commands at a test graph (``use_store(store)``) instead of TAXO_STORE."""
    from taxo.cli import curator_cmds

    def use(store: FalkorDBStore) -> None:
        monkeypatch.setattr(curator_cmds, "_context", lambda: Context(store=store))  # closing a view keeps the server

    return use
