"""The single place that composes the stages into taxo's three steps.

Each step is a function of a run record: it computes its results (reading the taxonomy snapshot and the
vector indexes through ``taxo.graph.repo``, writing nothing) and returns the advanced record with the
writes that would persist it (``Step.plan``). ``Pipeline.run`` is the three steps in sequence, their writes
merged into one plan. Persisting is the application's job (``taxo.app.runs``): one atomic write per step
for the step-by-step API, one for a whole run.

Example::

    >>> step = Pipeline(store, embedder, book).run(new_record(run_id, read_only=True), text)  # doctest: +SKIP
    >>> step.record.extract.decision.case, step.plan.role_dims
    ('DOMAIN', [{'role': 'data-engineer', 'dimension': 'stream-processing', ...}])
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from taxo.core.embeddings import Embedder
from taxo.core.errors import SchemaMismatch, StepOrderError
from taxo.engine.decide import decide_role
from taxo.engine.details import VectorEvidence, extract_details
from taxo.engine.enrich import enrich
from taxo.engine.extract.sentences import sentences_of
from taxo.engine.extract.skills import extract_skills
from taxo.engine.final import plan_final
from taxo.engine.llm import LlmAssist, LlmSession
from taxo.engine.models.details import DetailsResult
from taxo.engine.models.run import ExtractResult, RunRecord
from taxo.engine.models.signals import Signals
from taxo.engine.models.skills import SkillExtraction
from taxo.engine.parse import parse_jd
from taxo.engine.parse.model import JDType, ParsedJD, SectionKind
from taxo.engine.records import with_extract
from taxo.engine.scoring import SignalEvidence, score_signals
from taxo.engine.signals.kra import kra_matches
from taxo.engine.signals.vectors import Centroid, title_vector_signal
from taxo.engine.taxonomy import Taxonomy, TaxonomyCache
from taxo.engine.updates import alias_reviews, plan_updates
from taxo.graph.repo.runs import RunPlan
from taxo.graph.repo.taxonomy import embedding_models
from taxo.graph.repo.vectors import centroid_similarities, nearest_dimensions, nearest_kras, nearest_skill_aliases
from taxo.graph.store import GraphStore
from taxo.rules import RuleBook

KRA_SOURCES = (SectionKind.RESPONSIBILITIES,)
FALLBACK_SOURCES = (SectionKind.INTRO, SectionKind.OTHER, SectionKind.REQUIREMENTS)


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
class Step:
    """A run record advanced by one or more steps, and the writes that would persist it.

    ``sentences`` and ``vectors`` are step 1's KRA sentences and their embeddings, row for row; a whole run
    hands them to step 3's enrichment instead of embedding them again.
    """

    record: RunRecord
    plan: RunPlan = field(default_factory=RunPlan)
    sentences: list[str] = field(default_factory=list)
    vectors: np.ndarray | None = None


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
    """taxo's three steps over one store (read), embedder and rule book (and an optional LLM)."""

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
        models = embedding_models(self.store)
        if models and models != {self.embedder.model_id}:
            raise SchemaMismatch(
                f"the graph's vectors were made by {', '.join(sorted(models))}, but this process "
                f"embeds with {self.embedder.model_id}: run 'taxo seed' with this embedder "
                "(TAXO_EMBEDDER) to re-embed, or point TAXO_STORE at a graph it made"
            )
        self._model_checked = True

    def _session(self, record: RunRecord) -> LlmSession | None:
        """An LLM session for one step of a run (None on the default offline path); the run's earlier calls
        count against its budget."""
        return self.llm.session(prior=record.llm_calls) if self.llm is not None else None

    # -- the three steps ---------------------------------------------------------------------------
    def extract_from_jd(self, record: RunRecord, text: str, title: str | None = None) -> Step:
        """Step 1: parse, extract skills, compute the signals, decide the role; plans the post-classification
        updates (role centroid, review queues). The record is ``extracted`` (or ``rejected``)."""
        timer = _Timer(dict(record.timings_ms))
        llm = self._session(record)
        with timer("extract_from_jd"):
            s1 = self._extract(text, title, record.run_id, timer, llm)
        record = with_extract(record, s1.result)
        record = llm.apply(record) if llm else record
        record.status = "rejected" if s1.result.rejected else "extracted"
        record.timings_ms = timer.ms
        return Step(record, RunPlan(centroid=s1.centroid, reviews=s1.reviews), s1.sentences, s1.vectors)

    def extract_details(self, record: RunRecord) -> Step:
        """Step 2 on an ``extracted`` run: canonical skills, their dimensions and roles; plans the pending
        aliases' review entries. The record is ``detailed``."""
        if record.extract is None or record.extract.rejected or record.status != "extracted":
            raise StepOrderError(f"run {record.run_id} is '{record.status}': extract-details needs an extracted run")
        extract = record.extract
        timer = _Timer(dict(record.timings_ms))
        with timer("extract_details"):
            details = self._details(extract, timer)
        record = record.model_copy(update={"details": details, "status": "detailed", "timings_ms": timer.ms})
        return Step(record, RunPlan(reviews=alias_reviews(details, _role(extract))))

    def final_role_output(self, record: RunRecord, reuse: Step | None = None) -> Step:
        """Step 3 on a ``detailed`` run: the links the rules allow, and the enrichment; plans the link writes.
        The record is ``completed``. ``reuse``: step 1 of the same run, whose sentence vectors it reuses."""
        if record.details is None or record.status != "detailed":
            raise StepOrderError(f"run {record.run_id} is '{record.status}': final-role-output needs a detailed run")
        assert record.extract is not None
        timer = _Timer(dict(record.timings_ms))
        with timer("final_role_output"):
            final, skill_dims, role_dims = plan_final(
                record.details, record.extract.decision, self.taxonomy.get(), self.book, record.read_only
            )
        with timer("enrich"):
            llm = self._session(record)
            enrichment = enrich(
                record.extract,
                record.details,
                self.taxonomy.get(),
                self.embedder,
                self.book,
                reuse.vectors if reuse else None,
                sentences=reuse.sentences if reuse else None,
                summarizer=llm.summarizer(record.extract.jd.text_hash) if llm else None,
            )
        record = record.model_copy(
            update={"final": final, "enrichment": enrichment, "status": "completed", "timings_ms": timer.ms}
        )
        record = llm.apply(record) if llm else record
        return Step(record, RunPlan(skill_dims=skill_dims, role_dims=role_dims))

    def run(self, record: RunRecord, text: str, title: str | None = None) -> Step:
        """The three steps in sequence (a rejected JD stops after step 1); one plan for the whole run."""
        first = self.extract_from_jd(record, text, title)
        if first.record.status == "rejected":
            return first
        second = self.extract_details(first.record)
        third = self.final_role_output(second.record, reuse=first)
        return Step(third.record, first.plan.merged(second.plan, third.plan))

    # -- step 1's stages -----------------------------------------------------------------------------
    def _extract(
        self, text: str, title: str | None, run_id: str, timer: _Timer, llm: LlmSession | None = None
    ) -> _Step1:
        ext = self.book.params("extraction")
        with timer("parse"):
            jd = parse_jd(text, title)
            if llm is not None and jd.jd_type == JDType.PASS:
                jd = llm.parse(jd)
        if jd.jd_type == JDType.REJECT:
            return _Step1(
                ExtractResult(
                    run_id=run_id, rejected=True, rejection_reason=jd.reject_detail or str(jd.reject_reason), jd=jd
                ),
                [],
                np.zeros((0, self.embedder.dimension)),
                [],
                [],
            )
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
            signals = self._signals(jd, tax, extraction, sentences, sent_vecs, title_vec, title_text, jd_vec)
        with timer("decide"):
            decision = decide_role(
                signals,
                extraction.skills,
                tax,
                self.book,
                jd.title_aliases,
                jd.title_core,
                jd.text_hash,
                len(sentences),
            )
            if llm is not None and decision.tie_break == "llm":
                decision = llm.tie_break(decision, signals, jd, skills=extraction.skills, tax=tax, book=self.book)
            post, centroid, reviews = plan_updates(
                decision, extraction, signals, sentences, sent_vecs, jd_vec, jd.title, tax, ext["kra_candidate_below"]
            )
        result = ExtractResult(
            run_id=run_id,
            rejected=False,
            jd=jd,
            skills=extraction,
            signals=signals,
            decision=decision,
            post_classification=post,
            jd_vector=None if jd_vec is None else [round(float(x), 6) for x in jd_vec],
        )
        return _Step1(result, sentences, sent_vecs, centroid, reviews)

    def _signals(
        self,
        jd: ParsedJD,
        tax: Taxonomy,
        extraction: SkillExtraction,
        sentences: list[str],
        sent_vecs: np.ndarray,
        title_vec: np.ndarray | None,
        title_text: str | None,
        jd_vec: np.ndarray | None,
    ) -> Signals:
        """The JD's evidence from the store (KRA neighbours, centroid similarities), scored by ``score_signals``."""
        ext, dec = self.book.params("extraction"), self.book.params("role_decision")
        matches = None
        if sentences:
            matches = kra_matches(sentences, nearest_kras(self.store, sent_vecs, int(ext["kra_k"])), tax)
        centroids = None
        if jd_vec is not None:
            centroids = [
                Centroid(str(r["id"]), float(r["similarity"]), int(r["n"]))
                for r in centroid_similarities(self.store, jd_vec, int(dec["centroid_min_n"]))
            ]
        title_scores = None
        if jd.title_aliases and title_vec is not None:
            title_scores = title_vector_signal(title_text or "", title_vec, tax)
        evidence = SignalEvidence(
            title_aliases=jd.title_aliases,
            title_vector=title_scores,
            kra_matches=matches,
            sentences=len(sentences),
            skills=extraction.skills,
            centroids=centroids,
        )
        return score_signals(evidence, tax, self.book)

    # -- step 2's stages -----------------------------------------------------------------------------
    def _details(self, step1: ExtractResult, timer: _Timer) -> DetailsResult:
        ext = self.book.params("extraction")
        tax = self.taxonomy.get()
        assert step1.skills is not None
        terms = [c.text for c in step1.skills.candidates]
        evidence: dict[str, VectorEvidence] = {}
        if terms:
            with timer("embed"):
                vecs = self.embedder.encode(terms)
            with timer("knn"):
                aliases = nearest_skill_aliases(self.store, vecs, 5)
                dims = nearest_dimensions(self.store, vecs, int(ext["dimension_vector_max"]))
            evidence = {t: VectorEvidence(a, d) for t, a, d in zip(terms, aliases, dims, strict=True)}
        with timer("details"):
            return extract_details(step1.run_id, step1.decision, step1.skills, tax, evidence, ext, step1.jd_vector)


def _role(ex: ExtractResult) -> str | None:
    return ex.decision.role.slug if ex.decision and ex.decision.role else None


def _mean(vectors: np.ndarray) -> np.ndarray:
    v = vectors.mean(axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v
