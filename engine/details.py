"""Step 2 (extract-details): normalise each skill to a canonical skill and give it dimensions and roles.

Known skills come with their existing skill↔dimension links. An unknown term is looked up exactly, then
case/format-insensitively, then by its nearest alias embedding above the rules' threshold; otherwise it
is ``new``: derived metadata, and the nearest dimensions above a threshold — or none. Never a default.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from taxo.core.text import loose, norm
from taxo.engine.models.decision import RoleDecision, RoleRef
from taxo.engine.models.details import CanonicalSkill, DerivedMeta, DetailsResult, DimensionRef, SkillDetail
from taxo.engine.models.skills import MatchType, SkillExtraction
from taxo.engine.skill_meta import derive_skill_meta
from taxo.engine.taxonomy import Taxonomy
from taxo.graph.store import Neighbour


@dataclass(frozen=True)
class VectorEvidence:
    """Nearest aliases (normalisation) and dimensions (placement) of one unknown term."""

    aliases: list[Neighbour]
    dimensions: list[Neighbour]


def canonical(tax: Taxonomy, slug: str) -> CanonicalSkill:
    """A canonical skill's metadata from the snapshot."""
    s = tax.skills[slug]
    return CanonicalSkill(
        slug=s.id,
        display_name=s.name,
        category=s.category,
        subcategory=s.subcategory,
        nature=s.nature,
        volatility=s.volatility,
        lifespan=s.lifespan,
        maturity=s.maturity,
        ai=s.ai,
        source=s.source,
    )


def _roles(tax: Taxonomy, dimension: str) -> list[RoleRef]:
    info = tax.dimensions.get(dimension)
    return [RoleRef(slug=r, display_name=tax.roles[r].name) for r in sorted(info.roles)] if info else []


def linked_dimensions(tax: Taxonomy, slug: str, jd_vector: np.ndarray | None) -> list[DimensionRef]:
    """The dimensions a canonical skill is linked to, the roles each sits under, and how close the JD is to it."""
    return [
        DimensionRef(
            slug=d,
            display_name=tax.dimensions[d].name,
            via="link",
            roles=_roles(tax, d),
            similarity=tax.dimension_similarity(jd_vector, d),
        )
        for d in tax.skills[slug].dimensions
        if d in tax.dimensions
    ]


def _alias_owner(tax: Taxonomy, alias_id: str) -> str | None:
    """``skill:<norm>`` alias ids → the skill that owns that alias."""
    if not alias_id.startswith("skill:"):
        return None
    owners = tax.skill_alias_map.get(alias_id[len("skill:") :], set())
    return sorted(owners)[0] if owners else None


def _is_known_form(tax: Taxonomy, slug: str, surface: str) -> bool:
    return norm(surface) in {norm(a.text) for a in tax.aliases_of(slug)}


def extract_details(
    run_id: str,
    decision: RoleDecision | None,
    extraction: SkillExtraction,
    tax: Taxonomy,
    vectors: dict[str, VectorEvidence],
    params: dict[str, float],
    jd_vector_list: list[float] | None = None,
) -> DetailsResult:
    """Normalise every extracted skill and candidate; ``vectors`` holds kNN evidence per unknown term."""
    jd_vector = np.asarray(jd_vector_list, dtype=np.float32) if jd_vector_list else None
    details: list[SkillDetail] = []
    for s in extraction.skills:
        surface = s.text
        pending = None if _is_known_form(tax, s.canonical_slug, surface) else surface
        details.append(
            SkillDetail(
                input_skill=surface,
                primary=s.primary,
                matched_via=s.match,
                canonical=canonical(tax, s.canonical_slug),
                aliases_in_db=sorted({a.text for a in tax.aliases_of(s.canonical_slug)}),
                pending_alias=pending,
                dimensions=linked_dimensions(tax, s.canonical_slug, jd_vector),
                tag="in_db",
                evidence=s.mentions[0].sentence,
            )
        )
    seen = {d.canonical.slug for d in details if d.canonical}
    for c in extraction.candidates:
        owners = tax.skill_alias_map.get(norm(c.text), set()) | tax.skill_alias_map.get(loose(c.text), set())
        ev = vectors.get(c.text, VectorEvidence([], []))
        slug, via, sim = None, MatchType.NEW, None
        if owners:
            slug, via = sorted(owners)[0], MatchType.CASEFOLD
        elif ev.aliases and ev.aliases[0].similarity >= params["skill_vector_threshold"]:
            slug, via, sim = _alias_owner(tax, ev.aliases[0].id), MatchType.VECTOR, ev.aliases[0].similarity
        if slug is not None and slug in tax.skills:
            if slug in seen:
                continue
            seen.add(slug)
            details.append(
                SkillDetail(
                    input_skill=c.text,
                    primary=c.primary,
                    matched_via=via,
                    canonical=canonical(tax, slug),
                    similarity=sim,
                    aliases_in_db=sorted({a.text for a in tax.aliases_of(slug)}),
                    pending_alias=None if _is_known_form(tax, slug, c.text) else c.text,
                    dimensions=linked_dimensions(tax, slug, jd_vector),
                    tag="in_db",
                    evidence=c.sentence,
                )
            )
            continue
        details.append(
            SkillDetail(
                input_skill=c.text,
                primary=c.primary,
                matched_via=MatchType.NEW,
                new_skill_meta=_derive_meta(tax, c.reason, ev, params["derive_meta_threshold"]),
                dimensions=[
                    DimensionRef(
                        slug=n.id,
                        display_name=tax.dimensions[n.id].name,
                        via="vector",
                        similarity=n.similarity,
                        roles=_roles(tax, n.id),
                    )
                    for n in ev.dimensions[: int(params["dimension_vector_max"])]
                    if n.id in tax.dimensions and n.similarity >= params["dimension_vector_threshold"]
                ],
                tag="new",
                evidence=c.sentence,
            )
        )
    reach = Counter(r.slug for d in details for dim in d.dimensions for r in dim.roles)
    candidate_roles = [
        RoleRef(slug=r, display_name=tax.roles[r].name)
        for r, _ in sorted(reach.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return DetailsResult(
        run_id=run_id,
        chosen_role=decision.role if decision else None,
        skills=details,
        candidate_roles=candidate_roles,
        unmatched_skills=[d.input_skill for d in details if d.tag == "new"],
    )


def _derive_meta(tax: Taxonomy, reason: str, ev: VectorEvidence, threshold: float) -> DerivedMeta:
    """The nearest skill's metadata when its alias is close enough; otherwise the defaults for the term's shape."""
    nearest = None
    if ev.aliases and ev.aliases[0].similarity >= threshold:
        owner = _alias_owner(tax, ev.aliases[0].id)
        if owner in tax.skills:
            nearest = vars(tax.skills[owner])
    meta = derive_skill_meta(nearest, reason)
    return DerivedMeta(**{k: meta[k] for k in DerivedMeta.model_fields})
