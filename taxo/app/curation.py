"""Curator decisions on the review queues: what an approval adds to the taxonomy, and its provenance.

Pure orchestration over the store (no HTTP). Each queue has a planner that validates the curator's edits
against the graph and returns one decision statement plus the embeddings it needs:

* ``new_skill``: a canonical ``Skill`` (slug from the edited ``name`` or the item's key) with its canonical
  alias, an alias for the original surface form when renamed, ``IN_DIMENSION`` links to the chosen
  ``dimensions`` (or the nearest dimensions by vector above the extraction rules' threshold; none →
  rejected: no skill without a dimension, never a default) and metadata (edited, or derived as step 2
  derives it: the nearest skill's when close enough, else by the term's shape). ``merge_into: <skill>`` instead attaches the surface form as an alias of that skill.
* ``new_alias``: the alias attached to the item's skill (or ``merge_into``).
* ``kra_candidate``: a ``KRA`` (text editable) under the item's role.
* ``new_role``: a ``Role`` (slug/name editable, optional parent and dimensions) with aliases from the
  title (+ edits) and KRAs from the evidence sentences (+ edits).
* ``alias_collision``: the decision is recorded; the graph does not change.

Every node and link an approval creates carries ``source: 'curator'``, ``curator``, ``curator_reason``,
``review_item`` and ``created_at``; the item keeps ``status``, ``curator``, ``curator_reason``,
``decided_at`` and what was changed (``result_json``). The run-provided ``reason`` of an item (why a term
looked like a skill) is left as it is.

Atomicity: the decision and every node/link it creates are one statement. Embeddings, the taxonomy
version bump and the ``finalized`` flag follow (in the same transaction on Neo4j; as idempotent
follow-up statements on FalkorDB). Approving an approved item writes nothing and returns the recorded
result — unless the first approval was interrupted before it was finalized, in which case the missing
embeddings are written and the version bumped (the repair is idempotent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from taxo.engine.details import SHAPE_META
from taxo.engine.updates import QUEUES, Queue
from taxo.graph.queries import curation as qc
from taxo.graph.repo import reviews
from taxo.graph.schema import Label
from taxo.graph.seeds.loader import alias_id, kra_id, now_iso
from taxo.graph.seeds.models import Lifespan, Maturity, Nature, Volatility
from taxo.graph.store import GraphStore
from taxo.core.embeddings import embedding_key
from taxo.core.errors import Conflict, InputRejected, NotFound
from taxo.core.text import loose, norm, slugify

if TYPE_CHECKING:
    from taxo.app.context import Context

QueueName = Literal["new_skill", "new_alias", "kra_candidate", "new_role", "alias_collision"]
ItemStatus = Literal["pending", "approved", "rejected"]
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG_RE.pattern
UNTITLED = "Untitled role"


class EditRejected(InputRejected):
    """A curator's edit is invalid; ``field`` names it (the API lists it as a bad field)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


# -- models ------------------------------------------------------------------------------------------
class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")



class Edits(_Model):
    """What a curator may change when approving; which fields apply depends on the queue."""

    name: str | None = Field(None, min_length=1, max_length=200, description="new_skill/new_role: display name")
    slug: str | None = Field(None, pattern=SLUG_PATTERN, max_length=80,
                             description="new_skill/new_role: slug (default: from the name)")
    merge_into: str | None = Field(None, min_length=1, max_length=80,
                                   description="new_skill/new_alias: attach the surface form to this existing skill")
    dimensions: list[str] | None = Field(None, max_length=20, description="new_skill/new_role: dimension slugs")
    text: str | None = Field(None, min_length=1, max_length=600, description="new_alias: alias text; kra_candidate: KRA text")
    parent: str | None = Field(None, min_length=1, max_length=80, description="new_role: the generic role it specialises")
    aliases: list[str] | None = Field(None, max_length=50, description="new_role: extra aliases")
    kras: list[str] | None = Field(None, max_length=50, description="new_role: extra KRAs (added to the evidence sentences)")
    description: str | None = Field(None, min_length=1, max_length=600, description="new_role: description")
    family: str | None = Field(None, pattern=SLUG_PATTERN, max_length=80, description="new_role: role family")
    category: str | None = Field(None, min_length=1, max_length=200, description="new_skill metadata")
    subcategory: str | None = Field(None, min_length=1, max_length=200, description="new_skill metadata")
    nature: Nature | None = Field(None, description="new_skill metadata")
    volatility: Volatility | None = Field(None, description="new_skill metadata")
    lifespan: Lifespan | None = Field(None, description="new_skill metadata")
    maturity: Maturity | None = Field(None, description="new_skill metadata")


