"""``scripts/pr-check.sh`` end to end, as CI runs it on a curator pull request (hash embedder, sample JDs)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


@pytest.mark.slow
def test_pr_check_on_unchanged_rules_and_seeds_reports_nothing_to_change(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAXO_")}
    env.update({"TAXO_EMBEDDER": "hash", "PR_CHECK_SAMPLE": "0", "HOME": os.environ.get("HOME", str(tmp_path))})
    out = tmp_path / "report"
    proc = subprocess.run(
        [str(REPO_ROOT / "scripts" / "pr-check.sh"), "--base", "HEAD", "--runs", "5", "--out", str(out)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = (out / "pr-check.md").read_text(encoding="utf-8")
    assert "## 1. Rules check: passed" in report
    assert re.search(r"Re-decided \*\*5\*\* stored runs", report)
    assert re.search(r"\| decision changes \(case or role\) \| 0 \|", report)
    assert "Loading these seed files would change nothing." in report
