"""The taxonomy's records as the pipeline's snapshot holds them: skills, aliases, roles, dimensions, KRAs."""

from __future__ import annotations

from dataclasses import dataclass

#: Skill natures that name a technology (as opposed to a practice, concept or domain).
TECH_NATURES = frozenset({"LANGUAGE", "FRAMEWORK", "LIBRARY", "TOOL", "PLATFORM", "DATABASE", "PROTOCOL"})


@dataclass(frozen=True)
class SkillInfo:
    """A canonical skill and its metadata."""

    id: str
    name: str
    category: str | None
    subcategory: str | None
    nature: str | None
    volatility: str | None
    lifespan: str | None
    maturity: str | None
    ai: bool
    needs_context: bool
    context: tuple[str, ...]
    dimensions: tuple[str, ...]
    source: str | None
    hot: bool = False
    in_demand: bool = False


@dataclass(frozen=True)
class SkillAlias:
    """One surface form of a skill as stored in the graph."""

    skill: str
    text: str
    needs_context: bool
    canonical: bool


@dataclass(frozen=True)
class RoleInfo:
    """A role with its place in the hierarchy and its dimensions."""

    id: str
    name: str
    family: str | None
    parent: str | None
    description: str | None
    dimensions: frozenset[str]
    onet_soc: tuple[str, ...] = ()
    esco: tuple[str, ...] = ()
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class DimensionInfo:
    """A competency group and the roles it sits under."""

    id: str
    name: str
    rationale: str | None
    roles: frozenset[str]


@dataclass(frozen=True)
class KraInfo:
    """A key result area of a role."""

    id: str
    role: str
    text: str
