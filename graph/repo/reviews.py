"""Review-queue items: reads, and the curator decisions' statements (see ``taxo.graph.queries.curation``).

Items are ``(:ReviewItem {id: "<queue>:<key>"})`` written by runs (``taxo.graph.queries.runs``); this module
reads them and records decisions. What an approval changes in the taxonomy is decided in
``taxo.app.curation``; the statements here only carry it out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from taxo.graph import queries as q
from taxo.graph.queries import curation as qc
from taxo.graph.schema import Label
from taxo.graph.store import GraphStore, Statement, as_vector


def _decode(props: dict[str, Any]) -> dict[str, Any]:
    """An item's stored properties with its JSON strings decoded (``payload``, ``result_json``)."""
    item = dict(props)
    for key, target in (("payload", "payload"), ("result_json", "result")):
        raw = item.pop(key, None)
        try:
            item[target] = json.loads(raw) if isinstance(raw, str) and raw else raw
        except ValueError:
            item[target] = {"raw": raw}
    return item


def queue_counts(store: GraphStore) -> dict[str, dict[str, int]]:
    """``{queue: {status: n}}`` over every review item."""
    out: dict[str, dict[str, int]] = {}
    for r in store.read(qc.QUEUE_COUNTS):
        out.setdefault(str(r["queue"]), {})[str(r["status"])] = int(r["n"])
    return out


def list_items(
    store: GraphStore, queue: str, status: str | None, skip: int = 0, limit: int = 50
) -> tuple[int, list[dict[str, Any]]]:
    """One page of a queue (most frequent first), optionally filtered by status."""
    params = {"queue": queue, "status": status}
    total = int(store.read(qc.COUNT_QUEUE, params)[0]["n"])
    if total == 0 or skip >= total:
        return total, []
    rows = store.read(qc.LIST_QUEUE, {**params, "skip": int(skip), "limit": int(limit)})
    return total, [_decode(r["item"]) for r in rows]


def get_item(store: GraphStore, item_id: str) -> dict[str, Any] | None:
    """One item with the runs that queued it, or None."""
    rows = store.read(qc.GET_REVIEW_ITEM, {"id": item_id})
    if not rows:
        return None
    item = _decode(rows[0]["item"])
    item["runs"] = sorted(set(rows[0]["runs"] or []))
    return item


def alias_owners(store: GraphStore, alias_ids: Sequence[str]) -> dict[str, list[str]]:
    """For each existing alias id, the ids of the nodes that hold it (absent ids are not returned)."""
    if not alias_ids:
        return {}
    return {
        str(r["id"]): sorted(str(o) for o in r["owners"] if o is not None)
        for r in store.read(qc.ALIAS_OWNERS, {"ids": list(alias_ids)})
    }


def skill(store: GraphStore, slug: str) -> dict[str, Any] | None:
    """A skill's id, name and the review item that created it, or None."""
    rows = store.read(qc.SKILL_EXISTS, {"id": slug})
    return rows[0] if rows else None


def role(store: GraphStore, slug: str) -> dict[str, Any] | None:
    """A role's id, name, family and the review item that created it, or None."""
    rows = store.read(qc.ROLE_EXISTS, {"id": slug})
    return rows[0] if rows else None


def alias_skill_meta(store: GraphStore, alias: str) -> dict[str, Any] | None:
    """The metadata of the skill that holds alias ``alias`` (an alias id), or None."""
    rows = store.read(qc.ALIAS_SKILL_META, {"id": alias})
    return rows[0] if rows else None


def existing_dimensions(store: GraphStore, slugs: Sequence[str]) -> set[str]:
    """Which of ``slugs`` are dimensions."""
    return {str(r["id"]) for r in store.read(qc.EXISTING_DIMENSIONS, {"ids": list(slugs)})} if slugs else set()


def missing_embeddings(store: GraphStore, label: Label, ids: Sequence[str]) -> list[str]:
    """Which of ``ids`` (nodes of ``label``) have no embedding yet."""
    if not ids:
        return []
    return [str(r["id"]) for r in store.read(qc.MISSING_EMBEDDINGS[label.value], {"ids": list(ids)})]


def vector_statements(store: GraphStore, label: Label, rows: Sequence[tuple[str, Any, str]]) -> list[Statement]:
    """``store.set_vectors`` as statements, so Neo4j can run them in the approval's transaction."""
    payload = [{"id": i, "v": as_vector(v), "key": key} for i, v, key in rows]
    return [(store.dialect.SET_VECTORS[label], {"rows": payload})] if payload else []


#: The decision statement of each kind of approval (what ``approve`` runs).
APPROVALS = {
    "new_skill": qc.APPROVE_NEW_SKILL,
    "skill_alias": qc.APPROVE_SKILL_ALIAS,
    "kra": qc.APPROVE_KRA,
    "new_role": qc.APPROVE_NEW_ROLE,
    "decision_only": qc.APPROVE_DECISION_ONLY,
}


def approve(store: GraphStore, kind: str, params: dict[str, Any], after: Sequence[Statement] = ()) -> bool:
    """Approve an item: the ``APPROVALS[kind]`` statement with ``params``, then ``after`` (see ``decide``)."""
    return decide(store, APPROVALS[kind], params, after)


def reject(store: GraphStore, item_id: str, curator: str, reason: str, now: str) -> bool:
    """Reject a pending item; False when it was not pending (any more)."""
    return bool(store.write(qc.REJECT_ITEM, {"item": item_id, "curator": curator, "reason": reason, "now": now}))


def embedding_texts(store: GraphStore, label: Label, ids: Sequence[str]) -> list[tuple[str, str]]:
    """``(id, text)`` of nodes, each text as the seed loader embeds that kind of node."""
    return [(str(r["id"]), str(r["text"])) for r in store.read(qc.EMBEDDING_TEXTS[label.value], {"ids": list(ids)})]


def run_statements(store: GraphStore, statements: Sequence[Statement]) -> None:
    """Run idempotent follow-up statements one by one (e.g. ``finish_statements`` of a repaired approval)."""
    for cypher, params in statements:
        store.write(cypher, params)


def decide(store: GraphStore, statement: str, params: dict[str, Any], after: Sequence[Statement] = ()) -> bool:
    """Run one decision statement (and, on a transactional store, ``after`` in the same transaction).

    Returns whether the decision was applied (False: the item was not pending, or a node it needs is
    missing). On FalkorDB only the decision itself is atomic; ``after`` statements run next and must be
    idempotent (they are: vectors SET by id, version bumps, the finalize flag).
    """
    if store.kind == "neo4j":
        results = store.write_unit([(statement, params), *after])
        return bool(results[0])
    rows = store.write_unit([(statement, params)])[0]
    if rows:
        for cypher, p in after:
            store.write(cypher, p)
    return bool(rows)


def finish_statements(item_id: str, now: str, changed_taxonomy: bool = True) -> list[Statement]:
    """Bump the taxonomy version if the approval changed it (pipelines reload), and mark it complete."""
    bump = [(q.BUMP_TAXONOMY_VERSION, {"now": now, "seed_version": None})] if changed_taxonomy else []
    return [*bump, (qc.FINALIZE_APPROVAL, {"item": item_id})]
