"""What each route does, one function per route: the controllers only bind HTTP to these.

Blocking calls (the store's sync client, the embedder) happen here; the controllers run them with
``sync_to_thread=True``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from litestar.exceptions import ValidationException

import taxo
from taxo.api.schemas import (
    ApproveIn,
    DimensionDetail,
    DimensionPage,
    ExtractDetailsIn,
    FinalRoleOutputIn,
    Health,
    JdIn,
    ModelHealth,
    QueueCounts,
    Readiness,
    ReviewPage,
    RoleDetail,
    RoleDimensionProvenance,
    RolePage,
    RulesetInfo,
    RulesInfo,
    RulesReload,
    RunChanges,
    RunPage,
    RunView,
    SkillAliasProvenance,
    SkillDetail,
    SkillDimensionProvenance,
    SkillPage,
    StoreHealth,
)
from taxo.app import curation
from taxo.app.context import Context
from taxo.app.curation import DecisionResult, Edits, ReviewItem
from taxo.app.rules_reload import reload_rules as swap_rules
from taxo.app.runs import load_record
from taxo.core.errors import NotFound, StepOrderError, StoreUnavailable, TaxoError
from taxo.engine.models.run import ExtractResult, RunRecord
from taxo.engine.records import posted_record
from taxo.graph.repo import browse
from taxo.graph.repo.runs import get_run
from taxo.graph.repo.runs import list_runs as repo_list_runs
from taxo.graph.repo.runs import run_changes as repo_run_changes
from taxo.graph.repo.taxonomy import taxonomy_version


def _view(record: RunRecord) -> RunView:
    return RunView(**dict(record))


def _bad(field: str, message: str) -> ValidationException:
    """A 422 naming one body field."""
    return ValidationException(f"invalid {field}", extra=[{"key": field, "message": message, "source": "body"}])


# -- pipeline ----------------------------------------------------------------------------------------
def extract_from_jd(ctx: Context, data: JdIn) -> RunView:
    """Step 1: parse, extract skills, decide the role; stored (``extracted``) unless read-only."""
    return _view(ctx.pipeline.extract_from_jd(data.text, data.title, data.read_only))


def _check_posted_extract(ctx: Context, extract: ExtractResult) -> None:
    """A posted step-1 output must name skills the graph has (it is client data, not a stored run)."""
    if extract.rejected:
        raise StepOrderError("the posted extract is a rejected JD: there is no step 2 for it")
    if extract.skills is None:
        raise _bad("extract.skills", "required for a JD that was not rejected")
    tax = ctx.pipeline.taxonomy.get()
    for i, s in enumerate(extract.skills.skills):
        if s.canonical_slug not in tax.skills:
            raise _bad(f"extract.skills.skills.{i}.canonical_slug", f"no skill {s.canonical_slug!r} in the taxonomy")
        if not s.mentions:
            raise _bad(f"extract.skills.skills.{i}.mentions", "at least one mention is required")


def load_run(ctx: Context, run_id: str) -> RunRecord:
    """A stored run (``NotFound`` if none)."""
    return load_record(ctx.store, run_id)


def _stored(ctx: Context, run_id: str, read_only: bool) -> RunRecord:
    record = load_run(ctx, run_id)
    return record.model_copy(update={"read_only": True}) if read_only else record


def extract_details(ctx: Context, data: ExtractDetailsIn) -> RunView:
    """Step 2 on a stored run (persisted unless read-only) or on a posted step-1 output (read-only)."""
    if data.run_id is not None:
        record = _stored(ctx, data.run_id, data.read_only)
    else:
        assert data.extract is not None
        _check_posted_extract(ctx, data.extract)
        record = posted_record(data.extract, None)
    return _view(ctx.pipeline.extract_details(record))


def final_role_output(ctx: Context, data: FinalRoleOutputIn) -> RunView:
    """Step 3 on a stored run (links written unless read-only) or on posted outputs (read-only)."""
    if data.run_id is not None:
        record = _stored(ctx, data.run_id, data.read_only)
    else:
        assert data.extract is not None and data.details is not None
        if data.extract.rejected:
            raise StepOrderError("the posted extract is a rejected JD: there is no step 3 for it")
        record = posted_record(data.extract, data.details)
    return _view(ctx.pipeline.final_role_output(record))


def run_pipeline(ctx: Context, data: JdIn) -> RunView:
    """All three steps, one atomic write at the end (nothing written when read-only)."""
    return _view(ctx.pipeline.run(data.text, title=data.title, read_only=data.read_only))


def iso_bound(name: str, value: str | None) -> str | None:
    """A date filter in the stored format (UTC ``…Z`` with milliseconds); a date is its midnight (UTC)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat() + "T00:00:00.000Z"
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationException(
            f"invalid {name}",
            extra=[
                {
                    "key": name,
                    "source": "query",
                    "message": "expected an ISO 8601 date (2024-05-01) or date-time (2024-05-01T12:00:00Z)",
                }
            ],
        ) from None
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def list_runs(
    ctx: Context,
    status: str | None,
    role: str | None,
    case: str | None,
    since: str | None,
    until: str | None,
    page: int,
    page_size: int,
) -> RunPage:
    """Runs, newest first, filtered and paginated."""
    total, rows = repo_list_runs(
        ctx.store,
        status=status,
        role=role,
        case=case,
        since=iso_bound("since", since),
        until=iso_bound("until", until),
        skip=(page - 1) * page_size,
        limit=page_size,
    )
    return RunPage(total=total, page=page, page_size=page_size, items=rows)


