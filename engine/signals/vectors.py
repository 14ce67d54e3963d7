"""Vector signals computed in memory: the title against role aliases, the JD against role centroids."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from taxo.engine.models.signals import RoleScore
from taxo.engine.taxonomy import Taxonomy


def title_vector_signal(title: str, title_vec: np.ndarray, tax: Taxonomy) -> list[RoleScore]:
    """Per role, the best (1 + cos) / 2 between the title and the role's aliases (its name included)."""
    if tax.role_alias_vectors.size == 0:
        return []
    sims = (1.0 + tax.role_alias_vectors @ title_vec) / 2.0
    best: dict[str, tuple[float, str]] = {}
    for (role, text, _), s in zip(tax.role_alias_texts, sims, strict=True):
        if role in tax.roles and (role not in best or s > best[role][0]):
            best[role] = (float(s), text)
    out = [
        RoleScore(
            slug=r, display_name=tax.roles[r].name, score=round(min(max(s, 0.0), 1.0), 4), alias=a, title_variant=title
        )
        for r, (s, a) in best.items()
    ]
    return sorted(out, key=lambda r: (-r.score, r.slug))


@dataclass(frozen=True)
class Centroid:
    """A role's centroid of past JDs: the JD's similarity to it and how many JDs it averages."""

    role: str
    similarity: float
    n: int


def centroid_scores(centroids: Iterable[Centroid], tax: Taxonomy, min_n: int) -> list[RoleScore]:
    """Roles' similarity to their centroid of past JDs, for centroids of at least ``min_n`` JDs."""
    out = [
        RoleScore(
            slug=c.role,
            display_name=tax.roles[c.role].name,
            score=round(min(max(c.similarity, 0.0), 1.0), 4),
            centroid_n=c.n,
        )
        for c in centroids
        if c.role in tax.roles and c.n >= min_n
    ]
    return sorted(out, key=lambda r: (-r.score, r.slug))
