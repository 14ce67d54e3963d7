"""Provenance: why does a link exist (seed source, runs, rules, evidence, similarity, curator decisions)."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from taxo.api import services
from taxo.api.auth import OPTIONAL_BEARER, READ
from taxo.api.controllers.base import GuardedController
from taxo.api.errors import error_responses
from taxo.api.schemas import RoleDimensionProvenance, SkillAliasProvenance, SkillDimensionProvenance
from taxo.app.context import Context

SlugParam = Annotated[str, QueryParameter(min_length=1, max_length=100, description="a slug")]
_ERRORS = error_responses(401, 404)


class ProvenanceController(GuardedController):
    path = "/provenance"
    tags = ["provenance"]

    @get(
        "/skill-dimension",
        operation_id="WhySkillDimension",
        summary="Why does this skill sit in this dimension?",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=_ERRORS,
    )
    def skill_dimension(
        self, ctx: NamedDependency[Context], skill: SlugParam, dimension: SlugParam
    ) -> SkillDimensionProvenance:
        return services.why_skill_dimension(ctx, skill, dimension)

    @get(
        "/role-dimension",
        operation_id="WhyRoleDimension",
        summary="Why does this dimension sit under this role?",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=_ERRORS,
    )
    def role_dimension(
        self, ctx: NamedDependency[Context], role: SlugParam, dimension: SlugParam
    ) -> RoleDimensionProvenance:
        return services.why_role_dimension(ctx, role, dimension)

    @get(
        "/skill-alias",
        operation_id="WhySkillAlias",
        summary="Why is this surface form an alias of this skill?",
        description="`alias` is matched case- and whitespace-insensitively.",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=_ERRORS,
    )
    def skill_alias(
        self,
        ctx: NamedDependency[Context],
        skill: SlugParam,
        alias: Annotated[str, QueryParameter(min_length=1, max_length=300, description="the alias text")],
    ) -> SkillAliasProvenance:
        return services.why_skill_alias(ctx, skill, alias)
