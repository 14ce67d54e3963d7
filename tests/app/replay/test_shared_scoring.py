"""Replay and the pipeline score with one function: a rule param changed in a copy of the rules moves both alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import taxo.app.replay.replaying as replaying
import taxo.engine.pipeline as pipeline
from taxo.app.replay import rescore, signals_to_recompute
from taxo.app.runs import RunService
from taxo.core.embeddings import HashEmbedder
from taxo.engine.scoring import score_signals
from taxo.engine.taxonomy import load_taxonomy
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.rules import RuleBook, load_rulebook
from tests.conftest import EXAMPLES, edit_yaml, example_text

CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "weight skill": lambda d: d["weights"].update(skill=0.9),
    "param kra_floor": lambda d: d["params"].update(kra_floor=0.85),
    "param skill_breadth_penalty": lambda d: d["params"].update(skill_breadth_penalty=0.9),
}


def test_both_import_the_one_scoring_function() -> None:
    assert pipeline.score_signals is score_signals and replaying.score_signals is score_signals


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_changed_rule_param_is_seen_by_the_pipeline_and_the_replay_alike(
    seeded_template: FalkorDBStore, rulebook: RuleBook, rules_copy: Path, change: str
) -> None:
    edit_yaml(rules_copy / "role_decision.yaml", CHANGES[change])
    proposed = load_rulebook(rules_copy)
    recompute = signals_to_recompute(rulebook, proposed)
    tax = load_taxonomy(seeded_template)
    current, changed = (
        RunService(seeded_template, HashEmbedder(), rulebook),
        RunService(seeded_template, HashEmbedder(), proposed),
    )
    moved = 0
    for name in EXAMPLES:
        before = current.run(example_text(name), read_only=True).extract
        after = changed.run(example_text(name), read_only=True).extract
        assert before is not None and after is not None and before.signals and after.signals
        replayed, notes = rescore(before, proposed, tax, recompute)
        # the replay of the run made under the committed rules scores exactly as a fresh run under the change
        assert replayed.combined == after.signals.combined and notes == []
        moved += replayed.combined != before.signals.combined
    assert moved >= 1, f"{change} moves no example's combined score: the equality above would prove nothing"
