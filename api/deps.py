"""Dependencies and parameter types shared by the controllers."""

from __future__ import annotations

from typing import Annotated

from litestar.datastructures import State
from litestar.params import PathParameter, QueryParameter

from taxo.api.services import require
from taxo.app.context import Context

PageNo = Annotated[int, QueryParameter(ge=1, le=100_000, description="1-based page number")]
PageSize = Annotated[int, QueryParameter(ge=1, le=200, description="items per page (at most 200)")]
SkillsPageSize = Annotated[int, QueryParameter(ge=1, le=500, description="skills per page (at most 500)")]
Search = Annotated[str | None, QueryParameter(max_length=200, description="case-insensitive search text")]
Slug = Annotated[str, PathParameter(description="a slug")]
RunId = Annotated[str, PathParameter(description="a run id")]
ItemId = Annotated[str, PathParameter(description="a review item id, `<queue>:<key>` (percent-encoded; `/` as `%2F`)")]


def provide_ctx(state: State) -> Context:
    """The context the app's lifespan opened (503 while starting or stopping)."""
    return require(state.get("ctx"))


def path_id(value: str) -> str:
    """A path segment as the id it names: ``%2F`` (kept encoded by the app) is a ``/`` inside the id."""
    return value.replace("%2F", "/").replace("%2f", "/")
