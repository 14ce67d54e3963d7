"""KRA signal: responsibility sentences matched to KRA nodes through the vector index."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from taxo.engine.models.signals import KraMatch, RoleScore
from taxo.engine.taxonomy import Taxonomy
from taxo.graph.store import Neighbour


def kra_matches(sentences: list[str], neighbours: list[list[Neighbour]], tax: Taxonomy) -> dict[str, list[KraMatch]]:
    """Per role, each sentence's best match among the role's KRAs in its nearest neighbours.

    Example: "Build batch pipelines" near ``kra:data-engineer:…`` → ``{"data-engineer": [KraMatch(…)]}``.
    """
    per_role: dict[str, dict[int, KraMatch]] = defaultdict(dict)
    for i, (sentence, hits) in enumerate(zip(sentences, neighbours, strict=True)):
        for h in hits:
            kra = tax.kras.get(h.id)
            if kra is None or kra.role not in tax.roles:
                continue
            prev = per_role[kra.role].get(i)
            if prev is None or h.similarity > prev.similarity:
                per_role[kra.role][i] = KraMatch(
                    sentence=sentence, kra_id=kra.id, kra_text=kra.text, similarity=round(h.similarity, 4)
                )
    return {role: list(by_sentence.values()) for role, by_sentence in per_role.items()}


def kra_scores(
    matches: Mapping[str, Sequence[KraMatch]], n_sentences: int, tax: Taxonomy, best_n: int
) -> list[RoleScore]:
    """Per role, the mean of its best ``best_n`` sentence similarities over ``min(best_n, n_sentences)``, with
    those matches; ``best_kra_similarity`` is the maximum of the listed matches.
    """
    denom = max(1, min(best_n, n_sentences))
    out = []
    for role, found in matches.items():
        top = sorted(found, key=lambda m: -m.similarity)[:best_n]
        if not top:
            continue
        out.append(
            RoleScore(
                slug=role,
                display_name=tax.roles[role].name,
                score=round(sum(m.similarity for m in top) / denom, 4),
                kra_matches=top,
                best_kra_similarity=max(m.similarity for m in top),
            )
        )
    return sorted(out, key=lambda r: (-r.score, r.slug))
