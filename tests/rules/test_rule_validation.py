"""Invalid rule files are rejected with exact ``file:rule: reason`` lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from taxo.core.errors import RuleConfigError
from taxo.rules import load_rulebook
from tests.conftest import REPO_ROOT


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", dst, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dst


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _rule(data: dict, rid: str) -> dict:
    return next(r for r in data["rules"] if r["id"] == rid)


def _problems(root: Path) -> list[str]:
    with pytest.raises(RuleConfigError) as err:
        load_rulebook(root)
    return err.value.problems


CASES = [
    (
        "unknown fact",
        lambda d: _rule(d, "DOMAIN.clear")["when"]["all"][0].update(fact="combined_tpo_score"),
        "DOMAIN.clear",
        "unknown fact 'combined_tpo_score'",
    ),
    (
        "bad operator",
        lambda d: _rule(d, "DOMAIN.clear")["when"]["all"][0].update(op="approximately"),
        "DOMAIN.clear",
        "when",
    ),
    ("duplicate id", lambda d: _rule(d, "DOMAIN.tie").update(id="DOMAIN.clear"), "DOMAIN.clear", "duplicate rule id"),
    (
        "missing priority",
        lambda d: _rule(d, "DOMAIN.clear").pop("priority"),
        "DOMAIN.clear",
        "priority: Field required",
    ),
    (
        "duplicate priority",
        lambda d: _rule(d, "DOMAIN.tie").update(priority=40),
        "DOMAIN.tie",
        "priority 40 already used by 'DOMAIN.clear'",
    ),
    (
        "threshold out of range",
        lambda d: _rule(d, "DOMAIN.clear")["when"]["all"][2].update(param=None, value=1.5),
        "DOMAIN.clear",
        "threshold 1.5 outside the range [-1.0, 1.0] of 'combined_margin'",
    ),
    (
        "unknown param",
        lambda d: _rule(d, "DOMAIN.clear")["when"]["all"][0].update(param="domain_treshold"),
        "DOMAIN.clear",
        "unknown param 'domain_treshold'",
    ),
    ("bad then", lambda d: _rule(d, "DOMAIN.clear")["then"].update(case="MAYBE"), "DOMAIN.clear", "then: case"),
    (
        "numeric op on a bool",
        lambda d: _rule(d, "A.exact-alias")["when"]["all"][1].update(op="gt"),
        "A.exact-alias",
        "operator 'gt' needs a number but 'alias_ambiguous' is a bool",
    ),
    (
        "reasoning names an unknown fact",
        lambda d: _rule(d, "DOMAIN.clear").update(reasoning="{winner} wins"),
        "DOMAIN.clear",
        "reasoning names unknown fact 'winner'",
    ),
]


@pytest.mark.parametrize(("label", "change", "rule", "reason"), CASES, ids=[c[0] for c in CASES])
def test_invalid_role_decision_is_rejected(rules_copy: Path, label: str, change, rule: str, reason: str) -> None:
    path = rules_copy / "role_decision.yaml"
    _edit(path, change)
    problems = _problems(rules_copy)
    assert any(p.startswith(f"{path}:{rule}: ") and reason in p for p in problems), problems


def test_exact_line_for_an_unknown_fact(rules_copy: Path) -> None:
    path = rules_copy / "dimension_under_role.yaml"
    _edit(path, lambda d: _rule(d, "DUR.already-under-role")["when"]["all"][0].update(fact="under_chosn"))
    assert _problems(rules_copy) == [
        f"{path}:DUR.already-under-role: unknown fact 'under_chosn' (known: always, new_role, skill_in_db, "
        "skill_primary, under_child, under_chosen, under_parent)"
    ]


def test_missing_catch_all_and_engine_param(rules_copy: Path) -> None:
    path = rules_copy / "role_specialization.yaml"
    _edit(path, lambda d: d.__setitem__("rules", [r for r in d["rules"] if r["id"] != "SPECIALIZE.keep"]))
    ext = rules_copy / "extraction.yaml"
    _edit(ext, lambda d: d["params"].pop("kra_k"))
    problems = _problems(rules_copy)
    assert f"{path}:-: no catch-all rule (add one with 'when: {{all: []}}' and the highest priority number)" in problems
    assert any(p.startswith(f"{ext}:-: missing param 'kra_k'") for p in problems)


def test_yaml_syntax_error_names_the_file(rules_copy: Path) -> None:
    path = rules_copy / "role_decision.yaml"
    path.write_text("ruleset: role_decision\nrules: [\n")
    problems = _problems(rules_copy)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:-: not valid YAML")
