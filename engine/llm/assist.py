"""The facade the pipeline uses: ``LlmAssist`` (one per process: settings, provider, cache) and ``LlmSession``
(one per run: the JD's budget and the run's call log).

Example::

    assist = LlmAssist.from_settings()          # None unless TAXO_LLM_BASE_URL or TAXO_LLM_API_KEY is set
    if assist is not None:
        llm = assist.session()                  # or assist.session(prior=record.llm_calls) for a later step
        jd = llm.parse(jd)
        extraction = llm.skills(jd, extraction, tax.stoplist, known=tax.skill_alias_map.keys())
        decision = llm.tie_break(decision, signals, jd, skills=extraction.skills, tax=tax, book=book)
        record = llm.apply(record)              # llm_calls and llm_cost_usd (per step and total)
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from taxo.core.settings import LlmSettings, get_settings
from taxo.engine.llm import tasks
from taxo.engine.llm.budget import Budget
from taxo.engine.llm.cache import LlmCache
from taxo.engine.llm.pricing import summarize_costs
from taxo.engine.llm.provider import Provider
from taxo.engine.models.decision import RoleDecision
from taxo.engine.models.run import LlmCall, RunRecord
from taxo.engine.models.signals import Signals
from taxo.engine.models.skills import SkillExtraction
from taxo.engine.parse.model import ParsedJD

log = logging.getLogger(__name__)

#: ``taxo.engine.enrich.Summarizer``: (category name, the JD's work sentences) -> one sentence or None.
Summarizer = Callable[[str, list[str]], "str | None"]


class LlmAssist:
    """The configured LLM path: settings, provider (the ``openai`` client) and the persistent cache."""

    def __init__(self, settings: LlmSettings, provider: Provider | None = None):
        self.settings = settings
        if provider is None:
            cache = None
            if settings.cache:
                try:
                    cache = LlmCache(settings.cache_path)
                except (OSError, sqlite3.Error) as exc:  # an unusable cache costs money, not correctness
                    log.warning("LLM cache disabled: %s: %s", settings.cache_path, exc)
            provider = Provider(settings, cache)
        self.provider = provider

    @classmethod
    def from_settings(cls, settings: LlmSettings | None = None) -> LlmAssist | None:
        """The LLM path, or None when it is not configured (or every feature is off): then nothing is built,
        nothing is imported from ``openai`` and nothing is sent."""
        settings = settings if settings is not None else get_settings().llm
        if not settings.configured or not any(settings.features().values()):
            return None
        return cls(settings)

    def enabled(self, feature: str) -> bool:
        """Is one of ``parse``, ``skills``, ``tie_break``, ``summary`` switched on?"""
        return bool(self.settings.features().get(feature, False))

    def session(self, prior: Sequence[LlmCall] = ()) -> LlmSession:
        """A run's session; ``prior`` are the calls its earlier steps made (they count against its budget)."""
        return LlmSession(self, prior)

    def close(self) -> None:
        self.provider.close()


class LlmSession:
    """One run (one JD): its budget and its call log. Every method returns the offline input unchanged when
    its feature is off, the LLM fails, or the budget is spent."""

    def __init__(self, assist: LlmAssist, prior: Sequence[LlmCall] = ()):
        self.assist = assist
        self.provider = assist.provider
        self.calls: list[LlmCall] = list(prior)
        self.budget = Budget(assist.settings.max_cost_per_jd_usd, spent_usd=sum(c.cost_usd for c in prior))

    def _log(self, calls: list[LlmCall]) -> None:
        self.calls.extend(calls)

    def parse(self, jd: ParsedJD, *, step: str = tasks.STEP_EXTRACT) -> ParsedJD:
        """(a) Fill the parse fields the heuristics left empty."""
        if not self.assist.enabled("parse"):
            return jd
        out, calls = tasks.improve_parse(self.provider, self.budget, jd, step=step)
        self._log(calls)
        return out

    def skills(
        self,
        jd: ParsedJD,
        extraction: SkillExtraction,
        stoplist: Collection[str],
        *,
        known: Iterable[str] = (),
        step: str = tasks.STEP_EXTRACT,
    ) -> SkillExtraction:
        """(b) Extra new-skill candidates (``reason="llm"``), verbatim from the JD."""
        if not self.assist.enabled("skills"):
            return extraction
        out, calls = tasks.extra_skills(
            self.provider, self.budget, jd, extraction, stoplist, known=set(known), step=step
        )
        self._log(calls)
        return out

    def tie_break(
        self,
        decision: RoleDecision,
        signals: Signals,
        jd: ParsedJD,
        *,
        skills: list[Any] | None = None,
        tax: Any = None,
        book: Any = None,
        step: str = tasks.STEP_EXTRACT,
    ) -> RoleDecision:
        """(c) Choose among the tied candidate roles when ``decision.tie_break == "llm"``."""
        if not self.assist.enabled("tie_break") or decision.tie_break != "llm":
            return decision
        margin = 0.02
        if book is not None:
            try:
                margin = float(book.params("role_decision").get("domain_margin", margin))
            except Exception:  # noqa: BLE001 - a book without the param keeps the default
                pass
        out, calls = tasks.break_tie(
            self.provider,
            self.budget,
            decision,
            signals,
            jd,
            skills=skills,
            tax=tax,
            book=book,
            margin=margin,
            step=step,
        )
        self._log(calls)
        return out

    def summarize(
        self, category: str, sentences: Iterable[str], *, jd_hash: str, step: str = tasks.STEP_SUMMARY
    ) -> str | None:
        """(d) One sentence on the nature of the work, or None (keep the extractive summary)."""
        if not self.assist.enabled("summary"):
            return None
        out, calls = tasks.summarize(self.provider, self.budget, category, sentences, jd_hash=jd_hash, step=step)
        self._log(calls)
        return out

    def summarizer(self, jd_hash: str, *, step: str = tasks.STEP_SUMMARY) -> Summarizer | None:
        """``summarize`` as the ``taxo.engine.enrich`` hook (None when the feature is off)."""
        if not self.assist.enabled("summary"):
            return None
        return lambda category, sentences: self.summarize(category, sentences, jd_hash=jd_hash, step=step)

    def costs(self) -> dict[str, float]:
        """USD per step and ``total`` over every call of the run (prior steps included)."""
        return summarize_costs(self.calls)

    def apply(self, record: RunRecord) -> RunRecord:
        """The record with this session's call log and cost totals."""
        return record.model_copy(update={"llm_calls": list(self.calls), "llm_cost_usd": self.costs()})
