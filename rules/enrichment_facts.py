"""Facts, params and outcomes of the enrichment rulesets (AI index, sparse-JD fallback).

Merged into ``taxo.rules.facts`` and ``taxo.rules.spec`` so rule files of these rulesets are validated like the
others. The engine side is ``taxo.engine.enrich`` (``ai_index.py`` and ``sparse.py`` derive exactly these facts).

- ``ai_index``: the score is arithmetic (the capped sum of the weights of the true factors, weights being
  params of ``rules/ai_index.yaml``); the rules name the band of the score and its reasoning.
- ``sparse_jd``: asked once for the JD as a whole (``field: jd``, the "sparse JD" label), then once per
  enrichment field with that answer as ``jd_sparse``; a field whose rule says ``sparse`` falls back to
  the chosen role's baseline.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from taxo.rules.facts import Fact, Param

#: The six factors of the AI index, in display order.
AI_FACTORS: tuple[str, ...] = (
    "title_match",
    "has_ai_skill",
    "ai_skill_primary",
    "ai_skill_secondary",
    "on_ai_team",
    "builds_ai_products",
)
#: The top of the AI index scale (0 = no AI use, 5 = AI-dependent).
AI_MAX_SCORE = 5.0
#: What ``sparse_jd`` is asked about: the JD as a whole, then each field that can fall back.
SPARSE_FIELDS: tuple[str, ...] = ("jd", "nature_of_work", "tech_stack_maturity", "ai_index", "kra_description")

_COUNT = (0, 1_000_000)

AI_INDEX: dict[str, Fact] = {
    "title_match": Fact("bool", "the title names AI/ML work (a term of seeds/enrichment/ai-vocabulary.yaml)"),
    "has_ai_skill": Fact("bool", "the JD names at least one AI skill of the taxonomy"),
    "ai_skill_primary": Fact("bool", "an AI skill is a must-have or responsibility mention"),
    "ai_skill_secondary": Fact("bool", "an AI skill is mentioned as optional / nice-to-have / context only"),
    "on_ai_team": Fact("bool", "the JD places the role on an AI/ML team (a team phrase, quoted)"),
    "builds_ai_products": Fact("bool", "the work builds AI/ML products or models (a product phrase, quoted)"),
    "score": Fact("float", "capped sum of the weights of the true factors", 0.0, AI_MAX_SCORE),
    "true_factors": Fact("int", "how many of the six factors are true", 0, len(AI_FACTORS)),
    "factor_names": Fact("str", "the true factors, comma-separated ('none' if none)"),
    "basis": Fact("str", "what the facts were read from: 'the JD' or 'the <role> baseline'"),
}

SPARSE_JD: dict[str, Fact] = {
    "field": Fact("str", "what is asked about: jd (the whole JD) or an enrichment field"),
    "jd_sparse": Fact("bool", "the answer for the JD as a whole (always false when field is jd)"),
    "word_count": Fact("int", "words in the JD", *_COUNT),
    "work_sentences": Fact(
        "int", "sentences (4+ words) describing the work: responsibilities, else intro/other text", *_COUNT
    ),
    "responsibility_sentences": Fact("int", "sentences (4+ words) in responsibility sections", *_COUNT),
    "skills_found": Fact("int", "canonical skills matched in the JD", *_COUNT),
    "primary_skills": Fact("int", "of those, must-have or responsibility mentions", *_COUNT),
    "maturity_skills": Fact("int", "matched skills that carry maturity data", *_COUNT),
    "ai_factors_true": Fact("int", "AI-index factors found true in the JD", 0, len(AI_FACTORS)),
    "nature_similarity": Fact("float", "best similarity of a work sentence to a nature-of-work category", 0.0, 1.0),
}

CATALOG: dict[str, dict[str, Fact]] = {"ai_index": AI_INDEX, "sparse_jd": SPARSE_JD}


def _weight(factor: str) -> Param:
    return Param(0, AI_MAX_SCORE, f"AI-index points when '{factor}' is true")


ENGINE_PARAMS: dict[str, dict[str, Param]] = {
    "ai_index": {
        **{f"weight_{f}": _weight(f) for f in AI_FACTORS},
        "ai_dimension_share": Param(
            0, 1, "role baseline: a dimension counts as an AI dimension when this share of its skills are AI skills"
        ),
        "baseline_primary_share": Param(
            0, 1, "role baseline: AI skills are primary to the role from this share of its skills"
        ),
        "baseline_secondary_share": Param(0, 1, "role baseline: AI skills are secondary to the role from this share"),
    },
    "sparse_jd": {},
}

PARAMS_ONLY: frozenset[str] = frozenset()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


AiBand = Literal["none", "incidental", "supporting", "core", "dependent"]


class AiIndexThen(_Strict):
    """Outcome of an AI-index rule: the band of the score and its label."""

    band: AiBand
    label: str = Field(min_length=3, max_length=80)


class SparseJdThen(_Strict):
    """Outcome of a sparse-JD rule: does the JD give too little for this field (or as a whole)?"""

    sparse: bool


THEN_MODELS: dict[str, type[BaseModel]] = {"ai_index": AiIndexThen, "sparse_jd": SparseJdThen}
REQUIRED: tuple[str, ...] = ("ai_index", "sparse_jd")
