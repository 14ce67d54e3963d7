"""``taxo run``, ``taxo runs list|show`` and ``taxo eval`` from a user's shell (mini seeds, hash embedder).

Every command is a real ``python -m taxo`` process on a private embedded store; each one starts and stops
the embedded database, hence the ``slow`` marker.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Taxo
from tests.conftest import FIXTURES, MINI_SEEDS, REPO_ROOT

pytestmark = pytest.mark.slow

RUN_COUNT = "MATCH (r:Run) RETURN count(r) AS n"


def _ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, proc.stderr
    return proc


def _json(proc: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(_ok(proc).stdout)


def _seed(taxo: Taxo) -> dict[str, Any]:
    report = _json(taxo("seed", "--path", str(MINI_SEEDS), "--json"))
    assert report["nodes"].get("Run", 0) == 0
    return report


def _runs(taxo: Taxo) -> int:
    return int(_json(taxo("query", RUN_COUNT, "--json"))["n"])


def test_run_is_listed_and_shown_and_a_read_only_run_writes_nothing(taxo: Taxo) -> None:
    _seed(taxo)
    record = _json(taxo("run", str(FIXTURES / "examples" / "php-games.txt"), "--json"))
    run_id = record["run_id"]
    decision = record["extract"]["decision"]
    assert record["status"] == "completed" and record["read_only"] is False
    assert decision["case"] == record["case"] and decision["rule_id"] == record["rule_id"]

    listed = _json(taxo("runs", "list", "--json"))
    assert listed["total"] == 1
    [row] = [r for r in listed["runs"] if r["run_id"] == run_id]
    assert (row["status"], row["case"], row["role"], row["rule_id"], row["rules_version"], row["title"]) == (
        "completed",
        record["case"],
        record["role"],
        record["rule_id"],
        record["rules_version"],
        record["title"],
    )

    shown = _json(taxo("runs", "show", run_id, "--json"))
    assert shown["run_id"] == run_id and shown["status"] == "completed"
    assert shown["extract"]["decision"] == decision  # the stored record is the one the run printed
    assert shown["final"]["counts"] == record["final"]["counts"] and shown["enrichment"] == record["enrichment"]

    text = _ok(taxo("runs", "show", run_id)).stdout
    role_name = (decision["role"] or decision["new_role"])["display_name"]
    for needle in (
        run_id,
        f"case {decision['case']}",
        f"rule {decision['rule_id']}",
        role_name,
        "LLM cost (USD): 0 (offline run)",
    ):
        assert needle in " ".join(text.split()), needle

    read_only = _json(taxo("run", "--read-only", str(FIXTURES / "examples" / "m365.txt"), "--json"))
    assert read_only["read_only"] is True and read_only["status"] == "completed"
    assert read_only["final"]["read_only"] is True
    assert _runs(taxo) == 1  # only the persisting run
    missing = taxo("runs", "show", read_only["run_id"])
    assert missing.returncode != 0 and f"no run {read_only['run_id']}" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_eval_writes_reports_with_baselines_and_no_runs(taxo: Taxo, tmp_path: Path) -> None:
    seeded = _seed(taxo)
    out = tmp_path / "report"
    _ok(taxo("eval", "--limit", "3", "--out", str(out)))
    md = (out / "report.md").read_text(encoding="utf-8")
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))

    gold = [
        json.loads(line)
        for line in (REPO_ROOT / "eval" / "data" / "skillspan_dev.jsonl").open(encoding="utf-8")
        if line.strip()
    ][:3]
    assert [d["id"] for d in data["decisions"]] == [g["id"] for g in gold]
    skills = data["skills"]["KNOWLEDGE (body)"]
    assert skills["overall"]["n_docs"] == 3
    assert skills["overall"]["n_gold"] == sum(1 for g in gold for s in g["body_skills"] if s["label"] == "KNOWLEDGE")

    # the headline table reads each figure beside its baseline, measured in the same run
    assert "| run | metric | value | baseline | ratio |" in md
    assert data["baselines"]["KNOWLEDGE (body)"] == "baseline: KNOWLEDGE (body)"
    baseline = data["skills"]["baseline: KNOWLEDGE (body)"]["overall"]
    assert baseline["n_docs"] == 3 and baseline["n_gold"] == skills["overall"]["n_gold"]
    f1, base_f1 = skills["overall"]["overlap"]["f1"], baseline["overlap"]["f1"]
    assert f"| skills: KNOWLEDGE (body) | F1 (overlap) | {f1:.3f} | {base_f1:.3f} |" in md
    for run in ("with title", "body only"):
        assert data["baselines"][run] == f"baseline: {run}" and f"baseline: {run}" in data["roles"]

    assert _runs(taxo) == 0  # eval is read-only
    stats = _json(taxo("stats", "--json"))
    assert (stats["nodes"], stats["relationships"]) == (seeded["nodes"], seeded["relationships"])
