"""An ML-engineering JD and a plain CRUD web JD get clearly different AI indices and maturity labels."""

from __future__ import annotations

import pytest

from taxo.app.runs import RunService
from taxo.engine.enrich import enrich
from taxo.rules import RuleBook
from tests.engine.enrich.conftest import Enriched


def test_ai_index_differs_clearly(enriched: dict[str, Enriched]) -> None:
    ml, crud = enriched["ml-engineering"].enrichment.ai_index, enriched["crud-web"].enrichment.ai_index
    assert ml.source == crud.source == "jd"
    assert ml.score >= 4.0 and ml.band == "dependent" and ml.rule_id == "AI.dependent"
    assert crud.score == 0.0 and crud.band == "none" and crud.rule_id == "AI.none"
    assert ml.score - crud.score >= 4.0
    assert ml.reasoning != crud.reasoning and "depends on AI" in ml.reasoning and "No AI factor" in crud.reasoning
    by = {f.name: f for f in ml.factors}
    assert by["title_match"].value and by["title_match"].quote == "Senior Machine Learning Engineer"
    assert by["ai_skill_primary"].value and "Machine Learning" in (by["ai_skill_primary"].evidence or "")
    assert by["on_ai_team"].value and "Applied AI team" in (by["on_ai_team"].quote or "")
    assert by["builds_ai_products"].value and by["builds_ai_products"].quote
    assert not any(f.value for f in crud.factors) and all(f.evidence for f in crud.factors)


def test_maturity_differs_clearly(enriched: dict[str, Enriched]) -> None:
    ml = enriched["ml-engineering"].enrichment.tech_stack_maturity
    crud = enriched["crud-web"].enrichment.tech_stack_maturity
    assert ml.source == crud.source == "jd"
    assert ml.label in ("Modern Cloud Native", "Cutting Edge")
    assert crud.label in ("Mainstream", "Legacy")
    assert ml.reasoning.startswith(f"{ml.label}:") and crud.reasoning.startswith(f"{crud.label}:")
    ml_driving = {s.slug for s in ml.skills}
    assert ml_driving & {"kubernetes", "kubeflow", "docker", "large-language-models", "langchain", "amazon-sagemaker"}
    assert all(s.maturity in ("CLOUD_NATIVE", "CUTTING_EDGE") for s in ml.skills)
    assert {s.slug for s in crud.skills} & {"php", "mysql", "jquery", "html", "css", "bootstrap"}
    modern = ("MODERN", "CLOUD_NATIVE", "CUTTING_EDGE")
    assert sum(ml.distribution[t] for t in modern) > 0.5 > sum(crud.distribution[t] for t in modern)


def test_nature_of_work_differs(enriched: dict[str, Enriched]) -> None:
    ml, crud = enriched["ml-engineering"].enrichment, enriched["crud-web"].enrichment
    assert ml.nature_of_work.category == "ml-and-ai-development"
    assert crud.nature_of_work.category != ml.nature_of_work.category
    assert ml.role is not None and ml.role.slug == "ml-engineer"
    assert any(c.dimension == "machine-learning" for c in ml.skill_clusters)


@pytest.mark.slow
def test_nature_of_work_with_the_real_model(
    enriched: dict[str, Enriched], rulebook: RuleBook, enrich_pipeline: RunService
) -> None:
    """With all-MiniLM-L6-v2 (the production embedder) the categories are the obvious ones."""
    from taxo.core.embeddings import MiniLMEmbedder

    model = MiniLMEmbedder()
    got = {}
    for name in ("ml-engineering", "crud-web", "php-games"):
        run = enriched[name]
        assert run.record.extract is not None
        e = enrich(run.record.extract, run.record.details, run.tax, model, rulebook)
        assert e.nature_of_work.source == "jd" and e.nature_of_work.similarity and e.nature_of_work.similarity >= 0.7
        got[name] = e.nature_of_work.category
    assert got == {
        "ml-engineering": "ml-and-ai-development",
        "crud-web": "data-access-and-persistence",
        "php-games": "architecture-and-system-design",
    }
