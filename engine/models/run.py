"""Step 1's result and the run record that holds all three steps."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from taxo.engine.models.decision import RoleDecision
from taxo.engine.models.details import DetailsResult
from taxo.engine.models.enrichment import Enrichment
from taxo.engine.models.persistence import FinalOutput
from taxo.engine.models.signals import Signals
from taxo.engine.models.skills import SkillExtraction
from taxo.engine.models.updates import PostClassification
from taxo.engine.parse.model import ParsedJD


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LlmCall(_Model):
    """One LLM call made for a run (the old system's "LLM Calls" panel)."""

    step: str
    purpose: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    latency_ms: float = 0.0
    status: str
    prompt_hash: str
    cached: bool = False
    raw_response: str | None = None
    error: str | None = None


class ExtractResult(_Model):
    """Step 1 (extract-from-jd): the parsed JD, skills, signals, decision and post-classification."""

    run_id: str
    rejected: bool
    rejection_reason: str | None = None
    jd: ParsedJD
    skills: SkillExtraction | None = None
    signals: Signals | None = None
    decision: RoleDecision | None = None
    post_classification: PostClassification | None = None
    jd_vector: list[float] | None = Field(
        None, description="the JD's embedding (mean of its sentences), for links and replays"
    )
    timings_ms: dict[str, float] = Field(default_factory=dict)


RunStatus = Literal["running", "extracted", "detailed", "completed", "rejected", "failed"]


class RunRecord(_Model):
    """Everything about one pipeline run, as stored on its ``(:Run)`` node."""

    run_id: str
    status: RunStatus
    read_only: bool
    created_at: str
    updated_at: str
    jd_hash: str
    title: str | None = None
    case: str | None = None
    role: str | None = None
    rule_id: str | None = None
    rules_version: str | None = None
    error: str | None = None
    extract: ExtractResult | None = None
    details: DetailsResult | None = None
    final: FinalOutput | None = None
    enrichment: Enrichment | None = Field(
        None, description="the client profile: nature of work, maturity, AI index ..."
    )
    timings_ms: dict[str, float] = Field(default_factory=dict)
    llm_calls: list[LlmCall] = []
    llm_cost_usd: dict[str, float] = Field(default_factory=dict, description="per step and total")
