"""Truth tables: ``rules/cases/*.yaml`` rows of facts and the rule (and outcome) they must produce."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from taxo.rules.book import RuleBook
from taxo.rules.spec import CaseFile


def case_files(root: Path) -> list[Path]:
    """The truth-table files next to the rules."""
    return sorted((Path(root) / "cases").glob("*.yaml"))


def run_cases(book: RuleBook, paths: list[Path]) -> tuple[int, list[str]]:
    """Run every case through the compiled rules; return (cases run, ``file:case: reason`` failures)."""
    failures: list[str] = []
    ran = 0
    for path in paths:
        try:
            table = CaseFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as exc:
            failures.append(f"{path}:-: invalid truth table: {' '.join(str(exc).split())[:300]}")
            continue
        if table.ruleset not in book.files:
            failures.append(f"{path}:-: unknown ruleset '{table.ruleset}'")
            continue
        for case in table.cases:
            ran += 1
            d = book.decide(table.ruleset, dict(case.facts))
            got = {"rule": d.rule_id, **d.then}
            role_field = d.then.get("role")
            if role_field is not None:
                got["role"] = None if role_field == "none" else case.facts.get(role_field)
            wrong = {k: (v, got.get(k)) for k, v in case.expect.items() if got.get(k) != v}
            if wrong:
                detail = ", ".join(f"{k}: expected {exp!r}, got {act!r}" for k, (exp, act) in wrong.items())
                failures.append(f"{path}:{case.name}: {detail}")
    return ran, failures
