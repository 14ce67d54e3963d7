"""``taxo seeds diff``: what loading proposed seed files would do to a graph, without writing anything.

The proposed files are turned into the loader's own upsert rows (``plan_rows``) and compared, by natural
key, with what the store holds:

- nodes (Role, Dimension, Skill, Alias, KRA) and links (HAS_ALIAS, HAS_KRA, SPECIALIZES, HAS_DIMENSION,
  IN_DIMENSION) the load would *add*, and nodes whose seed-managed properties it would *change*;
- seed content the files no longer contain: *removed* (created from seeds; ``taxo seed`` keeps it, only
  ``--prune`` deletes it, and never when a run or a curator hangs something on it: then it is *kept*), or
  *released* (created by a run or a curator, later declared by seeds: prune keeps it and drops the claim);
- alias collisions the load would create: a role alias (compared like the engine does, by its
  format-insensitive key) that would point at several roles without being declared ambiguous, and a
  skill alias that would belong to several skills (e.g. moved from one skill to another: the old link
  stays until ``--prune``);
- stop-list words added or removed.

Content created by runs or curators (``source: run`` / ``curator``) is never reported as removed.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxo.core.errors import SeedError
from taxo.core.text import loose, norm
from taxo.graph import queries as q
from taxo.graph.queries import seeds_diff as sq
from taxo.graph.seeds.loader import alias_id, plan_rows
from taxo.graph.seeds.reader import SeedBundle, read_seeds
from taxo.graph.store import GraphStore

SEED_SOURCE = re.compile(r"^(curated|skillspan|onet:[0-9.]+|esco:[0-9.]+)$")

# Which store property each upsert writes from which row field (mirrors ``taxo.graph.queries.core``), and constants.
_NODE_STEPS: dict[str, tuple[str, dict[str, str], dict[str, Any]]] = {
    q.UPSERT_DIMENSIONS: ("Dimension", {"name": "name", "rationale": "rationale", "seed_source": "source"}, {}),
    q.UPSERT_ROLES: (
        "Role",
        {
            "name": "name",
            "family": "family",
            "description": "description",
            "onet_soc": "onet_soc",
            "esco": "esco",
            "parent": "parent",
            "seed_source": "source",
        },
        {},
    ),
    q.UPSERT_SKILLS: (
        "Skill",
        {
            k: k
            for k in (
                "name",
                "category",
                "subcategory",
                "nature",
                "volatility",
                "lifespan",
                "maturity",
                "ai",
                "hot",
                "in_demand",
                "needs_context",
                "context",
                "ref",
            )
        }
        | {"seed_source": "source"},
        {"status": "active"},
    ),
    q.UPSERT_ROLE_ALIASES: (
        "Alias",
        {k: k for k in ("text", "norm", "loose", "ambiguous", "needs_context")},
        {"kind": "role"},
    ),
    q.UPSERT_SKILL_ALIASES: (
        "Alias",
        {k: k for k in ("text", "norm", "loose", "canonical", "needs_context")},
        {"kind": "skill"},
    ),
    q.UPSERT_KRAS: ("KRA", {"text": "text", "role": "role", "ref": "ref"}, {}),
}
_LINK_STEPS: dict[str, tuple[str, str, str, dict[str, str]]] = {
    q.UPSERT_ROLE_ALIASES: ("HAS_ALIAS:Role", "owner", "id", {}),
    q.UPSERT_SKILL_ALIASES: ("HAS_ALIAS:Skill", "owner", "id", {}),
    q.UPSERT_KRAS: ("HAS_KRA", "role", "id", {}),
    q.LINK_ROLE_PARENTS: ("SPECIALIZES", "child", "parent", {}),
    q.LINK_ROLE_DIMENSIONS: ("HAS_DIMENSION", "role", "dimension", {"seed_source": "source"}),
    q.LINK_SKILL_DIMENSIONS: ("IN_DIMENSION", "skill", "dimension", {"seed_source": "source"}),
}
# The seed file an element comes from: the file of the role/skill/dimension that owns it.
_OWNER_FIELD = {
    "Dimension": ("dimension", "id"),
    "Role": ("role", "id"),
    "Skill": ("skill", "id"),
    "KRA": ("role", "role"),
}
_LINK_OWNER = {
    "HAS_ALIAS:Role": "role",
    "HAS_ALIAS:Skill": "skill",
    "HAS_KRA": "role",
    "SPECIALIZES": "role",
    "HAS_DIMENSION": "role",
    "IN_DIMENSION": "skill",
}
NodeKey = tuple[str, str]  # (label, id)
LinkKey = tuple[str, str, str]  # (kind, source id, target id)


def is_seed_source(source: object) -> bool:
    """A ``source`` the seed files write (``curated``, ``onet:…``, ``esco:…``, ``skillspan``)."""
    return isinstance(source, str) and SEED_SOURCE.match(source) is not None


# -- the result ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NodeChange:
    """A node the load adds or changes, or seed content the files no longer hold."""

    label: str
    id: str
    change: str  # added | changed | removed | released
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # changed: property -> (store, proposed)
    file: str | None = None  # the seed file it comes from (relative to the seed directory)
    kept: str | None = None  # removed: why prune keeps it

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "label": self.label,
            "id": self.id,
            "change": self.change,
            "file": self.file,
            "kept": self.kept,
            "fields": {k: {"store": a, "proposed": b} for k, (a, b) in self.fields.items()},
        }


@dataclass(frozen=True)
class LinkChange:
    """A link the load adds, or a seed link the files no longer hold."""

    kind: str  # a key of ``taxo.graph.queries.seeds_diff.LINK_ENDS``
    src: str
    dst: str
    change: str  # added | changed | removed | released
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    file: str | None = None

    @property
    def rel(self) -> str:
        """The relationship type."""
        return sq.LINK_ENDS[self.kind][0]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "kind": self.kind,
            "rel": self.rel,
            "src": self.src,
            "dst": self.dst,
            "change": self.change,
            "file": self.file,
            "fields": {k: {"store": a, "proposed": b} for k, (a, b) in self.fields.items()},
        }


@dataclass(frozen=True)
class Collision:
    """An alias that would point at several roles (undeclared) or skills after the load."""

    kind: str  # role | skill
    aliases: tuple[str, ...]  # the alias texts sharing one format-insensitive key
    before: tuple[str, ...]  # owners now
    after: tuple[str, ...]  # owners after ``taxo seed``
    after_prune: tuple[str, ...]  # owners after ``taxo seed --prune``
    resolved_by_prune: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "kind": self.kind,
            "aliases": list(self.aliases),
            "before": list(self.before),
            "after": list(self.after),
            "after_prune": list(self.after_prune),
            "resolved_by_prune": self.resolved_by_prune,
        }


@dataclass
class SeedDiff:
    """Everything loading a seed directory would change."""

    root: str
    proposed_version: str
    store_version: str | None
    nodes: list[NodeChange] = field(default_factory=list)
    links: list[LinkChange] = field(default_factory=list)
    collisions: list[Collision] = field(default_factory=list)
    stoplist_added: list[str] = field(default_factory=list)
    stoplist_removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why ``taxo seed`` would refuse these files
    not_compared: list[str] = field(default_factory=list)  # loader steps this diff does not know

    @property
    def empty(self) -> bool:
        """Loading the files would change nothing (and they load)."""
        return not (
            self.nodes
            or self.links
            or self.collisions
            or self.stoplist_added
            or self.stoplist_removed
            or self.refused
            or self.not_compared
        )

    def counts(self) -> dict[str, dict[str, int]]:
        """Per label or link kind: how many are added, changed, removed, released."""
        out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for n in self.nodes:
            out[n.label][n.change] += 1
        for link in self.links:
            out[link.kind][link.change] += 1
        return {k: dict(v) for k, v in out.items()}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "root": self.root,
            "proposed_version": self.proposed_version,
            "store_version": self.store_version,
            "empty": self.empty,
            "counts": self.counts(),
            "refused": self.refused,
            "collisions": [c.to_dict() for c in self.collisions],
            "nodes": [n.to_dict() for n in self.nodes],
            "links": [x.to_dict() for x in self.links],
            "stoplist": {"added": self.stoplist_added, "removed": self.stoplist_removed},
            "not_compared": self.not_compared,
        }

    def to_json(self) -> str:
        """The diff as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)

    def to_markdown(self, max_items: int = 200) -> str:
        """The diff for a terminal or a pull-request comment (at most ``max_items`` lines per section)."""
        return _markdown(self, max_items)


