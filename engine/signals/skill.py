"""Skill signal: the weighted share of the JD's canonical skills a role holds through its dimensions."""

from __future__ import annotations

from engine.models.signals import RoleScore
from engine.models.skills import ExtractedSkill
from engine.taxonomy import Taxonomy

SECONDARY_WEIGHT = 0.5


def skill_signal(skills: list[ExtractedSkill], tax: Taxonomy) -> list[RoleScore]:
    """Each skill weighs its specificity (idf over roles), halved when only nice-to-have.

    Example: a JD naming PySpark, Hive and Kafka scores data-engineer above backend-engineer, since
    PySpark and Hive sit only in data dimensions while Kafka is shared.
    """
    weights = {s.canonical_slug: tax.skill_idf.get(s.canonical_slug, 0.0) * (1.0 if s.primary else SECONDARY_WEIGHT)
               for s in skills}
    total = sum(weights.values())
    if total <= 0:
        return []
    out = []
    for role, held in tax.role_skills.items():
        matched = sorted(s for s in weights if s in held)
        if not matched:
            continue
        score = sum(weights[s] for s in matched) / total
        out.append(RoleScore(slug=role, display_name=tax.roles[role].name, score=round(min(score, 1.0), 4),
                             matched_skills=matched, matched_count=len(matched), total_count=len(weights)))
    return sorted(out, key=lambda r: (-r.score, r.slug))
