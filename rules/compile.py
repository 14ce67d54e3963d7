"""Validate rule files against the fact catalog and compile them into durable-rules definitions."""

from __future__ import annotations

from pathlib import Path
from string import Formatter
from typing import Any

from pydantic import ValidationError

from taxo.rules import enrichment_facts as ext
from taxo.rules.facts import CATALOG as CORE_CATALOG
from taxo.rules.facts import COMMON, WEIGHTED_SIGNALS, Fact
from taxo.rules.facts import ENGINE_PARAMS as CORE_PARAMS
from taxo.rules.facts import PARAMS_ONLY as CORE_PARAMS_ONLY
from taxo.rules.spec import THEN_MODELS as CORE_THEN
from taxo.rules.spec import All, AnyOf, Condition, Rule, RuleFile, Test

CATALOG = {**CORE_CATALOG, **ext.CATALOG}
ENGINE_PARAMS = {**CORE_PARAMS, **ext.ENGINE_PARAMS}
PARAMS_ONLY = CORE_PARAMS_ONLY | ext.PARAMS_ONLY
THEN_MODELS = {**CORE_THEN, **ext.THEN_MODELS}
REQUIRED_RULESETS = ("role_decision", "role_specialization", "dimension_under_role", "extraction", *ext.REQUIRED)

_DURABLE_OPS = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_NUMERIC_OPS = {"lt", "lte", "gt", "gte"}


class Problems(list[str]):
    """``file:rule: reason`` lines collected while checking."""

    def add(self, path: Path, rule: str, reason: str) -> None:
        self.append(f"{path}:{rule}: {reason}")


def _pydantic_reason(exc: ValidationError) -> str:
    e = exc.errors()[0]
    loc = ".".join(str(p) for p in e["loc"])
    return f"{loc}: {e['msg']}" if loc else e["msg"]


def parse_file(path: Path, raw: Any, problems: Problems) -> RuleFile | None:
    """Validate the file's shape; per-rule problems name the rule id (or its index)."""
    if not isinstance(raw, dict):
        problems.add(path, "-", "expected a mapping with 'ruleset' and 'rules'")
        return None
    rules_raw = raw.get("rules") or []
    if not isinstance(rules_raw, list):
        problems.add(path, "-", "'rules' must be a list")
        return None
    before = len(problems)
    for i, r in enumerate(rules_raw):
        named = r.get("id") if isinstance(r, dict) else None
        rid = named if isinstance(named, str) else f"#{i}"
        try:
            Rule.model_validate(r)
        except ValidationError as exc:
            problems.add(path, rid, _pydantic_reason(exc))
    try:
        spec = RuleFile.model_validate({**raw, "rules": [] if len(problems) > before else rules_raw})
    except ValidationError as exc:
        problems.add(path, "-", _pydantic_reason(exc))
        return None
    return spec if len(problems) == before else None


def _walk(cond: Condition) -> list[Test]:
    if isinstance(cond, Test):
        return [cond]
    parts = cond.all if isinstance(cond, All) else cond.any
    return [t for c in parts for t in _walk(c)]


def _check_test(t: Test, facts: dict[str, Fact], params: dict[str, float]) -> str | None:
    fact = facts.get(t.fact)
    if fact is None:
        return f"unknown fact '{t.fact}' (known: {', '.join(sorted(facts))})"
    if t.op in ("exists", "missing"):
        return "exists/missing take no value or param" if t.value is not None or t.param else None
    if (t.value is None) == (t.param is None):
        return f"'{t.fact} {t.op}' needs exactly one of value or param"
    if t.param is not None and t.param not in params:
        return f"unknown param '{t.param}'"
    value = params[t.param] if t.param is not None else t.value
    if fact.type == "bool" and not isinstance(value, bool) and value not in (0, 1):
        return f"fact '{t.fact}' is a bool; compare it with true or false"
    if fact.type in ("bool", "str") and t.op in _NUMERIC_OPS:
        return f"operator '{t.op}' needs a number but '{t.fact}' is a {fact.type}"
    if fact.type in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"fact '{t.fact}' is a number; got {value!r}"
        if fact.low is not None and fact.high is not None and not fact.low <= value <= fact.high:
            return f"threshold {value} outside the range [{fact.low}, {fact.high}] of '{t.fact}'"
    if fact.type == "str" and not isinstance(value, str):
        return f"fact '{t.fact}' is a string; got {value!r}"
    return None


