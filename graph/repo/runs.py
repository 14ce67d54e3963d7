"""Run records: the one-statement commit of a run's writes, failure marks, reads and listings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from taxo.graph import queries as q
from taxo.graph.store import GraphStore


@dataclass
class RunPlan:
    """Everything a run writes, as lists the commit statement UNWINDs (empty lists write nothing)."""

    skill_dims: list[dict[str, Any]] = field(default_factory=list)
    role_dims: list[dict[str, Any]] = field(default_factory=list)
    centroid: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)

    def merged(self, *others: RunPlan) -> RunPlan:
        """This plan followed by ``others`` (a whole run's writes are its steps' writes, in order)."""
        plans = (self, *others)
        return RunPlan(
            skill_dims=[x for p in plans for x in p.skill_dims],
            role_dims=[x for p in plans for x in p.role_dims],
            centroid=[x for p in plans for x in p.centroid],
            reviews=[x for p in plans for x in p.reviews],
        )

    def as_param(self) -> dict[str, list[dict[str, Any]]]:
        """The ``$plan`` parameter."""
        return {
            "skill_dims": self.skill_dims,
            "role_dims": self.role_dims,
            "centroid": self.centroid,
            "reviews": self.reviews,
        }


def commit_run(
    store: GraphStore, run_id: str, now: str, props: dict[str, Any], plan: RunPlan, model: str
) -> dict[str, Any]:
    """Write the run record and its plan in one atomic statement; returns what each part did."""
    params = {"run": {"id": run_id, "now": now, "props": props, "model": model}, "plan": plan.as_param()}
    rows = store.write_unit([(store.dialect.COMMIT_RUN, params)])[0]
    return rows[0] if rows else {}


def mark_run(store: GraphStore, run_id: str, now: str, props: dict[str, Any]) -> None:
    """Create or update a run record alone (e.g. ``status: failed`` with the error)."""
    store.write(q.MARK_RUN, {"id": run_id, "now": now, "props": props})


def get_run(store: GraphStore, run_id: str) -> dict[str, Any] | None:
    """The stored properties of a run, with its JSON result decoded into ``record``."""
    rows = store.read(q.GET_RUN, {"id": run_id})
    if not rows:
        return None
    props = dict(rows[0]["run"])
    raw = props.pop("record_json", None)
    props["record"] = json.loads(raw) if raw else None
    return props


def list_runs(
    store: GraphStore,
    *,
    status: str | None = None,
    role: str | None = None,
    case: str | None = None,
    since: str | None = None,
    until: str | None = None,
    skip: int = 0,
    limit: int = 50,
) -> tuple[int, list[dict[str, Any]]]:
    """Runs, newest first, filtered; returns (total matching, one page)."""
    params = {"status": status, "role": role, "case": case, "since": since, "until": until}
    total = int(store.read(q.COUNT_RUNS, params)[0]["n"])
    return total, store.read(q.LIST_RUNS, {**params, "skip": int(skip), "limit": int(limit)})


def run_changes(store: GraphStore, run_id: str) -> dict[str, list[dict[str, Any]]]:
    """What a run created, confirmed, updated and queued."""
    return {"touched": store.read(q.RUN_CHANGES, {"id": run_id}), "queued": store.read(q.RUN_QUEUED, {"id": run_id})}
