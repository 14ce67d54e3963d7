"""What a replay compares: a decision's outcome, one run under both rule books, a run it skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from taxo.engine.models.decision import RoleDecision


@dataclass(frozen=True)
class Outcome:
    """One decision of a run, as much of it as a reviewer compares."""

    case: str
    role: str | None  # the chosen role (None for NEW_ROLE)
    new_role: str | None  # NEW_ROLE: the role proposed for review
    rule_id: str
    specialization_rule_id: str | None
    tie_break: str
    confidence: float
    reasoning: str
    links: tuple[tuple[str, str], ...] | None = None  # (role, dimension) step 3 would save; None: no step 2

    @classmethod
    def of(cls, d: RoleDecision, links: tuple[tuple[str, str], ...] | None = None) -> Outcome:
        """The outcome of a decision (and the role↔dimension links planned for it)."""
        return cls(
            d.case,
            d.role.slug if d.role else None,
            d.new_role.slug if d.new_role else None,
            d.rule_id,
            d.specialization_rule_id,
            d.tie_break,
            d.confidence,
            d.reasoning,
            links,
        )

    @property
    def label(self) -> str:
        """``DOMAIN · data-engineer`` or ``NEW_ROLE (new role)``."""
        return f"{self.case} · {self.role}" if self.role else f"{self.case} (new role)"

    def same_decision(self, other: Outcome) -> bool:
        """Same case and role."""
        return (self.case, self.role, self.new_role) == (other.case, other.role, other.new_role)

    def same_rules(self, other: Outcome) -> bool:
        """Decided by the same rules (fired rule, specialisation rule, tie-break)."""
        return (self.rule_id, self.specialization_rule_id, self.tie_break) == (
            other.rule_id,
            other.specialization_rule_id,
            other.tie_break,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "case": self.case,
            "role": self.role,
            "new_role": self.new_role,
            "rule_id": self.rule_id,
            "specialization_rule_id": self.specialization_rule_id,
            "tie_break": self.tie_break,
            "confidence": self.confidence,
            "reasoning": self.reasoning,
            "links": None if self.links is None else [list(x) for x in self.links],
        }


@dataclass
class RunReplay:
    """One run: what it stored, what the base rules decide today, what the proposed rules decide."""

    run_id: str
    title: str | None
    created_at: str
    rules_version: str | None  # the version the run was decided under
    stored: Outcome
    before: Outcome
    after: Outcome
    notes: list[str] = field(default_factory=list)

    @property
    def decision_changed(self) -> bool:
        """Case or role differ between base and proposed."""
        return not self.before.same_decision(self.after)

    @property
    def rule_changed(self) -> bool:
        """Same decision, reached by another rule (or tie-break, or specialisation rule)."""
        return not self.decision_changed and not self.before.same_rules(self.after)

    @property
    def links_added(self) -> list[tuple[str, str]]:
        """Role↔dimension links the proposed rules save that the base rules do not."""
        return sorted(set(self.after.links or ()) - set(self.before.links or ()))

    @property
    def links_removed(self) -> list[tuple[str, str]]:
        """Role↔dimension links the base rules save that the proposed rules do not."""
        return sorted(set(self.before.links or ()) - set(self.after.links or ()))

    @property
    def changed(self) -> bool:
        """Anything differs between base and proposed."""
        return self.decision_changed or self.rule_changed or bool(self.links_added or self.links_removed)

    @property
    def drift(self) -> bool:
        """Today's base rules already decide differently from what the run stored."""
        return not (self.stored.same_decision(self.before) and self.stored.rule_id == self.before.rule_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "run_id": self.run_id,
            "title": self.title,
            "created_at": self.created_at,
            "rules_version": self.rules_version,
            "decision_changed": self.decision_changed,
            "rule_changed": self.rule_changed,
            "drift": self.drift,
            "links_added": [list(x) for x in self.links_added],
            "links_removed": [list(x) for x in self.links_removed],
            "notes": self.notes,
            "stored": self.stored.to_dict(),
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
        }


@dataclass(frozen=True)
class Skipped:
    """A run the replay could not re-decide, and why."""

    run_id: str
    reason: str
