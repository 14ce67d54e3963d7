"""Markdown and JSON rendering of eval results."""

from __future__ import annotations

import json

import pytest

from taxo.app.evaluation.report import (
    eval_report_dict,
    md_cell,
    md_table,
    render_eval_report,
    render_role_scores,
    render_span_report,
)
from taxo.app.evaluation.scoring import NEW_ROLE, RoleOutcome, Span, SpanDoc, aggregate_span_scores, score_roles


def _skills(hit: bool):
    predicted = [Span(0, 4, "Java")] if hit else [Span(5, 10, "C|D")]
    docs = [
        SpanDoc("a", [Span(0, 4, "Java", "KNOWLEDGE"), Span(20, 24, "Grit", "SKILL")], predicted, "tech"),
        SpanDoc("b", [Span(0, 3, "SQL", "KNOWLEDGE")], [], "house"),
    ]
    return aggregate_span_scores(docs, labels={"KNOWLEDGE"})


def _roles(good: bool):
    return score_roles(
        [
            RoleOutcome(
                "1",
                ("java-backend-developer", "backend-engineer"),
                False,
                "A",
                "java-backend-developer" if good else "php-backend-developer",
                "tech",
            ),
            RoleOutcome("2", None, True, NEW_ROLE, None, "house"),
        ]
    )


def test_md_cell_escapes_and_flattens() -> None:
    assert md_cell("a|b\nc") == "a\\|b c"
    assert md_cell("`x`") == "\\`x\\`"
    assert md_table(["h1", "h2"], [[1, "x"]], "rl") == "| h1 | h2 |\n| ---: | --- |\n| 1 | x |"


def test_span_section_has_overall_sources_and_errors() -> None:
    md = render_span_report(_skills(hit=False), heading="KNOWLEDGE / with title")
    assert "### KNOWLEDGE / with title (KNOWLEDGE)" in md
    assert "| overall | 2 | 2 | 1 | 0.000 | 0.000 | 0.000 | 0.000 | 0.000 | 0.000 |" in md
    assert "| source: house | 1 | 1 | 0 |" in md
    assert "| 1 | java | 1 | c\\|d | 1 |" in md  # misses and false positives side by side, pipe escaped
    assert "| 2 | sql | 1 |  |  |" in md


def test_role_section_tables() -> None:
    md = render_role_scores(_roles(good=False), heading="with title")
    assert "| 2 | 2 | 0 | 1 | 0.500 | 0.500 |" in md
    assert "| A | 1 | 0 | 0.000 |" in md
    assert "| DOMAIN | 0 | 0 | n/a |" in md  # no predictions in that case: undefined, not 0
    assert "| 1 | 0 | 0 | 1.000 | 1.000 | 1.000 |" in md  # NEW_ROLE tp fp fn P R F1
    assert "| backend-engineer\\|java-backend-developer | php-backend-developer | 1 |" in md


def test_full_report_headline_with_baseline_ratio() -> None:
    md = render_eval_report(
        skills={"KNOWLEDGE": _skills(hit=True), "baseline KNOWLEDGE": _skills(hit=False)},
        roles={"with title": _roles(good=True), "baseline": _roles(good=False)},
        baselines={"KNOWLEDGE": "baseline KNOWLEDGE", "with title": "baseline"},
        preamble="Data: SkillSpan dev.",
    )
    assert md.startswith("# taxo eval\n\nData: SkillSpan dev.\n\n## Headline")
    assert "| roles: with title | top-1 accuracy | 1.000 | 0.500 | 2.00 |" in md
    assert "| skills: KNOWLEDGE | F1 (overlap) | 0.667 | 0.000 | n/a |" in md  # baseline 0: ratio undefined
    assert "| roles: baseline |" not in md  # baselines only appear as the reference column
    assert md.count("## Skill extraction") == 1 and md.count("## Role resolution") == 1
    assert md.endswith("\n")


def test_report_dict_is_json_ready_with_ratios() -> None:
    data = eval_report_dict(
        skills={"k": _skills(hit=True), "b": _skills(hit=False)},
        roles={"r": _roles(good=True), "rb": _roles(good=False)},
        baselines={"k": "b", "r": "rb"},
    )
    assert json.loads(json.dumps(data)) == data
    assert data["ratios"]["roles"]["r"]["top-1 accuracy"] == pytest.approx(2.0)
    assert data["ratios"]["skills"]["k"]["F1 (overlap)"] is None
    assert data["skills"]["k"]["overall"]["overlap"]["tp"] == 1


def test_baseline_must_be_the_same_kind_of_run() -> None:
    with pytest.raises(ValueError):
        render_eval_report(skills={"k": _skills(hit=True)}, roles={"r": _roles(good=True)}, baselines={"k": "r"})
