"""The curator commands through the real ``taxo`` entry point, as a user or a CI job runs them.

These need the wiring in ``taxo/cli`` (``curator_cmds`` registered, ``taxo seed --prune``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Taxo
from tests.conftest import MINI_SEEDS, REPO_ROOT, edit_yaml, rule


def test_taxo_rules_check_exits_1_with_the_exact_line(taxo: Taxo, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", rules, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = rules / "role_decision.yaml"
    edit_yaml(path, lambda d: rule(d, "DOMAIN.tie").update(priority=40))
    proc = taxo("rules", "check", str(rules))
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"{path}:DOMAIN.tie: priority 40 already used by 'DOMAIN.clear'",
        f"{rules}: 1 problem(s)",
    ]
    ok = taxo("rules", "check", str(REPO_ROOT / "rules"))
    assert ok.returncode == 0 and ok.stdout.startswith(f"{REPO_ROOT / 'rules'}: ok")


@pytest.mark.slow
def test_taxo_seed_prune_removes_what_the_files_dropped(taxo: Taxo, tmp_path: Path) -> None:
    assert taxo("seed", "--path", str(MINI_SEEDS), "--json").returncode == 0
    seeds = tmp_path / "seeds"
    shutil.copytree(MINI_SEEDS, seeds)
    edit_yaml(
        seeds / "skills" / "core.yaml", lambda skills: skills.remove(next(s for s in skills if s["slug"] == "pyspark"))
    )

    diff = taxo("seeds", "diff", str(seeds), "--json")
    assert diff.returncode == 0, diff.stderr
    assert {(n["label"], n["id"], n["change"]) for n in json.loads(diff.stdout)["nodes"]} == {
        ("Skill", "pyspark", "removed"),
        ("Alias", "skill:pyspark", "removed"),
        ("Alias", "skill:py spark", "removed"),
    }

    kept = taxo("seed", "--path", str(seeds), "--json")  # loading alone never removes
    assert kept.returncode == 0 and "pruned" not in json.loads(kept.stdout)
    pruned = taxo("seed", "--path", str(seeds), "--prune", "--json")
    assert pruned.returncode == 0, pruned.stderr
    report = json.loads(pruned.stdout)
    assert report["pruned"]["removed_nodes"] == {"Alias": 2, "Skill": 1}
    assert report["nodes"]["Skill"] == json.loads(kept.stdout)["nodes"]["Skill"] - 1
    assert taxo("seeds", "diff", str(seeds), "--exit-code").returncode == 0
