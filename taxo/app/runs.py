"""Pipeline runs, persisted: the engine's steps, each step's writes committed as one atomic unit.

``RunService.run`` does all three steps and writes everything in one unit at the end (or nothing,
``read_only``). The step methods serve the step-by-step API: each commits its own part. A run that fails
unexpectedly is recorded with ``status: failed`` and its error (never a partial write: each commit is one
statement), and ``PipelineError`` is raised.

Example::

    >>> runs = RunService(store, embedder, book)  # doctest: +SKIP
    >>> record = runs.run(text)                   # stored: the run, its links, centroid and review items
    >>> load_record(store, record.run_id).status
    'completed'
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from taxo.core.clock import now_iso
from taxo.core.embeddings import Embedder
from taxo.core.errors import NotFound, PipelineError, SchemaMismatch, StoreError, StoreUnavailable, TaxoError
from taxo.engine.final import apply_commit
from taxo.engine.llm import LlmAssist
from taxo.engine.models.run import RunRecord
from taxo.engine.pipeline import Pipeline, Step
from taxo.engine.records import new_record
from taxo.engine.taxonomy import TaxonomyCache
from taxo.graph.repo.runs import RunPlan, commit_run, get_run, mark_run
from taxo.graph.store import GraphStore
from taxo.rules import RuleBook


class RunService:
    """taxo's pipeline over one store, embedder and rule book, with every run (unless read-only) stored."""

    def __init__(self, store: GraphStore, embedder: Embedder, book: RuleBook, llm: LlmAssist | None = None):
        self.pipeline = Pipeline(store, embedder, book, llm)

    @property
    def store(self) -> GraphStore:
        return self.pipeline.store

    @property
    def embedder(self) -> Embedder:
        return self.pipeline.embedder

    @property
    def taxonomy(self) -> TaxonomyCache:
        """The taxonomy snapshot the pipeline reads (``invalidate()`` after changing the taxonomy)."""
        return self.pipeline.taxonomy

    @property
    def book(self) -> RuleBook:
        """The rules every decision asks (swapped by a rules reload)."""
        return self.pipeline.book

    @book.setter
    def book(self, book: RuleBook) -> None:
        self.pipeline.book = book

    def check_embeddings(self) -> None:
        """``SchemaMismatch`` if the graph's vectors were made by another model than this embedder."""
        self.pipeline.check_embeddings()

    # -- runs ---------------------------------------------------------------------------------------
    def run(self, text: str, title: str | None = None, read_only: bool = False, run_id: str | None = None) -> RunRecord:
        """All three steps; one atomic write at the end unless ``read_only``."""
        record = new_record(run_id or uuid.uuid4().hex, read_only)
        with self._failures(record):
            step = self.pipeline.run(record, text, title)
            if read_only:
                return step.record
            t0 = time.perf_counter()
            stored = self._commit(step)
            # reported, not stored (the record was written during it)
            stored.timings_ms["persist"] = round((time.perf_counter() - t0) * 1000, 2)
            return stored

    def extract_from_jd(self, text: str, title: str | None = None, read_only: bool = False) -> RunRecord:
        """Step 1 alone; unless read-only, the run is stored (``extracted``) with its post-classification updates."""
        record = new_record(uuid.uuid4().hex, read_only)
        with self._failures(record):
            step = self.pipeline.extract_from_jd(record, text, title)
            return step.record if read_only else self._commit(step)

    def extract_details(self, record: RunRecord) -> RunRecord:
        """Step 2 on a run that finished step 1; persists unless the run is read-only."""
        with self._failures(record):
            step = self.pipeline.extract_details(record)
            return step.record if record.read_only else self._commit(step)

    def final_role_output(self, record: RunRecord) -> RunRecord:
        """Step 3 on a run that finished step 2; its links are written unless the run is read-only."""
        with self._failures(record):
            step = self.pipeline.final_role_output(record)
            return step.record if record.read_only else self._commit(step)

    # -- writes -------------------------------------------------------------------------------------
    def _commit(self, step: Step) -> RunRecord:
        """One atomic write of the record and its plan; outcomes are then read back into the record."""
        record, plan = step.record, step.plan
        if (
            record.extract is not None
            and record.extract.post_classification is not None
            and (plan.centroid or plan.reviews)
        ):
            record.extract.post_classification.applied = True
        result = self._save(record, plan)
        applied = _applied(record, result)
        if applied != record:
            mark_run(self.store, record.run_id, now_iso(), {"record_json": applied.model_dump_json()})
        return applied

    def _save(self, record: RunRecord, plan: RunPlan) -> dict[str, Any]:
        now = now_iso()
        record.updated_at = now
        result = commit_run(self.store, record.run_id, now, run_props(record), plan, self.embedder.model_id)
        if any(r.get("created") for r in result.get("role_dims", [])):
            self.taxonomy.invalidate()
        return result

    @contextmanager
    def _failures(self, record: RunRecord) -> Iterator[None]:
        """Any unexpected error marks the run failed (no partial links: each commit is one unit).

        A store error counts as unexpected (the store may still accept the failure mark); an unreachable
        store and taxo's deliberate errors (rejected input, step order, ...) pass through unchanged.
        """
        try:
            yield
        except (StoreUnavailable, SchemaMismatch):
            raise
        except StoreError as exc:  # the store refused a statement: it may still take the failure mark
            self._mark_failed(record, exc)
            raise PipelineError(record.run_id, f"{type(exc).__name__}: {exc}") from exc
        except TaxoError:
            raise
        except Exception as exc:  # noqa: BLE001 - recorded on the run, then reported
            self._mark_failed(record, exc)
            raise PipelineError(record.run_id, f"{type(exc).__name__}: {exc}") from exc

    def _mark_failed(self, record: RunRecord, exc: BaseException) -> None:
        """Record ``status: failed`` and the error on a persisting run (best effort: the store may be down)."""
        if record.read_only:
            return
        try:
            mark_run(
                self.store,
                record.run_id,
                now_iso(),
                {
                    "status": "failed",
                    "error": f"{type(exc).__name__}: {exc}",
                    "read_only": False,
                    "record_json": record.model_copy(update={"status": "failed"}).model_dump_json(),
                },
            )
        except TaxoError:
            pass  # the store itself is down; the caller sees the original error