# -- reading both sides ------------------------------------------------------------------------------------
def read_proposed(root: Path) -> tuple[SeedBundle, list[str]]:
    """The proposed seeds, and why ``taxo seed`` would refuse them (alias sharing it does not allow).

    The files are read even when their aliases collide: those collisions are what the diff reports.
    Any other problem (bad YAML, a field, an unknown reference) raises ``SeedError``.
    """
    try:
        return read_seeds(root), []
    except SeedError as exc:
        refusal = str(exc)
    return read_seeds(root, check_aliases=False), [refusal]


@dataclass
class _Planned:
    nodes: dict[NodeKey, dict[str, Any]] = field(default_factory=dict)
    node_files: dict[NodeKey, str | None] = field(default_factory=dict)
    links: dict[LinkKey, dict[str, Any]] = field(default_factory=dict)
    not_compared: list[str] = field(default_factory=list)


def _file(bundle: SeedBundle, kind: str, slug: object) -> str | None:
    return bundle.origin.get(f"{kind}:{slug}")


def _planned(bundle: SeedBundle) -> _Planned:
    """Every node and link the load writes, with the properties it sets (the last write of a key wins)."""
    out = _Planned()
    for desc, cypher, rows in plan_rows(bundle, ""):
        node_step, link_step = _NODE_STEPS.get(cypher), _LINK_STEPS.get(cypher)
        if node_step is None and link_step is None:
            out.not_compared.append(desc)
            continue
        for row in rows:
            if node_step is not None:
                label, fields, const = node_step
                key = (label, str(row["id"]))
                out.nodes[key] = {prop: row[f] for prop, f in fields.items()} | const
                if label == "Alias":
                    owner_kind = str(const["kind"])
                    out.node_files[key] = _file(bundle, owner_kind, row["owner"])
                else:
                    kind, id_field = _OWNER_FIELD[label]
                    out.node_files[key] = _file(bundle, kind, row[id_field])
            if link_step is not None:
                kind, src, dst, props = link_step
                out.links[(kind, str(row[src]), str(row[dst]))] = {p: row[f] for p, f in props.items()}
    return out


