"""Regenerate tests/llm/golden/ from the current offline behaviour (run from the repository root).

    .venv/bin/python tests/llm/regen_golden.py

Review the diff (``git diff tests/llm/golden``) before committing: every change is a change of taxo's
offline results.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    env = {**os.environ, "TAXO_REGEN_GOLDEN": "1"}
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", "tests/llm/test_offline_unchanged.py",
                              "-k", "golden", "--basetemp=/tmp/taxo-golden-pt", "-p", "no:cacheprovider"],
                             cwd=ROOT, env=env))
