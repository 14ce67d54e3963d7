"""``taxo rules replay``: stored runs re-decided under proposed rules, read-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from taxo.app.replay import ImpactReport, Outcome, ValueChange, replay, replay_record, select_runs, signals_to_recompute
from taxo.app.runs import RunService
from taxo.cli.curator_cmds import rules_group
from taxo.core.embeddings import HashEmbedder
from taxo.engine.models.run import RunRecord
from taxo.engine.taxonomy import Taxonomy, load_taxonomy
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.rules import RuleBook, load_rulebook
from tests.conftest import EXAMPLES, REPO_ROOT, dev_postings, edit_yaml, example_text, rule

RUNS = len(EXAMPLES) + 15 + 1  # the run_store fixture's runs, the rejected one included


@pytest.fixture(scope="module")
def stored(run_store: FalkorDBStore) -> list[RunRecord]:
    records, unreadable = select_runs(run_store)
    assert unreadable == [] and len(records) == RUNS
    return records


@pytest.fixture(scope="module")
def tax(run_store: FalkorDBStore) -> Taxonomy:
    return load_taxonomy(run_store)


def _decided(records: list[RunRecord]) -> list[RunRecord]:
    return [r for r in records if r.extract is not None and r.extract.decision is not None]


def test_unchanged_rules_replay_with_zero_changes(
    stored: list[RunRecord], tax: Taxonomy, rulebook: RuleBook, rules_copy: Path
) -> None:
    report = replay(stored, rulebook, load_rulebook(rules_copy), tax)
    assert report.counts() == {
        "replayed": RUNS - 1,
        "decision_changed": 0,
        "rule_changed": 0,
        "links_changed": 0,
        "skipped": 1,
        "drift": 0,
    }
    assert report.changed == [] and report.transitions() == []
    assert report.rules_diff.unified == "" and report.caveats == []
    assert "No decision changes." in report.to_markdown()
    # Replaying the stored decisions reproduces them, facts included.
    by_id = {r.run_id: r for r in stored}
    for r in report.runs:
        decision = by_id[r.run_id].extract.decision
        assert r.before == r.after and r.before.same_decision(r.stored)
        assert r.before.reasoning == decision.reasoning and r.before.confidence == decision.confidence


def test_raising_the_domain_threshold_flips_weak_domain_runs_to_new_role(
    stored: list[RunRecord], tax: Taxonomy, rulebook: RuleBook, rules_copy: Path
) -> None:
    edit_yaml(rules_copy / "role_decision.yaml", lambda d: d["params"].update(domain_threshold=0.30))
    report = replay(stored, rulebook, load_rulebook(rules_copy), tax)

    domain = {r.run_id: r.extract.decision for r in _decided(stored) if r.extract.decision.case == "DOMAIN"}
    expected = {
        rid
        for rid, d in domain.items()
        if d.rule_id in ("DOMAIN.clear", "DOMAIN.tie") and d.facts["combined_top_score"] < 0.30
    }
    assert len(expected) >= 3 and len(domain) - len(expected) >= 2  # the threshold bites, but not everywhere
    flipped = {r.run_id: r for r in report.runs if r.decision_changed}
    assert set(flipped) == expected
    for r in flipped.values():
        assert (r.before.case, r.after.case, r.after.rule_id) == ("DOMAIN", "NEW_ROLE", "NEW_ROLE.weak-evidence")
        assert r.after.role is None and r.after.new_role and r.after.links == ()
    assert report.counts()["decision_changed"] == len(expected)
    assert sum(n for _, after, n in report.transitions() if after == "NEW_ROLE (new role)") == len(expected)
    assert report.rules_diff.params == [ValueChange("role_decision", "domain_threshold", 0.15, 0.30)]
    assert "+  domain_threshold: 0.3" in report.rules_diff.unified

    md = report.to_markdown()
    assert f"| decision changes (case or role) | {len(expected)} |" in md
    assert all(f"`{rid}`" in md for rid in expected)
    assert "| role_decision | domain_threshold | 0.15 | 0.3 |" in md
    data = json.loads(report.to_json())
    assert data["counts"]["decision_changed"] == len(expected)
    assert {r["run_id"] for r in data["runs"] if r["decision_changed"]} == expected


def test_dimension_policy_change_shows_links_that_vanish(
    stored: list[RunRecord], tax: Taxonomy, rulebook: RuleBook, rules_copy: Path
) -> None:
    path = rules_copy / "dimension_under_role.yaml"
    edit_yaml(path, lambda d: rule(d, "DUR.already-under-role")["then"].update(allow=False))
    report = replay(stored, rulebook, load_rulebook(rules_copy), tax)
    n = report.counts()
    assert n["decision_changed"] == 0 and n["links_changed"] >= 3
    lost = [r for r in report.runs if r.links_removed]
    assert all(
        not r.links_added and r.after.links is not None and set(r.after.links) < set(r.before.links) for r in lost
    )
    assert [(c.rule_id, c.change, c.fields) for c in report.rules_diff.rules] == [
        ("DUR.already-under-role", "changed", ("then",))
    ]
    assert "links no longer saved" in report.to_markdown()


def test_rejected_runs_are_skipped_with_the_reason(stored: list[RunRecord], tax: Taxonomy, rulebook: RuleBook) -> None:
    report = replay(stored, rulebook, rulebook, tax)
    rejected = [r.run_id for r in stored if r.extract is not None and r.extract.rejected]
    assert [(s.run_id, s.reason) for s in report.skipped] == [(rejected[0], "rejected: not a job description")]


def _variant(rules_copy: Path) -> RuleBook:
    """Rules whose weights, floors and signal params all differ from the committed ones."""

    def change(d: dict) -> None:
        d["weights"].update(skill=0.45, kra=0.10, title_vector=0.25)
        d["params"].update(
            skill_breadth_penalty=0.5,
            partial_alias_factor=0.5,
            kra_best_sentences=2,
            title_vector_floor=0.7,
            kra_floor=0.78,
            centroid_min_n=30,
        )

    edit_yaml(rules_copy / "role_decision.yaml", change)
    return load_rulebook(rules_copy)


def test_replay_of_saved_signals_equals_a_fresh_run_under_the_proposed_rules(
    seeded_template: FalkorDBStore, rulebook: RuleBook, rules_copy: Path
) -> None:
    """The replay mirrors the pipeline: weights, floors, alias, skill and KRA params all re-scored exactly."""
    proposed = _variant(rules_copy)
    recompute = signals_to_recompute(rulebook, proposed)
    assert recompute == {"alias", "skill", "kra", "centroid"}
    tax = load_taxonomy(seeded_template)
    old, new = (
        RunService(seeded_template, HashEmbedder(), rulebook),
        RunService(seeded_template, HashEmbedder(), proposed),
    )
    jds = [(example_text(n), None) for n in EXAMPLES] + [(p["text"], p["title"]) for p in dev_postings()]
    rescored = decided_otherwise = 0
    for text, title in jds:
        before, after = old.run(text, title, read_only=True), new.run(text, title, read_only=True)
        outcome, notes = replay_record(before, proposed, tax, recompute)
        fresh = after.extract.decision
        links = (
            tuple(
                sorted(
                    {
                        (fresh.role.slug, it.dimension)
                        for it in after.final.items
                        if it.role_dimension in ("would_create", "would_confirm")
                    }
                )
            )
            if fresh.role
            else ()
        )
        assert outcome == Outcome.of(fresh, links) and notes == []
        was = Outcome.of(before.extract.decision)
        rescored += (was.confidence, was.reasoning) != (outcome.confidence, outcome.reasoning)
        decided_otherwise += not was.same_decision(outcome)
    # The variant rules do move scores and decisions, so the equalities above mean something.
    assert rescored >= len(jds) // 2 and decided_otherwise >= 1


def test_cli_replay_writes_markdown_and_json(
    run_store: FalkorDBStore, use_store, rules_copy: Path, tmp_path: Path
) -> None:
    use_store(run_store)
    edit_yaml(rules_copy / "role_decision.yaml", lambda d: d["params"].update(domain_threshold=0.30))
    out = tmp_path / "report"
    result = CliRunner().invoke(
        rules_group,
        ["replay", "--rules", str(rules_copy), "--base", str(REPO_ROOT / "rules"), "--runs", "10", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "replay.json").read_text())
    assert data["selection"] == "the last 10 runs" and data["counts"]["replayed"] + data["counts"]["skipped"] == 10
    assert (out / "replay.md").read_text().startswith("## Rules replay: ")
    assert f"report: {out / 'replay.md'} and {out / 'replay.json'}" in result.stdout

    future = CliRunner().invoke(
        rules_group, ["replay", "--rules", str(rules_copy), "--since", "2999-01-01", "--out", str(out)]
    )
    assert future.exit_code == 0, future.output
    assert json.loads((out / "replay.json").read_text())["counts"]["replayed"] == 0


def test_cli_replay_refuses_invalid_proposed_rules(rules_copy: Path, tmp_path: Path) -> None:
    path = rules_copy / "role_decision.yaml"
    edit_yaml(path, lambda d: rule(d, "DOMAIN.tie").update(priority=40))
    result = CliRunner().invoke(rules_group, ["replay", "--rules", str(rules_copy), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{path}:DOMAIN.tie: priority 40 already used by 'DOMAIN.clear'"
    assert not (tmp_path / "replay.json").exists()


def test_select_runs_takes_the_newest_first(run_store: FalkorDBStore, stored: list[RunRecord]) -> None:
    newest, _ = select_runs(run_store, last=3, page=2)
    assert [r.run_id for r in newest] == [r.run_id for r in stored[:3]]
    assert newest[0].status == "rejected"  # the fixture's last run
    since, _ = select_runs(run_store, since=stored[4].created_at)
    assert [r.run_id for r in since] == [r.run_id for r in stored if r.created_at >= stored[4].created_at]


def test_report_json_round_trips(stored: list[RunRecord], tax: Taxonomy, rulebook: RuleBook) -> None:
    report: ImpactReport = replay(stored[:4], rulebook, rulebook, tax, selection="four runs")
    data = json.loads(report.to_json())
    assert data["selection"] == "four runs" and len(data["runs"]) + len(data["skipped"]) == 4
    assert data["base"] == data["proposed"]


def test_unreadable_stored_records_are_reported_not_fatal(seeded_store: FalkorDBStore) -> None:
    seeded_store.write(
        "CREATE (:Run {id: 'old', status: 'completed', created_at: '2020-01-01T00:00:00.000Z', "
        'record_json: \'{"run_id": "old", "status": "completed"}\'}), '
        "(:Run {id: 'bare', status: 'running', created_at: '2020-01-02T00:00:00.000Z'})"
    )
    records, unreadable = select_runs(seeded_store)
    assert records == []
    assert [(s.run_id, s.reason.split(":")[0]) for s in unreadable] == [
        ("bare", "stored record cannot be read"),
        ("old", "stored record cannot be read"),
    ]
