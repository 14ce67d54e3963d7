"""Post-classification updates of step 1: what a run writes besides links (and would write in read-only)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewSkillQueued(_Model):
    """A new-skill candidate queued for review."""

    queue_id: str
    skill_name: str
    role_slug: str | None
    primary: bool
    sentence: str


class KraCandidate(_Model):
    """A responsibility sentence no KRA of the chosen role covers, with its true best similarity."""

    queue_id: str
    role_slug: str
    sentence: str
    best_kra_similarity: float = Field(description="max similarity to any KRA of the role, (1 + cos) / 2")
    best_kra_id: str | None = None


class PostClassification(_Model):
    """Updates after the decision: centroid, collision log, new-role queue, review queues."""

    applied: bool = Field(description="false in read-only mode: these are what a persisting run would write")
    centroid_role: str | None = None
    centroid_n_after: int | None = Field(None, description="known after the write; None in read-only mode")
    collision_queue_id: str | None = None
    new_role_queue_id: str | None = None
    new_skills: list[NewSkillQueued] = []
    kra_candidates: list[KraCandidate] = []
