"""Approving a KRA candidate, a proposed new role, and an alias collision (recorded, nothing created)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from taxo.app.curation.models import SLUG_RE, UNTITLED, Changes, DimensionChoice, Edits, SkippedAlias
from taxo.app.curation.plan import Encoder, Plan, check_dimensions, clean, foreign_owners, role_alias
from taxo.core.errors import Conflict, EditRejected
from taxo.core.text import norm, slugify
from taxo.graph.repo import reviews
from taxo.graph.schema import Label
from taxo.graph.seeds.loader import kra_id

if TYPE_CHECKING:
    from taxo.app.context import Context


def plan_kra(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: Encoder) -> Plan:
    role = str(item.get("role") or "")
    if reviews.role(ctx.store, role) is None:
        raise Conflict(f"role '{role}' of this item no longer exists")
    text = clean(edits.text) or clean(item.get("display") or item.get("evidence"))
    if not text:
        raise EditRejected("text", "this item has no sentence: give the KRA text")
    kid = kra_id(role, text)
    changes = Changes(action="created_kra", role=role, kra=kid, kras=[text])
    params = {"role": role, "kra": {"id": kid, "props": {"text": text, "role": role, **prov}}}
    return Plan("kra", params, changes, {Label.KRA: [(kid, text)]})


def plan_new_role(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: Encoder) -> Plan:
    store = ctx.store
    display = clean(item.get("display"))
    name = clean(edits.name) or (display if display and display != UNTITLED else "")
    if not name:
        raise EditRejected("name", "this proposal has no title: give the role a name")
    slug = edits.slug or (slugify(name) if edits.name else str(item["key"]))
    if not slug or not SLUG_RE.match(slug) or len(slug) > 80:
        raise EditRejected("name" if edits.slug is None else "slug", f"{name!r} gives no usable slug: give a slug")
    existing = reviews.role(store, slug)
    if existing is not None and existing.get("review_item") != item["id"]:
        raise Conflict(f"role '{slug}' already exists: choose another slug, or reject this proposal")
    parent: dict[str, Any] | None = None
    if edits.parent is not None:
        if edits.parent == slug:
            raise EditRejected("parent", "a role cannot specialise itself")
        parent = reviews.role(store, edits.parent)
        if parent is None:
            raise EditRejected("parent", f"no role '{edits.parent}' (see GET /roles)")
    dims = check_dimensions(store, edits.dimensions or [])
    texts = [name, clean(item.get("title")), *(clean(a) for a in edits.aliases or [])]
    forms = list({norm(t): t for t in reversed([t for t in texts if t])}.values())[::-1]
    candidates = [role_alias(t, prov) for t in forms]
    taken = foreign_owners(store, [a["id"] for a in candidates], slug)
    aliases = [a for a in candidates if a["id"] not in taken]
    skipped = [
        SkippedAlias(text=a["props"]["text"], reason=f"already an alias of {', '.join(taken[a['id']])}")
        for a in candidates
        if a["id"] in taken
    ]
    raw_payload = item.get("payload")
    payload: dict[str, Any] = raw_payload if isinstance(raw_payload, dict) else {}
    sentences = [clean(s) for s in payload.get("sentences", []) if isinstance(s, str)] + [
        clean(k) for k in edits.kras or []
    ]
    kras: list[dict[str, Any]] = list(
        {
            kra_id(slug, s): {"id": kra_id(slug, s), "props": {"text": s, "role": slug, **prov}} for s in sentences if s
        }.values()
    )
    description = clean(edits.description) or None
    family = edits.family or (parent.get("family") if parent else None)
    props = {
        "name": name,
        "family": family,
        "parent": parent["id"] if parent else None,
        "description": description,
        "onet_soc": [],
        "esco": [],
        "centroid_n": 0,
        **prov,
    }
    changes = Changes(
        action="created_role",
        role=slug,
        parent=parent["id"] if parent else None,
        aliases=[a["props"]["text"] for a in aliases],
        kras=[k["props"]["text"] for k in kras],
        dimensions=[DimensionChoice(slug=d, chosen_by="curator") for d in dims],
        skipped_aliases=skipped,
    )
    params = {
        "role": {"id": slug, "props": props},
        "aliases": aliases,
        "kras": kras,
        "dimensions": dims,
        "parent": parent["id"] if parent else None,
    }
    vectors = {
        Label.ROLE: [(slug, f"{name}: {description}" if description else name)],
        Label.ALIAS: [(a["id"], a["props"]["text"]) for a in aliases],
        Label.KRA: [(k["id"], k["props"]["text"]) for k in kras],
    }
    return Plan("new_role", params, changes, vectors)


def plan_collision(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: Encoder) -> Plan:
    return Plan("decision_only", {}, Changes(action="recorded"))
