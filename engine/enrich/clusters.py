"""Evidence (the skills matched in the JD, with their mention text) and the role-scoped skill clusters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from taxo.engine.enrich.text import verbatim
from taxo.engine.models.enrichment import CROSS_CUTTING, ClusterSkill, EvidenceItem, SkillCluster

if TYPE_CHECKING:
    from taxo.engine.models.details import DetailsResult
    from taxo.engine.models.run import ExtractResult
    from taxo.engine.taxonomy import Taxonomy


def evidence(extract: ExtractResult, details: DetailsResult | None, tax: Taxonomy) -> list[EvidenceItem]:
    """Every canonical skill matched in the JD: step 1's matches, then terms step 2 normalised to a skill.

    Unknown terms (``new`` in step 2) are not evidence: they are proposals waiting for a curator.
    """
    jd = extract.jd
    out: dict[str, EvidenceItem] = {}
    for s in extract.skills.skills if extract.skills else []:
        if s.canonical_slug not in tax.skills or s.canonical_slug in out:
            continue
        first = s.mentions[0] if s.mentions else None
        out[s.canonical_slug] = EvidenceItem(
            skill=tax.skills[s.canonical_slug].name,
            canonical_slug=s.canonical_slug,
            mention=first.surface if first else s.text,
            sentence=verbatim(jd, first.sentence) if first else None,
            section=str(first.section) if first else None,
            primary=s.primary,
            ai=tax.skills[s.canonical_slug].ai,
            via=str(s.match),
        )
    for d in details.skills if details else []:
        slug = d.canonical.slug if d.canonical else None
        if d.tag != "in_db" or slug is None or slug not in tax.skills or slug in out:
            continue
        out[slug] = EvidenceItem(
            skill=tax.skills[slug].name,
            canonical_slug=slug,
            mention=d.input_skill,
            sentence=verbatim(jd, d.evidence),
            primary=d.primary,
            ai=tax.skills[slug].ai,
            via=str(d.matched_via),
        )
    return list(out.values())


def clusters(items: list[EvidenceItem], tax: Taxonomy, role: str | None) -> list[SkillCluster]:
    """The skills grouped by the chosen role's dimensions; the rest in one cross-cutting group.

    A skill sits in every dimension of the role it belongs to; only dimensions under the role are used
    (``tax.roles[role].dimensions``). With no chosen role (NEW_ROLE) every skill is cross-cutting.
    """
    role_dims = tax.roles[role].dimensions if role and role in tax.roles else frozenset()
    groups: dict[str, list[ClusterSkill]] = {}
    loose: list[ClusterSkill] = []
    for e in items:
        cs = ClusterSkill(slug=e.canonical_slug, name=e.skill, primary=e.primary)
        dims = [d for d in tax.skills[e.canonical_slug].dimensions if d in role_dims]
        for d in dims:
            groups.setdefault(d, []).append(cs)
        if not dims:
            loose.append(cs)

    def ordered(skills: list[ClusterSkill]) -> list[ClusterSkill]:
        return sorted(skills, key=lambda s: (not s.primary, s.name.casefold()))

    def dim_name(d: str) -> str:
        return tax.dimensions[d].name if d in tax.dimensions else d

    out = [
        SkillCluster(dimension=d, dimension_name=dim_name(d), skills=ordered(s))
        for d, s in sorted(groups.items(), key=lambda kv: (-len(kv[1]), dim_name(kv[0]).casefold()))
    ]
    if loose:
        out.append(
            SkillCluster(dimension=None, dimension_name=CROSS_CUTTING, cross_cutting=True, skills=ordered(loose))
        )
    return out
