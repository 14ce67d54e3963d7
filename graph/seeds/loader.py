"""Load a validated seed bundle into a store: idempotent MERGEs in batches, embeddings only for new texts."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from taxo.core.clock import now_iso
from taxo.core.embeddings import CachedEmbedder, Embedder, embedding_key
from taxo.core.text import loose, norm, text_hash
from taxo.graph import queries as q
from taxo.graph.schema import Label
from taxo.graph.seeds.models import AliasSeed
from taxo.graph.seeds.reader import SeedBundle
from taxo.graph.store import GraphStore, StoreStats

Step = tuple[str, str, list[dict[str, Any]]]  # (description, cypher, rows)


def kra_id(role: str, text: str) -> str:
    """Natural key of a KRA: its role and a hash of its normalised text."""
    return f"{role}:{text_hash(norm(text))}"


def alias_id(kind: str, text: str) -> str:
    """Natural key of an alias node: ``role:`` or ``skill:`` plus its normalised text."""
    return f"{kind}:{norm(text)}"


@dataclass
class SeedReport:
    """What a seed load did."""

    seed_version: str
    before: StoreStats
    after: StoreStats
    embedded: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def plan_rows(bundle: SeedBundle, now: str) -> list[Step]:
    """Every upsert of the bundle, in dependency order (nodes before the links between them)."""
    ambiguous = set(bundle.declared_ambiguous())
    role_aliases: dict[tuple[str, str], dict[str, Any]] = {}
    for r in bundle.roles:
        names: list[str | AliasSeed] = [r.name, *r.aliases]
        for a in names:
            text, ctx, src = (a, False, r.source) if isinstance(a, str) else (a.text, a.needs_context, a.source)
            role_aliases.setdefault(
                (r.slug, norm(text)),
                {
                    "owner": r.slug,
                    "id": alias_id("role", text),
                    "text": text,
                    "norm": norm(text),
                    "loose": loose(text),
                    "ambiguous": norm(text) in ambiguous,
                    "needs_context": ctx,
                    "source": src,
                    "now": now,
                },
            )
    skill_aliases: dict[str, dict[str, Any]] = {}
    for s in bundle.skills:
        forms = [(s.name, s.needs_context, s.source, True)] + [
            (a.text, a.needs_context, a.source, False) for a in s.aliases
        ]
        for text, ctx, src, canonical in forms:
            skill_aliases.setdefault(
                norm(text),
                {
                    "owner": s.slug,
                    "id": alias_id("skill", text),
                    "text": text,
                    "norm": norm(text),
                    "loose": loose(text),
                    "canonical": canonical,
                    "needs_context": ctx,
                    "source": src,
                    "now": now,
                },
            )
    return [
        (
            "dimensions",
            q.UPSERT_DIMENSIONS,
            [
                {"id": d.slug, "name": d.name, "rationale": d.rationale, "source": d.source, "now": now}
                for d in bundle.dimensions
            ],
        ),
        (
            "roles",
            q.UPSERT_ROLES,
            [
                {
                    "id": r.slug,
                    "name": r.name,
                    "family": r.family,
                    "description": r.description,
                    "onet_soc": list(r.onet_soc),
                    "esco": list(r.esco),
                    "parent": r.parent,
                    "source": r.source,
                    "now": now,
                }
                for r in bundle.roles
            ],
        ),
        (
            "skills",
            q.UPSERT_SKILLS,
            [
                {
                    "id": s.slug,
                    "name": s.name,
                    "category": s.category,
                    "subcategory": s.subcategory,
                    "nature": s.nature.value,
                    "volatility": s.volatility.value,
                    "lifespan": s.lifespan.value,
                    "maturity": s.maturity.value,
                    "ai": s.ai,
                    "hot": s.hot,
                    "in_demand": s.in_demand,
                    "needs_context": s.needs_context,
                    "context": list(s.context),
                    "ref": s.ref,
                    "source": s.source,
                    "now": now,
                }
                for s in bundle.skills
            ],
        ),
        ("role aliases", q.UPSERT_ROLE_ALIASES, list(role_aliases.values())),
        ("skill aliases", q.UPSERT_SKILL_ALIASES, list(skill_aliases.values())),
        (
            "KRAs",
            q.UPSERT_KRAS,
            [
                {
                    "id": kra_id(r.slug, k.text),
                    "role": r.slug,
                    "text": k.text,
                    "ref": k.ref,
                    "source": k.source,
                    "now": now,
                }
                for r in bundle.roles
                for k in r.kras
            ],
        ),
        (
            "role parents",
            q.LINK_ROLE_PARENTS,
            [{"child": r.slug, "parent": r.parent, "source": r.source, "now": now} for r in bundle.roles if r.parent],
        ),
        (
            "role dimensions",
            q.LINK_ROLE_DIMENSIONS,
            [
                {"role": r.slug, "dimension": d, "source": r.source, "now": now}
                for r in bundle.roles
                for d in r.dimensions
            ],
        ),
        (
            "skill dimensions",
            q.LINK_SKILL_DIMENSIONS,
            [
                {"skill": s.slug, "dimension": d, "source": s.source, "now": now}
                for s in bundle.skills
                for d in s.dimensions
            ],
        ),
    ]


def embedding_texts(bundle: SeedBundle) -> dict[Label, list[tuple[str, str]]]:
    """The text each vector-indexed node is embedded from, as ``(id, text)`` per label."""
    return {
        Label.ROLE: [(r.slug, f"{r.name}: {r.description}") for r in bundle.roles],
        Label.DIMENSION: [(d.slug, f"{d.name}: {d.rationale}") for d in bundle.dimensions],
        Label.SKILL: [(s.slug, s.name) for s in bundle.skills],
        Label.KRA: [(kra_id(r.slug, k.text), k.text) for r in bundle.roles for k in r.kras],
        Label.ALIAS: _first_text("role", ([r.name, *(a.text for a in r.aliases)] for r in bundle.roles))
        + _first_text("skill", ([s.name, *(a.text for a in s.aliases)] for s in bundle.skills)),
    }


def _first_text(kind: str, groups: Iterable[list[str]]) -> list[tuple[str, str]]:
    """``(alias id, text)`` with the first spelling of each normalised alias, as ``plan_rows`` stores it."""
    out: dict[str, str] = {}
    for texts in groups:
        for t in texts:
            out.setdefault(alias_id(kind, t), t)
    return list(out.items())


def load_seeds(
    store: GraphStore,
    bundle: SeedBundle,
    embedder: Embedder,
    progress: Callable[[str, int], Any] | None = None,
) -> SeedReport:
    """Write ``bundle`` into ``store``. ``progress(description, n)`` is called as batches complete."""
    started = time.perf_counter()
    now = now_iso()
    store.ensure_schema(embedder.dimension)
    before = store.stats()
    tick = progress or (lambda _d, _n: None)
    for desc, cypher, rows in plan_rows(bundle, now):
        for start in range(0, len(rows), store.batch_size):
            chunk = rows[start : start + store.batch_size]
            store.write(cypher, {"rows": chunk})
            tick(desc, len(chunk))
    embedded = _embed_missing(store, bundle, CachedEmbedder(embedder), tick)
    store.write(q.SET_STOPLIST, {"words": sorted(bundle.stoplist), "now": now})
    store.write(q.BUMP_TAXONOMY_VERSION, {"now": now, "seed_version": bundle.version})
    store.compact()
    return SeedReport(bundle.version, before, store.stats(), embedded, round(time.perf_counter() - started, 2))


def _embed_missing(
    store: GraphStore, bundle: SeedBundle, embedder: Embedder, tick: Callable[[str, int], Any]
) -> dict[str, int]:
    done: dict[str, int] = {}
    for label, pairs in embedding_texts(bundle).items():
        have = {r["id"]: r["key"] for r in store.read(q.EMBEDDING_KEYS[label.value])}
        todo = [(i, t, embedding_key(embedder, t)) for i, t in pairs if have.get(i) != embedding_key(embedder, t)]
        for start in range(0, len(todo), 256):
            chunk = todo[start : start + 256]
            vectors = embedder.encode([t for _, t, _ in chunk])
            store.set_vectors(label, [(i, v, key) for (i, _, key), v in zip(chunk, vectors, strict=True)])
            tick(f"embeddings ({label.value})", len(chunk))
        done[label.value] = len(todo)
    return done


def total_rows(bundle: SeedBundle) -> int:
    """Number of upsert rows a load performs (for a progress bar's total)."""
    return sum(len(rows) for _, _, rows in plan_rows(bundle, ""))


def changed(before: StoreStats, after: StoreStats) -> Sequence[str]:
    """Labels and relationship types whose counts differ."""
    keys = set(before.nodes) | set(after.nodes)
    out = [k for k in sorted(keys) if before.nodes.get(k, 0) != after.nodes.get(k, 0)]
    keys = set(before.relationships) | set(after.relationships)
    return out + [k for k in sorted(keys) if before.relationships.get(k, 0) != after.relationships.get(k, 0)]