ALLOWED_EDITS: dict[str, frozenset[str]] = {
    Queue.NEW_SKILL: frozenset({"name", "slug", "merge_into", "dimensions", "category", "subcategory", "nature",
                                "volatility", "lifespan", "maturity"}),
    Queue.NEW_ALIAS: frozenset({"text", "merge_into"}),
    Queue.KRA_CANDIDATE: frozenset({"text"}),
    Queue.NEW_ROLE: frozenset({"name", "slug", "parent", "dimensions", "aliases", "kras", "description", "family"}),
    Queue.ALIAS_COLLISION: frozenset(),
}


class DimensionChoice(_Model):
    """A dimension an approval linked, and who chose it."""

    slug: str
    chosen_by: Literal["curator", "vector"]
    similarity: float | None = None


class NodeRef(_Model):
    """A node by label and id."""

    label: str
    id: str


class SkippedAlias(_Model):
    """An alias an approval did not attach, and why."""

    text: str
    reason: str


class Changes(_Model):
    """What an approval changed in the graph (stored on the item; replayed on a repeated approval)."""

    action: Literal["created_skill", "merged_alias", "attached_alias", "created_kra", "created_role", "recorded"]
    skill: str | None = None
    role: str | None = None
    kra: str | None = None
    parent: str | None = None
    aliases: list[str] = []
    kras: list[str] = []
    dimensions: list[DimensionChoice] = []
    metadata: dict[str, str] = {}
    skipped_aliases: list[SkippedAlias] = []
    embeddings: list[NodeRef] = Field(default_factory=list, description="nodes embedded by the approval")


class Decision(_Model):
    """A curator's decision on an item."""

    status: Literal["approved", "rejected"]
    curator: str | None = None
    reason: str | None = None
    decided_at: str | None = None


class ReviewItem(_Model):
    """One review-queue entry with its evidence and, once decided, the decision."""

    id: str
    queue: str
    key: str
    status: str
    display: str | None = None
    role: str | None = Field(None, description="the suggested (or chosen) role of the run that queued it")
    skill: str | None = Field(None, description="new_alias: the skill the surface form was matched to")
    primary: bool | None = None
    evidence: str | None = Field(None, description="the JD sentence (or title / reasoning) of the first run")
    latest_evidence: str | None = None
    similarity: float | None = None
    candidate_reason: str | None = Field(None, description="new_skill: why the term looked like a skill")
    match: str | None = None
    title: str | None = None
    roles: list[str] | None = Field(None, description="alias_collision: the roles the title hit")
    best_kra: str | None = None
    rule_id: str | None = None
    count: int = 0
    first_run: str | None = None
    last_run: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    payload: dict[str, Any] | None = None
    runs: list[str] | None = Field(None, description="runs that queued it (item detail only)")
    decision: Decision | None = None
    changes: Changes | None = None


class QueueCount(_Model):
    """Items of one queue by status."""

    queue: str
    pending: int = 0
    approved: int = 0
    rejected: int = 0


class DecisionResult(_Model):
    """The item after a decision, and what the decision changed."""

    item: ReviewItem
    replayed: bool = Field(False, description="the item was already decided this way; nothing was written")
    changes: Changes | None = None


# -- reads -------------------------------------------------------------------------------------------
def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def item_view(props: dict[str, Any]) -> ReviewItem:
    """A stored item (decoded by ``taxo.graph.repo.reviews``) as a ``ReviewItem``."""
    status = str(props.get("status") or "pending")
    decision = None
    if status in ("approved", "rejected"):
        decision = Decision(status=status, curator=_str(props.get("curator")),  # type: ignore[arg-type]
                            reason=_str(props.get("curator_reason")), decided_at=_str(props.get("decided_at")))
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
        id=str(props["id"]), queue=str(props.get("queue") or ""), key=str(props.get("key") or ""), status=status,
        display=_str(props.get("display")), role=_str(props.get("role")), skill=_str(props.get("skill")),
        primary=bool(props["primary"]) if props.get("primary") is not None else None,
        evidence=_str(props.get("evidence")), latest_evidence=_str(props.get("latest_evidence")),
        similarity=float(sim) if isinstance(sim, int | float) else None,
        candidate_reason=_str(props.get("reason")), match=_str(props.get("match")), title=_str(props.get("title")),
        roles=[str(r) for r in roles] if isinstance(roles, list) else None, best_kra=_str(props.get("best_kra")),
        rule_id=_str(props.get("rule_id")), count=int(props.get("count") or 0), first_run=_str(props.get("first_run")),
        last_run=_str(props.get("last_run")), created_at=_str(props.get("created_at")),
        updated_at=_str(props.get("updated_at")), payload=payload if isinstance(payload, dict) else None,
        runs=props.get("runs"), decision=decision, changes=changes,
    )


