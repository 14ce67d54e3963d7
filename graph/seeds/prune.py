"""``taxo seed --prune`` / ``taxo seeds prune``: delete seed content the seed files no longer hold.

Loading seeds only upserts; removals are applied here, explicitly. What is deleted is exactly what
``taxo seeds diff`` lists as *removed* (created from seeds and gone from the files), except nodes it marks
*kept*: a node that a run or curator link attaches to, or a role holding a centroid learned from runs.
Links and nodes created by runs or curators (``source: run`` / ``curator``), Run and ReviewItem nodes are
never deleted; the statements re-check that at write time. Elements a run or curator created that the
seeds had adopted (*released*) stay, and lose their ``seed_source``.

Links go first, then nodes (KRA, Alias, Skill, Role, Dimension); each statement is idempotent, so an
interrupted prune is finished by running it again. The taxonomy version is bumped so running services
reload their snapshot.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from taxo.core.clock import now_iso
from taxo.core.errors import SeedError
from taxo.graph import queries as q
from taxo.graph.queries import seeds_diff as sq
from taxo.graph.seeds.diff import NodeChange, SeedDiff, diff_seeds
from taxo.graph.seeds.reader import SeedBundle
from taxo.graph.store import GraphStore


@dataclass
class PruneReport:
    """What a prune deleted, released and kept."""

    removed_links: dict[str, int] = field(default_factory=dict)  # link kind -> deleted
    removed_nodes: dict[str, int] = field(default_factory=dict)  # label -> deleted
    released: int = 0  # elements that lost their seed claim
    kept: list[NodeChange] = field(default_factory=list)  # removals prune refused, with the reason

    @property
    def total(self) -> int:
        """Links and nodes deleted."""
        return sum(self.removed_links.values()) + sum(self.removed_nodes.values())

    def summary(self) -> str:
        """One line."""
        parts = [f"{n} {k}" for k, n in {**self.removed_links, **self.removed_nodes}.items() if n]
        line = f"pruned {self.total}: {', '.join(parts)}" if parts else "pruned nothing"
        if self.released:
            line += f"; released {self.released}"
        if self.kept:
            line += f"; kept {len(self.kept)} still used by runs or curators"
        return line

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "removed_links": self.removed_links,
            "removed_nodes": self.removed_nodes,
            "released": self.released,
            "kept": [k.to_dict() for k in self.kept],
            "total": self.total,
        }


def _write(store: GraphStore, cypher: str, rows: list[dict[str, str]]) -> int:
    done = 0
    for start in range(0, len(rows), store.batch_size):
        result = store.write(cypher, {"rows": rows[start : start + store.batch_size]})
        done += int(result[0]["n"]) if result else 0
    return done


def prune_seeds(store: GraphStore, bundle: SeedBundle, diff: SeedDiff | None = None) -> PruneReport:
    """Delete what ``diff`` (by default ``diff_seeds(store, bundle)``) lists as removed and not kept.

    Raises:
        SeedError: the diff says ``taxo seed`` would refuse these files.
    """
    diff = diff if diff is not None else diff_seeds(store, bundle)
    if diff.refused:
        raise SeedError(diff.refused[0])
    report = PruneReport()
    links: dict[str, list[dict[str, str]]] = defaultdict(list)
    released_links: dict[str, list[dict[str, str]]] = defaultdict(list)
    for x in diff.links:
        if x.change == "removed":
            links[x.kind].append({"src": x.src, "dst": x.dst})
        elif x.change == "released" and x.kind in sq.RELEASE_LINKS:
            released_links[x.kind].append({"src": x.src, "dst": x.dst})
    for kind, rows in links.items():
        report.removed_links[kind] = _write(store, sq.PRUNE_LINKS[kind], rows)
    for kind, rows in released_links.items():
        report.released += _write(store, sq.RELEASE_LINKS[kind], rows)
    nodes: dict[str, list[dict[str, str]]] = defaultdict(list)
    released_nodes: dict[str, list[dict[str, str]]] = defaultdict(list)
    for n in diff.nodes:
        if n.change == "removed" and n.kept:
            report.kept.append(n)
        elif n.change == "removed":
            nodes[n.label].append({"id": n.id})
        elif n.change == "released" and n.label in sq.RELEASE_NODES:
            released_nodes[n.label].append({"id": n.id})
    for label, cypher in sq.PRUNE_NODES.items():  # dependency order: KRA, Alias, Skill, Role, Dimension
        if nodes.get(label):
            report.removed_nodes[label] = _write(store, cypher, nodes[label])
    for label, rows in released_nodes.items():
        report.released += _write(store, sq.RELEASE_NODES[label], rows)
    if report.total or report.released:
        store.write(q.BUMP_TAXONOMY_VERSION, {"now": now_iso(), "seed_version": None})
    return report