@dataclass(frozen=True)
class _StoreNode:
    source: str | None
    props: dict[str, Any]
    centroid_n: int


@dataclass(frozen=True)
class _StoreLink:
    source: str | None
    seed_source: str | None


@dataclass
class _Store:
    nodes: dict[NodeKey, _StoreNode]
    links: dict[LinkKey, _StoreLink]
    stoplist: set[str]
    seed_version: str | None


def _read_store(store: GraphStore) -> _Store:
    """The seed-managed part of the graph (read-only)."""
    nodes = {
        (label, str(r["id"])): _StoreNode(r["source"], dict(r["props"] or {}), int(r["centroid_n"] or 0))
        for label, cypher in sq.SEED_NODES.items()
        for r in store.read(cypher)
    }
    links = {
        (kind, str(r["src"]), str(r["dst"])): _StoreLink(r["source"], r["seed_source"])
        for kind, cypher in sq.SEED_LINKS.items()
        for r in store.read(cypher)
    }
    stop = store.read(q.GET_STOPLIST)
    meta = store.read(q.TAXONOMY_VERSION)
    return _Store(
        nodes, links, set(stop[0]["words"] or ()) if stop else set(), meta[0]["seed_version"] if meta else None
    )


# -- comparing -------------------------------------------------------------------------------------------
def _same(a: Any, b: Any) -> bool:
    """Equal as stored values (a tuple from the files equals the list the store returns)."""
    return (list(a) if isinstance(a, tuple) else a) == (list(b) if isinstance(b, tuple) else b)


def _kept(key: NodeKey, have: _StoreNode, protected: dict[NodeKey, int]) -> str | None:
    reasons = []
    if protected.get(key):
        reasons.append(f"{protected[key]} link(s) created by runs or curators attach to it")
    if have.centroid_n > 0:
        reasons.append(f"it holds a centroid learned from {have.centroid_n} run(s)")
    return "; ".join(reasons) or None


def _compare_nodes(plan: _Planned, have: _Store) -> list[NodeChange]:
    protected: dict[NodeKey, int] = defaultdict(int)
    for (kind, src, dst), link in have.links.items():
        if not is_seed_source(link.source):
            _, src_label, dst_label = sq.LINK_ENDS[kind]
            protected[(src_label, src)] += 1
            protected[(dst_label, dst)] += 1
    out: list[NodeChange] = []
    for key, want in plan.nodes.items():
        node = have.nodes.get(key)
        if node is None:
            out.append(NodeChange(key[0], key[1], "added", file=plan.node_files.get(key)))
            continue
        diff = {k: (node.props.get(k), v) for k, v in want.items() if not _same(node.props.get(k), v)}
        if diff:
            out.append(NodeChange(key[0], key[1], "changed", diff, plan.node_files.get(key)))
    for key, node in have.nodes.items():
        if key in plan.nodes:
            continue
        if is_seed_source(node.source):
            out.append(NodeChange(key[0], key[1], "removed", kept=_kept(key, node, protected)))
        elif is_seed_source(node.props.get("seed_source")):
            out.append(
                NodeChange(
                    key[0],
                    key[1],
                    "released",
                    kept=f"created by {node.source or 'another source'}: prune drops only the seed claim",
                )
            )
    return sorted(out, key=lambda c: (c.label, c.change, c.id))


