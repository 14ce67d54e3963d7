"""The single place that composes the stages into taxo's three steps and commits a run's writes.

``Pipeline.run`` does all three steps and writes everything in one atomic unit at the end (or nothing,
``read_only``). The step methods serve the step-by-step API: each commits its own part.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from taxo.engine.decide import decide_role
from taxo.engine.details import VectorEvidence, extract_details
from taxo.engine.enrich import enrich
from taxo.engine.extract.sentences import has_primary_sections, sentences_of
from taxo.engine.extract.skills import extract_skills
from taxo.engine.llm import LlmAssist, LlmSession
from taxo.engine.final import apply_commit, plan_final
from taxo.engine.models.run import ExtractResult, RunRecord
from taxo.engine.models.signals import Signals
from taxo.engine.parse import parse_jd
from taxo.engine.parse.model import JDType, ParsedJD, SectionKind
from taxo.engine.signals.alias import alias_signal
from taxo.engine.signals.combine import combine
from taxo.engine.signals.kra import kra_signal
from taxo.engine.signals.skill import skill_signal
from taxo.engine.signals.vectors import centroid_signal, title_vector_signal
from taxo.engine.taxonomy import Taxonomy, TaxonomyCache
from taxo.engine.updates import Queue, plan_updates, review
from taxo.graph import queries as q
from taxo.graph.repo.runs import RunPlan, commit_run, get_run, mark_run
from taxo.graph.schema import Label
from taxo.graph.seeds.loader import now_iso
from taxo.graph.store import GraphStore
from taxo.rules import RuleBook
from taxo.core.embeddings import Embedder
from taxo.core.errors import Conflict, NotFound, SchemaMismatch, StoreError, StoreUnavailable, TaxoError
from taxo.core.text import norm

KRA_SOURCES = (SectionKind.RESPONSIBILITIES,)
FALLBACK_SOURCES = (SectionKind.INTRO, SectionKind.OTHER, SectionKind.REQUIREMENTS)


class PipelineError(TaxoError):
    """A run failed; it is recorded with ``status: failed`` (unless read-only)."""

    def __init__(self, run_id: str, message: str):
        self.run_id = run_id
        super().__init__(f"run {run_id} failed: {message}")


class StepOrderError(Conflict):
    """A step was asked for on a run that is not at the step before it."""


@dataclass
class _Timer:
    """Accumulates wall-clock milliseconds per named stage."""

    ms: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = round(self.ms.get(name, 0.0) + (time.perf_counter() - t0) * 1000, 2)


@dataclass
class _Step1:
    result: ExtractResult
    sentences: list[str]
    vectors: np.ndarray
    centroid: list[dict[str, Any]]
    reviews: list[dict[str, Any]]


def kra_sentences(jd: ParsedJD, limit: int) -> list[str]:
    """Responsibility sentences to match against KRAs (other body text when a JD has no such section)."""
    def pick(kinds: tuple[SectionKind, ...]) -> list[str]:
        return [r.text for r in sentences_of(jd) if r.section in kinds and len(r.text.split()) >= 4]

    chosen = pick(KRA_SOURCES) or pick(FALLBACK_SOURCES)
    return list(dict.fromkeys(chosen))[:limit]


class Pipeline:
    """taxo's pipeline over one store, embedder and rule book."""

    def __init__(self, store: GraphStore, embedder: Embedder, book: RuleBook, llm: LlmAssist | None = None):
        self.store = store
        self.embedder = embedder
        self.book = book
        self.llm = llm
        self.taxonomy = TaxonomyCache(store)
        self._model_checked = False

    def check_embeddings(self) -> None:
        """Refuse a graph whose vectors another model made (their similarities would be meaningless).

        Raises:
            SchemaMismatch: the stored KRA vectors carry another model id than this embedder's.
        """
        if self._model_checked:
            return
        models = {str(r["key"]).split(":", 1)[0] for r in self.store.read(q.KRA_EMBEDDING_MODELS)}
        if models and models != {self.embedder.model_id}:
            raise SchemaMismatch(f"the graph's vectors were made by {', '.join(sorted(models))}, but this process "
                                 f"embeds with {self.embedder.model_id}: run 'taxo seed' with this embedder "
                                 "(TAXO_EMBEDDER) to re-embed, or point TAXO_STORE at a graph it made")
        self._model_checked = True

    def _session(self, record: RunRecord) -> LlmSession | None:
        """An LLM session for one run (None on the default offline path); prior calls count against its budget."""
        return self.llm.session(prior=record.llm_calls) if self.llm is not None else None

    # -- step 1 ------------------------------------------------------------------------------------
    def _extract(self, text: str, title: str | None, run_id: str, timer: _Timer, llm: LlmSession | None = None) -> _Step1:
        ext = self.book.params("extraction")
        dec = self.book.params("role_decision")
        with timer("parse"):
            jd = parse_jd(text, title)
            if llm is not None and jd.jd_type == JDType.PASS:
                jd = llm.parse(jd)
        if jd.jd_type == JDType.REJECT:
            return _Step1(ExtractResult(run_id=run_id, rejected=True, rejection_reason=jd.reject_detail or str(jd.reject_reason),
                                        jd=jd), [], np.zeros((0, self.embedder.dimension)), [], [])
        with timer("taxonomy"):
            self.check_embeddings()
            tax = self.taxonomy.get()
        with timer("skills"):
            extraction = extract_skills(jd, tax, int(ext["context_window"]))
            if llm is not None:
                extraction = llm.skills(jd, extraction, tax.stoplist, known=tax.skill_alias_map.keys())
        sentences = kra_sentences(jd, int(ext["max_sentences"]))
        title_text = jd.title_core or jd.title
        with timer("embed"):
            vectors = self.embedder.encode(([title_text] if title_text else []) + sentences)
        title_vec, sent_vecs = (vectors[0], vectors[1:]) if title_text else (None, vectors)
        jd_vec = _mean(sent_vecs) if len(sent_vecs) else title_vec
        with timer("signals"):
            signals = self._signals(jd, tax, extraction, sentences, sent_vecs, title_vec, title_text, jd_vec, ext, dec)
        with timer("decide"):
            decision = decide_role(signals, extraction.skills, tax, self.book, jd.title_aliases, jd.title_core, jd.text_hash,
                                   len(sentences))
            if llm is not None and decision.tie_break == "llm":
                decision = llm.tie_break(decision, signals, jd, skills=extraction.skills, tax=tax, book=self.book)
            post, centroid, reviews = plan_updates(decision, extraction, signals, sentences, sent_vecs, jd_vec,
                                                   jd.title, tax, ext["kra_candidate_below"])
        result = ExtractResult(run_id=run_id, rejected=False, jd=jd, skills=extraction, signals=signals,
                               decision=decision, post_classification=post,
                               jd_vector=None if jd_vec is None else [round(float(x), 6) for x in jd_vec])
        return _Step1(result, sentences, sent_vecs, centroid, reviews)

    def _signals(self, jd: ParsedJD, tax: Taxonomy, extraction: Any, sentences: list[str], sent_vecs: np.ndarray,
                 title_vec: np.ndarray | None, title_text: str | None, jd_vec: np.ndarray | None,
                 ext: dict[str, float], dec: dict[str, float]) -> Signals:
        s = Signals()
        available = []
        if jd.title_aliases:
            s.alias = alias_signal(jd.title_aliases, tax, dec["partial_alias_factor"])
            available.append("alias")
            if title_vec is not None and not any(r.hit == "exact" for r in s.alias):
                s.title_vector = title_vector_signal(title_text or "", title_vec, tax)
                available.append("title_vector")
        if sentences:
            hits = self.store.knn(Label.KRA, sent_vecs, int(ext["kra_k"]))
            s.kra = kra_signal(sentences, hits, tax, int(dec["kra_best_sentences"]))
            available.append("kra")
        if extraction.skills:
            s.skill = skill_signal(extraction.skills, tax, dec["skill_breadth_penalty"], dec["skill_secondary_weight"], dec["skill_concept_weight"])
            available.append("skill")
        if jd_vec is not None:
            rows = self.store.read(self.store.dialect.CENTROID_SIMILARITY,
                                   {"v": [float(x) for x in jd_vec], "min_n": int(dec["centroid_min_n"])})
            s.centroid = centroid_signal(rows, tax)
            if s.centroid:
                available.append("centroid")
        s.available = available
        floors = {"kra": dec["kra_floor"], "title_vector": dec["title_vector_floor"], "centroid": dec["centroid_floor"]}
        s.combined = combine(s, self.book.weights("role_decision"), floors, tax)
        return s

    # -- steps 2 and 3 -------------------------------------------------------------------------------
    def _details(self, step1: ExtractResult, timer: _Timer) -> Any:
        ext = self.book.params("extraction")
        tax = self.taxonomy.get()
        assert step1.skills is not None
        terms = [c.text for c in step1.skills.candidates]
        evidence: dict[str, VectorEvidence] = {}
        if terms:
            with timer("embed"):
                vecs = self.embedder.encode(terms)
            with timer("knn"):
                aliases = self.store.knn(Label.ALIAS, vecs, 5)
                dims = self.store.knn(Label.DIMENSION, vecs, int(ext["dimension_vector_max"]))
            evidence = {t: VectorEvidence([n for n in a if n.id.startswith("skill:")], d)
                        for t, a, d in zip(terms, aliases, dims, strict=True)}
        with timer("details"):
            return extract_details(step1.run_id, step1.decision, step1.skills, tax, evidence, ext, step1.jd_vector)

    # -- the whole pipeline --------------------------------------------------------------------------
    def run(self, text: str, title: str | None = None, read_only: bool = False, run_id: str | None = None) -> RunRecord:
        """All three steps; one atomic write at the end unless ``read_only``."""
        run_id = run_id or uuid.uuid4().hex
        timer = _Timer()
        record = self._new_record(run_id, read_only)
        llm = self._session(record)
        with self._failures(record):
            with timer("extract_from_jd"):
                s1 = self._extract(text, title, run_id, timer, llm)
            record = self._with_extract(record, s1.result)
            if s1.result.rejected:
                record = llm.apply(record) if llm else record
                if not read_only:
                    self._save(record, RunPlan())
                return record
            with timer("extract_details"):
                details = self._details(s1.result, timer)
            with timer("final_role_output"):
                final, skill_dims, role_dims = plan_final(details, s1.result.decision, self.taxonomy.get(), self.book,
                                                          read_only)
            with timer("enrich"):
                enrichment = enrich(s1.result, details, self.taxonomy.get(), self.embedder, self.book, s1.vectors,
                                    sentences=s1.sentences,
                                    summarizer=llm.summarizer(s1.result.jd.text_hash) if llm else None)
            record = record.model_copy(update={"details": details, "final": final, "enrichment": enrichment,
                                               "status": "completed"})
            record = llm.apply(record) if llm else record
            record.timings_ms = timer.ms
            if read_only:
                return record
            with timer("persist"):
                plan = RunPlan(skill_dims=skill_dims, role_dims=role_dims, centroid=s1.centroid,
                               reviews=s1.reviews + alias_reviews(details, _role(s1.result)))
                record = self._commit(record, plan)
            record.timings_ms = timer.ms
            return record

    # -- the three steps one by one (the API's step endpoints) -------------------------------------
    def extract_from_jd(self, text: str, title: str | None = None, read_only: bool = False) -> RunRecord:
        """Step 1 alone; unless read-only, the run is stored (``extracted``) with its post-classification updates."""
        timer = _Timer()
        record = self._new_record(uuid.uuid4().hex, read_only)
        llm = self._session(record)
        with self._failures(record):
            with timer("extract_from_jd"):
                s1 = self._extract(text, title, record.run_id, timer, llm)
            record = self._with_extract(record, s1.result)
            record = llm.apply(record) if llm else record
            record.status = "rejected" if s1.result.rejected else "extracted"
            record.timings_ms = timer.ms
            if not read_only:
                record = self._commit(record, RunPlan(centroid=s1.centroid, reviews=s1.reviews))
            return record

    def extract_details(self, record: RunRecord) -> RunRecord:
        """Step 2 on a run that finished step 1; persists unless the run is read-only."""
        if record.extract is None or record.extract.rejected or record.status != "extracted":
            raise StepOrderError(f"run {record.run_id} is '{record.status}': extract-details needs an extracted run")
        timer = _Timer(dict(record.timings_ms))
        with self._failures(record):
            with timer("extract_details"):
                details = self._details(record.extract, timer)
            record = record.model_copy(update={"details": details, "status": "detailed", "timings_ms": timer.ms})
            if not record.read_only:
                record = self._commit(record, RunPlan(reviews=alias_reviews(details, _role(record.extract))))
            return record

    def final_role_output(self, record: RunRecord) -> RunRecord:
        """Step 3 on a run that finished step 2; its links are written unless the run is read-only."""
        if record.details is None or record.status != "detailed":
            raise StepOrderError(f"run {record.run_id} is '{record.status}': final-role-output needs a detailed run")
        timer = _Timer(dict(record.timings_ms))
        with self._failures(record):
            with timer("final_role_output"):
                final, skill_dims, role_dims = plan_final(record.details, record.extract.decision if record.extract else None,
                                                          self.taxonomy.get(), self.book, record.read_only)
            with timer("enrich"):
                assert record.extract is not None
                llm = self._session(record)
                summarizer = llm.summarizer(record.extract.jd.text_hash) if llm else None
                enrichment = enrich(record.extract, record.details, self.taxonomy.get(), self.embedder, self.book,
                                    summarizer=summarizer)
            record = record.model_copy(update={"final": final, "enrichment": enrichment, "status": "completed",
                                               "timings_ms": timer.ms})
            record = llm.apply(record) if llm else record
            if not record.read_only:
                record = self._commit(record, RunPlan(skill_dims=skill_dims, role_dims=role_dims))
            return record

    # -- records and writes --------------------------------------------------------------------------
    def _new_record(self, run_id: str, read_only: bool) -> RunRecord:
        now = now_iso()
        return RunRecord(run_id=run_id, status="running", read_only=read_only, created_at=now, updated_at=now, jd_hash="")

    @staticmethod
    def _with_extract(record: RunRecord, ex: ExtractResult) -> RunRecord:
        update: dict[str, Any] = {"extract": ex, "jd_hash": ex.jd.text_hash, "title": ex.jd.title}
        if ex.rejected:
            update.update(status="rejected", error=ex.rejection_reason)
        d = ex.decision
        if d is not None:
            update.update(case=d.case, rule_id=d.rule_id, rules_version=d.rules_version,
                          role=d.role.slug if d.role else (d.new_role.slug if d.new_role else None))
        return record.model_copy(update=update)

    def _commit(self, record: RunRecord, plan: RunPlan) -> RunRecord:
        """One atomic write of the record and its plan; outcomes are then read back into the record."""
        if record.extract is not None and record.extract.post_classification is not None and (plan.centroid or plan.reviews):
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
            mark_run(self.store, record.run_id, now_iso(),
                     {"status": "failed", "error": f"{type(exc).__name__}: {exc}", "read_only": False,
                      "record_json": record.model_copy(update={"status": "failed"}).model_dump_json()})
        except TaxoError:
            pass  # the store itself is down; the caller sees the original error


