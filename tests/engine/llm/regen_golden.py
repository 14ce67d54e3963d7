"""Regenerate tests/engine/llm/golden/ from the current offline behaviour (run from the repository root).

    .venv/bin/python tests/engine/llm/regen_golden.py

Review the diff (``git diff tests/engine/llm/golden``) before committing: every change is a change of taxo's
offline results.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

if __name__ == "__main__":
    env = {**os.environ, "TAXO_REGEN_GOLDEN": "1"}
    sys.exit(
        subprocess.call(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "tests/engine/llm/test_offline_unchanged.py",
                "-k",
                "golden",
                "--basetemp=/tmp/taxo-golden-pt",
                "-p",
                "no:cacheprovider",
            ],
            cwd=ROOT,
            env=env,
        )
    )
