"""Approving a new skill (created, or merged into an existing one) and a new alias of a known skill."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from taxo.app.curation.models import SLUG_RE, Changes, DimensionChoice, Edits
from taxo.app.curation.plan import (
    Encoder,
    Plan,
    check_dimensions,
    clean,
    foreign_owners,
    nearest_dimensions_above,
    skill_alias,
)
from taxo.core.errors import Conflict, EditRejected
from taxo.core.text import norm, slugify
from taxo.engine.skill_meta import derive_skill_meta
from taxo.graph.repo import reviews
from taxo.graph.repo.vectors import nearest_skill_aliases
from taxo.graph.schema import Label

if TYPE_CHECKING:
    from taxo.app.context import Context


def plan_new_skill(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: Encoder) -> Plan:
    store = ctx.store
    surface = clean(item.get("display")) or str(item["key"])
    if edits.merge_into is not None:
        extra = sorted(f for f in edits.model_fields_set - {"merge_into"} if getattr(edits, f) is not None)
        if extra:
            raise EditRejected(
                extra[0], "cannot be combined with merge_into (the surface form joins an existing skill)"
            )
        return _plan_attach(ctx, item, edits.merge_into, surface, prov, "merged_alias", field_name="merge_into")
    name = clean(edits.name) or surface
    slug = edits.slug or slugify(name)
    if not slug or not SLUG_RE.match(slug) or len(slug) > 80:
        raise EditRejected("name" if edits.slug is None else "slug", f"{name!r} gives no usable slug: give a slug")
    existing = reviews.skill(store, slug)
    if existing is not None and existing.get("review_item") != item["id"]:
        raise Conflict(f"skill '{slug}' already exists: approve with merge_into: '{slug}' or choose another name")
    aliases = [skill_alias(name, True, prov)]
    if norm(surface) != norm(name):
        aliases.append(skill_alias(surface, False, prov))
    taken = foreign_owners(store, [a["id"] for a in aliases], slug)
    if taken:
        aid, owners = next(iter(taken.items()))
        raise Conflict(
            f"alias '{aid.split(':', 1)[1]}' already belongs to '{owners[0]}': approve with merge_into: "
            f"'{owners[0]}' or choose another name"
        )
    name_vec, surface_vec = enc([name, surface])
    if edits.dimensions:
        dims = [DimensionChoice(slug=d, chosen_by="curator") for d in check_dimensions(store, edits.dimensions)]
    else:
        dims = nearest_dimensions_above(ctx, [name_vec, surface_vec] if surface != name else [name_vec])
        if not dims:
            raise EditRejected(
                "dimensions",
                f"choose at least one dimension: none is similar enough to {name!r} "
                "(a skill is never created without a dimension)",
            )
    meta = _skill_meta(ctx, item, edits, surface_vec)
    props = {
        "name": name,
        **meta,
        "ai": False,
        "hot": False,
        "in_demand": False,
        "needs_context": False,
        "context": [],
        "status": "active",
        **prov,
    }
    changes = Changes(
        action="created_skill",
        skill=slug,
        aliases=[a["props"]["text"] for a in aliases],
        dimensions=dims,
        metadata={k: str(v) for k, v in meta.items() if v is not None},
    )
    params = {
        "skill": {"id": slug, "props": props},
        "aliases": aliases,
        "evidence": item.get("evidence"),
        "dimensions": [{"id": d.slug, "similarity": d.similarity} for d in dims],
    }
    vectors = {Label.SKILL: [(slug, name)], Label.ALIAS: [(a["id"], a["props"]["text"]) for a in aliases]}
    return Plan("new_skill", params, changes, vectors)


def _skill_meta(ctx: Context, item: dict[str, Any], edits: Edits, vec: np.ndarray) -> dict[str, Any]:
    """Metadata from the edits, else derived as step 2 derives it for a new skill (``derive_skill_meta``).

    The nearest skill is read from the store, so an approval does not need the pipeline's taxonomy snapshot.
    """
    threshold = float(ctx.rulebook.params("extraction")["derive_meta_threshold"])
    hits = nearest_skill_aliases(ctx.store, [vec], 5)[0]
    nearest = reviews.alias_skill_meta(ctx.store, hits[0].id) if hits and hits[0].similarity >= threshold else None
    derived = derive_skill_meta(nearest, str(item.get("reason") or ""))
    edited = {
        "category": edits.category,
        "subcategory": edits.subcategory,
        "nature": edits.nature,
        "volatility": edits.volatility,
        "lifespan": edits.lifespan,
        "maturity": edits.maturity,
    }
    return {**derived, **{k: str(v) for k, v in edited.items() if v is not None}}


def _plan_attach(
    ctx: Context,
    item: dict[str, Any],
    skill_slug: str,
    text: str,
    prov: dict[str, Any],
    action: Literal["merged_alias", "attached_alias"],
    field_name: str | None,
) -> Plan:
    store = ctx.store
    target = reviews.skill(store, skill_slug)
    if target is None:
        if field_name:
            raise EditRejected(field_name, f"no skill '{skill_slug}' (see GET /skills)")
        raise Conflict(f"skill '{skill_slug}' of this item no longer exists: approve with merge_into or reject")
    alias = skill_alias(text, False, prov)
    taken = foreign_owners(store, [alias["id"]], skill_slug)
    if taken:
        raise Conflict(f"alias '{norm(text)}' already belongs to '{taken[alias['id']][0]}'")
    changes = Changes(action=action, skill=skill_slug, aliases=[text])
    return Plan("skill_alias", {"skill": skill_slug, "alias": alias}, changes, {Label.ALIAS: [(alias["id"], text)]})


def plan_new_alias(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: Encoder) -> Plan:
    text = clean(edits.text) or clean(item.get("display"))
    if not text:
        raise EditRejected("text", "this item has no alias text: give one")
    if edits.merge_into is not None:
        return _plan_attach(ctx, item, edits.merge_into, text, prov, "attached_alias", field_name="merge_into")
    return _plan_attach(ctx, item, str(item.get("skill") or ""), text, prov, "attached_alias", field_name=None)
