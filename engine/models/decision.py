"""The role decision of step 1: case, role, rule, reasoning and the facts the rules saw."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Case = Literal["A", "ALIAS_COLLISION", "DOMAIN", "NEW_ROLE"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoleRef(_Model):
    """A role by slug and display name."""

    slug: str
    display_name: str


class Specialization(_Model):
    """The decision moved from a generic role to one of its specialisations."""

    from_role: RoleRef
    rule_id: str
    reasoning: str


class RoleDecision(_Model):
    """What the rules decided, and why."""

    case: Case
    role: RoleRef | None = Field(None, description="the chosen role (None for NEW_ROLE)")
    new_role: RoleRef | None = Field(None, description="the proposed role (NEW_ROLE only)")
    confidence: float = Field(ge=0.0, le=1.0)
    rule_id: str
    rules_version: str
    reasoning: str
    tie_break: Literal["none", "llm"] = "none"
    tie_break_applied: bool = Field(False, description="an LLM chose among the tied candidates")
    specialization: Specialization | None = None
    specialization_rule_id: str | None = None
    collision: list[RoleRef] | None = Field(None, description="ALIAS_COLLISION: the roles the title hit")
    facts: dict[str, Any] = Field(default_factory=dict, description="the facts the rules were given")
