"""An in-memory snapshot of the taxonomy the pipeline reads, refreshed when the graph's version changes.

Loading takes a few round trips; a run only checks ``Meta.version`` (one cheap read) and reuses the
snapshot while it is unchanged.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import numpy as np

from taxo.core.text import loose, norm
from taxo.engine.models.taxonomy import (
    TECH_NATURES,
    DimensionInfo,
    KraInfo,
    RoleInfo,
    SkillAlias,
    SkillInfo,
)
from taxo.graph.repo.taxonomy import read_taxonomy, taxonomy_version
from taxo.graph.store import GraphStore

T = TypeVar("T")

__all__ = [
    "TECH_NATURES",
    "DimensionInfo",
    "KraInfo",
    "RoleInfo",
    "SkillAlias",
    "SkillInfo",
    "Taxonomy",
    "TaxonomyCache",
    "load_taxonomy",
]


@dataclass
class Taxonomy:
    """Everything the pipeline needs to know about the graph, indexed for fast lookups."""

    version: int
    seed_version: str | None
    skills: dict[str, SkillInfo]
    skill_aliases: list[SkillAlias]
    roles: dict[str, RoleInfo]
    dimensions: dict[str, DimensionInfo]
    kras: dict[str, KraInfo]
    role_alias_texts: list[tuple[str, str, bool]]  # (role, alias text, ambiguous)
    role_alias_vectors: np.ndarray  # one normalised row per role_alias_texts entry (may be empty)
    stoplist: frozenset[str] = frozenset()
    kra_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    dimension_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    # -- role aliases ----------------------------------------------------------------------------
    @cached_property
    def role_alias_index(self) -> dict[str, set[str]]:
        """Normalised and format-insensitive alias keys → roles."""
        out: dict[str, set[str]] = defaultdict(set)
        for role, text, _ in self.role_alias_texts:
            out[norm(text)].add(role)
            out[loose(text)].add(role)
        return dict(out)

    @cached_property
    def ambiguous_role_aliases(self) -> frozenset[str]:
        """Normalised and loose keys of aliases declared ambiguous."""
        keys = set()
        for _, text, ambiguous in self.role_alias_texts:
            if ambiguous:
                keys |= {norm(text), loose(text)}
        return frozenset(keys)

    # -- skills by role ----------------------------------------------------------------------------
    @cached_property
    def skills_by_dimension(self) -> dict[str, frozenset[str]]:
        """Dimension → the skills in it."""
        out: dict[str, set[str]] = defaultdict(set)
        for s in self.skills.values():
            for d in s.dimensions:
                out[d].add(s.id)
        return {d: frozenset(v) for d, v in out.items()}

    @cached_property
    def role_skills(self) -> dict[str, frozenset[str]]:
        """Role → the skills it holds through its dimensions."""
        return {
            r.id: frozenset().union(*(self.skills_by_dimension.get(d, frozenset()) for d in r.dimensions))
            for r in self.roles.values()
        }

    @cached_property
    def skill_idf(self) -> dict[str, float]:
        """How specific a skill is to few roles: log(1 + roles / (1 + roles holding it))."""
        holders: dict[str, int] = defaultdict(int)
        for skills in self.role_skills.values():
            for s in skills:
                holders[s] += 1
        n = max(len(self.roles), 1)
        return {s: math.log(1 + n / (1 + holders.get(s, 0))) for s in self.skills}

    @cached_property
    def skill_alias_map(self) -> dict[str, set[str]]:
        """Normalised and format-insensitive forms of every skill alias → skills."""
        out: dict[str, set[str]] = defaultdict(set)
        for a in self.skill_aliases:
            out[norm(a.text)].add(a.skill)
            out[loose(a.text)].add(a.skill)
        return dict(out)

    def role_kra_vectors(self, role: str) -> tuple[list[str], np.ndarray]:
        """Ids and embeddings of a role's KRAs (for exact best similarities)."""
        ids = [k.id for k in self.kras.values() if k.role == role and k.id in self.kra_vectors]
        if not ids:
            return [], np.zeros((0, 0), dtype=np.float32)
        return ids, np.stack([self.kra_vectors[i] for i in ids])

    def dimension_similarity(self, vector: np.ndarray | None, dimension: str) -> float | None:
        """(1 + cos) / 2 between a JD embedding and a dimension's embedding, if both exist."""
        dv = self.dimension_vectors.get(dimension)
        if vector is None or dv is None:
            return None
        return round(float((1.0 + float(np.dot(vector, dv))) / 2.0), 4)

    def aliases_of(self, skill: str) -> list[SkillAlias]:
        """Every stored surface form of a skill."""
        return self._aliases_by_skill.get(skill, [])

    @cached_property
    def _aliases_by_skill(self) -> dict[str, list[SkillAlias]]:
        out: dict[str, list[SkillAlias]] = defaultdict(list)
        for a in self.skill_aliases:
            out[a.skill].append(a)
        return dict(out)

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """A value built from this snapshot once and kept with it (e.g. the skill matcher of ``engine.extract``)."""
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build()
            return self._derived[key]  # type: ignore[no-any-return]


