"""The four features on real parsed JDs (and php-games' real step-1 result over the seeded taxonomy)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from taxo.app.runs import RunService
from taxo.core.embeddings import HashEmbedder
from taxo.engine.llm import LlmAssist
from taxo.engine.llm.tasks import missing_fields, tie_candidates
from taxo.engine.models.run import ExtractResult
from taxo.engine.parse import parse_jd
from taxo.engine.parse.model import ParsedJD
from taxo.engine.taxonomy import Taxonomy
from taxo.rules import RuleBook
from tests.conftest import example_text
from tests.engine.llm.conftest import cost
from tests.engine.llm.fake_openai import FakeOpenAI, Reply, ok

SPARSE = (Path(__file__).resolve().parent / "fixtures" / "sparse.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def php(seeded_template: Any, rulebook: RuleBook) -> Iterator[tuple[ExtractResult, Taxonomy, RuleBook]]:
    """php-games' offline step 1 (read-only) with the taxonomy and rules it used."""
    pipeline = RunService(seeded_template, HashEmbedder(), rulebook)
    record = pipeline.run(example_text("php-games"), read_only=True)
    assert record.extract is not None
    yield record.extract, pipeline.taxonomy.get(), rulebook


@pytest.fixture
def sparse() -> ParsedJD:
    jd = parse_jd(SPARSE)
    assert missing_fields(jd) == ["company", "domain", "experience", "locations"]
    return jd


# -- (a) parse -------------------------------------------------------------------------------------------------
PARSE_ANSWER = {
    "title": "Chief Everything Officer",
    "company": "Northwind Robotics",
    "domain": "Logistics",
    "domain_evidence": ["distribution centres", "supply chains"],
    "experience": {
        "min_years": 5,
        "max_years": None,
        "quote": "Five or more years building backend services in Go or Rust",
    },
    "education": [{"level": "PhD", "field": "Physics", "requirement": "required", "quote": "PhD in physics"}],
    "locations": [
        {
            "city": "Lyon",
            "state": None,
            "country": None,
            "work_mode": "hybrid",
            "quote": "working from our Lyon office three days a week",
        },
        {"city": "Paris", "state": None, "country": "France", "work_mode": None, "quote": "Lyon office"},
    ],
}


def test_parse_fills_only_empty_fields_with_verbatim_values(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str, sparse: ParsedJD
) -> None:
    fake_openai.script(model, ok(PARSE_ANSWER, prompt_tokens=1500, completion_tokens=180))
    session = make_assist().session()
    jd = session.parse(sparse)
    # filled: only what the heuristics missed, in the JD's own words
    assert jd.company == "Northwind Robotics"
    assert jd.domain is not None and jd.domain.name == "Logistics" and jd.domain.evidence == ["distribution centres"]
    assert jd.experience is not None and jd.experience.min_years == 5 and jd.experience.raw in jd.clean_text
    assert [(loc.city, loc.work_mode) for loc in jd.locations] == [("Lyon", "hybrid")]
    # kept: fields the heuristics found are never overwritten (title, education)
    assert jd.title == sparse.title == "Telemetry Platform Engineer"
    assert jd.education == sparse.education
    assert jd.model_dump(exclude={"company", "domain", "experience", "locations"}) == sparse.model_dump(
        exclude={"company", "domain", "experience", "locations"}
    )
    [call] = session.calls
    assert call.status == "ok" and call.purpose == "parse" and call.step == "extract_from_jd"
    assert call.cost_usd == pytest.approx(cost(1500, 180))
    assert "Paris" in (call.error or "")  # what was dropped is on the record
    [req] = fake_openai.requests_for(model)
    assert "WANTED: company, domain, experience, locations" in req.user
    assert f"JD hash: {sparse.text_hash}" in req.user and "<<<JD\n" in req.user


def test_parse_fills_a_missing_title_and_derives_its_lookup_forms(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str, sparse: ParsedJD
) -> None:
    untitled = sparse.model_copy(
        update={
            "title": None,
            "title_source": None,
            "title_aliases": [],
            "title_core": None,
            "company": "Northwind Robotics",
        }
    )
    fake_openai.script(model, ok({**PARSE_ANSWER, "title": "telemetry platform engineer"}))
    jd = make_assist().session().parse(untitled)
    assert jd.title == "Telemetry Platform Engineer" and jd.title_source == "llm"  # as written in the JD
    assert jd.title_core and jd.title_aliases  # the same derivations as a parsed title
    assert "WANTED: title, domain, experience, locations" in fake_openai.requests_for(model)[0].user


