"""Browsing the taxonomy: roles, skills and dimensions."""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency

from taxo.api import services
from taxo.api.auth import OPTIONAL_BEARER, READ
from taxo.api.controllers.base import GuardedController
from taxo.api.deps import PageNo, PageSize, Search, SkillsPageSize, Slug, path_id
from taxo.api.errors import error_responses
from taxo.api.schemas import DimensionDetail, DimensionPage, RoleDetail, RolePage, SkillDetail, SkillPage
from taxo.app.context import Context

_LIST = error_responses(401)
_ONE = error_responses(401, 404)


class RolesController(GuardedController):
    path = "/roles"
    tags = ["taxonomy"]

    @get(
        "/",
        operation_id="ListRoles",
        summary="List roles; search by name, slug or alias (case-insensitive)",
        description="With `q`, exact alias hits come first, then prefix, then substring matches.",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=_LIST,
    )
    def list_roles(
        self, ctx: NamedDependency[Context], q: Search = None, page: PageNo = 1, page_size: PageSize = 50
    ) -> RolePage:
        return services.list_roles(ctx, q, page, page_size)

    @get(
        "/{slug:str}",
        operation_id="GetRole",
        summary="One role",
        description="Aliases (with ambiguity flags), KRAs, dimensions, parent/children, O*NET-SOC and ESCO codes, "
        "centroid n, and one page of the skills reached through its dimensions.",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=_ONE,
    )
    def get_role(
        self, ctx: NamedDependency[Context], slug: Slug, skills_page: PageNo = 1, skills_page_size: SkillsPageSize = 100
    ) -> RoleDetail:
        return services.get_role(ctx, path_id(slug), skills_page, skills_page_size)


class SkillsController(GuardedController):
    path = "/skills"
    tags = ["taxonomy"]

    @get(
        "/",
        operation_id="ListSkills",
        summary="List skills; search by name or alias with the match type",
        description="Match types, best first: `exact` (the canonical name as written), `alias` (an alias as "
        "written), `casefold` (up to case and format: Node.js = NodeJS = node js), `prefix`, `substring`.",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=_LIST,
    )
    def list_skills(
        self, ctx: NamedDependency[Context], q: Search = None, page: PageNo = 1, page_size: PageSize = 50
    ) -> SkillPage:
        return services.list_skills(ctx, q, page, page_size)

    @get(
        "/{slug:str}",
        operation_id="GetSkill",
        summary="One skill with aliases, dimensions and roles",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=_ONE,
    )
    def get_skill(self, ctx: NamedDependency[Context], slug: Slug) -> SkillDetail:
        return services.get_skill(ctx, path_id(slug))


class DimensionsController(GuardedController):
    path = "/dimensions"
    tags = ["taxonomy"]

    @get(
        "/",
        operation_id="ListDimensions",
        summary="List dimensions with their skill and role counts",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=_LIST,
    )
    def list_dimensions(
        self, ctx: NamedDependency[Context], q: Search = None, page: PageNo = 1, page_size: PageSize = 50
    ) -> DimensionPage:
        return services.list_dimensions(ctx, q, page, page_size)

    @get(
        "/{slug:str}",
        operation_id="GetDimension",
        summary="One dimension with its roles and skills (one page)",
        sync_to_thread=True,
        opt=READ,
        security=OPTIONAL_BEARER,
        responses=_ONE,
    )
    def get_dimension(
        self, ctx: NamedDependency[Context], slug: Slug, skills_page: PageNo = 1, skills_page_size: SkillsPageSize = 100
    ) -> DimensionDetail:
        return services.get_dimension(ctx, path_id(slug), skills_page, skills_page_size)
