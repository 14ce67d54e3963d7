"""``try_reload``: a running service swaps its rules only for rules that pass the check."""

from __future__ import annotations

from pathlib import Path

from taxo.app.rules_reload import try_reload
from taxo.rules import load_rulebook
from tests.conftest import edit_yaml, rule


def test_unchanged_rules_keep_the_current_book(rules_copy: Path) -> None:
    current = load_rulebook(rules_copy)
    assert try_reload(current) == (current, [])


def test_valid_change_gives_a_new_book_with_a_new_version(rules_copy: Path) -> None:
    current = load_rulebook(rules_copy)
    edit_yaml(rules_copy / "role_decision.yaml", lambda d: d["weights"].update(centroid=0.04))
    book, problems = try_reload(current, rules_copy)
    assert problems == []
    assert book is not current and book.version != current.version
    assert book.weights("role_decision")["centroid"] == 0.04


def test_invalid_rules_keep_the_current_book_and_say_why(rules_copy: Path) -> None:
    current = load_rulebook(rules_copy)
    path = rules_copy / "role_decision.yaml"
    edit_yaml(path, lambda d: rule(d, "DOMAIN.tie").update(priority=40))
    book, problems = try_reload(current, rules_copy)
    assert book is current
    assert problems == [f"{path}:DOMAIN.tie: priority 40 already used by 'DOMAIN.clear'"]


def test_rules_failing_their_truth_tables_are_not_loaded(rules_copy: Path) -> None:
    current = load_rulebook(rules_copy)
    edit_yaml(rules_copy / "role_decision.yaml", lambda d: d["params"].update(domain_threshold=0.5))
    book, problems = try_reload(current, rules_copy)
    assert book is current
    assert problems and all(p.startswith(str(rules_copy / "cases" / "role_decision.yaml")) for p in problems)
