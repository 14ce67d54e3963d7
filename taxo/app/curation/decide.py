"""A curator's decision on an item: approve (planned per queue, written atomically), reject, repair."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from taxo.app.curation.models import ALLOWED_EDITS, Changes, DecisionResult, Edits, NodeRef
from taxo.app.curation.plan import Encoder, provenance
from taxo.app.curation.roles import plan_collision, plan_kra, plan_new_role
from taxo.app.curation.skills import plan_new_alias, plan_new_skill
from taxo.app.curation.views import item_view
from taxo.core.clock import now_iso
from taxo.core.embeddings import embedding_key
from taxo.core.errors import Conflict, EditRejected, NotFound
from taxo.engine.updates import Queue
from taxo.graph.repo import reviews
from taxo.graph.schema import Label
from taxo.graph.store import GraphStore

if TYPE_CHECKING:
    from taxo.app.context import Context


PLANNERS = {
    Queue.NEW_SKILL: plan_new_skill,
    Queue.NEW_ALIAS: plan_new_alias,
    Queue.KRA_CANDIDATE: plan_kra,
    Queue.NEW_ROLE: plan_new_role,
    Queue.ALIAS_COLLISION: plan_collision,
}


# -- decisions ---------------------------------------------------------------------------------------
def _check_edits(queue: str, edits: Edits) -> None:
    allowed = ALLOWED_EDITS.get(queue, frozenset())
    given = sorted(f for f in edits.model_fields_set if getattr(edits, f) is not None)
    bad = [f for f in given if f not in allowed]
    if bad:
        hint = f"a {queue} item accepts {', '.join(sorted(allowed))}" if allowed else f"a {queue} item takes no edits"
        raise EditRejected(bad[0], f"not applicable: {hint}")


def _vector_statements(ctx: Context, vectors: dict[Label, list[tuple[str, str]]], enc: Encoder) -> list[Any]:
    out = []
    for label, pairs in vectors.items():
        if pairs:
            vecs = enc([t for _, t in pairs])
            rows = [(i, v, embedding_key(ctx.embedder, t)) for (i, t), v in zip(pairs, vecs, strict=True)]
            out += reviews.vector_statements(ctx.store, label, rows)
    return out


def _current(store: GraphStore, item_id: str) -> dict[str, Any]:
    props = reviews.get_item(store, item_id)
    if props is None:
        raise NotFound(f"no review item {item_id!r}")
    return props


def approve(ctx: Context, item_id: str, edits: Edits | None, curator: str, reason: str | None = None) -> DecisionResult:
    """Approve a pending item (optionally edited); idempotent for an approved item, 409 for a rejected one."""
    edits = edits or Edits()
    store = ctx.store
    item = _current(store, item_id)
    if item.get("status") == "approved":
        return _replay(ctx, item)
    if item.get("status") == "rejected":
        raise Conflict(
            f"review item {item_id!r} was rejected by {item.get('curator') or 'a curator'}; it cannot be approved"
        )
    queue = str(item.get("queue"))
    if queue not in PLANNERS:
        raise Conflict(f"review item {item_id!r} is in an unknown queue {queue!r}")
    _check_edits(queue, edits)
    now = now_iso()
    prov = provenance(item_id, curator, reason, now)
    enc = Encoder(ctx.embedder)
    plan = PLANNERS[queue](ctx, item, edits, prov, enc)
    plan.changes.embeddings = [
        NodeRef(label=label.value, id=i) for label, pairs in plan.vectors.items() for i, _ in pairs
    ]
    params = {
        **plan.params,
        "item": item_id,
        "curator": curator,
        "reason": reason,
        "now": now,
        "result": plan.changes.model_dump_json(),
        "link": prov,
    }
    changed = plan.changes.action != "recorded"
    after = _vector_statements(ctx, plan.vectors, enc) + reviews.finish_statements(item_id, now, changed)
    if not reviews.approve(store, plan.kind, params, after):
        current = _current(store, item_id)
        if current.get("status") == "approved":
            return _replay(ctx, current)
        if current.get("status") == "rejected":
            raise Conflict(f"review item {item_id!r} was rejected meanwhile")
        raise Conflict(f"review item {item_id!r} could not be approved: a node it needs no longer exists")
    if changed:
        ctx.pipeline.taxonomy.invalidate()
    return DecisionResult(item=item_view(_current(store, item_id)), replayed=False, changes=plan.changes)


def _replay(ctx: Context, item: dict[str, Any]) -> DecisionResult:
    """An approved item's recorded result; finishes an approval that was interrupted before it was final."""
    view = item_view(item)
    if not item.get("finalized", True) and view.changes is not None:
        _repair(ctx, item, view.changes)
        view = item_view(_current(ctx.store, str(item["id"])))
    return DecisionResult(item=view, replayed=True, changes=view.changes)


def _repair(ctx: Context, item: dict[str, Any], changes: Changes) -> None:
    store = ctx.store
    enc = Encoder(ctx.embedder)
    vectors: dict[Label, list[tuple[str, str]]] = {}
    for label in (Label.SKILL, Label.ALIAS, Label.KRA, Label.ROLE):
        ids = [n.id for n in changes.embeddings if n.label == label.value]
        missing = reviews.missing_embeddings(store, label, ids)
        if missing:
            vectors[label] = reviews.embedding_texts(store, label, missing)
    changed = changes.action != "recorded"
    statements = _vector_statements(ctx, vectors, enc) + reviews.finish_statements(str(item["id"]), now_iso(), changed)
    reviews.run_statements(store, statements)
    if changed:
        ctx.pipeline.taxonomy.invalidate()


def reject(ctx: Context, item_id: str, curator: str, reason: str) -> DecisionResult:
    """Reject a pending item (it stays rejected when runs see it again); idempotent, 409 if approved."""
    store = ctx.store
    item = _current(store, item_id)
    if item.get("status") == "rejected":
        return DecisionResult(item=item_view(item), replayed=True)
    if item.get("status") == "approved":
        raise Conflict(
            f"review item {item_id!r} was approved by {item.get('curator') or 'a curator'}; it cannot be rejected"
        )
    if not reviews.reject(store, item_id, curator, reason, now_iso()):
        current = _current(store, item_id)
        if current.get("status") == "rejected":
            return DecisionResult(item=item_view(current), replayed=True)
        raise Conflict(f"review item {item_id!r} was approved meanwhile")
    return DecisionResult(item=item_view(_current(store, item_id)), replayed=False)