def _compare_links(plan: _Planned, have: _Store, bundle: SeedBundle) -> list[LinkChange]:
    out: list[LinkChange] = []
    for key, want in plan.links.items():
        kind, src, dst = key
        link = have.links.get(key)
        file = _file(bundle, _LINK_OWNER[kind], src)
        if link is None:
            out.append(LinkChange(kind, src, dst, "added", file=file))
        elif "seed_source" in want and link.seed_source != want["seed_source"]:
            out.append(
                LinkChange(kind, src, dst, "changed", {"seed_source": (link.seed_source, want["seed_source"])}, file)
            )
    for key, link in have.links.items():
        if key in plan.links:
            continue
        if is_seed_source(link.source):
            out.append(LinkChange(key[0], key[1], key[2], "removed"))
        elif is_seed_source(link.seed_source):
            out.append(LinkChange(key[0], key[1], key[2], "released"))
    return sorted(out, key=lambda c: (c.kind, c.change, c.src, c.dst))


def _alias_claims(bundle: SeedBundle) -> dict[str, set[str]]:
    """Alias id -> owners the files claim (read from the bundle: two skills may claim one alias)."""
    out: dict[str, set[str]] = defaultdict(set)
    for text, roles in bundle.role_alias_roles().items():
        out[alias_id("role", text)] |= roles
    for s in bundle.skills:
        for text in [s.name, *(a.text for a in s.aliases)]:
            out[alias_id("skill", text)].add(s.slug)
    return out


def _collisions(plan: _Planned, have: _Store, bundle: SeedBundle, removed: set[LinkKey]) -> list[Collision]:
    claims = _alias_claims(bundle)
    declared = bundle.declared_ambiguous()
    out: list[Collision] = []
    for kind, link_kind in (("role", "HAS_ALIAS:Role"), ("skill", "HAS_ALIAS:Skill")):
        before: dict[str, set[str]] = defaultdict(set)
        after_prune: dict[str, set[str]] = defaultdict(set)
        for k, src, dst in have.links:
            if k == link_kind:
                before[dst].add(src)
                if (k, src, dst) not in removed:
                    after_prune[dst].add(src)
        ids = {a for a in [*before, *claims] if a.startswith(f"{kind}:")}
        groups: dict[str, list[str]] = defaultdict(list)
        props: dict[str, dict[str, Any]] = {}
        for a in ids:
            node = plan.nodes.get(("Alias", a))
            stored = have.nodes.get(("Alias", a))
            props[a] = node if node is not None else stored.props if stored is not None else {}
            text = str(props[a].get("text") or a.split(":", 1)[1])
            groups[str(props[a].get("loose") or loose(text))].append(a)
        for members in groups.values():
            own_before = set().union(*(before[a] for a in members))
            own_after = own_before | set().union(*(claims.get(a, set()) for a in members))
            own_pruned = set().union(*(after_prune[a] | claims.get(a, set()) for a in members))
            if len(own_after) < 2:
                continue
            if kind == "role":
                stored_flags = [
                    have.nodes[("Alias", a)].props.get("ambiguous") for a in members if ("Alias", a) in have.nodes
                ]
                was = len(own_before) > 1 and not all(bool(f) for f in stored_flags)
                allowed = set().union(
                    *(declared.get(str(props[a].get("norm") or norm(a.split(":", 1)[1])), set()) for a in members)
                )
                seeded = set().union(*(claims.get(a, set()) for a in members))
                declared_after = all(bool(props[a].get("ambiguous")) for a in members) and seeded <= allowed
                if declared_after or (was and own_after == own_before):
                    continue
            elif len(own_before) > 1 and own_after == own_before:
                continue
            texts = tuple(sorted({str(props[a].get("text") or a.split(":", 1)[1]) for a in members}))
            out.append(
                Collision(
                    kind,
                    texts,
                    tuple(sorted(own_before)),
                    tuple(sorted(own_after)),
                    tuple(sorted(own_pruned)),
                    len(own_pruned) < 2,
                )
            )
    return sorted(out, key=lambda c: (c.kind, c.aliases))


