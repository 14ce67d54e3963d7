"""Review queues: counts, listings with evidence, one item, approve (optionally edited) or reject."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter, QueryParameter

from taxo.api import services
from taxo.api.auth import BEARER, OPTIONAL_BEARER, READ, WRITE
from taxo.api.controllers.base import GuardedController
from taxo.api.deps import ItemId, PageNo, PageSize, path_id
from taxo.api.errors import error_responses
from taxo.api.schemas import ApproveIn, QueueCounts, RejectIn, ReviewPage
from taxo.app.context import Context
from taxo.app.curation import DecisionResult, QueueName, ReviewItem

ItemStatusFilter = Literal["pending", "approved", "rejected", "all"]


class ReviewsController(GuardedController):
    path = "/reviews"
    tags = ["reviews"]

    @get(
        "/",
        operation_id="CountReviewItems",
        summary="Item counts per queue and status",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=error_responses(401),
    )
    def counts(self, ctx: NamedDependency[Context]) -> QueueCounts:
        return services.queue_counts(ctx)

    @get(
        "/{queue:str}",
        operation_id="ListReviewItems",
        summary="One queue's items with their evidence",
        description="Most frequent first. Each item has its evidence (JD sentence, runs, similarity, suggested role).",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=error_responses(401, 404),
    )
    def list_items(
        self,
        ctx: NamedDependency[Context],
        queue: Annotated[QueueName, PathParameter(description="queue name")],
        status: Annotated[ItemStatusFilter, QueryParameter(description="item status, or all")] = "pending",
        page: PageNo = 1,
        page_size: PageSize = 50,
    ) -> ReviewPage:
        return services.list_queue(ctx, queue, None if status == "all" else status, page, page_size)

    @get(
        "/items/{item_id:str}",
        operation_id="GetReviewItem",
        summary="One review item with the runs that queued it",
        description="Item ids are `<queue>:<key>`; percent-encode them in the path (`/` as `%2F`).",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=error_responses(401, 404),
    )
    def get_item(self, ctx: NamedDependency[Context], item_id: ItemId) -> ReviewItem:
        return services.get_review_item(ctx, path_id(item_id))

    @post(
        "/items/{item_id:str}/approve",
        operation_id="ApproveReviewItem",
        summary="Approve an item, optionally edited; changes the graph with curator provenance",
        description="new_skill: `name`/`slug` (rename), `merge_into` (attach as an alias of an existing skill), "
        "`dimensions`, metadata. new_alias: `text`, `merge_into`. kra_candidate: `text`. new_role: "
        "`name`, `slug`, `parent`, `dimensions`, `aliases`, `kras`, `description`, `family`. "
        "alias_collision: no edits (the decision is recorded). Approving an approved item returns the "
        "recorded result (`replayed: true`); approving a rejected item is 409.",
        status_code=200,
        sync_to_thread=True,
        opt=WRITE,
        security=BEARER,
        responses=error_responses(401, 404, 409, 413),
    )
    def approve(self, ctx: NamedDependency[Context], item_id: ItemId, data: JSONBody[ApproveIn]) -> DecisionResult:
        return services.approve(ctx, path_id(item_id), data)

    @post(
        "/items/{item_id:str}/reject",
        operation_id="RejectReviewItem",
        summary="Reject an item with a reason",
        description="The item stays rejected when runs meet it again (they only count it). Rejecting a rejected "
        "item returns it (`replayed: true`); rejecting an approved item is 409.",
        status_code=200,
        sync_to_thread=True,
        opt=WRITE,
        security=BEARER,
        responses=error_responses(401, 404, 409, 413),
    )
    def reject(self, ctx: NamedDependency[Context], item_id: ItemId, data: JSONBody[RejectIn]) -> DecisionResult:
        return services.reject(ctx, path_id(item_id), data.curator, data.reason)
