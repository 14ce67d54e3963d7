"""Pydantic models of a rule file (YAML), and of what each ruleset's ``then`` may say."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,79}$")]
Op = Literal["eq", "ne", "lt", "lte", "gt", "gte", "exists", "missing"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Test(_Strict):
    """One comparison of a fact with a literal ``value`` or a named ``param``."""

    fact: str
    op: Op
    value: bool | int | float | str | None = None
    param: str | None = None


class All(_Strict):
    """Every condition holds (an empty list always holds)."""

    all: list[Condition]


class AnyOf(_Strict):
    """At least one condition holds."""

    any: list[Condition] = Field(min_length=1)


Condition = Union[Test, All, AnyOf]  # noqa: UP007 - a recursive alias needs Union here
All.model_rebuild()
AnyOf.model_rebuild()


class RoleDecisionThen(_Strict):
    """Outcome of a role-decision rule: the case, which candidate fact names the role, tie-break."""

    case: Literal["A", "ALIAS_COLLISION", "DOMAIN", "NEW_ROLE"]
    role: Literal["alias_top", "alias_contender", "collision_top", "combined_top", "none"]
    tie_break: Literal["none", "llm"] = "none"


class SpecializationThen(_Strict):
    """Outcome of a specialisation rule: keep the chosen role or take its child."""

    choose: Literal["child", "keep"]


class DimensionUnderRoleThen(_Strict):
    """Outcome of a dimension-under-role rule: may the role↔dimension link be saved?"""

    allow: bool
    reason: str = Field(min_length=3, max_length=200)


THEN_MODELS: dict[str, type[BaseModel]] = {
    "role_decision": RoleDecisionThen,
    "role_specialization": SpecializationThen,
    "dimension_under_role": DimensionUnderRoleThen,
}


class Rule(_Strict):
    """One rule: when its condition holds and no rule of lower priority number matched, it fires."""

    id: RuleId
    priority: int = Field(ge=1, le=1000)
    description: str = ""
    when: Condition
    then: dict[str, Any]
    reasoning: str = Field(min_length=3, description="str.format template over the facts")


class RuleFile(_Strict):
    """A rule file: one ruleset, tunable params, optional signal weights, the rules."""

    ruleset: str
    description: str = ""
    params: dict[str, float] = {}
    weights: dict[str, float] = {}
    rules: list[Rule] = []


class Case(_Strict):
    """One row of a truth table: facts in, expected rule (and outcome fields) out."""

    name: str
    facts: dict[str, bool | int | float | str]
    expect: dict[str, Any]


class CaseFile(_Strict):
    """A truth table for one ruleset."""

    ruleset: str
    cases: list[Case] = Field(min_length=1)
