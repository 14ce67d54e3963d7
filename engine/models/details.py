"""Step 2 (extract-details): each skill normalised to a canonical skill, with dimensions and roles."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from taxo.engine.models.decision import RoleRef
from taxo.engine.models.skills import MatchType


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CanonicalSkill(_Model):
    """A canonical skill's metadata."""

    slug: str
    display_name: str
    category: str | None = None
    subcategory: str | None = None
    nature: str | None = None
    volatility: str | None = None
    lifespan: str | None = None
    maturity: str | None = None
    ai: bool = False
    source: str | None = None


class DerivedMeta(_Model):
    """Metadata derived for a skill the graph does not have (from its nearest skills or its shape)."""

    category: str
    subcategory: str
    nature: str
    volatility: str
    lifespan: str
    derived_from: str = Field(description="nearest skill it was derived from, or 'shape'")


class DimensionRef(_Model):
    """A dimension, how it was reached and the roles it sits under."""

    slug: str
    display_name: str
    via: str = Field(description="link (an existing skill↔dimension link) or vector (nearest, new skill)")
    similarity: float | None = Field(
        None,
        description="vector: the new skill's similarity to the dimension; "
        "link: the JD's similarity to it, (1 + cos) / 2",
    )
    roles: list[RoleRef] = []


class SkillDetail(_Model):
    """One input skill after normalisation."""

    input_skill: str
    primary: bool
    matched_via: MatchType
    canonical: CanonicalSkill | None = None
    similarity: float | None = Field(None, description="vector match only")
    aliases_in_db: list[str] = []
    pending_alias: str | None = Field(None, description="a new surface form of a known skill, queued for review")
    new_skill_meta: DerivedMeta | None = None
    dimensions: list[DimensionRef] = []
    tag: str = Field(description="in_db or new")
    evidence: str | None = Field(None, description="the sentence it was found in")


class DetailsResult(_Model):
    """Step 2's output."""

    run_id: str
    chosen_role: RoleRef | None
    skills: list[SkillDetail]
    candidate_roles: list[RoleRef] = Field(description="roles reachable from the JD's skills through dimensions")
    unmatched_skills: list[str] = []