def get_run_record(ctx: Context, run_id: str) -> RunView:
    """The full record of a stored run."""
    return _view(load_run(ctx, run_id))


def run_changes(ctx: Context, run_id: str) -> RunChanges:
    """What a run created, confirmed, updated and queued."""
    if get_run(ctx.store, run_id) is None:
        raise NotFound(f"no run {run_id}")
    changes = repo_run_changes(ctx.store, run_id)
    return RunChanges(run_id=run_id, touched=changes["touched"], queued=changes["queued"])


# -- taxonomy ----------------------------------------------------------------------------------------
def list_roles(ctx: Context, q_: str | None, page: int, page_size: int) -> RolePage:
    total, rows = browse.search_roles(ctx.store, q_, (page - 1) * page_size, page_size)
    return RolePage(total=total, page=page, page_size=page_size, items=rows)


def get_role(ctx: Context, slug: str, skills_page: int, skills_page_size: int) -> RoleDetail:
    role = browse.get_role(ctx.store, slug, (skills_page - 1) * skills_page_size, skills_page_size)
    if role is None:
        raise NotFound(f"no role {slug!r}")
    return RoleDetail.model_validate(role)


def list_skills(ctx: Context, q_: str | None, page: int, page_size: int) -> SkillPage:
    total, rows = browse.search_skills(ctx.store, q_, (page - 1) * page_size, page_size)
    return SkillPage(total=total, page=page, page_size=page_size, items=rows)


def get_skill(ctx: Context, slug: str) -> SkillDetail:
    skill = browse.get_skill(ctx.store, slug)
    if skill is None:
        raise NotFound(f"no skill {slug!r}")
    return SkillDetail.model_validate(skill)


def list_dimensions(ctx: Context, q_: str | None, page: int, page_size: int) -> DimensionPage:
    total, rows = browse.list_dimensions(ctx.store, q_, (page - 1) * page_size, page_size)
    return DimensionPage(total=total, page=page, page_size=page_size, items=rows)


def get_dimension(ctx: Context, slug: str, skills_page: int, skills_page_size: int) -> DimensionDetail:
    dim = browse.get_dimension(ctx.store, slug, (skills_page - 1) * skills_page_size, skills_page_size)
    if dim is None:
        raise NotFound(f"no dimension {slug!r}")
    return DimensionDetail.model_validate(dim)


# -- provenance --------------------------------------------------------------------------------------
def why_skill_dimension(ctx: Context, skill: str, dimension: str) -> SkillDimensionProvenance:
    out = browse.why_skill_dimension(ctx.store, skill, dimension)
    if out is None:
        raise NotFound(f"skill {skill!r} is not in dimension {dimension!r}")
    return SkillDimensionProvenance.model_validate(out)


def why_role_dimension(ctx: Context, role: str, dimension: str) -> RoleDimensionProvenance:
    out = browse.why_role_dimension(ctx.store, role, dimension)
    if out is None:
        raise NotFound(f"dimension {dimension!r} is not under role {role!r}")
    return RoleDimensionProvenance.model_validate(out)


def why_skill_alias(ctx: Context, skill: str, alias: str) -> SkillAliasProvenance:
    out = browse.why_skill_alias(ctx.store, skill, alias)
    if out is None:
        raise NotFound(f"{alias!r} is not an alias of skill {skill!r}")
    return SkillAliasProvenance.model_validate(out)


