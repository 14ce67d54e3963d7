"""``taxo rules check``: exact ``file:rule: reason`` lines, truth tables, coverage, no engine on the path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from taxo.cli.curator_cmds import rules_group
from taxo.rules.check import check_rules, rules_roots
from tests.conftest import REPO_ROOT, edit_yaml, rule


def test_committed_rules_pass() -> None:
    result = check_rules(REPO_ROOT / "rules")
    assert result.problems == []
    assert result.ok and result.book is not None and result.cases > 20
    assert result.book.version in result.summary()


@pytest.mark.parametrize(
    ("change", "rule_id", "reason"),
    [
        (
            lambda d: rule(d, "DOMAIN.tie").update(priority=40),
            "DOMAIN.tie",
            "priority 40 already used by 'DOMAIN.clear'",
        ),
        (
            lambda d: rule(d, "DOMAIN.clear")["when"]["all"][0].update(param="domain_treshold"),
            "DOMAIN.clear",
            "unknown param 'domain_treshold'",
        ),
        (
            lambda d: rule(d, "A.exact-alias")["when"]["all"][1].update(op="gt"),
            "A.exact-alias",
            "operator 'gt' needs a number but 'alias_ambiguous' is a bool",
        ),
        (
            lambda d: rule(d, "DOMAIN.clear")["when"]["all"][2].update(param=None, value=1.5),
            "DOMAIN.clear",
            "threshold 1.5 outside the range [-1.0, 1.0] of 'combined_margin'",
        ),
    ],
    ids=["duplicate priority", "unknown param", "operator on a bool", "threshold out of range"],
)
def test_invalid_rule_file_is_rejected_with_the_exact_line(rules_copy: Path, change, rule_id: str, reason: str) -> None:
    path = rules_copy / "role_decision.yaml"
    edit_yaml(path, change)
    result = CliRunner().invoke(rules_group, ["check", str(rules_copy)])
    assert result.exit_code == 1
    assert f"{path}:{rule_id}: {reason}" in result.stderr.splitlines()
    assert "Traceback" not in result.output


def test_a_failing_truth_table_row_is_reported(rules_copy: Path) -> None:
    edit_yaml(rules_copy / "role_decision.yaml", lambda d: d["params"].update(domain_threshold=0.5))
    result = check_rules(rules_copy)
    cases = rules_copy / "cases" / "role_decision.yaml"
    prefix = (
        f"{cases}:no alias, clear best evidence on a technical posting: "
        "rule: expected 'DOMAIN.clear', got 'NEW_ROLE.weak-evidence'"
    )
    assert any(p.startswith(prefix) for p in result.problems), result.problems
    assert not result.ok


def test_a_rule_no_truth_table_row_exercises_is_reported(rules_copy: Path) -> None:
    path = rules_copy / "role_decision.yaml"

    def add(d: dict) -> None:
        d["rules"].append(
            {
                "id": "DOMAIN.overwhelming",
                "priority": 35,
                "then": {"case": "DOMAIN", "role": "combined_top"},
                "when": {"all": [{"fact": "combined_top_score", "op": "gte", "value": 0.99}]},
                "reasoning": "{combined_top} leaves no doubt.",
            }
        )

    edit_yaml(path, add)
    assert check_rules(rules_copy).problems == [
        f"{path}:DOMAIN.overwhelming: no truth-table row expects this rule (add one to cases/role_decision.yaml)"
    ]


def test_changed_files_are_checked_with_their_directory(rules_copy: Path) -> None:
    files = [rules_copy / "role_decision.yaml", rules_copy / "cases" / "sparse_jd.yaml", rules_copy]
    assert rules_roots(files) == [rules_copy]
    result = CliRunner().invoke(rules_group, ["check", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{rules_copy}: ok")


def test_check_path_loads_no_engine_and_no_model() -> None:
    """The pre-commit path: the command module and the check import neither the engine nor numpy or torch."""
    code = (
        "import sys, time; t = time.perf_counter()\n"
        "from click.testing import CliRunner\n"
        "from taxo.cli.curator_cmds import rules_group\n"
        "r = CliRunner().invoke(rules_group, ['check', 'rules'])\n"
        "tops = {m.split('.')[1] if m.startswith('taxo.') else m.split('.')[0] for m in sys.modules}\n"
        "heavy = sorted(tops & {'engine', 'numpy', 'torch', 'sentence_transformers'})\n"
        "print(r.exit_code, heavy, round(time.perf_counter() - t, 2))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    status, heavy, _seconds = proc.stdout.split(" ", 2)
    assert (status, heavy) == ("0", "[]")


def test_python_m_rules_check_is_the_lean_pre_commit_entry(rules_copy: Path) -> None:
    path = rules_copy / "role_decision.yaml"
    edit_yaml(path, lambda d: rule(d, "DOMAIN.tie").update(priority=40))
    proc = subprocess.run(
        [sys.executable, "-m", "taxo.rules.check", str(path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"{path}:DOMAIN.tie: priority 40 already used by 'DOMAIN.clear'",
        f"{rules_copy}: 1 problem(s)",
    ]