def queue_counts(store: GraphStore) -> list[QueueCount]:
    """Every queue (also empty ones) with its item counts by status."""
    counts = reviews.queue_counts(store)
    return [QueueCount(queue=qn, **{s: n for s, n in counts.get(qn, {}).items() if s in ("pending", "approved", "rejected")})
            for qn in QUEUES]


def list_queue(store: GraphStore, queue: str, status: str | None = "pending", page: int = 1,
               page_size: int = 50) -> tuple[int, list[ReviewItem]]:
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


# -- planning an approval ------------------------------------------------------------------------------
@dataclass
class _Plan:
    """One approval: its statement and parameters, what it changes, and the texts to embed."""

    statement: str
    params: dict[str, Any]
    changes: Changes
    vectors: dict[Label, list[tuple[str, str]]] = field(default_factory=dict)  # label → [(node id, text)]


class _Encoder:
    """Embeds each distinct text once per approval."""

    def __init__(self, embedder: Any):
        self.embedder = embedder
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for t, v in zip(missing, self.embedder.encode(missing), strict=True):
                self._cache[t] = v
        return [self._cache[t] for t in texts]


def _provenance(item_id: str, curator: str, reason: str | None, now: str) -> dict[str, Any]:
    return {"source": "curator", "curator": curator, "curator_reason": reason, "review_item": item_id, "created_at": now}


def _skill_alias(text: str, canonical: bool, prov: dict[str, Any]) -> dict[str, Any]:
    return {"id": alias_id("skill", text), "props": {
        "text": text, "norm": norm(text), "loose": loose(text), "kind": "skill", "canonical": canonical,
        "needs_context": False, **prov}}


def _role_alias(text: str, prov: dict[str, Any]) -> dict[str, Any]:
    return {"id": alias_id("role", text), "props": {
        "text": text, "norm": norm(text), "loose": loose(text), "kind": "role", "ambiguous": False,
        "needs_context": False, **prov}}


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _check_dimensions(store: GraphStore, slugs: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s.strip()))
    unknown = [s for s in wanted if s not in reviews.existing_dimensions(store, wanted)]
    if unknown:
        raise EditRejected("dimensions", f"unknown dimension(s): {', '.join(unknown)} (see GET /dimensions)")
    return wanted


def _nearest_dimensions(ctx: Context, vectors: list[np.ndarray]) -> list[DimensionChoice]:
    """Dimensions near any of ``vectors`` above the extraction rules' threshold, best first."""
    params = ctx.rulebook.params("extraction")
    threshold, limit = float(params["dimension_vector_threshold"]), int(params["dimension_vector_max"])
    best: dict[str, float] = {}
    for hits in ctx.store.knn(Label.DIMENSION, vectors, limit):
        for n in hits:
            if n.similarity >= threshold:
                best[n.id] = max(best.get(n.id, 0.0), n.similarity)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [DimensionChoice(slug=s, chosen_by="vector", similarity=round(sim, 4)) for s, sim in ranked]


def _foreign_owners(store: GraphStore, ids: list[str], owner: str) -> dict[str, list[str]]:
    """Alias ids that already belong to some node other than ``owner``."""
    return {a: [o for o in owners if o != owner] for a, owners in reviews.alias_owners(store, ids).items()
            if any(o != owner for o in owners)}


