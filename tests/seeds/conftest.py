"""Fixtures for the seed-quality tests: the shipped seed taxonomy, read and validated once."""

from __future__ import annotations

import pytest

from graph.seeds.reader import SeedBundle, read_seeds
from taxo.settings import REPO_ROOT


@pytest.fixture(scope="session")
def seed_bundle() -> SeedBundle:
    """The committed seeds under ``seeds/``, validated by the reader."""
    return read_seeds(REPO_ROOT / "seeds")
