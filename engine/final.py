"""Step 3 (final-role-output): one work item per (skill × dimension), guarded by the dimension-under-role rules.

skill↔dimension links of known skills are confirmed (they exist: that is where the dimension came from);
a role↔dimension link is saved only where the rules allow it; new skills are proposed, not linked.
"""

from __future__ import annotations

from typing import Any

from taxo.engine.models.decision import RoleDecision
from taxo.engine.models.details import DetailsResult
from taxo.engine.models.persistence import FinalOutput, WorkItem
from taxo.engine.taxonomy import Taxonomy
from taxo.rules import RuleBook

SKILL_LINK_RULE = "skill_dimension:existing-link"


def plan_final(
    details: DetailsResult,
    decision: RoleDecision | None,
    tax: Taxonomy,
    book: RuleBook,
    read_only: bool,
) -> tuple[FinalOutput, list[dict[str, Any]], list[dict[str, Any]]]:
    """The work items and the link writes (skill↔dimension, role↔dimension) they imply."""
    role = decision.role.slug if decision and decision.role else None
    info = tax.roles.get(role) if role else None
    parent = tax.roles.get(info.parent) if info and info.parent else None
    child_dims = set().union(*(tax.roles[c].dimensions for c in info.children)) if info and info.children else set()
    items: list[WorkItem] = []
    skill_dims: list[dict[str, Any]] = []
    role_dims: list[dict[str, Any]] = []
    proposed = [d.input_skill for d in details.skills if d.tag == "new"]
    pending = [d.pending_alias for d in details.skills if d.pending_alias]
    for d in details.skills:
        for dim in d.dimensions:
            if d.tag == "new" or d.canonical is None:
                reason = f"skill '{d.input_skill}' is proposed for review; links wait for a curator"
                items.append(
                    WorkItem(
                        input_skill=d.input_skill,
                        skill_slug=None,
                        skill_tag="new",
                        dimension=dim.slug,
                        dimension_name=dim.display_name,
                        skill_dimension="skipped",
                        skill_dimension_reason=reason,
                        role_dimension="skipped",
                        role_dimension_reason=reason,
                        outcome_line=f"Suggested dimension (similarity {dim.similarity}) · skill proposed, "
                        "nothing saved",
                    )
                )
                continue
            skill_dims.append(
                {
                    "skill": d.canonical.slug,
                    "dimension": dim.slug,
                    "sentence": d.evidence,
                    "similarity": dim.similarity,
                    "rule_id": SKILL_LINK_RULE,
                }
            )
            facts = {
                "under_chosen": bool(info and dim.slug in info.dimensions),
                "under_parent": bool(parent and dim.slug in parent.dimensions),
                "under_child": dim.slug in child_dims,
                "skill_primary": d.primary,
                "skill_in_db": True,
                "new_role": role is None,
            }
            rule = book.decide("dimension_under_role", facts)
            if rule.then["allow"] and role is not None:
                outcome = "confirmed" if facts["under_chosen"] else "created"
                role_dims.append(
                    {
                        "role": role,
                        "dimension": dim.slug,
                        "sentence": d.evidence,
                        "similarity": dim.similarity,
                        "rule_id": rule.rule_id,
                        "reason": rule.then["reason"],
                    }
                )
            else:
                outcome = "skipped"
            sd = "would_confirm" if read_only else "confirmed"
            rd = (
                {"created": "would_create", "confirmed": "would_confirm"}.get(outcome, outcome)
                if read_only
                else outcome
            )
            items.append(
                WorkItem(
                    input_skill=d.input_skill,
                    skill_slug=d.canonical.slug,
                    skill_tag="in_db",
                    dimension=dim.slug,
                    dimension_name=dim.display_name,
                    skill_dimension=sd,
                    skill_dimension_reason="existing skill↔dimension link",
                    role_dimension=rd,
                    role_dimension_reason=rule.then["reason"],
                    role_dimension_rule=rule.rule_id,
                    outcome_line=_line(rd, rule.then["reason"], rule.rule_id),
                )
            )
    skill_dims = list({(x["skill"], x["dimension"]): x for x in reversed(skill_dims)}.values())[::-1]
    role_dims = list({x["dimension"]: x for x in reversed(role_dims)}.values())[::-1]
    final = FinalOutput(
        run_id=details.run_id,
        chosen_role=decision.role if decision else None,
        chosen_role_resolution="in_db" if role else "new",
        final_input_skills=[{"skill": d.input_skill, "tag": d.tag} for d in details.skills],
        items=items,
        new_skills_proposed=proposed,
        pending_aliases=pending,
        read_only=read_only,
    )
    return final, skill_dims, role_dims


def _line(outcome: str, reason: str, rule_id: str) -> str:
    verb = {
        "created": "saved (new link)",
        "confirmed": "confirmed",
        "would_create": "would be saved (new link)",
        "would_confirm": "would be confirmed",
        "skipped": "skipped",
    }[outcome]
    return f"Existing dimension (library) · Role↔dimension {verb}: {reason} [{rule_id}]"


def apply_commit(final: FinalOutput, result: dict[str, Any]) -> FinalOutput:
    """Set each item's outcome from what the commit actually did (a concurrent run may have created a link)."""
    sd = {(r["skill"], r["dimension"]): r["created"] for r in result.get("skill_dims", [])}
    rd = {r["dimension"]: r["created"] for r in result.get("role_dims", [])}
    items = []
    for it in final.items:
        upd: dict[str, Any] = {}
        if it.skill_slug and (it.skill_slug, it.dimension) in sd:
            upd["skill_dimension"] = "created" if sd[(it.skill_slug, it.dimension)] else "confirmed"
        if it.role_dimension != "skipped" and it.dimension in rd:
            upd["role_dimension"] = "created" if rd[it.dimension] else "confirmed"
            upd["outcome_line"] = _line(upd["role_dimension"], it.role_dimension_reason, it.role_dimension_rule or "")
        items.append(it.model_copy(update=upd))
    return final.model_copy(update={"items": items})
