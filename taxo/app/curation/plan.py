"""What every approval plan is built from: the plan itself, embeddings, provenance, aliases, dimension checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from taxo.app.curation.models import Changes, DimensionChoice
from taxo.core.errors import EditRejected
from taxo.core.text import loose, norm
from taxo.graph.repo import reviews
from taxo.graph.repo.vectors import nearest_dimensions
from taxo.graph.schema import Label
from taxo.graph.seeds.loader import alias_id
from taxo.graph.store import GraphStore

if TYPE_CHECKING:
    from taxo.app.context import Context


@dataclass
class Plan:
    """One approval: its kind of statement and parameters, what it changes, and the texts to embed."""

    kind: str  # a key of ``graph.repo.reviews.APPROVALS``: the statement that carries it out
    params: dict[str, Any]
    changes: Changes
    vectors: dict[Label, list[tuple[str, str]]] = field(default_factory=dict)  # label → [(node id, text)]


class Encoder:
    """Embeds each distinct text once per approval."""

    def __init__(self, embedder: Any):
        self.embedder = embedder
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for t, v in zip(missing, self.embedder.encode(missing), strict=True):
                self._cache[t] = v
        return [self._cache[t] for t in texts]


def provenance(item_id: str, curator: str, reason: str | None, now: str) -> dict[str, Any]:
    return {
        "source": "curator",
        "curator": curator,
        "curator_reason": reason,
        "review_item": item_id,
        "created_at": now,
    }


def skill_alias(text: str, canonical: bool, prov: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": alias_id("skill", text),
        "props": {
            "text": text,
            "norm": norm(text),
            "loose": loose(text),
            "kind": "skill",
            "canonical": canonical,
            "needs_context": False,
            **prov,
        },
    }


def role_alias(text: str, prov: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": alias_id("role", text),
        "props": {
            "text": text,
            "norm": norm(text),
            "loose": loose(text),
            "kind": "role",
            "ambiguous": False,
            "needs_context": False,
            **prov,
        },
    }


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def check_dimensions(store: GraphStore, slugs: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s.strip()))
    unknown = [s for s in wanted if s not in reviews.existing_dimensions(store, wanted)]
    if unknown:
        raise EditRejected("dimensions", f"unknown dimension(s): {', '.join(unknown)} (see GET /dimensions)")
    return wanted


def nearest_dimensions_above(ctx: Context, vectors: list[np.ndarray]) -> list[DimensionChoice]:
    """Dimensions near any of ``vectors`` above the extraction rules' threshold, best first."""
    params = ctx.rulebook.params("extraction")
    threshold, limit = float(params["dimension_vector_threshold"]), int(params["dimension_vector_max"])
    best: dict[str, float] = {}
    for hits in nearest_dimensions(ctx.store, vectors, limit):
        for n in hits:
            if n.similarity >= threshold:
                best[n.id] = max(best.get(n.id, 0.0), n.similarity)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [DimensionChoice(slug=s, chosen_by="vector", similarity=round(sim, 4)) for s, sim in ranked]


def foreign_owners(store: GraphStore, ids: list[str], owner: str) -> dict[str, list[str]]:
    """Alias ids that already belong to some node other than ``owner``."""
    return {
        a: [o for o in owners if o != owner]
        for a, owners in reviews.alias_owners(store, ids).items()
        if any(o != owner for o in owners)
    }