def load_taxonomy(store: GraphStore) -> Taxonomy:
    """Read the whole taxonomy from the store."""
    rows = read_taxonomy(store)
    skills = {
        r["id"]: SkillInfo(
            r["id"],
            r["name"],
            r["category"],
            r["subcategory"],
            r["nature"],
            r["volatility"],
            r["lifespan"],
            r["maturity"],
            bool(r["ai"]),
            bool(r["needs_context"]),
            tuple(r["context"] or ()),
            tuple(sorted(set(r["dimensions"] or ()))),
            r["source"],
            bool(r["hot"]),
            bool(r["in_demand"]),
        )
        for r in rows.skills
    }
    aliases = sorted(
        (SkillAlias(r["skill"], r["text"], bool(r["needs_context"]), bool(r["canonical"])) for r in rows.skill_aliases),
        key=lambda a: (a.skill, a.text),
    )
    children: dict[str, list[str]] = defaultdict(list)
    for r in rows.roles:
        if r["parent"]:
            children[r["parent"]].append(r["id"])
    roles = {
        r["id"]: RoleInfo(
            r["id"],
            r["name"],
            r["family"],
            r["parent"],
            r["description"],
            frozenset(r["dimensions"] or ()),
            tuple(r["onet_soc"] or ()),
            tuple(r["esco"] or ()),
            tuple(sorted(children.get(r["id"], []))),
        )
        for r in rows.roles
    }
    dim_roles: dict[str, set[str]] = defaultdict(set)
    for role in roles.values():
        for d in role.dimensions:
            dim_roles[d].add(role.id)
    dimensions = {
        r["id"]: DimensionInfo(r["id"], r["name"], r["rationale"], frozenset(dim_roles.get(r["id"], set())))
        for r in rows.dimensions
    }
    dim_vectors = {r["id"]: np.asarray(r["embedding"], dtype=np.float32) for r in rows.dimensions if r["embedding"]}
    kras = {r["id"]: KraInfo(r["id"], r["role"], r["text"]) for r in rows.kras}
    kra_vectors = {r["id"]: np.asarray(r["embedding"], dtype=np.float32) for r in rows.kras if r["embedding"]}
    alias_rows = sorted(rows.role_aliases, key=lambda r: (r["role"], r["text"]))
    texts = [(r["role"], r["text"], bool(r["ambiguous"])) for r in alias_rows]
    vectors = [r["embedding"] for r in alias_rows]
    matrix = (
        np.asarray(vectors, dtype=np.float32)
        if vectors and all(v is not None for v in vectors)
        else np.zeros((0, 0), dtype=np.float32)
    )
    return Taxonomy(
        rows.version or 0,
        rows.seed_version,
        skills,
        aliases,
        roles,
        dimensions,
        kras,
        texts,
        matrix,
        frozenset(rows.stoplist),
        kra_vectors,
        dim_vectors,
    )


class TaxonomyCache:
    """Keeps one snapshot per process and reloads it when ``Meta.version`` changes."""

    def __init__(self, store: GraphStore):
        self._store = store
        self._snapshot: Taxonomy | None = None
        self._lock = threading.Lock()

    def get(self) -> Taxonomy:
        """The current snapshot (one version read per call)."""
        version = taxonomy_version(self._store)[0] or 0
        snap = self._snapshot
        if snap is not None and snap.version == version:
            return snap
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = load_taxonomy(self._store)
            return self._snapshot

    def invalidate(self) -> None:
        """Forget the snapshot (after this process changed the taxonomy)."""
        self._snapshot = None