def load_record(store: GraphStore, run_id: str) -> RunRecord:
    """A stored run as a ``RunRecord`` (``NotFound`` if there is none)."""
    props = get_run(store, run_id)
    if props is None or props.get("record") is None:
        raise NotFound(f"no run {run_id}")
    record = RunRecord.model_validate(props["record"])
    return record.model_copy(update={"status": props.get("status", record.status), "error": props.get("error")})


def _role(ex: ExtractResult) -> str | None:
    return ex.decision.role.slug if ex.decision and ex.decision.role else None


def alias_reviews(details: Any, role: str | None) -> list[dict[str, Any]]:
    """Pending aliases (a new surface form of a known skill) as review-queue entries, never silent writes."""
    out = []
    for d in details.skills:
        if d.pending_alias and d.canonical is not None:
            out.append(review(Queue.NEW_ALIAS, f"{d.canonical.slug}:{norm(d.pending_alias)}", display=d.pending_alias,
                              skill=d.canonical.slug, match=d.matched_via.value, similarity=d.similarity, role=role,
                              evidence=d.evidence))
    return out


def _mean(vectors: np.ndarray) -> np.ndarray:
    v = vectors.mean(axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


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
        "status": record.status, "read_only": record.read_only, "jd_hash": record.jd_hash, "title": record.title,
        "case": record.case, "role": record.role, "rule_id": record.rule_id, "rules_version": record.rules_version,
        "error": record.error, "record_json": record.model_dump_json(),
        "llm_cost_usd": float(record.llm_cost_usd.get("total", 0.0)),
    }
