"""Reads of the taxonomy as the pipeline snapshots it: the version, every node kind's rows, the stop-list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taxo.graph import queries as q
from taxo.graph.store import GraphStore

Row = dict[str, Any]


@dataclass(frozen=True)
class TaxonomyRows:
    """The whole taxonomy, one list of rows per kind (see ``graph/queries/taxonomy.py`` for their columns)."""

    version: int | None
    seed_version: str | None
    skills: list[Row]
    skill_aliases: list[Row]
    roles: list[Row]
    role_aliases: list[Row]
    dimensions: list[Row]
    kras: list[Row]
    stoplist: list[str]


def taxonomy_version(store: GraphStore) -> tuple[int | None, str | None]:
    """``(version, seed_version)`` of the taxonomy (``(None, None)`` on a graph never seeded)."""
    meta = store.read(q.TAXONOMY_VERSION)
    if not meta:
        return None, None
    version = meta[0]["version"]
    return (int(version) if version is not None else None), meta[0]["seed_version"]


def read_taxonomy(store: GraphStore) -> TaxonomyRows:
    """Every skill, alias, role, dimension and KRA (with embeddings), and the stop-list."""
    version, seed_version = taxonomy_version(store)
    stop = store.read(q.GET_STOPLIST)
    return TaxonomyRows(
        version=version,
        seed_version=seed_version,
        skills=store.read(q.LOAD_SKILLS),
        skill_aliases=store.read(q.LOAD_SKILL_ALIASES),
        roles=store.read(q.LOAD_ROLES),
        role_aliases=store.read(q.LOAD_ROLE_ALIASES),
        dimensions=store.read(q.LOAD_DIMENSIONS),
        kras=store.read(q.LOAD_KRAS),
        stoplist=list(stop[0]["words"] or ()) if stop else [],
    )


def embedding_models(store: GraphStore) -> set[str]:
    """The model ids the stored KRA vectors were made with (a sample of them)."""
    return {str(r["key"]).split(":", 1)[0] for r in store.read(q.KRA_EMBEDDING_MODELS)}