def _plan_new_skill(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: _Encoder) -> _Plan:
    store = ctx.store
    surface = _clean(item.get("display")) or str(item["key"])
    if edits.merge_into is not None:
        extra = sorted(f for f in edits.model_fields_set - {"merge_into"} if getattr(edits, f) is not None)
        if extra:
            raise EditRejected(extra[0], "cannot be combined with merge_into (the surface form joins an existing skill)")
        return _plan_attach(ctx, item, edits.merge_into, surface, prov, "merged_alias", field_name="merge_into")
    name = _clean(edits.name) or surface
    slug = edits.slug or slugify(name)
    if not slug or not SLUG_RE.match(slug) or len(slug) > 80:
        raise EditRejected("name" if edits.slug is None else "slug", f"{name!r} gives no usable slug: give a slug")
    existing = reviews.skill(store, slug)
    if existing is not None and existing.get("review_item") != item["id"]:
        raise Conflict(f"skill '{slug}' already exists: approve with merge_into: '{slug}' or choose another name")
    aliases = [_skill_alias(name, True, prov)]
    if norm(surface) != norm(name):
        aliases.append(_skill_alias(surface, False, prov))
    taken = _foreign_owners(store, [a["id"] for a in aliases], slug)
    if taken:
        aid, owners = next(iter(taken.items()))
        raise Conflict(f"alias '{aid.split(':', 1)[1]}' already belongs to '{owners[0]}': approve with merge_into: "
                       f"'{owners[0]}' or choose another name")
    name_vec, surface_vec = enc([name, surface])
    if edits.dimensions:
        dims = [DimensionChoice(slug=d, chosen_by="curator") for d in _check_dimensions(store, edits.dimensions)]
    else:
        dims = _nearest_dimensions(ctx, [name_vec, surface_vec] if surface != name else [name_vec])
        if not dims:
            raise EditRejected("dimensions", f"choose at least one dimension: none is similar enough to {name!r} "
                                             "(a skill is never created without a dimension)")
    meta = _skill_meta(ctx, item, edits, surface_vec)
    props = {"name": name, **meta, "ai": False, "hot": False, "in_demand": False, "needs_context": False,
             "context": [], "status": "active", **prov}
    changes = Changes(action="created_skill", skill=slug, aliases=[a["props"]["text"] for a in aliases],
                      dimensions=dims, metadata={k: str(v) for k, v in meta.items() if v is not None})
    params = {"skill": {"id": slug, "props": props}, "aliases": aliases, "evidence": item.get("evidence"),
              "dimensions": [{"id": d.slug, "similarity": d.similarity} for d in dims]}
    vectors = {Label.SKILL: [(slug, name)], Label.ALIAS: [(a["id"], a["props"]["text"]) for a in aliases]}
    return _Plan(qc.APPROVE_NEW_SKILL, params, changes, vectors)


def _skill_meta(ctx: Context, item: dict[str, Any], edits: Edits, vec: np.ndarray) -> dict[str, Any]:
    """Metadata from the edits, else derived as step 2 derives it for a new skill.

    Like ``taxo.engine.details._derive_meta``: the nearest skill's metadata when its alias is close enough
    (``derive_meta_threshold``), otherwise the defaults for the term's shape (``SHAPE_META``). The nearest
    skill is read from the store, so an approval does not need the pipeline's taxonomy snapshot.
    """
    threshold = float(ctx.rulebook.params("extraction")["derive_meta_threshold"])
    hits = [n for n in ctx.store.knn(Label.ALIAS, [vec], 5)[0] if n.id.startswith("skill:")]
    nearest = reviews.alias_skill_meta(ctx.store, hits[0].id) if hits and hits[0].similarity >= threshold else None
    if nearest is not None:
        derived = {"category": nearest.get("category") or "Uncategorised",
                   "subcategory": nearest.get("subcategory") or "General", "nature": nearest.get("nature") or "TOOL",
                   "volatility": nearest.get("volatility") or "MEDIUM", "lifespan": nearest.get("lifespan") or "MULTI_YEAR",
                   "maturity": nearest.get("maturity") or Maturity.MAINSTREAM.value, "derived_from": str(nearest["id"])}
    else:
        reason = str(item.get("reason") or "")
        category, sub, nature, vol, life = SHAPE_META.get(reason, SHAPE_META["technology_list"])
        derived = {"category": category, "subcategory": sub, "nature": nature, "volatility": vol, "lifespan": life,
                   "maturity": Maturity.MAINSTREAM.value, "derived_from": "shape"}
    edited = {"category": edits.category, "subcategory": edits.subcategory, "nature": edits.nature,
              "volatility": edits.volatility, "lifespan": edits.lifespan, "maturity": edits.maturity}
    return {**derived, **{k: str(v) for k, v in edited.items() if v is not None}}


