"""The client output enrichment: a short per-JD profile beside the role.

Every field says where it came from (``source``: the JD, or the chosen role's baseline when the JD gave
too little for that field), and every ``quote`` is a verbatim substring of ``ParsedJD.clean_text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from taxo.engine.models.decision import RoleRef

Source = Literal["jd", "role_baseline"]
MaturityLabel = Literal["Legacy", "Mainstream", "Mainstream Modern", "Modern Cloud Native", "Cutting Edge"]
AiFactorName = Literal[
    "title_match",
    "has_ai_skill",
    "ai_skill_primary",
    "ai_skill_secondary",
    "on_ai_team",
    "builds_ai_products",
]
AiBand = Literal["none", "incidental", "supporting", "core", "dependent"]
SparseField = Literal["jd", "nature_of_work", "tech_stack_maturity", "ai_index", "kra_description"]

#: The schema version of this block (bump when a field changes meaning).
ENRICHMENT_VERSION = "1"
CROSS_CUTTING = "Cross-cutting / unaligned"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CategoryScore(_Model):
    """How much of the JD's work supports one nature-of-work category."""

    category: str
    name: str
    support: float = Field(
        description="summed similarity above chance of the sentences voting for it, earlier sentences weighing more"
    )
    sentences: int = Field(description="work sentences whose closest exemplar is in this category")
    best_similarity: float


class NatureOfWork(_Model):
    """What kind of work the JD describes."""

    category: str | None = Field(description="category slug (seeds/enrichment/nature-of-work.yaml); None if unknown")
    category_name: str | None
    summary: str | None = Field(description="one sentence built from the JD (or the role's description)")
    summary_method: Literal["extractive", "llm", "role_description", "none"]
    summary_sentences: list[str] = Field(
        default_factory=list, description="the JD sentences the summary was built from (verbatim)"
    )
    quote: str | None = Field(
        description="the JD sentence that best shows the category (verbatim); None for a baseline"
    )
    similarity: float | None = Field(description="quote (or best role KRA) to category, (1 + cos) / 2")
    alternatives: list[CategoryScore] = Field(default_factory=list, description="the best categories, winner first")
    source: Source
    note: str | None = None


class MaturitySkill(_Model):
    """A skill that drove the tech-stack maturity label."""

    slug: str
    name: str
    maturity: str
    volatility: str | None = None
    lifespan: str | None = None
    primary: bool


class TechStackMaturity(_Model):
    """How current the JD's stack is, from the skills' seeded maturity, volatility and lifespan."""

    label: MaturityLabel | None = Field(description="None when no skill carries maturity data")
    skills: list[MaturitySkill] = Field(description="the skills that drove the label, strongest first")
    distribution: dict[str, float] = Field(description="weighted share of each maturity tier (sums to 1)")
    skills_considered: int
    reasoning: str
    source: Source


class AiFactor(_Model):
    """One factor of the AI index, with its evidence."""

    name: AiFactorName
    value: bool
    weight: float = Field(description="points when true (rules/ai_index.yaml)")
    contribution: float = Field(description="weight if true, else 0")
    evidence: str | None = Field(description="what made it true (or why it is false)")
    quote: str | None = Field(None, description="the JD text it rests on (verbatim)")


class AiIndex(_Model):
    """0 = no AI use, 5 = AI-dependent."""

    score: float = Field(ge=0.0, le=5.0)
    band: AiBand
    label: str
    factors: list[AiFactor]
    rule_id: str
    rules_version: str
    reasoning: str
    source: Source


class EvidenceItem(_Model):
    """A skill matched in the JD, with the text that matched it."""

    skill: str = Field(description="display name")
    canonical_slug: str
    mention: str = Field(description="the text as written in the JD")
    sentence: str | None = Field(description="the JD sentence it was found in (verbatim)")
    section: str | None = None
    primary: bool
    ai: bool = False
    via: str = Field(description="how it matched: exact | alias | casefold | vector")


class ClusterSkill(_Model):
    """A skill inside a cluster."""

    slug: str
    name: str
    primary: bool


class SkillCluster(_Model):
    """The JD's skills in one of the chosen role's dimensions (or the cross-cutting group)."""

    dimension: str | None = Field(description="dimension slug; None for the cross-cutting group")
    dimension_name: str
    cross_cutting: bool = False
    skills: list[ClusterSkill]


class KraDescription(_Model):
    """The key result areas, in the JD's words (or the role's KRAs)."""

    text: str | None
    sentences: list[str] = Field(default_factory=list, description="JD sentences (verbatim) or the role's KRAs")
    source: Source
    note: str | None = None


class FieldSparsity(_Model):
    """The sparse-JD rule's answer for one field."""

    field: SparseField
    sparse: bool
    rule_id: str
    reasoning: str
    fell_back: bool = Field(description="the field's value is the role baseline's")


class Sparsity(_Model):
    """Is the JD sparse, and which fields fell back to the role baseline?"""

    is_sparse: bool = Field(description="the JD as a whole says too little (rule SPARSE.jd.*)")
    rule_id: str
    reasoning: str
    reasons: list[str] = Field(description="the reasoning of every rule that found the JD or a field sparse")
    fields: list[FieldSparsity]
    baseline_role: RoleRef | None = Field(description="the role whose baseline fills sparse fields")
    baseline_available: bool
    rules_version: str
    facts: dict[str, bool | int | float] = Field(default_factory=dict, description="what the rules were given")


class Sources(_Model):
    """Where each field came from."""

    nature_of_work: Source
    tech_stack_maturity: Source
    ai_index: Source
    evidence: Source = "jd"
    skill_clusters: Source = "jd"
    kra_description: Source


class Enrichment(_Model):
    """The client output enrichment of one JD."""

    version: str = ENRICHMENT_VERSION
    role: RoleRef | None = Field(description="the chosen role (None for NEW_ROLE)")
    case: str | None
    nature_of_work: NatureOfWork
    tech_stack_maturity: TechStackMaturity
    ai_index: AiIndex
    evidence: list[EvidenceItem]
    skill_clusters: list[SkillCluster] = Field(description="role dimensions first, the cross-cutting group last")
    kra_description: KraDescription
    sparse: Sparsity
    sources: Sources
    notes: list[str] = Field(default_factory=list)
