"""AI index: truth table of the factors (each alone and combined) through the engine's scoring and the
committed rules, and the evidence each factor is read from."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from taxo.engine.enrich.ai_index import FactorValue, index, jd_factors, role_factors, score
from taxo.engine.enrich.catalog import vocabulary
from taxo.engine.models.enrichment import EvidenceItem
from taxo.engine.parse import parse_jd
from taxo.rules import RuleBook
from taxo.rules.enrichment_facts import AI_FACTORS, AI_MAX_SCORE
from tests.conftest import REPO_ROOT
from tests.engine.enrich.conftest import Enriched

# factors true -> expected band (with the committed weights)
TABLE = [
    ((), "none", "AI.none"),
    (("title_match",), "supporting", "AI.supporting"),
    (("has_ai_skill",), "incidental", "AI.incidental"),
    (("ai_skill_primary",), "supporting", "AI.supporting"),
    (("ai_skill_secondary",), "incidental", "AI.incidental"),
    (("on_ai_team",), "incidental", "AI.incidental"),
    (("builds_ai_products",), "supporting", "AI.supporting"),
    (("has_ai_skill", "ai_skill_secondary"), "incidental", "AI.incidental"),
    (("has_ai_skill", "ai_skill_primary"), "supporting", "AI.supporting"),
    (("title_match", "has_ai_skill", "ai_skill_primary"), "core", "AI.core"),
    (("on_ai_team", "builds_ai_products"), "supporting", "AI.supporting"),
    (("has_ai_skill", "ai_skill_primary", "ai_skill_secondary", "on_ai_team"), "core", "AI.core"),
    (("title_match", "has_ai_skill", "ai_skill_primary", "ai_skill_secondary", "on_ai_team"), "core", "AI.core"),
    (("title_match", "has_ai_skill", "ai_skill_primary", "builds_ai_products"), "dependent", "AI.dependent"),
    (AI_FACTORS, "dependent", "AI.dependent"),
]


def _factors(true: tuple[str, ...]) -> dict[str, FactorValue]:
    return {f: FactorValue(f in true, f"{f} is {f in true}") for f in AI_FACTORS}


@pytest.mark.parametrize(("true", "band", "rule"), TABLE, ids=[" + ".join(t[0]) or "none" for t in TABLE])
def test_truth_table(rulebook: RuleBook, true: tuple[str, ...], band: str, rule: str) -> None:
    params = rulebook.params("ai_index")
    got = index(_factors(true), rulebook, "the JD", "jd")
    expected = round(min(AI_MAX_SCORE, sum(params[f"weight_{f}"] for f in true)), 2)
    assert got.score == expected == score(_factors(true), params)
    assert (got.band, got.rule_id, got.rules_version) == (band, rule, rulebook.version)
    assert [f.value for f in got.factors] == [f in true for f in AI_FACTORS]
    assert [f.contribution for f in got.factors] == [params[f"weight_{f}"] if f in true else 0.0 for f in AI_FACTORS]
    assert f"{got.score:.2f}" in got.reasoning
    for f in true:
        assert f in got.reasoning


def test_each_factor_alone_raises_the_score_by_its_weight(rulebook: RuleBook) -> None:
    params = rulebook.params("ai_index")
    for f in AI_FACTORS:
        assert index(_factors((f,)), rulebook, "the JD", "jd").score == params[f"weight_{f}"] > 0


def test_the_score_is_capped_at_five(rulebook: RuleBook) -> None:
    params = rulebook.params("ai_index")
    assert sum(params[f"weight_{f}"] for f in AI_FACTORS) > AI_MAX_SCORE
    assert index(_factors(AI_FACTORS), rulebook, "the JD", "jd").score == AI_MAX_SCORE


def test_the_rule_truth_table_uses_the_committed_weights(rulebook: RuleBook) -> None:
    """rules/cases/ai_index.yaml gives scores as facts: they must be what the engine computes."""
    params = rulebook.params("ai_index")
    table = yaml.safe_load((REPO_ROOT / "rules" / "cases" / "ai_index.yaml").read_text())
    for case in table["cases"]:
        facts = case["facts"]
        true = tuple(f for f in AI_FACTORS if facts[f])
        assert facts["score"] == score(_factors(true), params), case["name"]
        assert facts["true_factors"] == len(true), case["name"]


# -- evidence -----------------------------------------------------------------------------------------


def _jd(text: str, title: str | None = None):  # noqa: ANN202
    jd = parse_jd(text, title)
    assert jd.jd_type == "pass", jd.reject_detail
    return jd


BODY = (
    "About us\nWe are a logistics company with offices in five countries and a friendly culture.\n\n"
    "Responsibilities\n- Build and maintain the services behind our delivery tracking platform.\n"
    "- Work with product managers to plan new features for our customers.\n\n"
    "Requirements\n- Experience with machine learning models is a plus.\n- Three years of Python experience.\n"
)


@pytest.mark.parametrize(
    ("title", "hit"),
    [
        ("Machine Learning Engineer", "Machine Learning"),
        ("Senior AI/ML Engineer", "AI/ML"),
        ("Data Scientist", "Data Scientist"),
        ("GenAI Developer", "GenAI"),
        ("Software Engineer", None),
        ("Email Marketing Specialist", None),
        ("Mumbai Backend Developer", None),
        ("HTML Developer", None),
    ],
)
def test_title_match(title: str, hit: str | None) -> None:
    f = jd_factors(_jd(BODY, title), [], vocabulary())["title_match"]
    assert f.value == (hit is not None)
    if hit:
        assert f.evidence and hit in f.evidence


def test_phrases_in_requirements_or_legal_text_do_not_count() -> None:
    text = BODY + (
        "\nEqual opportunity\nWe may use AI-powered tools and large language models to screen applications. "
        "We are an equal opportunity employer.\n"
    )
    f = jd_factors(_jd(text, "Backend Developer"), [], vocabulary())
    assert not f["builds_ai_products"].value and not f["on_ai_team"].value


def test_team_and_product_phrases_quote_their_sentence() -> None:
    text = BODY.replace(
        "We are a logistics company", "You will join our Machine Learning Platform team at a logistics company"
    )
    text = text.replace("Build and maintain the services", "Build AI-powered services")
    jd = _jd(text, "Backend Developer")
    f = jd_factors(jd, [], vocabulary())
    team, product = f["on_ai_team"], f["builds_ai_products"]
    assert team.value and team.quote and "Machine Learning Platform team" in team.quote and team.quote in jd.clean_text
    assert product.value and product.quote and "AI-powered" in product.quote and product.quote in jd.clean_text


def _item(slug: str, primary: bool, ai: bool, sentence: str) -> EvidenceItem:
    return EvidenceItem(
        skill=slug.title(), canonical_slug=slug, mention=slug, sentence=sentence, primary=primary, ai=ai, via="exact"
    )


def test_ai_skills_primary_and_secondary() -> None:
    jd = _jd(BODY, "Backend Developer")
    v = vocabulary()
    only_optional = jd_factors(jd, [_item("python", True, False, "x"), _item("machine-learning", False, True, "y")], v)
    assert only_optional["has_ai_skill"].value and only_optional["ai_skill_secondary"].value
    assert not only_optional["ai_skill_primary"].value
    required = jd_factors(jd, [_item("pytorch", True, True, "z")], v)
    assert required["has_ai_skill"].value and required["ai_skill_primary"].value
    assert not required["ai_skill_secondary"].value and required["ai_skill_primary"].quote == "z"
    none = jd_factors(jd, [_item("python", True, False, "x")], v)
    assert not any(none[f].value for f in ("has_ai_skill", "ai_skill_primary", "ai_skill_secondary"))


def test_role_baseline_factors(enriched: dict[str, Enriched], rulebook: RuleBook) -> None:
    tax = enriched["ml-engineering"].tax
    params, v = rulebook.params("ai_index"), vocabulary()
    ml = role_factors(tax, "ml-engineer", v, params)
    assert ml["has_ai_skill"].value and ml["ai_skill_primary"].value and ml["on_ai_team"].value
    php = role_factors(tax, "php-backend-developer", v, params)
    assert not any(f.value for f in php.values())
    assert index(ml, rulebook, "the baseline", "role_baseline").score >= 4
    assert index(php, rulebook, "the baseline", "role_baseline").score == 0


def test_vocabulary_file_is_where_the_phrases_live() -> None:
    path = Path(REPO_ROOT / "seeds" / "enrichment" / "ai-vocabulary.yaml")
    data = yaml.safe_load(path.read_text())
    assert {"title_terms", "team_patterns", "product_patterns"} <= set(data)
