"""Request and response models of the REST API.

Responses reuse the engine's pydantic models where they fit (``RunRecord`` and its step results, the
curation models); request models forbid unknown fields so a typo is a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field, model_validator

from taxo.app.curation import Edits, QueueCount, ReviewItem
from taxo.engine.models.decision import Case as Case  # the query filters use the engine's literals, re-exported
from taxo.engine.models.details import DetailsResult
from taxo.engine.models.run import ExtractResult, RunRecord
from taxo.engine.models.run import RunStatus as RunStatus

#: Longest JD text accepted (characters); the body as a whole is limited by TAXO_API_MAX_BODY_BYTES.
MAX_JD_CHARS = 100_000
MAX_TITLE_CHARS = 300

Curator = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


# -- pipeline ----------------------------------------------------------------------------------------
class JdIn(_In):
    """A job description to run."""

    text: str = Field(min_length=1, max_length=MAX_JD_CHARS, description="the JD text (plain text or HTML)")
    title: str | None = Field(None, max_length=MAX_TITLE_CHARS, description="the job title, if the text lacks one")
    read_only: bool = Field(False, description="decide without writing anything (no token needed)")


class ExtractDetailsIn(_In):
    """Step 2 on a stored run (``run_id``), or on a posted step-1 output (``extract``, read-only only)."""

    run_id: str | None = Field(None, min_length=1, max_length=100, description="a run stored by step 1")
    extract: ExtractResult | None = Field(None, description="step 1's `extract` (accepted only with read_only: true)")
    read_only: bool = Field(False, description="compute without persisting (required with `extract`)")

    @model_validator(mode="after")
    def _one_source(self) -> ExtractDetailsIn:
        _check_source(self.run_id, self.extract is not None, self.read_only, "extract")
        return self


class FinalRoleOutputIn(_In):
    """Step 3 on a stored run (``run_id``), or on posted step-1 and step-2 outputs (read-only only)."""

    run_id: str | None = Field(None, min_length=1, max_length=100, description="a run stored by steps 1 and 2")
    extract: ExtractResult | None = Field(None, description="step 1's `extract` (with `details`, read-only only)")
    details: DetailsResult | None = Field(None, description="step 2's `details` (with `extract`, read-only only)")
    read_only: bool = Field(False, description="compute without persisting (required with posted outputs)")

    @model_validator(mode="after")
    def _one_source(self) -> FinalRoleOutputIn:
        posted = self.extract is not None or self.details is not None
        _check_source(self.run_id, posted, self.read_only, "extract")
        if posted and (self.extract is None or self.details is None):
            raise ValueError("posting outputs needs both `extract` and `details`")
        return self


def _check_source(run_id: str | None, posted: bool, read_only: bool, name: str) -> None:
    if run_id is not None and posted:
        raise ValueError(f"give either `run_id` or `{name}`, not both")
    if run_id is None and not posted:
        raise ValueError(f"give `run_id` (a stored run) or `{name}` (with read_only: true)")
    if posted and not read_only:
        raise ValueError("a posted step output is accepted only with read_only: true; to persist, post the `run_id`")


class RunView(RunRecord):
    """A run record: each step's result, timings (ms), LLM cost and rule ids."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rejected(self) -> bool:
        """The text was refused (not a JD, empty, too short, ...): see ``rejection_reason``."""
        return bool(self.extract is not None and self.extract.rejected)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rejection_reason(self) -> str | None:
        """Why the text was refused."""
        return self.extract.rejection_reason if self.extract is not None and self.extract.rejected else None


class RunSummary(_Out):
    """One run in a listing."""

    run_id: str
    status: str | None = None
    case: str | None = None
    role: str | None = None
    title: str | None = None
    rule_id: str | None = None
    rules_version: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    read_only: bool | None = None


class PageInfo(_Out):
    total: int = Field(description="items matching the filter")
    page: int
    page_size: int


class RunPage(PageInfo):
    """Runs, newest first."""

    items: list[RunSummary]


class TouchedLink(_Out):
    """A link or node a run created, confirmed or updated."""

    link: str | None = Field(None, description="IN_DIMENSION, HAS_DIMENSION or CENTROID")
    action: str | None = Field(None, description="created, confirmed or updated")
    label: str | None = None
    node: str | None = None
    other: str | None = Field(None, description="the other end (a dimension) of the link")