# -- reviews -----------------------------------------------------------------------------------------
def queue_counts(ctx: Context) -> QueueCounts:
    return QueueCounts(queues=curation.queue_counts(ctx.store))


def list_queue(ctx: Context, queue: str, status: str | None, page: int, page_size: int) -> ReviewPage:
    total, items = curation.list_queue(ctx.store, queue, status, page, page_size)
    return ReviewPage(total=total, page=page, page_size=page_size, queue=queue, status=status, items=items)


def get_review_item(ctx: Context, item_id: str) -> ReviewItem:
    return curation.get_item(ctx.store, item_id)


def approve(ctx: Context, item_id: str, data: ApproveIn) -> DecisionResult:
    edits = Edits.model_validate(data.model_dump(exclude={"curator", "reason"}, exclude_unset=True))
    return curation.approve(ctx, item_id, edits, data.curator, data.reason)


def reject(ctx: Context, item_id: str, curator: str, reason: str) -> DecisionResult:
    return curation.reject(ctx, item_id, curator, reason)


# -- system ------------------------------------------------------------------------------------------
def _loaded(ctx: Context, name: str) -> Any:
    """A lazily loaded resource of the context if it was loaded (health never loads anything)."""
    return ctx.__dict__.get(name)


def health(ctx: Context | None) -> Health:
    """Store reachable, model loaded, rules, seed and taxonomy versions (never raises)."""
    store = StoreHealth(reachable=False)
    seed_version = version = None
    if ctx is not None:
        try:
            version, seed_version = taxonomy_version(ctx.store)
            store = StoreHealth(reachable=True, kind=ctx.store.kind, error=None)
        except TaxoError as exc:
            store = StoreHealth(reachable=False, error=type(exc).__name__)
    embedder = _loaded(ctx, "embedder") if ctx is not None else None
    model = ModelHealth(
        loaded=embedder is not None,
        id=getattr(embedder, "model_id", None),
        dimension=getattr(embedder, "dimension", None),
    )
    book = _loaded(ctx, "rulebook") if ctx is not None else None
    return Health(
        status="ok" if store.reachable else "unavailable",
        version=taxo.__version__,
        store=store,
        model=model,
        rules_version=getattr(book, "version", None),
        seed_version=seed_version,
        taxonomy_version=version,
    )


def readiness(ctx: Context | None) -> Readiness:
    """Ready when the store answers with its indexes built, and the embedder, rules and pipeline are loaded."""
    h = health(ctx)
    indexes = embeddings = False
    if ctx is not None and h.store.reachable:
        try:
            indexes = ctx.store.indexes_ready()
        except TaxoError:
            indexes = False
        pipeline = _loaded(ctx, "pipeline")
        try:
            if pipeline is not None:
                pipeline.check_embeddings()
                embeddings = True
        except TaxoError:
            embeddings = False
    checks = {
        "store": h.store.reachable,
        "indexes": indexes,
        "embeddings": embeddings,
        "model": h.model.loaded,
        "rules": h.rules_version is not None,
        "pipeline": ctx is not None and _loaded(ctx, "pipeline") is not None,
    }
    return Readiness(ready=all(checks.values()), checks=checks)


def rules(ctx: Context) -> RulesInfo:
    """The active rule book's version and rulesets."""
    book = ctx.rulebook
    sets = [
        RulesetInfo(
            name=name,
            file=str(book.sources.get(name, "")).rsplit("/", 1)[-1],
            description=spec.description,
            rules=len(spec.rules),
            params=dict(spec.params),
        )
        for name, spec in sorted(book.files.items())
    ]
    return RulesInfo(version=book.version, rulesets=sets)


def reload_rules(ctx: Context) -> RulesReload:
    """Swap in the rule files of the context's rules directory if they pass ``taxo rules check``.

    Invalid files raise ``RuleConfigError`` (422 listing ``file:rule: reason``) and the running rules stay.
    """
    swapped, previous = swap_rules(ctx)
    return RulesReload(reloaded=swapped, previous_version=previous, rules=rules(ctx))


def require(ctx: Context | None) -> Context:
    """The app's context, or 503 while it is starting or stopping."""
    if ctx is None:
        raise StoreUnavailable("the API is not started")
    return ctx