@pytest.mark.parametrize(
    "title",
    [
        "Chief Everything Officer",  # not in the JD
        "We are hiring a Telemetry Platform Engineer to own the data that our robots send home",
        "Northwind Robotics",
    ],
)  # in the JD, but no role noun
def test_parse_rejects_implausible_titles(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str, sparse: ParsedJD, title: str
) -> None:
    untitled = sparse.model_copy(update={"title": None, "title_source": None, "title_aliases": [], "title_core": None})
    fake_openai.script(model, ok({**PARSE_ANSWER, "title": title}))
    session = make_assist().session()
    jd = session.parse(untitled)
    assert jd.title is None and jd.title_aliases == []
    assert "title" in (session.calls[0].error or "")


def test_parse_asks_nothing_when_nothing_is_missing(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str, sparse: ParsedJD
) -> None:
    full = parse_jd(SPARSE).model_copy(
        update={
            "company": "Northwind Robotics",
            "domain": {"name": "Logistics", "evidence": ["forklifts"]},
            "experience": {"min_years": 5, "raw": "Five or more years"},
            "locations": [{"city": "Lyon", "raw": "Lyon"}],
        }
    )
    session = make_assist().session()
    assert session.parse(full) is full
    assert session.calls == [] and fake_openai.requests_for(model) == []
    rejected = parse_jd("too short")
    assert session.parse(rejected) is rejected and session.calls == []


def test_parse_switched_off(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str, sparse: ParsedJD
) -> None:
    session = make_assist(parse=False).session()
    assert session.parse(sparse) is sparse and session.calls == []


# -- (b) skills ------------------------------------------------------------------------------------------------
def test_skills_adds_verbatim_candidates_only(
    fake_openai: FakeOpenAI,
    make_assist: Callable[..., LlmAssist],
    model: str,
    php: tuple[ExtractResult, Taxonomy, RuleBook],
) -> None:
    ex, tax, _ = php
    assert ex.skills is not None
    fake_openai.script(
        model,
        ok(
            {
                "skills": [
                    "Startup Environment",  # new, in the JD: accepted (in the JD's spelling)
                    "startup environment",  # a duplicate of the above
                    "Data Storage",  # every word stop-listed
                    "synchronization",  # a known (ambiguous) alias the matcher did not take
                    "Software",  # stop-listed ("the old system extracted Software")
                    "stakeholders",  # stop-listed
                    "scalability",  # stop-listed
                    "Redis",  # already extracted
                    "MultiServer",  # already an offline candidate
                    "IaaS clouds",  # inside an extracted mention (Cloud Computing)
                    "Kubernetes",  # not in the JD
                    "MATCH (n) DETACH DELETE n",  # not a skill-like term
                    "memory usage and caveats of stuff here",  # too long
                ]
            }
        ),
    )
    session = make_assist().session()
    out = session.skills(ex.jd, ex.skills, tax.stoplist, known=tax.skill_alias_map.keys())
    assert out.skills == ex.skills.skills
    assert out.candidates[: len(ex.skills.candidates)] == ex.skills.candidates
    [new] = out.candidates[len(ex.skills.candidates) :]
    assert new.text == "startup environment" and new.reason == "llm"
    assert new.start is not None and new.end is not None
    assert ex.jd.clean_text[new.start : new.end] == new.text and new.text in new.sentence
    assert new.section == "requirements" and new.primary is False  # "... is a plus"
    [call] = session.calls
    assert call.status == "ok" and call.purpose == "skills"
    for dropped in (
        "synchronization",
        "Software",
        "Data Storage",
        "stakeholders",
        "scalability",
        "Redis",
        "MultiServer",
        "IaaS clouds",
        "Kubernetes",
        "MATCH",
    ):
        assert dropped in (call.error or "")
    req = fake_openai.requests_for(model)[0]
    assert "<<<ALREADY_FOUND" in req.user and '"Redis"' in req.user


