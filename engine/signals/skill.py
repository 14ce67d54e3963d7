"""Skill signal: how well a role's dimensions cover the JD's skills, without favouring merely broad roles.

Each JD skill weighs its specificity (idf over roles), less when only nice-to-have and less when it is a
practice or concept rather than a technology (a named technology says more about the job than
"event-driven" or "debugging"), and spreads that weight over its dimensions. A role's score is the share
of that weight its dimensions hold (coverage), times the share of its dimensions the JD touches raised to
``breadth_penalty`` (a role with twelve dimensions that covers the JD only through four of them is less of
a match than one with five).
"""

from __future__ import annotations

from collections import defaultdict

from taxo.engine.models.signals import RoleScore
from taxo.engine.models.skills import ExtractedSkill
from taxo.engine.models.taxonomy import TECH_NATURES
from taxo.engine.taxonomy import Taxonomy


def skill_signal(
    skills: list[ExtractedSkill],
    tax: Taxonomy,
    breadth_penalty: float = 0.25,
    secondary_weight: float = 0.7,
    concept_weight: float = 0.5,
) -> list[RoleScore]:
    """Roles scored by coverage of the JD's skills through their dimensions.

    Example: a JD naming PySpark, Hive and Kafka scores data-engineer above backend-engineer, since
    PySpark and Hive sit only in data dimensions while Kafka is shared.
    """
    by_dim: dict[str, float] = defaultdict(float)
    for s in skills:
        info = tax.skills[s.canonical_slug]
        dims = [d for d in info.dimensions if d in tax.dimensions]
        weight = tax.skill_idf.get(s.canonical_slug, 0.0) * (1.0 if s.primary else secondary_weight)
        if info.nature not in TECH_NATURES:
            weight *= concept_weight
        for d in dims:
            by_dim[d] += weight / len(dims)
    total = sum(by_dim.values())
    if total <= 0:
        return []
    out = []
    for role in tax.roles.values():
        if not role.dimensions:
            continue
        coverage = sum(by_dim.get(d, 0.0) for d in role.dimensions) / total
        touched = sum(1 for d in role.dimensions if by_dim.get(d, 0.0) > 0) / len(role.dimensions)
        score = coverage * touched**breadth_penalty
        if score <= 0:
            continue
        held = sorted(
            {s.canonical_slug for s in skills if set(tax.skills[s.canonical_slug].dimensions) & role.dimensions}
        )
        out.append(
            RoleScore(
                slug=role.id,
                display_name=role.name,
                score=round(min(score, 1.0), 4),
                matched_skills=held,
                matched_count=len(held),
                total_count=len({s.canonical_slug for s in skills}),
            )
        )
    return sorted(out, key=lambda r: (-r.score, r.slug))
