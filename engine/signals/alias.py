"""Alias signal: the title (and its variants) against role aliases; exact hits score 1.0."""

from __future__ import annotations

from taxo.core.text import loose, norm
from taxo.engine.models.signals import RoleScore
from taxo.engine.taxonomy import Taxonomy


def _roles_for(tax: Taxonomy, text: str) -> set[str]:
    idx = tax.role_alias_index
    return idx.get(norm(text), set()) | idx.get(loose(text), set())


def alias_signal(variants: list[str], tax: Taxonomy, partial_factor: float) -> list[RoleScore]:
    """Exact hits (a variant equals an alias) score 1.0. Otherwise an alias contained in a variant scores
    ``partial_factor`` × its share of the variant's words — and, when it ends the title (where the role
    noun of a job title sits: "BPMN Camunda **Java Developer**"), ``partial_factor`` plus the rest of the
    way to 1.0 in proportion to that share.

    Example: "Senior Data Engineer" → variant "Data Engineer" → data-engineer 1.0 (exact).
    """
    best: dict[str, RoleScore] = {}

    def offer(role: str, score: float, alias: str, variant: str, hit: str) -> None:
        current = best.get(role)
        if current is None or score > current.score:
            amb = norm(alias) in tax.ambiguous_role_aliases or len(_roles_for(tax, alias)) > 1
            best[role] = RoleScore(
                slug=role,
                display_name=tax.roles[role].name,
                score=round(score, 4),
                alias=alias,
                title_variant=variant,
                hit=hit,
                ambiguous=amb,
            )

    for v in variants:
        for role in _roles_for(tax, v):
            offer(role, 1.0, v, v, "exact")
    if best:
        return sorted(best.values(), key=lambda r: (-r.score, r.slug))
    for v in variants:
        words = v.split()
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                part = " ".join(words[i : i + size])
                share = size / len(words)
                suffix = i + size == len(words)
                score = partial_factor + (1 - partial_factor) * share if suffix else partial_factor * share
                for role in _roles_for(tax, part):
                    offer(role, score, part, v, "partial")
    return sorted(best.values(), key=lambda r: (-r.score, r.slug))