def test_skills_failure_keeps_offline_extraction(
    fake_openai: FakeOpenAI,
    make_assist: Callable[..., LlmAssist],
    model: str,
    php: tuple[ExtractResult, Taxonomy, RuleBook],
) -> None:
    ex, tax, _ = php
    assert ex.skills is not None
    fake_openai.script(model, ok({"skills": "Redis, PHP"}), ok(["synchronization"]))
    session = make_assist().session()
    assert session.skills(ex.jd, ex.skills, tax.stoplist) == ex.skills
    assert [c.status for c in session.calls] == ["invalid", "invalid"]


# -- (c) tie-break ---------------------------------------------------------------------------------------------
def _tied(ex: ExtractResult) -> Any:
    assert ex.decision is not None
    return ex.decision.model_copy(update={"tie_break": "llm", "rule_id": "ALIAS_COLLISION.tie"})


def _answer(choice: str) -> Reply:
    return ok({"choice": choice, "rationale": "The duties are mostly server-side."})


def test_tie_break_offers_only_the_candidates(
    fake_openai: FakeOpenAI,
    make_assist: Callable[..., LlmAssist],
    model: str,
    php: tuple[ExtractResult, Taxonomy, RuleBook],
) -> None:
    ex, tax, book = php
    decision = _tied(ex)
    fake_openai.script(model, _answer("backend-engineer"))
    session = make_assist().session()
    out = session.tie_break(decision, ex.signals, ex.jd, skills=ex.skills.skills, tax=tax, book=book)  # type: ignore[union-attr]
    assert out.role == decision.role and out.tie_break_applied is True
    assert (
        "LLM tie-break among [backend-engineer, frontend-engineer, full-stack-engineer] confirmed backend-engineer"
        in out.reasoning
    )
    req = fake_openai.requests_for(model)[0]
    schema = req.body["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["choice"]["enum"] == [
        "backend-engineer",
        "frontend-engineer",
        "full-stack-engineer",
        "no_choice",
    ]
    shown = json.loads(req.user.split("<<<CANDIDATES\n", 1)[1].split("\nCANDIDATES>>>", 1)[0])
    assert [c["slug"] for c in shown] == ["backend-engineer", "frontend-engineer", "full-stack-engineer"]
    assert "combined_score" in shown[0]["evidence"]


def test_tie_break_choosing_another_candidate(
    fake_openai: FakeOpenAI,
    make_assist: Callable[..., LlmAssist],
    model: str,
    php: tuple[ExtractResult, Taxonomy, RuleBook],
) -> None:
    ex, tax, book = php
    decision = _tied(ex)
    fake_openai.script(model, _answer("full-stack-engineer"))
    session = make_assist().session()
    out = session.tie_break(decision, ex.signals, ex.jd, skills=ex.skills.skills, tax=tax, book=book)  # type: ignore[union-attr]
    chosen = out.specialization.from_role.slug if out.specialization else out.role.slug  # type: ignore[union-attr]
    assert chosen == "full-stack-engineer" and out.tie_break_applied is True
    assert out.specialization_rule_id is not None  # the specialisation rules ran for the new role
    assert out.case == decision.case and out.rule_id == decision.rule_id and out.facts == decision.facts
    assert "chose full-stack-engineer instead of backend-engineer" in out.reasoning
    assert session.calls[0].status == "ok"


@pytest.mark.parametrize(
    "replies,statuses",
    [
        ([_answer("no_choice")], ["ok"]),
        ([_answer("data-scientist"), _answer("data-scientist")], ["invalid", "invalid"]),
        ([Reply(status=500, headers={"x-should-retry": "false"})], ["error"]),
    ],
)
def test_tie_break_without_a_usable_choice_keeps_the_rules_pick(
    fake_openai: FakeOpenAI,
    make_assist: Callable[..., LlmAssist],
    model: str,
    php: tuple[ExtractResult, Taxonomy, RuleBook],
    replies: list[Reply],
    statuses: list[str],
) -> None:
    ex, tax, book = php
    decision = _tied(ex)
    fake_openai.script(model, *replies)
    session = make_assist().session()
    out = session.tie_break(decision, ex.signals, ex.jd, skills=ex.skills.skills, tax=tax, book=book)  # type: ignore[union-attr]
    assert out.model_dump(exclude={"reasoning"}) == decision.model_dump(exclude={"reasoning"})
    assert out.tie_break_applied is False and "LLM tie-break among" in out.reasoning
    assert [c.status for c in session.calls] == statuses