def load_record(store: GraphStore, run_id: str) -> RunRecord:
    """A stored run as a ``RunRecord`` (``NotFound`` if there is none)."""
    props = get_run(store, run_id)
    if props is None or props.get("record") is None:
        raise NotFound(f"no run {run_id}")
    record = RunRecord.model_validate(props["record"])
    return record.model_copy(update={"status": props.get("status", record.status), "error": props.get("error")})


def _applied(record: RunRecord, result: dict[str, Any]) -> RunRecord:
    """Fold what the commit did back into the record (link outcomes, centroid n); any step may call it."""
    assert record.extract is not None
    update: dict[str, Any] = {}
    if record.final is not None:
        update["final"] = apply_commit(record.final, result)
    post = record.extract.post_classification
    if post is not None:
        for c in result.get("centroid", []):
            post.centroid_n_after = int(c["n"])
    return record.model_copy(update=update)


def run_props(record: RunRecord) -> dict[str, Any]:
    """The scalar properties of a ``(:Run)`` node, with the whole record as JSON."""
    return {
        "status": record.status,
        "read_only": record.read_only,
        "jd_hash": record.jd_hash,
        "title": record.title,
        "case": record.case,
        "role": record.role,
        "rule_id": record.rule_id,
        "rules_version": record.rules_version,
        "error": record.error,
        "record_json": record.model_dump_json(),
        "llm_cost_usd": float(record.llm_cost_usd.get("total", 0.0)),
    }
