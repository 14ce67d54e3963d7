"""Reading the review queues: counts per queue and status, pages of items, one item with its runs."""

from __future__ import annotations

from typing import Any

from taxo.app.curation.models import Changes, Decision, QueueCount, ReviewItem
from taxo.core.errors import NotFound
from taxo.engine.updates import QUEUES
from taxo.graph.repo import reviews
from taxo.graph.store import GraphStore


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def item_view(props: dict[str, Any]) -> ReviewItem:
    """A stored item (decoded by ``taxo.graph.repo.reviews``) as a ``ReviewItem``."""
    status = str(props.get("status") or "pending")
    decision = None
    if status in ("approved", "rejected"):
        decision = Decision(
            status=status,
            curator=_str(props.get("curator")),
            reason=_str(props.get("curator_reason")),
            decided_at=_str(props.get("decided_at")),
        )
    changes = None
    if isinstance(props.get("result"), dict):
        try:
            changes = Changes.model_validate(props["result"])
        except ValueError:
            changes = None
    sim = props.get("similarity")
    roles = props.get("roles")
    payload = props.get("payload")
    return ReviewItem(
        id=str(props["id"]),
        queue=str(props.get("queue") or ""),
        key=str(props.get("key") or ""),
        status=status,
        display=_str(props.get("display")),
        role=_str(props.get("role")),
        skill=_str(props.get("skill")),
        primary=bool(props["primary"]) if props.get("primary") is not None else None,
        evidence=_str(props.get("evidence")),
        latest_evidence=_str(props.get("latest_evidence")),
        similarity=float(sim) if isinstance(sim, int | float) else None,
        candidate_reason=_str(props.get("reason")),
        match=_str(props.get("match")),
        title=_str(props.get("title")),
        roles=[str(r) for r in roles] if isinstance(roles, list) else None,
        best_kra=_str(props.get("best_kra")),
        rule_id=_str(props.get("rule_id")),
        count=int(props.get("count") or 0),
        first_run=_str(props.get("first_run")),
        last_run=_str(props.get("last_run")),
        created_at=_str(props.get("created_at")),
        updated_at=_str(props.get("updated_at")),
        payload=payload if isinstance(payload, dict) else None,
        runs=props.get("runs"),
        decision=decision,
        changes=changes,
    )


def queue_counts(store: GraphStore) -> list[QueueCount]:
    """Every queue (also empty ones) with its item counts by status."""
    counts = reviews.queue_counts(store)
    return [
        QueueCount(
            queue=qn, **{s: n for s, n in counts.get(qn, {}).items() if s in ("pending", "approved", "rejected")}
        )
        for qn in QUEUES
    ]


def list_queue(
    store: GraphStore, queue: str, status: str | None = "pending", page: int = 1, page_size: int = 50
) -> tuple[int, list[ReviewItem]]:
    """One page of a queue, most frequent items first; ``status=None`` lists every status."""
    if queue not in QUEUES:
        raise NotFound(f"no review queue {queue!r}: queues are {', '.join(QUEUES)}")
    total, rows = reviews.list_items(store, queue, status, (page - 1) * page_size, page_size)
    return total, [item_view(r) for r in rows]


def get_item(store: GraphStore, item_id: str) -> ReviewItem:
    """One item with the runs that queued it (``NotFound`` if there is none)."""
    props = reviews.get_item(store, item_id)
    if props is None:
        raise NotFound(f"no review item {item_id!r}")
    return item_view(props)
