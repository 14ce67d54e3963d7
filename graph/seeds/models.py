"""Pydantic models of the seed files (the reviewable taxonomy in ``seeds/``).

One format: YAML. Layout of ``seeds/``::

    manifest.yaml                 seed version and the sources it was built from
    dimensions.yaml               list of DimensionSeed
    roles/<slug>.yaml             one RoleSeed per file
    skills/<group>.yaml           lists of SkillSeed
    role-alias-ambiguity.yaml     role aliases shared by several roles on purpose
    stoplist.yaml                 generic words that are never skills
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Source = Annotated[
    str, StringConstraints(pattern=r"^(curated|onet:\d+(\.\d+)*|esco:\d+(\.\d+)*|skillspan|run|curator)$")
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
OnetSoc = Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{4}\.\d{2}$")]
EscoUri = Annotated[str, StringConstraints(pattern=r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$")]


class Nature(StrEnum):
    """What kind of thing a skill is."""

    LANGUAGE = "LANGUAGE"
    FRAMEWORK = "FRAMEWORK"
    LIBRARY = "LIBRARY"
    TOOL = "TOOL"
    PLATFORM = "PLATFORM"
    DATABASE = "DATABASE"
    PROTOCOL = "PROTOCOL"
    STANDARD = "STANDARD"
    PRACTICE = "PRACTICE"
    METHODOLOGY = "METHODOLOGY"
    PATTERN = "PATTERN"
    CONCEPT = "CONCEPT"
    DOMAIN = "DOMAIN"


class Volatility(StrEnum):
    """How fast the skill's practice changes."""

    STABLE = "STABLE"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


class Lifespan(StrEnum):
    """How long the skill typically stays relevant."""

    EVERGREEN = "EVERGREEN"
    DECADE = "DECADE"
    MULTI_YEAR = "MULTI_YEAR"
    SHORT = "SHORT"


class Maturity(StrEnum):
    """Where the skill sits in the technology life cycle (drives tech-stack maturity)."""

    LEGACY = "LEGACY"
    MAINSTREAM = "MAINSTREAM"
    MODERN = "MODERN"
    CLOUD_NATIVE = "CLOUD_NATIVE"
    CUTTING_EDGE = "CUTTING_EDGE"


def _alias_shorthand(v: object) -> object:
    return {"text": v} if isinstance(v, str) else v


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AliasSeed(_Strict):
    """A surface form of a skill or a role. A bare string in YAML is ``{text: ...}``."""

    text: Text
    needs_context: bool = False
    source: Source = "curated"


AliasField = Annotated[AliasSeed, BeforeValidator(_alias_shorthand)]


class KraSeed(_Strict):
    """A key result area: a responsibility statement in the style of an O*NET task."""

    text: Text
    source: Source = "curated"
    ref: str | None = Field(None, description="source reference, e.g. an O*NET Task ID")


class RoleSeed(_Strict):
    """A role of the catalog (one file under ``seeds/roles/``)."""

    slug: Slug
    name: Text
    family: Slug
    parent: Slug | None = Field(None, description="generic role this one specialises")
    description: Text
    onet_soc: list[OnetSoc] = Field(min_length=1)
    esco: list[EscoUri] = []
    aliases: list[AliasField] = []
    kras: list[KraSeed] = []
    dimensions: list[Slug] = []
    source: Source = "curated"


class DimensionSeed(_Strict):
    """A competency group; the roles it sits under are declared on the roles."""

    slug: Slug
    name: Text
    rationale: Text
    source: Source = "curated"


class SkillSeed(_Strict):
    """A canonical skill with its metadata, dimensions and aliases."""

    slug: Slug
    name: Text
    category: Text
    subcategory: Text
    nature: Nature
    volatility: Volatility
    lifespan: Lifespan
    maturity: Maturity = Maturity.MAINSTREAM
    ai: bool = Field(False, description="an AI/ML skill (feeds the AI index)")
    hot: bool = Field(False, description="O*NET Hot Technology")
    in_demand: bool = Field(False, description="O*NET In Demand")
    needs_context: bool = Field(False, description="the name alone is ambiguous (Go, R, Swift)")
    context: list[Text] = Field([], description="words that confirm an ambiguous mention")
    dimensions: list[Slug] = Field(min_length=1)
    aliases: list[AliasField] = []
    source: Source = "curated"
    ref: str | None = None


class AmbiguousRoleAlias(_Strict):
    """A role alias that several roles share on purpose (e.g. "Software Engineer")."""

    text: Text
    roles: list[Slug] = Field(min_length=2)
    reason: Text


class Manifest(_Strict):
    """Seed version and the data it was built from."""

    version: Text
    description: Text = "taxo seed taxonomy"
    sources: dict[str, Text] = {}
