"""The skill signal: specificity-weighted coverage, technologies above concepts, must-haves above nice-to-haves."""

from __future__ import annotations

import pytest

from taxo.engine.models.skills import ExtractedSkill, MatchType
from taxo.engine.signals.skill import skill_signal
from taxo.engine.taxonomy import TECH_NATURES, Taxonomy, load_taxonomy
from taxo.graph.backends.falkordb import FalkorDBStore


@pytest.fixture(scope="module")
def tax(seeded_template: FalkorDBStore) -> Taxonomy:
    return load_taxonomy(seeded_template)


def _skill(tax: Taxonomy, slug: str, primary: bool = True) -> ExtractedSkill:
    info = tax.skills[slug]
    return ExtractedSkill(
        text=info.name, canonical_slug=slug, name=info.name, primary=primary, match=MatchType.EXACT, mentions=[]
    )


def _scores(tax: Taxonomy, skills: list[ExtractedSkill], **kw: float) -> dict[str, float]:
    return {r.slug: r.score for r in skill_signal(skills, tax, 0.25, **kw)}


def test_a_data_stack_scores_data_engineer_above_backend(tax: Taxonomy) -> None:
    skills = [_skill(tax, s) for s in ("pyspark", "apache-hive", "apache-hadoop", "apache-kafka", "sql")]
    scores = _scores(tax, skills)
    assert scores["data-engineer"] > scores.get("backend-engineer", 0.0)


def test_a_technology_outweighs_a_concept(tax: Taxonomy) -> None:
    tech, concept = tax.skills["pyspark"], tax.skills["event-driven-architecture"]
    assert tech.nature in TECH_NATURES and concept.nature not in TECH_NATURES
    skills = [_skill(tax, "pyspark"), _skill(tax, "event-driven-architecture")]
    even = _scores(tax, skills, concept_weight=1.0)
    tilted = _scores(tax, skills, concept_weight=0.5)
    data, backend = "data-engineer", "backend-engineer"
    assert tilted[data] - tilted.get(backend, 0.0) > even[data] - even.get(backend, 0.0)


def test_a_nice_to_have_counts_less_than_a_must_have(tax: Taxonomy) -> None:
    must = _scores(tax, [_skill(tax, "pyspark"), _skill(tax, "react", primary=False)], secondary_weight=0.7)
    flipped = _scores(tax, [_skill(tax, "pyspark", primary=False), _skill(tax, "react")], secondary_weight=0.7)
    assert must["data-engineer"] > flipped["data-engineer"]
    assert must["frontend-engineer"] < flipped["frontend-engineer"]
