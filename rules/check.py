"""``taxo rules check``: validate a rules directory and run its truth tables, for a pre-commit hook or CI.

Everything is reported as ``file:rule: reason`` lines (truth-table failures as ``file:case: reason``):

- every rule file, as ``load_rulebook`` checks it (schema, operators, facts against the signals that
  exist, unique ids and priorities, thresholds and params in range, a catch-all per ruleset);
- every truth table under ``cases/`` (each row must fire the rule and outcome it names);
- every rule is exercised by at least one truth-table row (a new rule comes with the row that pins it).

This path imports only ``rules`` (pydantic, PyYAML, durable-rules): no engine, numpy or embedding model,
so it stays well under the pre-commit budget of 3 s.

Besides ``taxo rules check``, ``python -m taxo.rules.check [PATH ...]`` runs the same check without loading the
CLI at all (the leanest pre-commit entry).

Example::

    >>> result = check_rules(Path("rules"))          # doctest: +SKIP
    >>> result.ok, result.cases
    (True, 67)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from taxo.core.errors import RuleConfigError
from taxo.rules.book import RuleBook, load_rulebook
from taxo.rules.cases import case_files, run_cases
from taxo.rules.spec import CaseFile


@dataclass
class CheckResult:
    """What checking one rules directory found."""

    root: Path
    problems: list[str] = field(default_factory=list)  # ``file:rule: reason`` lines
    book: RuleBook | None = None  # the compiled rules (None when a rule file is invalid)
    cases: int = 0  # truth-table rows run
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """No problem at all."""
        return not self.problems

    def summary(self) -> str:
        """One line for a terminal or a CI log."""
        if not self.ok:
            return f"{self.root}: {len(self.problems)} problem(s)"
        assert self.book is not None
        rules = sum(len(spec.rules) for spec in self.book.files.values())
        return (
            f"{self.root}: ok · {len(self.book.files)} rulesets, {rules} rules, {self.cases} truth-table rows · "
            f"version {self.book.version} · {self.seconds:.2f} s"
        )


def _expected_rules(paths: list[Path]) -> dict[str, set[str]]:
    """Ruleset -> the rule ids its truth-table rows expect (valid tables only; run_cases reports the rest)."""
    out: dict[str, set[str]] = {}
    for path in paths:
        try:
            table = CaseFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError, ValidationError):
            continue
        out.setdefault(table.ruleset, set()).update(str(c.expect["rule"]) for c in table.cases if "rule" in c.expect)
    return out


def uncovered_rules(book: RuleBook, paths: list[Path]) -> list[str]:
    """``file:rule: reason`` for every rule no truth-table row expects to fire.

    Meaningful once every row passes: a passing row that expects rule X proves X fires on its facts.
    """
    expected = _expected_rules(paths)
    return [
        f"{book.sources[name]}:{rule.id}: no truth-table row expects this rule (add one to cases/{name}.yaml)"
        for name, spec in book.files.items()
        for rule in spec.rules
        if rule.id not in expected.get(name, set())
    ]


def check_rules(root: Path) -> CheckResult:
    """Validate the rule files of ``root`` and run its truth tables; never raises for a bad file."""
    started = time.perf_counter()
    result = CheckResult(Path(root))
    try:
        book = load_rulebook(result.root)
    except RuleConfigError as exc:
        result.problems = list(exc.problems)
    else:
        result.book = book
        tables = case_files(result.root)
        try:
            result.cases, failures = run_cases(book, tables)
        except RuleConfigError as exc:  # a row no rule matches (only possible without a catch-all)
            failures = list(exc.problems)
        result.problems = failures or uncovered_rules(book, tables)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def rules_roots(paths: Iterable[Path]) -> list[Path]:
    """The rules directories that ``paths`` (directories, rule files or truth-table files) belong to.

    A pre-commit hook passes the changed files; each is checked as part of its whole directory, since
    rule files depend on one another (required rulesets, one ruleset per file).
    """
    roots: list[Path] = []
    for p in paths:
        p = Path(p)
        root = p if p.is_dir() else p.parent.parent if p.parent.name == "cases" else p.parent
        if root not in roots:
            roots.append(root)
    return roots


def check_paths(paths: Iterable[Path], echo: Callable[[str, bool], object]) -> bool:
    """Check the rules directory of every path; ``echo(line, is_error)`` each problem and a summary per directory.

    Returns True when every directory passes.
    """
    ok = True
    for root in rules_roots(paths):
        result = check_rules(root)
        for line in result.problems:
            echo(line, True)
        echo(result.summary(), not result.ok)
        ok &= result.ok
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m taxo.rules.check [PATH ...]`` (default ``rules``): exit status 0 when everything passes, else 1."""
    args = list(sys.argv[1:] if argv is None else argv)
    ok = check_paths(
        [Path(a) for a in args] or [Path("rules")],
        lambda line, err: print(line, file=sys.stderr if err else sys.stdout),
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