def _plan_attach(ctx: Context, item: dict[str, Any], skill_slug: str, text: str, prov: dict[str, Any],
                 action: Literal["merged_alias", "attached_alias"], field_name: str | None) -> _Plan:
    store = ctx.store
    target = reviews.skill(store, skill_slug)
    if target is None:
        if field_name:
            raise EditRejected(field_name, f"no skill '{skill_slug}' (see GET /skills)")
        raise Conflict(f"skill '{skill_slug}' of this item no longer exists: approve with merge_into or reject")
    alias = _skill_alias(text, False, prov)
    taken = _foreign_owners(store, [alias["id"]], skill_slug)
    if taken:
        raise Conflict(f"alias '{norm(text)}' already belongs to '{taken[alias['id']][0]}'")
    changes = Changes(action=action, skill=skill_slug, aliases=[text])
    return _Plan(qc.APPROVE_SKILL_ALIAS, {"skill": skill_slug, "alias": alias}, changes,
                 {Label.ALIAS: [(alias["id"], text)]})


def _plan_new_alias(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: _Encoder) -> _Plan:
    text = _clean(edits.text) or _clean(item.get("display"))
    if not text:
        raise EditRejected("text", "this item has no alias text: give one")
    if edits.merge_into is not None:
        return _plan_attach(ctx, item, edits.merge_into, text, prov, "attached_alias", field_name="merge_into")
    return _plan_attach(ctx, item, str(item.get("skill") or ""), text, prov, "attached_alias", field_name=None)


def _plan_kra(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: _Encoder) -> _Plan:
    role = str(item.get("role") or "")
    if reviews.role(ctx.store, role) is None:
        raise Conflict(f"role '{role}' of this item no longer exists")
    text = _clean(edits.text) or _clean(item.get("display") or item.get("evidence"))
    if not text:
        raise EditRejected("text", "this item has no sentence: give the KRA text")
    kid = kra_id(role, text)
    changes = Changes(action="created_kra", role=role, kra=kid, kras=[text])
    params = {"role": role, "kra": {"id": kid, "props": {"text": text, "role": role, **prov}}}
    return _Plan(qc.APPROVE_KRA, params, changes, {Label.KRA: [(kid, text)]})


def _plan_new_role(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: _Encoder) -> _Plan:
    store = ctx.store
    display = _clean(item.get("display"))
    name = _clean(edits.name) or (display if display and display != UNTITLED else "")
    if not name:
        raise EditRejected("name", "this proposal has no title: give the role a name")
    slug = edits.slug or (slugify(name) if edits.name else str(item["key"]))
    if not slug or not SLUG_RE.match(slug) or len(slug) > 80:
        raise EditRejected("name" if edits.slug is None else "slug", f"{name!r} gives no usable slug: give a slug")
    existing = reviews.role(store, slug)
    if existing is not None and existing.get("review_item") != item["id"]:
        raise Conflict(f"role '{slug}' already exists: choose another slug, or reject this proposal")
    parent = None
    if edits.parent is not None:
        if edits.parent == slug:
            raise EditRejected("parent", "a role cannot specialise itself")
        parent = reviews.role(store, edits.parent)
        if parent is None:
            raise EditRejected("parent", f"no role '{edits.parent}' (see GET /roles)")
    dims = _check_dimensions(store, edits.dimensions or [])
    texts = [name, _clean(item.get("title")), *(_clean(a) for a in edits.aliases or [])]
    forms = list({norm(t): t for t in reversed([t for t in texts if t])}.values())[::-1]
    candidates = [_role_alias(t, prov) for t in forms]
    taken = _foreign_owners(store, [a["id"] for a in candidates], slug)
    aliases = [a for a in candidates if a["id"] not in taken]
    skipped = [SkippedAlias(text=a["props"]["text"], reason=f"already an alias of {', '.join(taken[a['id']])}")
               for a in candidates if a["id"] in taken]
    payload = item.get("payload") if isinstance(item.get("payload"), dict) else {}
    sentences = [_clean(s) for s in payload.get("sentences", []) if isinstance(s, str)] + [_clean(k) for k in edits.kras or []]
    kras = list({kra_id(slug, s): {"id": kra_id(slug, s), "props": {"text": s, "role": slug, **prov}}
                 for s in sentences if s}.values())
    description = _clean(edits.description) or None
    family = edits.family or (parent.get("family") if parent else None)
    props = {"name": name, "family": family, "parent": parent["id"] if parent else None, "description": description,
             "onet_soc": [], "esco": [], "centroid_n": 0, **prov}
    changes = Changes(action="created_role", role=slug, parent=parent["id"] if parent else None,
                      aliases=[a["props"]["text"] for a in aliases], kras=[k["props"]["text"] for k in kras],
                      dimensions=[DimensionChoice(slug=d, chosen_by="curator") for d in dims], skipped_aliases=skipped)
    params = {"role": {"id": slug, "props": props}, "aliases": aliases, "kras": kras, "dimensions": dims,
              "parent": parent["id"] if parent else None}
    vectors = {Label.ROLE: [(slug, f"{name}: {description}" if description else name)],
               Label.ALIAS: [(a["id"], a["props"]["text"]) for a in aliases],
               Label.KRA: [(k["id"], k["props"]["text"]) for k in kras]}
    return _Plan(qc.APPROVE_NEW_ROLE, params, changes, vectors)


