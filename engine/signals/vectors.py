"""Vector signals computed in memory: the title against role aliases, the JD against role centroids."""

from __future__ import annotations

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
    out = [RoleScore(slug=r, display_name=tax.roles[r].name, score=round(min(max(s, 0.0), 1.0), 4), alias=a,
                     title_variant=title)
           for r, (s, a) in best.items()]
    return sorted(out, key=lambda r: (-r.score, r.slug))


def centroid_signal(rows: list[dict[str, object]], tax: Taxonomy) -> list[RoleScore]:
    """Roles' similarity to their centroid of past JDs (rows from the store's centroid query)."""
    out = [RoleScore(slug=str(r["id"]), display_name=tax.roles[str(r["id"])].name,
                     score=round(min(max(float(r["similarity"]), 0.0), 1.0), 4),  # type: ignore[arg-type]
                     centroid_n=int(r["n"]))  # type: ignore[call-overload]
           for r in rows if str(r["id"]) in tax.roles]
    return sorted(out, key=lambda r: (-r.score, r.slug))