def test_tie_break_only_when_the_rules_ask(
    fake_openai: FakeOpenAI,
    make_assist: Callable[..., LlmAssist],
    model: str,
    php: tuple[ExtractResult, Taxonomy, RuleBook],
) -> None:
    ex, tax, book = php
    assert ex.decision is not None and ex.decision.tie_break == "none"
    session = make_assist().session()
    assert session.tie_break(ex.decision, ex.signals, ex.jd, tax=tax, book=book) is ex.decision  # type: ignore[arg-type]
    assert session.calls == [] and fake_openai.requests_for(model) == []


def test_domain_tie_candidates(php: tuple[ExtractResult, Taxonomy, RuleBook]) -> None:
    ex, _, _ = php
    assert ex.decision is not None and ex.signals is not None
    domain = ex.decision.model_copy(update={"case": "DOMAIN", "collision": None, "tie_break": "llm"})
    assert [r.slug for r in tie_candidates(domain, ex.signals, margin=0.02)] == [
        "backend-engineer",
        "full-stack-engineer",
    ]
    assert [r.slug for r in tie_candidates(domain, ex.signals, margin=0.2)] == [
        "backend-engineer",
        "full-stack-engineer",
        "frontend-engineer",
    ]


# -- (d) summary -----------------------------------------------------------------------------------------------
def test_summarizer_hook_matches_enrich(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(model, ok({"summary": '  "Runs the telemetry pipeline of a robot fleet"  '}))
    session = make_assist().session()
    hook = session.summarizer("abcdef0123456789")
    assert hook is not None
    assert (
        hook("Data platform", ["Design and operate the ingestion services", "Build dashboards and alerts"])
        == "Runs the telemetry pipeline of a robot fleet."
    )
    assert session.calls[0].step == "enrich" and session.calls[0].purpose == "summary"
    assert make_assist(summary=False).session().summarizer("abcdef0123456789") is None


def test_apply_puts_calls_and_costs_on_the_record(
    fake_openai: FakeOpenAI,
    make_assist: Callable[..., LlmAssist],
    model: str,
    sparse: ParsedJD,
    php: tuple[ExtractResult, Taxonomy, RuleBook],
) -> None:
    ex, _, _ = php
    fake_openai.script(model, ok(PARSE_ANSWER), ok({"summary": "Runs a telemetry pipeline."}))
    session = make_assist().session()
    session.parse(sparse)
    session.summarize("Data platform", ["Design and operate the ingestion services"], jd_hash=sparse.text_hash)
    from taxo.engine.models.run import RunRecord

    record = RunRecord(run_id="r", status="completed", read_only=True, created_at="t", updated_at="t", jd_hash="h")
    out = session.apply(record)
    assert [c.purpose for c in out.llm_calls] == ["parse", "summary"]
    assert out.llm_cost_usd == {
        "enrich": pytest.approx(cost()),
        "extract_from_jd": pytest.approx(cost()),
        "total": pytest.approx(2 * cost()),
    }
    RunRecord.model_validate_json(out.model_dump_json())  # round-trips as stored on the run


def test_over_budget_jd_is_not_sent(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str, sparse: ParsedJD
) -> None:
    """A long JD's worst case (~6,100 estimated prompt tokens + 800) exceeds $0.005 at the test prices; a short
    one's (~2,500 + 800) fits."""
    long_jd = parse_jd(example_text("php-games") * 6)
    assist = make_assist(max_cost_per_jd_usd=0.005)
    session = assist.session()
    assert session.parse(long_jd) is long_jd
    [call] = session.calls
    assert (call.status, call.cost_usd, call.prompt_tokens, call.purpose) == ("over_budget", 0, 0, "parse")
    assert "exceeds the JD's remaining budget $0.005000" in (call.error or "")
    assert fake_openai.requests_for(model) == []
    fake_openai.script(model, ok(PARSE_ANSWER))
    fits = assist.session()
    assert fits.parse(sparse).company == "Northwind Robotics"
    assert [c.status for c in fits.calls] == ["ok"]