class QueuedItem(_Out):
    """A review item a run queued (or counted again)."""

    id: str
    queue: str | None = None
    status: str | None = None
    count: int | None = None


class RunChanges(_Out):
    """What a run changed: links created/confirmed, centroid updates, review items queued."""

    run_id: str
    touched: list[TouchedLink]
    queued: list[QueuedItem]


# -- taxonomy browse ---------------------------------------------------------------------------------
class Ref(_Out):
    slug: str
    name: str | None = None


class RoleSummary(_Out):
    """A role in a listing; with a query, how it matched."""

    slug: str
    name: str | None = None
    family: str | None = None
    parent: str | None = None
    centroid_n: int = 0
    source: str | None = None
    match: Literal["exact", "prefix", "substring"] | None = Field(
        None, description="exact: an alias equals the query (case-insensitive); prefix; substring (or slug)"
    )
    matched: str | None = Field(None, description="the alias that matched")


class RolePage(PageInfo):
    items: list[RoleSummary]


class RoleAlias(_Out):
    text: str | None = None
    ambiguous: bool = Field(False, description="shared by several roles on purpose")
    needs_context: bool = False
    source: str | None = None


class KraOut(_Out):
    id: str
    text: str | None = None
    source: str | None = None


class DimensionLink(_Out):
    slug: str
    name: str | None = None
    source: str | None = Field(None, description="who made the link: a seed source, run or curator")
    confirmations: int = 0


class SkillVia(_Out):
    slug: str
    name: str | None = None
    via: list[str] = Field(description="the role's dimensions the skill sits in")


class RoleDetail(_Out):
    """A role with aliases, KRAs, dimensions, hierarchy, crosswalk codes and its skills (one page)."""

    slug: str
    name: str | None = None
    family: str | None = None
    parent: str | None = None
    parent_role: Ref | None = None
    children: list[Ref] = []
    description: str | None = None
    onet_soc: list[str] = Field(default_factory=list, description="O*NET-SOC codes")
    esco: list[str] = Field(default_factory=list, description="ESCO occupation URIs")
    centroid_n: int = Field(0, description="JDs averaged into the role's centroid")
    source: str | None = None
    seed_source: str | None = None
    curator: str | None = None
    review_item: str | None = None
    created_at: str | None = None
    aliases: list[RoleAlias] = []
    kras: list[KraOut] = []
    dimensions: list[DimensionLink] = []
    skills_total: int = 0
    skills: list[SkillVia] = Field(default_factory=list, description="skills through the role's dimensions (one page)")


class SkillSummary(_Out):
    """A skill in a listing; with a query, how it matched."""

    slug: str
    name: str | None = None
    category: str | None = None
    nature: str | None = None
    status: str | None = None
    source: str | None = None
    match: Literal["exact", "alias", "casefold", "prefix", "substring"] | None = Field(
        None,
        description="exact: the canonical name as written; alias: an alias as written; casefold: a name or "
        "alias up to case and format (Node.js = NodeJS); prefix; substring",
    )
    matched: str | None = Field(None, description="the name or alias that matched")


class SkillPage(PageInfo):
    items: list[SkillSummary]


class SkillAlias(_Out):
    text: str | None = None
    canonical: bool = Field(False, description="the canonical name")
    needs_context: bool = False
    source: str | None = None
    curator: str | None = None


class RoleVia(_Out):
    slug: str
    name: str | None = None
    via: list[str] = Field(description="the skill's dimensions that sit under the role")


class SkillDetail(_Out):
    """A skill with metadata, aliases, dimensions and the roles it reaches."""

    slug: str
    name: str | None = None
    category: str | None = None
    subcategory: str | None = None
    nature: str | None = None
    volatility: str | None = None
    lifespan: str | None = None
    maturity: str | None = None
    ai: bool = False
    hot: bool = False
    in_demand: bool = False
    needs_context: bool = False
    context: list[str] = []
    status: str | None = None
    source: str | None = None
    seed_source: str | None = None
    curator: str | None = None
    review_item: str | None = None
    created_at: str | None = None
    aliases: list[SkillAlias] = []
    dimensions: list[DimensionLink] = []
    roles: list[RoleVia] = []


class DimensionSummary(_Out):
    slug: str
    name: str | None = None
    rationale: str | None = None
    skills: int = Field(0, description="number of skills in it")
    roles: int = Field(0, description="number of roles it sits under")


