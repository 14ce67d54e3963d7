"""The pipeline: the three step endpoints (the old system's paths) and whole runs."""

from __future__ import annotations

from typing import Annotated

from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter

from taxo.api import services
from taxo.api.auth import OPTIONAL_BEARER, READ, WRITE_UNLESS_READ_ONLY
from taxo.api.controllers.base import GuardedController
from taxo.api.deps import PageNo, PageSize, RunId, path_id
from taxo.api.errors import error_responses
from taxo.api.schemas import Case, ExtractDetailsIn, FinalRoleOutputIn, JdIn, RunChanges, RunPage, RunStatus, RunView
from taxo.app.context import Context

_RUN_ERRORS = error_responses(401, 404, 409, 413)


class StepsController(GuardedController):
    """Step by step: each step takes the previous step's output (read-only) or a stored run id."""

    path = "/skills"
    tags = ["pipeline"]

    @post(
        "/extract-from-jd",
        operation_id="ExtractFromJd",
        summary="Step 1: parse a JD, extract skills, decide the role",
        description="Returns the run record after step 1 (`status: extracted`, or `rejected: true` with the reason "
        "when the text is not a usable JD). Persisted (a bearer token is needed) unless `read_only`.",
        status_code=200,
        sync_to_thread=True,
        opt=WRITE_UNLESS_READ_ONLY,
        security=OPTIONAL_BEARER,
        responses=_RUN_ERRORS,
    )
    def extract_from_jd(self, ctx: NamedDependency[Context], data: JSONBody[JdIn]) -> RunView:
        return services.extract_from_jd(ctx, data)

    @post(
        "/extract-details",
        operation_id="ExtractDetails",
        summary="Step 2: normalise each skill to a canonical skill with dimensions and roles",
        description="Body `{run_id}` runs step 2 on a stored run and persists it (token needed); "
        "`{extract, read_only: true}` runs it on a posted step-1 output without writing anything. "
        "A posted output is never persisted. Wrong step order is 409.",
        status_code=200,
        sync_to_thread=True,
        opt=WRITE_UNLESS_READ_ONLY,
        security=OPTIONAL_BEARER,
        responses=_RUN_ERRORS,
    )
    def extract_details(self, ctx: NamedDependency[Context], data: JSONBody[ExtractDetailsIn]) -> RunView:
        return services.extract_details(ctx, data)

    @post(
        "/final-role-output",
        operation_id="FinalRoleOutput",
        summary="Step 3: one work item per skill × dimension; links written unless read-only",
        description="Body `{run_id}` (persisting, token needed) or `{extract, details, read_only: true}`.",
        status_code=200,
        sync_to_thread=True,
        opt=WRITE_UNLESS_READ_ONLY,
        security=OPTIONAL_BEARER,
        responses=_RUN_ERRORS,
    )
    def final_role_output(self, ctx: NamedDependency[Context], data: JSONBody[FinalRoleOutputIn]) -> RunView:
        return services.final_role_output(ctx, data)


class RunsController(GuardedController):
    """Whole pipeline runs and their records."""

    path = "/pipeline/runs"
    tags = ["pipeline"]

    @post(
        "/",
        operation_id="CreateRun",
        summary="Run all three steps on a JD",
        description="One atomic write at the end (token needed), or nothing with `read_only: true`.",
        status_code=200,
        sync_to_thread=True,
        opt=WRITE_UNLESS_READ_ONLY,
        security=OPTIONAL_BEARER,
        responses=_RUN_ERRORS,
    )
    def create_run(self, ctx: NamedDependency[Context], data: JSONBody[JdIn]) -> RunView:
        return services.run_pipeline(ctx, data)

    @get(
        "/",
        operation_id="ListRuns",
        summary="List runs, newest first (filter by status, role, case, dates)",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=error_responses(401),
    )
    def list_runs(
        self,
        ctx: NamedDependency[Context],
        status: Annotated[RunStatus | None, QueryParameter(description="run status")] = None,
        role: Annotated[str | None, QueryParameter(max_length=100, description="role slug")] = None,
        case: Annotated[Case | None, QueryParameter(description="decision case")] = None,
        since: Annotated[
            str | None,
            QueryParameter(
                max_length=40, description="created at or after: an ISO 8601 date or date-time (UTC if no offset)"
            ),
        ] = None,
        until: Annotated[
            str | None,
            QueryParameter(
                max_length=40, description="created before: an ISO 8601 date or date-time (UTC if no offset)"
            ),
        ] = None,
        page: PageNo = 1,
        page_size: PageSize = 50,
    ) -> RunPage:
        return services.list_runs(ctx, status, role, case, since, until, page, page_size)

    @get(
        "/{run_id:str}",
        operation_id="GetRun",
        summary="One run's full record",
        description="Each step's result, timings (ms), LLM cost and rule ids.",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=error_responses(401, 404),
    )
    def get_run(self, ctx: NamedDependency[Context], run_id: RunId) -> RunView:
        return services.get_run_record(ctx, path_id(run_id))

    @get(
        "/{run_id:str}/changes",
        operation_id="GetRunChanges",
        summary="What run R changed",
        description="Links it created or confirmed, centroid updates, and review items it queued.",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=error_responses(401, 404),
    )
    def get_run_changes(self, ctx: NamedDependency[Context], run_id: RunId) -> RunChanges:
        return services.run_changes(ctx, path_id(run_id))
