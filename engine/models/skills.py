"""Skills found in a JD: mentions with their evidence, and candidates for new skills."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from taxo.engine.parse.model import SectionKind


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MatchType(StrEnum):
    """How a surface form reached its canonical skill."""

    EXACT = "exact"  # the canonical name, as written
    ALIAS = "alias"  # a stored alias, as written
    CASEFOLD = "casefold"  # a stored name or alias up to case and format (Node.js = NodeJS = node js)
    VECTOR = "vector"  # the nearest skill by embedding, above the rules' threshold
    NEW = "new"  # not in the graph


class Mention(_Model):
    """One occurrence of a skill in the JD, with the sentence it sits in."""

    surface: str = Field(description="the text as written in the JD")
    sentence: str
    section: SectionKind
    start: int = Field(description="offset in the parsed clean text")
    end: int
    alias: str = Field(description="the stored alias it matched")
    accepted_by: str = Field(description="unambiguous, or the context that confirmed an ambiguous alias")


class ExtractedSkill(_Model):
    """A canonical skill of the graph found in the JD."""

    text: str = Field(description="surface form of its first mention")
    canonical_slug: str
    name: str
    primary: bool = Field(description="named in responsibilities/requirements, not only as nice-to-have")
    match: MatchType
    mentions: list[Mention]


class NewSkillCandidate(_Model):
    """A technology-looking term that no alias of the graph matched."""

    text: str
    reason: str = Field(description="technology_list | camel_case | dotted_name | versioned_name")
    start: int | None = Field(None, description="offset in the parsed clean text, where known")
    end: int | None = None
    sentence: str
    section: SectionKind
    primary: bool


class SkillExtraction(_Model):
    """Step 1's skill output."""

    skills: list[ExtractedSkill]
    candidates: list[NewSkillCandidate]
    rejected_ambiguous: list[str] = Field(default_factory=list, description="ambiguous mentions lacking context")
    in_title_phrases: list[str] = Field(default_factory=list, description="named only as part of a job or team title")
