"""Role signals: each a list of candidate roles with a score in [0, 1] and its evidence."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KraMatch(_Model):
    """A JD sentence matched to a KRA of the role (similarity on the (1 + cos) / 2 scale)."""

    sentence: str
    kra_id: str
    kra_text: str
    similarity: float


class RoleScore(_Model):
    """One candidate role under one signal, with the evidence that signal has."""

    slug: str
    display_name: str
    score: float = Field(ge=0.0, le=1.0)
    alias: str | None = Field(None, description="alias signal: the role alias the title matched")
    title_variant: str | None = Field(None, description="alias/title-vector signal: the title form used")
    hit: Literal["exact", "partial"] | None = None
    ambiguous: bool | None = Field(None, description="alias signal: the alias is shared by several roles")
    kra_matches: list[KraMatch] | None = Field(None, description="KRA signal: the best sentence matches")
    best_kra_similarity: float | None = Field(None, description="KRA signal: max of kra_matches")
    matched_skills: list[str] | None = Field(None, description="skill signal: JD skills the role holds")
    matched_count: int | None = None
    total_count: int | None = None
    centroid_n: int | None = Field(None, description="centroid signal: JDs in the role's centroid")
    parts: dict[str, float] | None = Field(None, description="combined: each signal's normalised contribution")


class Signals(_Model):
    """Every signal of a JD, best candidates first; ``combined`` weighs them with the rules' weights."""

    alias: list[RoleScore] = []
    title_vector: list[RoleScore] = []
    kra: list[RoleScore] = []
    skill: list[RoleScore] = []
    centroid: list[RoleScore] = []
    combined: list[RoleScore] = []
    available: list[str] = Field(default_factory=list, description="signals this JD could compute")
