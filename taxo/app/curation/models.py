"""What curation reads and returns: review items, a curator's edits and decisions, what an approval changed."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from taxo.engine.updates import Queue
from taxo.graph.seeds.models import Lifespan, Maturity, Nature, Volatility

QueueName = Literal["new_skill", "new_alias", "kra_candidate", "new_role", "alias_collision"]
ItemStatus = Literal["pending", "approved", "rejected"]
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG_RE.pattern
UNTITLED = "Untitled role"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Edits(_Model):
    """What a curator may change when approving; which fields apply depends on the queue."""

    name: str | None = Field(None, min_length=1, max_length=200, description="new_skill/new_role: display name")
    slug: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=80, description="new_skill/new_role: slug (default: from the name)"
    )
    merge_into: str | None = Field(
        None,
        min_length=1,
        max_length=80,
        description="new_skill/new_alias: attach the surface form to this existing skill",
    )
    dimensions: list[str] | None = Field(None, max_length=20, description="new_skill/new_role: dimension slugs")
    text: str | None = Field(
        None, min_length=1, max_length=600, description="new_alias: alias text; kra_candidate: KRA text"
    )
    parent: str | None = Field(
        None, min_length=1, max_length=80, description="new_role: the generic role it specialises"
    )
    aliases: list[str] | None = Field(None, max_length=50, description="new_role: extra aliases")
    kras: list[str] | None = Field(
        None, max_length=50, description="new_role: extra KRAs (added to the evidence sentences)"
    )
    description: str | None = Field(None, min_length=1, max_length=600, description="new_role: description")
    family: str | None = Field(None, pattern=SLUG_PATTERN, max_length=80, description="new_role: role family")
    category: str | None = Field(None, min_length=1, max_length=200, description="new_skill metadata")
    subcategory: str | None = Field(None, min_length=1, max_length=200, description="new_skill metadata")
    nature: Nature | None = Field(None, description="new_skill metadata")
    volatility: Volatility | None = Field(None, description="new_skill metadata")
    lifespan: Lifespan | None = Field(None, description="new_skill metadata")
    maturity: Maturity | None = Field(None, description="new_skill metadata")


ALLOWED_EDITS: dict[str, frozenset[str]] = {
    Queue.NEW_SKILL: frozenset(
        {
            "name",
            "slug",
            "merge_into",
            "dimensions",
            "category",
            "subcategory",
            "nature",
            "volatility",
            "lifespan",
            "maturity",
        }
    ),
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