class DimensionPage(PageInfo):
    items: list[DimensionSummary]


class DimensionDetail(_Out):
    """A dimension with the roles it sits under and its skills (one page)."""

    slug: str
    name: str | None = None
    rationale: str | None = None
    source: str | None = None
    roles: list[DimensionLink] = []
    skills_total: int = 0
    skills: list[DimensionLink] = []


# -- provenance --------------------------------------------------------------------------------------
class RunTouch(_Out):
    """A run that created or confirmed a link."""

    run_id: str
    action: str | None = None
    created_at: str | None = None
    title: str | None = None
    role: str | None = None
    case: str | None = None
    rule_id: str | None = None
    rules_version: str | None = None


class CuratorDecision(_Out):
    """A review decision behind a link or node."""

    id: str
    queue: str | None = None
    status: str | None = None
    curator: str | None = None
    reason: str | None = None
    decided_at: str | None = None
    display: str | None = None


class LinkProvenance(_Out):
    """Why a link exists: who made it (seed source, run, curator), when, by which rule, with what evidence."""

    source: str | None = Field(None, description="curated, onet:…, esco:…, run or curator")
    seed_source: str | None = None
    created_at: str | None = None
    first_run: str | None = None
    last_run: str | None = None
    confirmations: int | None = None
    rule_id: str | None = None
    rules_version: str | None = None
    model: str | None = None
    evidence: str | None = None
    similarity: float | None = None
    curator: str | None = None
    curator_reason: str | None = None
    last_run_title: str | None = None
    last_run_case: str | None = None
    last_run_rule: str | None = None
    runs: list[RunTouch] = Field(default_factory=list, description="runs that touched the link, newest first")
    decisions: list[CuratorDecision] = []


class SkillDimensionProvenance(LinkProvenance):
    skill: str
    dimension: str
    last_run_role: str | None = None


class RoleDimensionProvenance(LinkProvenance):
    role: str
    dimension: str
    reason: str | None = Field(None, description="the dimension-under-role rule's reason")


class SkillAliasProvenance(_Out):
    """Why a surface form is an alias of a skill."""

    skill: str
    alias: str | None = None
    alias_id: str | None = None
    source: str | None = None
    link_source: str | None = None
    seed_source: str | None = None
    created_at: str | None = None
    curator: str | None = None
    curator_reason: str | None = None
    review_item: str | None = None
    first_run: str | None = None
    decisions: list[CuratorDecision] = []


# -- reviews -----------------------------------------------------------------------------------------
class QueueCounts(_Out):
    """Every queue with its item counts by status."""

    queues: list[QueueCount]


class ReviewPage(PageInfo):
    queue: str
    status: str | None
    items: list[ReviewItem]


class ApproveIn(Edits):
    """Approve an item, optionally edited (which edits apply depends on the queue; others are 422)."""

    curator: Curator = Field(description="who decides (recorded on every node and link the approval creates)")
    reason: Reason | None = Field(None, description="why (recorded with the decision)")


class RejectIn(_In):
    """Reject an item; it stays rejected when runs see it again."""

    curator: Curator
    reason: Reason


# -- system ------------------------------------------------------------------------------------------
class StoreHealth(_Out):
    reachable: bool
    kind: str | None = Field(None, description="falkordb or neo4j")
    error: str | None = None


class ModelHealth(_Out):
    loaded: bool
    id: str | None = None
    dimension: int | None = None


class Health(_Out):
    """Liveness and what is loaded."""

    status: Literal["ok", "unavailable"]
    version: str
    store: StoreHealth
    model: ModelHealth
    rules_version: str | None = None
    seed_version: str | None = None
    taxonomy_version: int | None = None


class Readiness(_Out):
    ready: bool
    checks: dict[str, bool]


class RulesetInfo(_Out):
    name: str
    file: str
    description: str = ""
    rules: int
    params: dict[str, float] = {}


class RulesInfo(_Out):
    """The active rules: version (content hash) and files."""

    version: str
    rulesets: list[RulesetInfo]


class RulesReload(_Out):
    """The outcome of a reload: the rules now active."""

    reloaded: bool = Field(description="false when the files were unchanged (same version): nothing was swapped")
    previous_version: str
    rules: RulesInfo
