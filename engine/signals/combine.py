"""The combined score: each available signal normalised above its floor and weighted by the rules."""

from __future__ import annotations

from taxo.engine.models.signals import RoleScore, Signals
from taxo.engine.taxonomy import Taxonomy

SIGNALS = ("alias", "title_vector", "kra", "skill", "centroid")


def normalise(score: float, floor: float) -> float:
    """Similarities crowd near the top of [0, 1]: map [floor, 1] onto [0, 1], below the floor is 0."""
    if floor <= 0:
        return score
    return max(0.0, (score - floor) / (1.0 - floor))


def combine(signals: Signals, weights: dict[str, float], floors: dict[str, float], tax: Taxonomy) -> list[RoleScore]:
    """Weighted mean over the signals this JD has (missing signals neither help nor hurt)."""
    present = [s for s in SIGNALS if s in signals.available and weights.get(s, 0) > 0]
    total = sum(weights[s] for s in present)
    if total <= 0:
        return []
    parts: dict[str, dict[str, float]] = {}
    for s in present:
        for rs in getattr(signals, s):
            parts.setdefault(rs.slug, {})[s] = round(normalise(rs.score, floors.get(s, 0.0)), 4)
    out = []
    for role, p in parts.items():
        score = sum(weights[s] * p.get(s, 0.0) for s in present) / total
        out.append(RoleScore(slug=role, display_name=tax.roles[role].name, score=round(min(score, 1.0), 4), parts=p))
    return sorted(out, key=lambda r: (-r.score, r.slug))
