"""Load, check and run the rule files: the ``RuleBook`` is what the engine asks for decisions."""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from taxo.core.errors import RuleConfigError
from taxo.rules.compile import PARAMS_ONLY, REQUIRED_RULESETS, Problems, check_file, compile_ruleset, parse_file
from taxo.rules.spec import RuleFile


@dataclass(frozen=True)
class Decision:
    """What a ruleset decided: the rule that fired, its outcome, reasoning and the rules version."""

    ruleset: str
    rule_id: str
    then: dict[str, Any]
    reasoning: str
    rules_version: str
    facts: dict[str, Any] = field(default_factory=dict)


class _Reasoning(Formatter):
    """``str.format`` over facts; a missing fact reads ``n/a`` and a string ignores numeric specs."""

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        return kwargs.get(key, "n/a") if isinstance(key, str) else "n/a"

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, str) or isinstance(value, bool):
            return str(value)
        try:
            return format(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


def _durable_host(definitions: dict[str, dict[str, Any]]) -> Any:
    """A durable-rules Host of our own: actions record the rule id; no background dispatcher."""
    from durable import engine

    def record(rule_id: str) -> Any:
        def action(c: Any) -> None:
            c.s.fired = rule_id

        return action

    actions = {rid: record(rid) for rules in definitions.values() for rid in rules}

    class Host(engine.Host):  # type: ignore[misc]
        def get_action(self, action_name: str) -> Any:
            return actions[action_name]

        def _run(self) -> None:  # the timer thread could run actions on another thread
            return None

    host = Host()
    if definitions:
        host.set_rulesets(definitions)
    return host


class RuleBook:
    """All rule files of a directory, validated and compiled. Thread-safe ``decide``."""

    def __init__(self, root: Path, files: dict[str, RuleFile], version: str, sources: dict[str, str]):
        self.root = root
        self.files = files  # ruleset -> spec
        self.version = version
        self.sources = sources  # ruleset -> file path
        self._host = _durable_host(
            {name: compile_ruleset(spec) for name, spec in files.items() if name not in PARAMS_ONLY}
        )
        self._lock = threading.Lock()

    def params(self, ruleset: str) -> dict[str, float]:
        """The tunable numbers of a ruleset."""
        return dict(self.files[ruleset].params)

    def weights(self, ruleset: str) -> dict[str, float]:
        """Signal weights of a ruleset (role_decision)."""
        return dict(self.files[ruleset].weights)

    def decide(self, ruleset: str, facts: dict[str, Any]) -> Decision:
        """Post ``facts`` under a fresh session; the lowest-priority-number matching rule fires."""
        from durable.engine import MessageNotHandledException

        clean = {k: (int(v) if isinstance(v, bool) else v) for k, v in facts.items() if v is not None}
        sid = uuid.uuid4().hex
        with self._lock:
            try:
                state = self._host.post(ruleset, {**clean, "always": 1, "sid": sid})
            except MessageNotHandledException:
                state = None
            finally:
                self._host.delete_state(ruleset, sid)
        if state is None or "fired" not in state:
            raise RuleConfigError([f"{self.sources.get(ruleset, ruleset)}:-: no rule matched facts {clean}"])
        if state.get("exception"):
            raise RuleConfigError(
                [f"{self.sources[ruleset]}:{state.get('fired')}: action failed: {state['exception']}"]
            )
        rule = next(r for r in self.files[ruleset].rules if r.id == state["fired"])
        reasoning = _Reasoning().format(rule.reasoning, **facts)
        return Decision(ruleset, rule.id, dict(rule.then), reasoning, self.version, dict(facts))


def _read(path: Path, problems: Problems) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.add(path, "-", f"not valid YAML: {' '.join(str(exc).split())}")
    except OSError as exc:
        problems.add(path, "-", f"cannot read: {exc}")
    return None


def rule_files(root: Path) -> list[Path]:
    """The rule files of a directory (``cases/`` holds truth tables, not rules)."""
    return sorted(p for p in Path(root).glob("*.yaml") if p.is_file())


def rules_version(paths: list[Path]) -> str:
    """Content hash of the rule files: the version every decision records."""
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def load_rulebook(root: Path) -> RuleBook:
    """Validate every rule file under ``root``; raise ``RuleConfigError`` listing all problems."""
    problems = Problems()
    paths = rule_files(root)
    if not paths:
        raise RuleConfigError([f"{root}:-: no rule files (*.yaml) here"])
    files: dict[str, RuleFile] = {}
    sources: dict[str, str] = {}
    for path in paths:
        raw = _read(path, problems)
        if raw is None and not problems:
            problems.add(path, "-", "empty file")
        spec = parse_file(path, raw, problems) if raw is not None else None
        if spec is None:
            continue
        check_file(path, spec, problems)
        if spec.ruleset in files:
            problems.add(path, "-", f"ruleset '{spec.ruleset}' is also defined in {sources[spec.ruleset]}")
        files[spec.ruleset] = spec
        sources[spec.ruleset] = str(path)
    for name in REQUIRED_RULESETS:
        if name not in files and not problems:
            problems.append(f"{root}:-: missing ruleset '{name}'")
    if problems:
        raise RuleConfigError(list(problems))
    return RuleBook(Path(root), files, rules_version(paths), sources)
