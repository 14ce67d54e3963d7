"""What differs between two rules directories: params, weights, rules by id, and the unified diff."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxo.rules.book import RuleBook, rule_files
from taxo.rules.cases import case_files

#: Rulesets a replay re-runs; changes to any other ruleset are listed as not replayed.
REPLAYED = ("role_decision", "role_specialization", "dimension_under_role")


@dataclass(frozen=True)
class ValueChange:
    """A param or weight whose value differs (None: absent on that side)."""

    ruleset: str
    name: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class RuleChange:
    """A rule added, removed, or changed (with the fields that differ)."""

    ruleset: str
    rule_id: str
    change: str  # added | removed | changed
    fields: tuple[str, ...] = ()


@dataclass
class RulesDiff:
    """What differs between two rules directories."""

    params: list[ValueChange] = field(default_factory=list)
    weights: list[ValueChange] = field(default_factory=list)
    rules: list[RuleChange] = field(default_factory=list)
    rulesets_added: list[str] = field(default_factory=list)
    rulesets_removed: list[str] = field(default_factory=list)
    unified: str = ""  # unified diff of the rule files and truth tables

    @property
    def rulesets(self) -> set[str]:
        """Every ruleset that differs in a param, a weight or a rule."""
        return (
            {c.ruleset for c in self.params}
            | {c.ruleset for c in self.weights}
            | {c.ruleset for c in self.rules}
            | set(self.rulesets_added)
            | set(self.rulesets_removed)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "params": [c.__dict__ for c in self.params],
            "weights": [c.__dict__ for c in self.weights],
            "rules": [{**c.__dict__, "fields": list(c.fields)} for c in self.rules],
            "rulesets_added": self.rulesets_added,
            "rulesets_removed": self.rulesets_removed,
            "unified": self.unified,
        }


def _values(ruleset: str, a: dict[str, float], b: dict[str, float]) -> list[ValueChange]:
    return [ValueChange(ruleset, k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def _texts(root: Path) -> dict[str, str]:
    paths = [*rule_files(root), *case_files(root)]
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in paths}


def unified_diff(base_root: Path, proposed_root: Path) -> str:
    """A unified diff of every rule file and truth table (``a/`` the base, ``b/`` the proposal)."""
    a, b = _texts(base_root), _texts(proposed_root)
    out: list[str] = []
    for name in sorted(set(a) | set(b)):
        out += difflib.unified_diff(
            a.get(name, "").splitlines(keepends=True),
            b.get(name, "").splitlines(keepends=True),
            f"a/{name}" if name in a else "/dev/null",
            f"b/{name}" if name in b else "/dev/null",
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def diff_rules(base: RuleBook, proposed: RuleBook) -> RulesDiff:
    """Params, weights and rules (by id) that differ, with the unified diff of the files."""
    d = RulesDiff(
        rulesets_added=sorted(set(proposed.files) - set(base.files)),
        rulesets_removed=sorted(set(base.files) - set(proposed.files)),
        unified=unified_diff(base.root, proposed.root),
    )
    for name in sorted(set(base.files) & set(proposed.files)):
        a, b = base.files[name], proposed.files[name]
        d.params += _values(name, a.params, b.params)
        d.weights += _values(name, a.weights, b.weights)
        rules_a, rules_b = {r.id: r for r in a.rules}, {r.id: r for r in b.rules}
        for rid in sorted(set(rules_a) | set(rules_b)):
            if rid not in rules_a:
                d.rules.append(RuleChange(name, rid, "added"))
            elif rid not in rules_b:
                d.rules.append(RuleChange(name, rid, "removed"))
            elif rules_a[rid] != rules_b[rid]:
                ra, rb = rules_a[rid].model_dump(), rules_b[rid].model_dump()
                d.rules.append(RuleChange(name, rid, "changed", tuple(k for k in ra if ra[k] != rb[k])))
    return d


def caveats(base: RuleBook, proposed: RuleBook, diff: RulesDiff) -> list[str]:
    """What the replay of saved signals cannot show for this rules change."""
    out: list[str] = []
    a, b = base.params("role_decision"), proposed.params("role_decision")
    if b.get("kra_best_sentences", 0) > a.get("kra_best_sentences", 0):
        out.append(
            f"kra_best_sentences rises from {a.get('kra_best_sentences')} to {b.get('kra_best_sentences')}: "
            "runs kept only their best matches per role, so KRA scores are replayed from those."
        )
    if b.get("centroid_min_n", 0) < a.get("centroid_min_n", 0):
        out.append(
            f"centroid_min_n falls from {a.get('centroid_min_n')} to {b.get('centroid_min_n')}: runs did not "
            "read the centroids of roles below the old minimum, so those stay absent."
        )
    extraction = [c.name for c in diff.params if c.ruleset == "extraction"]
    if extraction:
        out.append(
            f"extraction params changed ({', '.join(extraction)}): they shape what a run extracts; a replay "
            "reuses the stored extraction (re-run the JDs to see their effect)."
        )
    other = sorted(diff.rulesets - set(REPLAYED) - {"extraction"})
    if other:
        out.append(f"not replayed: {', '.join(other)} (stored runs do not record the facts these rulesets decide on).")
    return out