def check_file(path: Path, spec: RuleFile, problems: Problems) -> None:
    """Semantic checks: ruleset, facts, operators, thresholds, unique ids and priorities, catch-all."""
    if spec.ruleset not in CATALOG and spec.ruleset not in PARAMS_ONLY:
        problems.add(
            path, "-", f"unknown ruleset '{spec.ruleset}' (known: {', '.join(sorted({*CATALOG, *PARAMS_ONLY}))})"
        )
        return
    facts = {**CATALOG.get(spec.ruleset, {}), **COMMON}
    engine = ENGINE_PARAMS.get(spec.ruleset, {})
    for name, p in engine.items():
        if name not in spec.params:
            problems.add(path, "-", f"missing param '{name}' ({p.description})")
        elif not p.low <= spec.params[name] <= p.high:
            problems.add(path, "-", f"param '{name}' = {spec.params[name]} outside [{p.low}, {p.high}]")
    used = {t.param for r in spec.rules for t in _walk(r.when) if t.param}
    for name in spec.params:
        if name not in engine and name not in used:
            problems.add(path, "-", f"param '{name}' is used by no rule and not read by the engine")
    for name, w in spec.weights.items():
        if name not in WEIGHTED_SIGNALS:
            problems.add(path, "-", f"unknown signal weight '{name}' (known: {', '.join(sorted(WEIGHTED_SIGNALS))})")
        elif w < 0:
            problems.add(path, "-", f"weight '{name}' must not be negative")
    if spec.ruleset == "role_decision" and sum(spec.weights.values()) <= 0:
        problems.add(path, "-", "role_decision needs signal weights with a positive sum")
    if spec.ruleset in PARAMS_ONLY:
        if spec.rules:
            problems.add(path, "-", f"ruleset '{spec.ruleset}' holds params only, not rules")
        return
    seen_ids: set[str] = set()
    seen_pri: dict[int, str] = {}
    for r in spec.rules:
        if r.id in seen_ids:
            problems.add(path, r.id, "duplicate rule id")
        seen_ids.add(r.id)
        if r.priority in seen_pri:
            problems.add(path, r.id, f"priority {r.priority} already used by '{seen_pri[r.priority]}'")
        seen_pri.setdefault(r.priority, r.id)
        for t in _walk(r.when):
            if (reason := _check_test(t, facts, spec.params)) is not None:
                problems.add(path, r.id, reason)
        try:
            THEN_MODELS[spec.ruleset].model_validate(r.then)
        except ValidationError as exc:
            problems.add(path, r.id, f"then: {_pydantic_reason(exc)}")
        for _, field, _, _ in Formatter().parse(r.reasoning):
            if field and field.split(".")[0].split("[")[0] not in facts:
                problems.add(path, r.id, f"reasoning names unknown fact '{field}'")
    if not spec.rules:
        problems.add(path, "-", "a ruleset needs at least one rule")
    elif not any(isinstance(r.when, All) and not r.when.all for r in spec.rules):
        problems.add(path, "-", "no catch-all rule (add one with 'when: {all: []}' and the highest priority number)")


def _number(v: Any) -> Any:
    return int(v) if isinstance(v, bool) else v


def compile_condition(cond: Condition, params: dict[str, float]) -> dict[str, Any]:
    """A condition as a durable-rules expression."""
    if isinstance(cond, All):
        parts = [compile_condition(c, params) for c in cond.all]
        return {"always": 1} if not parts else parts[0] if len(parts) == 1 else {"$and": parts}
    if isinstance(cond, AnyOf):
        parts = [compile_condition(c, params) for c in cond.any]
        return parts[0] if len(parts) == 1 else {"$or": parts}
    if cond.op == "exists":
        return {"$ex": {cond.fact: 1}}
    if cond.op == "missing":
        return {"$nex": {cond.fact: 1}}
    value = _number(params[cond.param] if cond.param is not None else cond.value)
    if cond.op == "eq":
        return {cond.fact: value}
    return {_DURABLE_OPS[cond.op]: {cond.fact: value}}


def compile_ruleset(spec: RuleFile) -> dict[str, Any]:
    """The durable-rules definition of one ruleset: one rule per entry, action named by the rule id."""
    return {
        r.id: {"all": [{"m": compile_condition(r.when, spec.params)}], "pri": r.priority, "run": r.id}
        for r in spec.rules
    }
