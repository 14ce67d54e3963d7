"""The rule truth tables in rules/cases/ run through the real compiled rules."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import yaml

from taxo.rules import RuleBook, load_rulebook
from taxo.rules.cases import case_files, run_cases
from tests.conftest import REPO_ROOT

RULES = REPO_ROOT / "rules"


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rulebook(RULES)


def _rows() -> list[tuple[Path, str]]:
    return [(p, c["name"]) for p in case_files(RULES) for c in yaml.safe_load(p.read_text())["cases"]]


@pytest.mark.parametrize(("path", "name"), _rows(), ids=lambda v: v if isinstance(v, str) else v.stem)
def test_case(book: RuleBook, path: Path, name: str, tmp_path: Path) -> None:
    table = yaml.safe_load(path.read_text())
    one = tmp_path / path.name
    one.write_text(yaml.safe_dump({**table, "cases": [c for c in table["cases"] if c["name"] == name]}))
    ran, failures = run_cases(book, [one])
    assert ran == 1 and failures == []


def test_every_case_and_rule_is_covered(book: RuleBook) -> None:
    fired: set[tuple[str, str]] = set()
    for p in case_files(RULES):
        table = yaml.safe_load(p.read_text())
        fired |= {(table["ruleset"], c["expect"]["rule"]) for c in table["cases"]}
    every = {(name, r.id) for name, spec in book.files.items() for r in spec.rules}
    assert every <= fired, f"rules without a truth-table row: {sorted(every - fired)}"
    cases = {c["expect"].get("case") for p in case_files(RULES) for c in yaml.safe_load(p.read_text())["cases"]}
    assert {"A", "ALIAS_COLLISION", "DOMAIN", "NEW_ROLE"} <= cases


def test_a_wrong_expectation_is_reported(book: RuleBook, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump(
            {
                "ruleset": "role_decision",
                "cases": [
                    {
                        "name": "wrong",
                        "facts": {"alias_exact_roles": 0, "alias_ambiguous": False},
                        "expect": {"rule": "A.exact-alias"},
                    }
                ],
            }
        )
    )
    _, failures = run_cases(book, [bad])
    assert failures == [f"{bad}:wrong: rule: expected 'A.exact-alias', got 'NEW_ROLE.weak-evidence'"]


def test_decisions_name_rule_version_and_reasoning(book: RuleBook) -> None:
    d = book.decide(
        "role_decision",
        {
            "alias_exact_roles": 0,
            "alias_ambiguous": False,
            "combined_top": "qa-engineer",
            "combined_top_score": 0.7,
            "combined_second": "x",
            "combined_margin": 0.3,
        },
    )
    assert (d.rule_id, d.then["case"], d.rules_version) == ("DOMAIN.clear", "DOMAIN", book.version)
    assert "qa-engineer" in d.reasoning and "0.70" in d.reasoning


def test_concurrent_decisions_do_not_cross(book: RuleBook) -> None:
    """Each decision has its own session: 8 threads, 400 decisions, every answer matches its input."""
    errors: list[str] = []

    def work(i: int) -> None:
        for j in range(50):
            score = 0.9 if (i + j) % 2 else 0.1
            d = book.decide(
                "role_decision",
                {
                    "alias_exact_roles": 0,
                    "alias_ambiguous": False,
                    "combined_top": f"r{i}-{j}",
                    "combined_top_score": score,
                    "combined_second": "x",
                    "combined_margin": 0.5,
                },
            )
            want = "DOMAIN.clear" if score > 0.5 else "NEW_ROLE.weak-evidence"
            if d.rule_id != want or d.facts["combined_top"] != f"r{i}-{j}":
                errors.append(f"{i}-{j}: {d.rule_id}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_version_is_a_content_hash(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    same = load_rulebook(copy)
    assert same.version == load_rulebook(RULES).version
    text = (copy / "role_decision.yaml").read_text().replace("domain_margin: 0.02", "domain_margin: 0.03")
    (copy / "role_decision.yaml").write_text(text)
    assert load_rulebook(copy).version != same.version
