"""The impact report of a replay: counts, transitions, changed runs, caveats and the rules diff, as
Markdown for a pull-request comment and as JSON."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxo.app.replay.outcomes import Outcome, RunReplay, Skipped
from taxo.app.replay.rules_diff import RulesDiff


@dataclass
class ImpactReport:
    """What the proposed rules would change on a set of stored runs."""

    base_root: str
    base_version: str
    proposed_root: str
    proposed_version: str
    selection: str
    runs: list[RunReplay]
    skipped: list[Skipped]
    rules_diff: RulesDiff
    caveats: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[RunReplay]:
        """Runs where anything differs between base and proposed."""
        return [r for r in self.runs if r.changed]

    def transitions(self) -> list[tuple[str, str, int]]:
        """(before, after, runs) for every case-and-role transition, most frequent first."""
        c = Counter((r.before.label, r.after.label) for r in self.runs if r.decision_changed)
        return [(a, b, n) for (a, b), n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]

    def counts(self) -> dict[str, int]:
        """The headline numbers."""
        return {
            "replayed": len(self.runs),
            "decision_changed": sum(r.decision_changed for r in self.runs),
            "rule_changed": sum(r.rule_changed for r in self.runs),
            "links_changed": sum(bool(r.links_added or r.links_removed) for r in self.runs),
            "skipped": len(self.skipped),
            "drift": sum(r.drift for r in self.runs),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every replayed run, not only the changed ones."""
        return {
            "base": {"root": self.base_root, "version": self.base_version},
            "proposed": {"root": self.proposed_root, "version": self.proposed_version},
            "selection": self.selection,
            "counts": self.counts(),
            "transitions": [{"before": a, "after": b, "runs": n} for a, b, n in self.transitions()],
            "caveats": self.caveats,
            "rules_diff": self.rules_diff.to_dict(),
            "runs": [r.to_dict() for r in self.runs],
            "skipped": [s.__dict__ for s in self.skipped],
        }

    def to_json(self) -> str:
        """The report as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_markdown(self, max_runs: int = 50) -> str:
        """The report for a pull-request comment (at most ``max_runs`` changed runs in detail)."""
        return _markdown(self, max_runs)


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _outcome_line(o: Outcome) -> str:
    extra = f" (proposes `{o.new_role}`)" if o.new_role else ""
    spec = f", specialisation `{o.specialization_rule_id}`" if o.specialization_rule_id else ""
    tie = ", tie-break llm" if o.tie_break != "none" else ""
    return f"**{o.label}**{extra} · rule `{o.rule_id}`{spec}{tie} · confidence {o.confidence:.2f}"


def _markdown(rep: ImpactReport, max_runs: int) -> str:
    n = rep.counts()
    out = [
        f"## Rules replay: `{rep.base_version}` → `{rep.proposed_version}`",
        "",
        f"Re-decided **{n['replayed']}** stored runs ({rep.selection}) from their saved signals under the proposed "
        f"rules (`{rep.proposed_root}`) and the current rules (`{rep.base_root}`). Nothing was written.",
        "",
        "| | runs |",
        "|---|---:|",
        f"| decision changes (case or role) | {n['decision_changed']} |",
        f"| same decision, other rule or tie-break | {n['rule_changed']} |",
        f"| role↔dimension links change | {n['links_changed']} |",
        f"| unchanged | {n['replayed'] - len(rep.changed)} |",
        f"| skipped | {n['skipped']} |",
        "",
    ]
    if n["drift"]:
        out += [
            f"{n['drift']} run(s) already decide differently under the current rules than when they ran (the "
            "taxonomy changed since, or they ran under older rules); the comparison is current → proposed.",
            "",
        ]
    if rep.caveats:
        out += ["**Caveats**", "", *[f"- {c}" for c in rep.caveats], ""]
    out += ["### Transitions (case and role, before → after)", ""]
    trans = rep.transitions()
    if trans:
        out += ["| before | after | runs |", "|---|---|---:|"]
        out += [f"| {_cell(a)} | {_cell(b)} | {k} |" for a, b, k in trans]
    else:
        out.append("No decision changes.")
    out.append("")
    changed = rep.changed
    if changed:
        out += [f"### Changed runs ({len(changed)})", ""]
        for r in changed[:max_runs]:
            out += [
                f"#### `{r.run_id}` · {_cell(r.title or '(no title)')} · {r.created_at}",
                "",
                f"- before: {_outcome_line(r.before)}",
                f"  > {_cell(r.before.reasoning)}",
                f"- after: {_outcome_line(r.after)}",
                f"  > {_cell(r.after.reasoning)}",
            ]
            if r.drift:
                out.append(f"- stored (rules `{r.rules_version}`): {_outcome_line(r.stored)}")
            if r.links_added:
                out.append(
                    "- links saved only under the proposal: " + ", ".join(f"`{a}`↔`{b}`" for a, b in r.links_added)
                )
            if r.links_removed:
                out.append("- links no longer saved: " + ", ".join(f"`{a}`↔`{b}`" for a, b in r.links_removed))
            out += [f"- note: {x}" for x in r.notes]
            out.append("")
        if len(changed) > max_runs:
            out += [f"… and {len(changed) - max_runs} more changed runs (see the JSON report).", ""]
    if rep.skipped:
        reasons = Counter(s.reason for s in rep.skipped)
        out += ["### Skipped runs", "", *[f"- {k} × {_cell(reason)}" for reason, k in reasons.most_common()], ""]
    out += _rules_diff_markdown(rep.rules_diff)
    return "\n".join(out).rstrip() + "\n"


def _rules_diff_markdown(d: RulesDiff) -> list[str]:
    out = ["### Rules diff", ""]
    if not d.unified:
        return [*out, "The rule files are identical.", ""]
    if d.params or d.weights:
        out += ["| ruleset | param / weight | before | after |", "|---|---|---:|---:|"]
        out += [f"| {c.ruleset} | {c.name} | {c.before} | {c.after} |" for c in d.params]
        out += [f"| {c.ruleset} | weight `{c.name}` | {c.before} | {c.after} |" for c in d.weights]
        out.append("")
    for c in d.rules:
        fields = f" ({', '.join(c.fields)})" if c.fields else ""
        out.append(f"- {c.ruleset}: rule `{c.rule_id}` {c.change}{fields}")
    out += [f"- ruleset `{x}` added" for x in d.rulesets_added] + [
        f"- ruleset `{x}` removed" for x in d.rulesets_removed
    ]
    fence = "````" if "```" in d.unified else "```"
    out += [
        "",
        "<details><summary>unified diff</summary>",
        "",
        f"{fence}diff",
        d.unified.rstrip("\n"),
        fence,
        "",
        "</details>",
        "",
    ]
    return out


def write_report(report: ImpactReport, out_dir: Path, max_runs: int = 50) -> tuple[Path, Path]:
    """Write ``replay.md`` and ``replay.json`` under ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / "replay.md", out_dir / "replay.json"
    md.write_text(report.to_markdown(max_runs), encoding="utf-8")
    js.write_text(report.to_json() + "\n", encoding="utf-8")
    return md, js