def diff_seeds(store: GraphStore, bundle: SeedBundle, refused: Iterable[str] = ()) -> SeedDiff:
    """Compare what loading ``bundle`` would write with what ``store`` holds; reads only."""
    plan = _planned(bundle)
    have = _read_store(store)
    links = _compare_links(plan, have, bundle)
    removed = {(c.kind, c.src, c.dst) for c in links if c.change == "removed"}
    return SeedDiff(
        root=str(bundle.root),
        proposed_version=bundle.version,
        store_version=have.seed_version,
        nodes=_compare_nodes(plan, have),
        links=links,
        collisions=_collisions(plan, have, bundle, removed),
        stoplist_added=sorted(bundle.stoplist - have.stoplist),
        stoplist_removed=sorted(have.stoplist - bundle.stoplist),
        refused=list(refused),
        not_compared=plan.not_compared,
    )


# -- Markdown --------------------------------------------------------------------------------------------
def _show(v: Any, width: int = 100) -> str:
    text = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else repr(v)
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def _capped(lines: list[str], max_items: int, what: str) -> list[str]:
    if len(lines) <= max_items:
        return lines
    return [*lines[:max_items], f"- … and {len(lines) - max_items} more {what} (see `--json`)"]


def _markdown(d: SeedDiff, max_items: int) -> str:
    out = [f"## Seeds diff: store `{d.store_version}` → `{d.root}` (`{d.proposed_version}`)", ""]
    if d.empty:
        return "\n".join([*out, "Loading these seed files would change nothing.", ""])
    if d.refused:
        out += ["**`taxo seed` would refuse these files:**", "", *[f"- {_show(r, 400)[1:-1]}" for r in d.refused], ""]
    counts = d.counts()
    if counts:
        cols = ("added", "changed", "removed", "released")
        out += ["| | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
        out += [f"| {k} | " + " | ".join(str(v.get(c, 0)) for c in cols) + " |" for k, v in sorted(counts.items())]
        out += [
            "",
            "_removed_: seed content the files no longer hold; `taxo seed` keeps it, `taxo seed --prune` "
            "deletes it (except what is marked kept). _released_: created by a run or a curator and no longer "
            "declared by seeds; it stays.",
            "",
        ]
    if d.collisions:
        out += [
            "### New alias collisions",
            "",
            "| kind | alias | owners now | after `taxo seed` | after `--prune` |",
            "|---|---|---|---|---|",
        ]
        for c in d.collisions:
            fix = " (resolved)" if c.resolved_by_prune else ""
            out.append(
                f"| {c.kind} | {', '.join(_show(a) for a in c.aliases)} | {', '.join(c.before) or '—'} | "
                f"{', '.join(c.after)} | {', '.join(c.after_prune) or '—'}{fix} |"
            )
        out.append("")
    if d.nodes:
        out += ["### Nodes", ""]
        lines = []
        for n in d.nodes:
            where = f" ({n.file})" if n.file else ""
            kept = f" — kept: {n.kept}" if n.kept else ""
            lines.append(f"- {n.label} `{n.id}` {n.change}{where}{kept}")
            lines += [f"  - {k}: {_show(a)} → {_show(b)}" for k, (a, b) in n.fields.items()]
        out += [*_capped(lines, max_items, "lines"), ""]
    if d.links:
        out += ["### Links", ""]
        lines = []
        for x in d.links:
            where = f" ({x.file})" if x.file else ""
            extra = "".join(f"; {k}: {_show(a)} → {_show(b)}" for k, (a, b) in x.fields.items())
            lines.append(f"- {x.rel} `{x.src}` → `{x.dst}` {x.change}{where}{extra}")
        out += [*_capped(lines, max_items, "links"), ""]
    if d.stoplist_added or d.stoplist_removed:
        out += [
            "### Stop list",
            "",
            f"- added: {', '.join(d.stoplist_added) or '—'}",
            f"- removed: {', '.join(d.stoplist_removed) or '—'}",
            "",
        ]
    if d.not_compared:
        out += [f"Not compared (unknown to `seeds diff`): {', '.join(d.not_compared)}", ""]
    return "\n".join(out).rstrip() + "\n"
