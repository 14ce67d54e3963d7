"""Client output enrichment: a short per-JD profile beside the role.

``enrich(extract, details, tax, embedder, book)`` returns an ``Enrichment``: nature of work, tech-stack
maturity, AI index, evidence, role-scoped skill clusters and KRA description, each with its source
(``jd``, or ``role_baseline`` where the ``sparse_jd`` rules found the JD too thin for that field).

Pure apart from embedding (the JD's work sentences, the curated exemplars and a role's KRAs; the last two
cached per process) and deterministic. Not for rejected JDs (the caller returns None for those).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

from taxo.core.embeddings import Embedder
from taxo.engine.enrich import ai_index as ai_mod
from taxo.engine.enrich import clusters as cluster_mod
from taxo.engine.enrich import maturity as maturity_mod
from taxo.engine.enrich import nature_of_work as nature_mod
from taxo.engine.enrich.baseline import RoleBaseline, role_baseline
from taxo.engine.enrich.catalog import nature_catalog, vocabulary
from taxo.engine.enrich.sparse import FIELDS, decide, sparse_facts
from taxo.engine.enrich.text import responsibility_sentences, vectors_for, work_sentences
from taxo.engine.models.decision import RoleRef
from taxo.engine.models.details import DetailsResult
from taxo.engine.models.enrichment import (
    CROSS_CUTTING,
    ENRICHMENT_VERSION,
    AiIndex,
    Enrichment,
    FieldSparsity,
    KraDescription,
    NatureOfWork,
    Sources,
    Sparsity,
    TechStackMaturity,
)
from taxo.engine.models.run import ExtractResult
from taxo.engine.taxonomy import Taxonomy
from taxo.rules import RuleBook

__all__ = ["CROSS_CUTTING", "ENRICHMENT_VERSION", "Enrichment", "Summarizer", "enrich"]

#: Optional generated summary: (category name, the JD's work sentences) -> one sentence, or None to keep the
#: extractive one. An LLM client plugs in here; the quote and summary_sentences stay the JD's own words.
Summarizer = Callable[[str, list[str]], "str | None"]
F = TypeVar("F", NatureOfWork, TechStackMaturity, AiIndex, KraDescription)


def _kra_from_jd(responsibilities: list[str]) -> KraDescription:
    if not responsibilities:
        return KraDescription(text=None, sentences=[], source="jd", note="The JD has no responsibility section.")
    return KraDescription(text="\n".join(f"• {s}" for s in responsibilities), sentences=responsibilities, source="jd")


def enrich(
    extract: ExtractResult,
    details: DetailsResult | None,
    tax: Taxonomy,
    embedder: Embedder,
    book: RuleBook,
    sentence_vectors: np.ndarray | None = None,
    *,
    sentences: Sequence[str] | None = None,
    curated_dir: Path | None = None,
    summarizer: Summarizer | None = None,
) -> Enrichment:
    """The enrichment of one processed (not rejected) JD.

    ``sentences``/``sentence_vectors``: sentences the caller already embedded with ``embedder`` (step 1's
    KRA sentences) and their vectors, row for row; rows whose text is a work sentence are reused, the rest
    is embedded here. ``curated_dir`` overrides ``seeds/enrichment`` (tests). ``summarizer`` (an LLM, when
    one is configured) may replace the extractive summary of a JD-sourced nature of work.
    """
    if extract.rejected:
        raise ValueError(f"run {extract.run_id}: a rejected JD has no enrichment")
    jd = extract.jd
    decision = extract.decision
    role = decision.role.slug if decision and decision.role and decision.role.slug in tax.roles else None
    role_ref = RoleRef(slug=role, display_name=tax.roles[role].name) if role else None
    catalog = nature_catalog(curated_dir)
    vocab = vocabulary(curated_dir)

    # -- from the JD ---------------------------------------------------------------------------------------
    items = cluster_mod.evidence(extract, details, tax)
    skill_clusters = cluster_mod.clusters(items, tax, role)
    work = work_sentences(jd)
    responsibilities = responsibility_sentences(jd)
    vectors = vectors_for(work, embedder, sentences, sentence_vectors)
    nature, nature_sim = nature_mod.from_jd(work, vectors, catalog, embedder)
    if summarizer is not None and nature.category_name and work:
        generated = (summarizer(nature.category_name, work) or "").strip()
        if generated:
            nature = nature.model_copy(update={"summary": generated, "summary_method": "llm"})
    weighed = maturity_mod.weigh((tax.skills[e.canonical_slug], e.primary) for e in items)
    mat = maturity_mod.assess(weighed, "jd", "the JD")
    factors = ai_mod.jd_factors(jd, items, vocab)
    ai = ai_mod.index(factors, book, "the JD", "jd")
    kra = _kra_from_jd(responsibilities)

    # -- sparse fields fall back to the role baseline ----------------------------------------------------------
    facts = sparse_facts(
        jd, work, responsibilities, items, len(weighed), sum(f.value for f in factors.values()), nature_sim
    )
    answers = decide(book, facts)
    rows: list[FieldSparsity] = []
    baseline: list[RoleBaseline] = []  # computed on the first sparse field, at most once
    case = decision.case if decision else None

    def pick(field: str, own: F) -> F:
        d = answers.fields[field]
        sparse = bool(d.then["sparse"])
        value, fell_back = own, False
        if sparse and role is not None:
            if not baseline:
                baseline.append(role_baseline(tax, role, embedder, book, catalog, vocab))
            value, fell_back = _with_note(getattr(baseline[0], field), d.reasoning), True
        elif sparse:
            value = _with_note(
                own,
                f"{d.reasoning} No role baseline: no role was chosen ({case or 'no decision'}); "
                "the JD's value is kept.",
            )
        rows.append(
            FieldSparsity(
                field=field,
                sparse=sparse,
                rule_id=d.rule_id,
                reasoning=d.reasoning,
                fell_back=fell_back,
            )
        )
        return value

    nature = pick("nature_of_work", nature)
    mat = pick("tech_stack_maturity", mat)
    ai = pick("ai_index", ai)
    kra = pick("kra_description", kra)
    assert [r.field for r in rows] == list(FIELDS)
    notes = (
        []
        if role
        else [f"No chosen role ({case or 'no decision'}): no role baseline, and every skill is cross-cutting."]
    )
    reasons = [d.reasoning for d in [answers.jd, *answers.fields.values()] if d.then["sparse"]]
    sparsity = Sparsity(
        is_sparse=bool(answers.jd.then["sparse"]),
        rule_id=answers.jd.rule_id,
        reasoning=answers.jd.reasoning,
        reasons=reasons,
        fields=rows,
        baseline_role=role_ref,
        baseline_available=role is not None,
        rules_version=answers.jd.rules_version,
        facts=answers.facts,
    )
    return Enrichment(
        version=ENRICHMENT_VERSION,
        role=role_ref,
        case=case,
        nature_of_work=nature,
        tech_stack_maturity=mat,
        ai_index=ai,
        evidence=items,
        skill_clusters=skill_clusters,
        kra_description=kra,
        sparse=sparsity,
        sources=Sources(
            nature_of_work=nature.source, tech_stack_maturity=mat.source, ai_index=ai.source, kra_description=kra.source
        ),
        notes=notes,
    )


def _with_note[F: (NatureOfWork, TechStackMaturity, AiIndex, KraDescription)](value: F, note: str) -> F:
    """The field with the sparse rule's reasoning in front of its own note (or reasoning)."""
    if isinstance(value, AiIndex | TechStackMaturity):
        return value.model_copy(update={"reasoning": f"{note} {value.reasoning}"})
    return value.model_copy(update={"note": f"{note} {value.note}" if value.note else note})
