"""Sparse JDs: fields the rules find too thin fall back to the chosen role's baseline, and say so."""

from __future__ import annotations

import pytest

from taxo.engine.enrich.sparse import FIELDS, decide
from taxo.rules import RuleBook
from tests.engine.enrich.conftest import Enriched

RICH = {
    "word_count": 500,
    "work_sentences": 8,
    "responsibility_sentences": 8,
    "skills_found": 15,
    "primary_skills": 10,
    "maturity_skills": 15,
    "ai_factors_true": 0,
    "nature_similarity": 0.85,
}

# (changes to a rich JD's facts, the JD's label, the fields that must be found sparse)
TABLE = [
    ({}, False, set()),
    ({"word_count": 50}, True, set()),
    (
        {
            "skills_found": 2,
            "primary_skills": 2,
            "maturity_skills": 2,
            "work_sentences": 1,
            "responsibility_sentences": 1,
        },
        True,
        {"tech_stack_maturity", "ai_index"},
    ),
    (
        {"work_sentences": 0, "responsibility_sentences": 0, "nature_similarity": 0.0},
        False,
        {"nature_of_work", "kra_description"},
    ),
    ({"responsibility_sentences": 0}, False, {"kra_description"}),
    ({"responsibility_sentences": 0, "word_count": 50}, True, {"kra_description", "nature_of_work"}),
    ({"nature_similarity": 0.6}, False, {"nature_of_work"}),
    ({"maturity_skills": 2}, False, {"tech_stack_maturity"}),
    ({"skills_found": 3}, False, {"ai_index"}),
    ({"skills_found": 3, "ai_factors_true": 1}, False, set()),
    (
        {
            "word_count": 30,
            "work_sentences": 0,
            "responsibility_sentences": 0,
            "skills_found": 0,
            "primary_skills": 0,
            "maturity_skills": 0,
            "nature_similarity": 0.0,
        },
        True,
        set(FIELDS),
    ),
]


@pytest.mark.parametrize(("change", "label", "sparse"), TABLE, ids=[str(t[0]) or "rich" for t in TABLE])
def test_truth_table(rulebook: RuleBook, change: dict, label: bool, sparse: set[str]) -> None:
    got = decide(rulebook, {**RICH, **change})
    assert got.jd.then["sparse"] is label
    assert got.facts["jd_sparse"] is label
    assert {f for f, d in got.fields.items() if d.then["sparse"]} == sparse
    for f, d in got.fields.items():
        assert d.rule_id.startswith("SPARSE.") and d.rules_version == rulebook.version and d.reasoning
        assert d.rule_id == "SPARSE.field.enough" or d.then["sparse"], f


def test_a_sparse_jd_falls_back_to_the_role_baseline(enriched: dict[str, Enriched]) -> None:
    run = enriched["sparse-python"]
    e = run.enrichment
    assert e.role is not None and e.role.slug == "python-backend-developer"
    assert e.sparse.is_sparse and e.sparse.rule_id == "SPARSE.jd.too-short"
    assert e.sparse.baseline_available and e.sparse.baseline_role == e.role
    assert all(f.sparse and f.fell_back for f in e.sparse.fields)
    assert e.sources.model_dump() == {
        "nature_of_work": "role_baseline",
        "tech_stack_maturity": "role_baseline",
        "ai_index": "role_baseline",
        "evidence": "jd",
        "skill_clusters": "jd",
        "kra_description": "role_baseline",
    }
    role = run.tax.roles["python-backend-developer"]
    n = e.nature_of_work
    assert n.category is not None and n.quote is None and n.summary_method == "role_description"
    assert n.summary and n.summary in (role.description or "")
    assert n.note and "Python Backend Developer baseline" in n.note
    kras = {k.text for k in run.tax.kras.values() if k.role == "python-backend-developer"}
    assert e.kra_description.sentences and set(e.kra_description.sentences) <= kras
    assert e.tech_stack_maturity.label is not None
    assert "Python Backend Developer role" in e.tech_stack_maturity.reasoning
    assert e.ai_index.source == "role_baseline" and "baseline" in e.ai_index.reasoning
    assert all(f.quote is None for f in e.ai_index.factors)  # role facts are not JD text
    assert len(e.sparse.reasons) == 1 + len(FIELDS)  # why the JD and each field were found sparse


def test_only_the_thin_fields_fall_back(enriched: dict[str, Enriched]) -> None:
    """Requirements only: plenty of skills, no description of the work."""
    e = enriched["requirements-only"].enrichment
    assert e.role is not None
    assert e.sources.nature_of_work == "role_baseline" and e.sources.kra_description == "role_baseline"
    assert e.sources.tech_stack_maturity == "jd" and e.sources.ai_index == "jd"
    fields = {f.field: f for f in e.sparse.fields}
    assert fields["nature_of_work"].rule_id == "SPARSE.nature.no-sentences"
    assert fields["kra_description"].rule_id == "SPARSE.kra.no-responsibilities"
    assert fields["tech_stack_maturity"].rule_id == fields["ai_index"].rule_id == "SPARSE.field.enough"
    assert e.tech_stack_maturity.label in ("Modern Cloud Native", "Mainstream Modern")


def test_without_a_chosen_role_there_is_no_baseline_and_it_says_so(enriched: dict[str, Enriched]) -> None:
    run = enriched["sparse-untitled"]
    e = run.enrichment
    assert run.record.case == "NEW_ROLE" and e.role is None
    assert e.sparse.is_sparse and not e.sparse.baseline_available and e.sparse.baseline_role is None
    assert all(f.sparse and not f.fell_back for f in e.sparse.fields)
    assert all(v == "jd" for v in e.sources.model_dump().values())
    assert "No role baseline" in (e.nature_of_work.note or "")
    assert "No role baseline" in (e.kra_description.note or "")
    assert "No role baseline" in e.tech_stack_maturity.reasoning and "No role baseline" in e.ai_index.reasoning
    assert e.tech_stack_maturity.label is None and e.evidence == [] and e.skill_clusters == []
    assert any("NEW_ROLE" in n for n in e.notes)
