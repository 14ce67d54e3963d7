"""Sparse JDs: the ``sparse_jd`` rules judge the JD as a whole and each field that can fall back."""

from __future__ import annotations

from dataclasses import dataclass

from taxo.engine.models.enrichment import EvidenceItem
from taxo.engine.parse.model import ParsedJD
from taxo.rules import Decision, RuleBook

#: The fields that fall back to the role baseline when the rules find them sparse.
FIELDS = ("nature_of_work", "tech_stack_maturity", "ai_index", "kra_description")


@dataclass(frozen=True)
class SparseDecisions:
    """The rules' answers: the JD as a whole, then per field."""

    facts: dict[str, float | int | bool]
    jd: Decision
    fields: dict[str, Decision]


def sparse_facts(
    jd: ParsedJD,
    work: list[str],
    responsibilities: list[str],
    items: list[EvidenceItem],
    maturity_skills: int,
    ai_factors_true: int,
    nature_similarity: float,
) -> dict[str, float | int]:
    """What the ``sparse_jd`` rules are given (``field`` is added per question)."""
    return {
        "word_count": int(jd.word_count),
        "work_sentences": len(work),
        "responsibility_sentences": len(responsibilities),
        "skills_found": len(items),
        "primary_skills": sum(1 for e in items if e.primary),
        "maturity_skills": int(maturity_skills),
        "ai_factors_true": int(ai_factors_true),
        "nature_similarity": round(float(nature_similarity), 4),
    }


def decide(book: RuleBook, facts: dict[str, float | int]) -> SparseDecisions:
    """Ask the rules about the JD as a whole, then about each field (told the first answer as ``jd_sparse``)."""
    whole = book.decide("sparse_jd", {**facts, "field": "jd", "jd_sparse": False})
    jd_sparse = bool(whole.then["sparse"])
    return SparseDecisions(
        {**facts, "jd_sparse": jd_sparse},
        whole,
        {f: book.decide("sparse_jd", {**facts, "field": f, "jd_sparse": jd_sparse}) for f in FIELDS},
    )
