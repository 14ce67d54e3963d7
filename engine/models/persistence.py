"""Step 3 (final-role-output): one work item per (skill × dimension), and counters computed from them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from taxo.engine.models.decision import RoleRef


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


LinkOutcome = Literal["created", "confirmed", "skipped", "would_create", "would_confirm"]


class WorkItem(_Model):
    """What happened to one (skill × dimension): the skill↔dimension and role↔dimension links."""

    input_skill: str
    skill_slug: str | None
    skill_tag: Literal["in_db", "new"]
    dimension: str
    dimension_name: str
    skill_dimension: LinkOutcome
    skill_dimension_reason: str
    role_dimension: LinkOutcome
    role_dimension_reason: str
    role_dimension_rule: str | None = None
    outcome_line: str


class PersistenceCounts(_Model):
    """Counters, always computed from the items."""

    skill_dimension_created: int = 0
    skill_dimension_confirmed: int = 0
    role_dimension_created: int = 0
    role_dimension_confirmed: int = 0
    skipped: int = 0
    new_skills_proposed: int = 0
    pending_aliases: int = 0


class FinalOutput(_Model):
    """Step 3's output."""

    run_id: str
    chosen_role: RoleRef | None
    chosen_role_resolution: Literal["in_db", "new"]
    final_input_skills: list[dict[str, str]] = Field(description="each skill with tag in_db or new")
    items: list[WorkItem]
    new_skills_proposed: list[str] = []
    pending_aliases: list[str] = []
    read_only: bool

    @model_validator(mode="before")
    @classmethod
    def _drop_stored_counts(cls, data: Any) -> Any:
        """A stored record carries the computed ``counts``; they are recomputed from the items, never read."""
        if isinstance(data, dict) and "counts" in data:
            data = {k: v for k, v in data.items() if k != "counts"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def counts(self) -> PersistenceCounts:
        """Counters derived from ``items`` so they can never disagree with them."""
        c = PersistenceCounts(
            new_skills_proposed=len(self.new_skills_proposed), pending_aliases=len(self.pending_aliases)
        )
        for it in self.items:
            if it.skill_dimension in ("created", "would_create"):
                c.skill_dimension_created += 1
            elif it.skill_dimension in ("confirmed", "would_confirm"):
                c.skill_dimension_confirmed += 1
            if it.role_dimension in ("created", "would_create"):
                c.role_dimension_created += 1
            elif it.role_dimension in ("confirmed", "would_confirm"):
                c.role_dimension_confirmed += 1
            if it.skill_dimension == "skipped" and it.role_dimension == "skipped":
                c.skipped += 1
        return c