def _plan_collision(ctx: Context, item: dict[str, Any], edits: Edits, prov: dict[str, Any], enc: _Encoder) -> _Plan:
    return _Plan(qc.APPROVE_DECISION_ONLY, {}, Changes(action="recorded"))


PLANNERS = {
    Queue.NEW_SKILL: _plan_new_skill,
    Queue.NEW_ALIAS: _plan_new_alias,
    Queue.KRA_CANDIDATE: _plan_kra,
    Queue.NEW_ROLE: _plan_new_role,
    Queue.ALIAS_COLLISION: _plan_collision,
}


# -- decisions ---------------------------------------------------------------------------------------
def _check_edits(queue: str, edits: Edits) -> None:
    allowed = ALLOWED_EDITS.get(queue, frozenset())
    given = sorted(f for f in edits.model_fields_set if getattr(edits, f) is not None)
    bad = [f for f in given if f not in allowed]
    if bad:
        hint = f"a {queue} item accepts {', '.join(sorted(allowed))}" if allowed else f"a {queue} item takes no edits"
        raise EditRejected(bad[0], f"not applicable: {hint}")


def _vector_statements(ctx: Context, vectors: dict[Label, list[tuple[str, str]]], enc: _Encoder) -> list[Any]:
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
        raise Conflict(f"review item {item_id!r} was rejected by {item.get('curator') or 'a curator'}; it cannot be approved")
    queue = str(item.get("queue"))
    if queue not in PLANNERS:
        raise Conflict(f"review item {item_id!r} is in an unknown queue {queue!r}")
    _check_edits(queue, edits)
    now = now_iso()
    prov = _provenance(item_id, curator, reason, now)
    enc = _Encoder(ctx.embedder)
    plan = PLANNERS[queue](ctx, item, edits, prov, enc)
    plan.changes.embeddings = [NodeRef(label=label.value, id=i) for label, pairs in plan.vectors.items() for i, _ in pairs]
    params = {**plan.params, "item": item_id, "curator": curator, "reason": reason, "now": now,
              "result": plan.changes.model_dump_json(), "link": prov}
    changed = plan.changes.action != "recorded"
    after = _vector_statements(ctx, plan.vectors, enc) + reviews.finish_statements(item_id, now, changed)
    if not reviews.decide(store, plan.statement, params, after):
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
    enc = _Encoder(ctx.embedder)
    vectors: dict[Label, list[tuple[str, str]]] = {}
    for label in (Label.SKILL, Label.ALIAS, Label.KRA, Label.ROLE):
        ids = [n.id for n in changes.embeddings if n.label == label.value]
        missing = reviews.missing_embeddings(store, label, ids)
        if missing:
            vectors[label] = [(str(r["id"]), str(r["text"])) for r in store.read(qc.EMBEDDING_TEXTS[label.value], {"ids": missing})]
    changed = changes.action != "recorded"
    statements = _vector_statements(ctx, vectors, enc) + reviews.finish_statements(str(item["id"]), now_iso(), changed)
    for cypher, params in statements:
        store.write(cypher, params)
    if changed:
        ctx.pipeline.taxonomy.invalidate()


def reject(ctx: Context, item_id: str, curator: str, reason: str) -> DecisionResult:
    """Reject a pending item (it stays rejected when runs see it again); idempotent, 409 if approved."""
    store = ctx.store
    item = _current(store, item_id)
    if item.get("status") == "rejected":
        return DecisionResult(item=item_view(item), replayed=True)
    if item.get("status") == "approved":
        raise Conflict(f"review item {item_id!r} was approved by {item.get('curator') or 'a curator'}; it cannot be rejected")
    params = {"item": item_id, "curator": curator, "reason": reason, "now": now_iso()}
    if not store.write(qc.REJECT_ITEM, params):
        current = _current(store, item_id)
        if current.get("status") == "rejected":
            return DecisionResult(item=item_view(current), replayed=True)
        raise Conflict(f"review item {item_id!r} was approved meanwhile")
    return DecisionResult(item=item_view(_current(store, item_id)), replayed=False)
