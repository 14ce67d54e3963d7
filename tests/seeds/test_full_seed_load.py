"""The whole shipped taxonomy loads into the embedded store, and ``stats`` counts it exactly."""

from __future__ import annotations

import pytest

from taxo.core.embeddings import HashEmbedder
from taxo.core.text import norm
from taxo.graph.seeds.loader import load_seeds
from taxo.graph.seeds.reader import SeedBundle
from taxo.graph.store import GraphStore


@pytest.mark.slow
def test_full_seed_loads_and_counts_agree(falkordb_store: GraphStore, seed_bundle: SeedBundle) -> None:
    report = load_seeds(falkordb_store, seed_bundle, HashEmbedder())
    b = seed_bundle
    skill_forms = {norm(t) for s in b.skills for t in [s.name, *(a.text for a in s.aliases)]}
    role_forms = set(b.role_alias_roles())
    assert report.after.nodes == {
        "Role": len(b.roles),
        "Dimension": len(b.dimensions),
        "Skill": len(b.skills),
        "KRA": sum(len(r.kras) for r in b.roles),
        "Alias": len(skill_forms) + len(role_forms),
        "Meta": 2,
    }
    assert report.after.relationships == {
        "HAS_ALIAS": len(skill_forms) + sum(len(v) for v in b.role_alias_roles().values()),
        "HAS_DIMENSION": sum(len(set(r.dimensions)) for r in b.roles),
        "HAS_KRA": sum(len(r.kras) for r in b.roles),
        "IN_DIMENSION": sum(len(set(s.dimensions)) for s in b.skills),
        "SPECIALIZES": sum(1 for r in b.roles if r.parent),
    }
    assert falkordb_store.stats().nodes == report.after.nodes
