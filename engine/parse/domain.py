"""The business domain of the employer, from a small curated keyword map (vocabulary.yaml).

Example: ``find_domain("payment products for our cardmember base and cardmember experiences")`` ->
``Domain(name="Financial Services", evidence=["cardmember"])`` (2 hits against 1 for Payments).
Each domain scores one point per keyword occurrence (at most three per keyword); the best needs two
points (one when no other domain scores) and must beat the runner-up, else None.
"""

from __future__ import annotations

from taxo.engine.parse.model import Domain
from taxo.engine.parse.vocabulary import vocab


def find_domain(text: str) -> Domain | None:
    """The domain best supported by ``text`` (intro, about-company, responsibilities, labelled fields)."""
    scored: list[tuple[int, int, str, list[str]]] = []
    for order, (name, patterns) in enumerate(vocab().domains):
        score, evidence = 0, list[str]()
        for pattern in patterns:
            hits = [m.group() for m in pattern.finditer(text)]
            if hits:
                score += min(3, len(hits))
                if hits[0].lower() not in (e.lower() for e in evidence):
                    evidence.append(hits[0])
        if score:
            scored.append((score, -order, name, evidence))
    if not scored:
        return None
    scored.sort(reverse=True)
    best = scored[0]
    if (best[0] < 2 and len(scored) > 1) or (len(scored) > 1 and scored[1][0] == best[0]):
        return None
    return Domain(name=best[2], evidence=best[3])
