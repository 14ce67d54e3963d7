"""Role baselines: what each enrichment field says for the chosen role when the JD says too little.

Derived from the taxonomy, not hand-written per role, so a role a curator adds has a baseline at once:

- nature of work: the role's KRAs classified like JD sentences; the summary is the role's description;
- tech-stack maturity: every skill of the role's dimensions as a must-have, weighted by how specific it
  is to few roles (``Taxonomy.skill_idf``);
- AI index: the factors of the role (its name, its AI dimensions and AI-skill share, family ``ai``, KRAs
  that build AI products), scored by the same rules;
- KRA description: the role's KRAs.

Baselines are cached per process by taxonomy version, role, embedder, curated files and rules version.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from taxo.core.embeddings import Embedder
from taxo.engine.enrich import ai_index, maturity, nature_of_work
from taxo.engine.enrich.catalog import Loaded, Vocabulary
from taxo.engine.models.decision import RoleRef
from taxo.engine.models.enrichment import AiIndex, KraDescription, NatureOfWork, TechStackMaturity
from taxo.engine.taxonomy import Taxonomy
from taxo.rules import RuleBook

MAX_KRAS = 12
_CACHE_SIZE = 256


@dataclass(frozen=True)
class RoleBaseline:
    """The four fields that can fall back, for one role."""

    role: RoleRef
    nature_of_work: NatureOfWork
    tech_stack_maturity: TechStackMaturity
    ai_index: AiIndex
    kra_description: KraDescription


_lock = threading.Lock()
_baselines: dict[tuple[object, ...], RoleBaseline] = {}
_kra_vectors: dict[tuple[str, str], np.ndarray] = {}


def _embed(texts: list[str], embedder: Embedder) -> np.ndarray:
    with _lock:
        missing = [t for t in dict.fromkeys(texts) if (embedder.model_id, t) not in _kra_vectors]
    if missing:
        vecs = embedder.encode(missing)
        with _lock:
            for t, v in zip(missing, vecs, strict=True):
                _kra_vectors[(embedder.model_id, t)] = v
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    with _lock:
        return np.stack([_kra_vectors[(embedder.model_id, t)] for t in texts])


def role_kras(tax: Taxonomy, role: str) -> list[str]:
    """The role's KRA texts (stable order)."""
    return [k.text for k in sorted((k for k in tax.kras.values() if k.role == role), key=lambda k: k.id)]


def role_baseline(
    tax: Taxonomy, role: str, embedder: Embedder, book: RuleBook, catalog: Loaded, vocab: Vocabulary
) -> RoleBaseline:
    """The baseline of ``role`` (which must be in ``tax.roles``)."""
    key = (tax.version, tax.seed_version, role, embedder.model_id, catalog.sha, vocab.sha, book.version)
    with _lock:
        hit = _baselines.get(key)
    if hit is not None:
        return hit
    info = tax.roles[role]
    ref = RoleRef(slug=role, display_name=info.name)
    kras = role_kras(tax, role)
    nature = nature_of_work.from_role(info.name, info.description, kras, _embed(kras, embedder), catalog, embedder)
    skills = sorted(tax.role_skills.get(role, frozenset()))
    rank = {s: (0.5 if tax.skills[s].hot else 0.0) + (0.25 if tax.skills[s].in_demand else 0.0) for s in skills}
    weighed = maturity.weigh(
        ((tax.skills[s], True) for s in skills), share_subcategories=False, specificity=tax.skill_idf
    )
    mat = maturity.assess(
        weighed,
        "role_baseline",
        f"the {info.name} role ({len(skills)} skills of its {len(info.dimensions)} dimensions, "
        f"weighted by how specific they are to it)",
        rank,
    )
    factors = ai_index.role_factors(tax, role, vocab, book.params("ai_index"))
    ai = ai_index.index(factors, book, f"the {info.name} baseline", "role_baseline")
    shown = kras[:MAX_KRAS]
    kra = KraDescription(
        text="\n".join(f"• {k}" for k in shown) if shown else info.description,
        sentences=shown,
        source="role_baseline",
        note=f"The KRAs of the {info.name} role." if shown else f"The {info.name} role's description.",
    )
    out = RoleBaseline(ref, nature, mat, ai, kra)
    with _lock:
        if len(_baselines) >= _CACHE_SIZE:
            _baselines.clear()
        _baselines[key] = out
    return out
