"""Run the ``taxo`` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Taxo = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def taxo(tmp_path: Path) -> Taxo:
    """``taxo(*args, env={...})`` runs ``python -m taxo`` on a private embedded data dir."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        full = {**os.environ, "TAXO_DATA_DIR": str(tmp_path / "data"), "TAXO_EMBEDDER": "hash", **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "taxo", *args],
            capture_output=True,
            text=True,
            env=full,
            timeout=timeout,
            check=False,
        )

    return run
