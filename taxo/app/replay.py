"""``taxo rules replay``: re-decide stored runs under proposed rules, read-only, and report what changes.

A run stores what it extracted and every signal it computed (``RunRecord.extract``). A replay does not
extract again: it re-scores those saved signals under a rule book and asks its rules, exactly as
``taxo.engine.pipeline`` would have (see ``rescore``), then plans step 3's role↔dimension links with the
dimension-under-role rules. Nothing is written.

Each run is replayed twice, under the *base* rules (what the service runs now) and under the *proposed*
rules, against the same taxonomy snapshot: a difference between the two is caused by the rules change
alone, so the unchanged rules replay with zero changes. Where today's base replay disagrees with what
the run stored (the taxonomy changed since, or the run was decided under an older rules version), the
run is counted as *drift* and both are shown.

What a replay can and cannot reproduce from saved signals:

- weights and floors of the combined score, ``partial_alias_factor`` (alias signal from the saved title
  variants), ``skill_breadth_penalty`` (skill signal from the saved skills), ``kra_best_sentences`` when
  lowered and ``centroid_min_n`` when raised are exact; the role_decision, role_specialization and
  dimension_under_role rules are exact;
- raising ``kra_best_sentences`` uses at most the matches a run kept per role, lowering
  ``centroid_min_n`` cannot add centroids a run never read, and extraction params would need a
  re-extraction: the report lists these as caveats. Rulesets that runs do not record (e.g. the AI index)
  are listed as not replayed.

Example::

    >>> report = replay(records, load_rulebook(Path("rules")), load_rulebook(Path("/tmp/pr/rules")), tax)  # doctest: +SKIP
    >>> report.counts()["decision_changed"]
    3
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from taxo.engine.decide import decide_role
from taxo.engine.final import plan_final
from taxo.engine.models.decision import RoleDecision
from taxo.engine.models.run import ExtractResult, RunRecord
from taxo.engine.models.signals import Signals
from taxo.engine.pipeline import load_record
from taxo.engine.signals.alias import alias_signal
from taxo.engine.signals.combine import combine
from taxo.engine.signals.skill import skill_signal
from taxo.engine.taxonomy import Taxonomy
from taxo.graph.repo.runs import list_runs
from taxo.graph.store import GraphStore
from taxo.rules.book import RuleBook, rule_files
from taxo.rules.cases import case_files
from taxo.core.errors import NotFound, RuleConfigError

#: Rulesets a replay re-runs; changes to any other ruleset are listed as not replayed.
REPLAYED = ("role_decision", "role_specialization", "dimension_under_role")
#: role_decision params that shape one signal (the others feed the rules or the combined score).
SIGNAL_PARAMS = {
    "partial_alias_factor": "alias",
    "skill_breadth_penalty": "skill",
    "kra_best_sentences": "kra",
    "centroid_min_n": "centroid",
}


def floors(params: dict[str, float]) -> dict[str, float]:
    """The floors of the combined score, from the role_decision params (as ``taxo.engine.pipeline`` reads them)."""
    return {"kra": params["kra_floor"], "title_vector": params["title_vector_floor"], "centroid": params["centroid_floor"]}


# -- re-scoring saved signals -------------------------------------------------------------------------
def signals_to_recompute(base: RuleBook, proposed: RuleBook) -> frozenset[str]:
    """Signals whose params differ between the two books (the others are replayed as saved)."""
    a, b = base.params("role_decision"), proposed.params("role_decision")
    return frozenset(sig for name, sig in SIGNAL_PARAMS.items() if a.get(name) != b.get(name))


def rescore(ex: ExtractResult, book: RuleBook, tax: Taxonomy, recompute: Iterable[str] = ()) -> tuple[Signals, list[str]]:
    """The run's saved signals as ``book`` would have scored them; notes say where that is approximate.

    Mirrors ``Pipeline._signals``: the signals named in ``recompute`` are computed again from what the run
    saved (title variants, skills, KRA matches, centroid rows), then the combined score is recomputed with
    the book's weights and floors. A signal not named is taken as saved, so a taxonomy that changed since
    the run does not move it.
    """
    assert ex.signals is not None
    redo = set(recompute)
    dec = book.params("role_decision")
    saved = ex.signals
    s = saved.model_copy(deep=True)
    notes: list[str] = []
    skills = ex.skills.skills if ex.skills is not None else []
    if "alias" in redo and ex.jd.title_aliases:
        s.alias = alias_signal(ex.jd.title_aliases, tax, dec["partial_alias_factor"])
        exact = any(r.hit == "exact" for r in s.alias)
        if exact and "title_vector" in s.available:  # the pipeline computes it only without an exact hit
            s.title_vector = []
            s.available = [a for a in s.available if a != "title_vector"]
        elif not exact and any(r.hit == "exact" for r in saved.alias):
            notes.append("the title no longer hits a role alias exactly, and its title-vector signal was never "
                         "computed (that needs a re-extraction)")
    if "skill" in redo and skills:
        s.skill = skill_signal(skills, tax, dec["skill_breadth_penalty"], dec["skill_secondary_weight"], dec["skill_concept_weight"])
    if "kra" in redo and s.kra:
        best_n = int(dec["kra_best_sentences"])
        n_sentences = int(ex.decision.facts.get("sentences_found", 0)) if ex.decision is not None else 0
        denom = max(1, min(best_n, n_sentences))
        rescored = []
        for rs in s.kra:
            top = sorted(rs.kra_matches or [], key=lambda m: -m.similarity)[:best_n]
            if not top:
                continue
            rescored.append(rs.model_copy(update={
                "score": round(sum(m.similarity for m in top) / denom, 4), "kra_matches": top,
                "best_kra_similarity": max(m.similarity for m in top)}))
        s.kra = sorted(rescored, key=lambda r: (-r.score, r.slug))
    if "centroid" in redo:
        min_n = int(dec["centroid_min_n"])
        s.centroid = [rs for rs in saved.centroid if (rs.centroid_n or 0) >= min_n]
        s.available = [a for a in s.available if a != "centroid"] + (["centroid"] if s.centroid else [])
    s.combined = combine(s, book.weights("role_decision"), floors(dec), tax)
    return s, notes


# -- outcomes -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """One decision of a run, as much of it as a reviewer compares."""

    case: str
    role: str | None  # the chosen role (None for NEW_ROLE)
    new_role: str | None  # NEW_ROLE: the role proposed for review
    rule_id: str
    specialization_rule_id: str | None
    tie_break: str
    confidence: float
    reasoning: str
    links: tuple[tuple[str, str], ...] | None = None  # (role, dimension) step 3 would save; None: no step 2

    @classmethod
    def of(cls, d: RoleDecision, links: tuple[tuple[str, str], ...] | None = None) -> Outcome:
        """The outcome of a decision (and the role↔dimension links planned for it)."""
        return cls(d.case, d.role.slug if d.role else None, d.new_role.slug if d.new_role else None, d.rule_id,
                   d.specialization_rule_id, d.tie_break, d.confidence, d.reasoning, links)

    @property
    def label(self) -> str:
        """``DOMAIN · data-engineer`` or ``NEW_ROLE (new role)``."""
        return f"{self.case} · {self.role}" if self.role else f"{self.case} (new role)"

    def same_decision(self, other: Outcome) -> bool:
        """Same case and role."""
        return (self.case, self.role, self.new_role) == (other.case, other.role, other.new_role)

    def same_rules(self, other: Outcome) -> bool:
        """Decided by the same rules (fired rule, specialisation rule, tie-break)."""
        return (self.rule_id, self.specialization_rule_id, self.tie_break) == (
            other.rule_id, other.specialization_rule_id, other.tie_break)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"case": self.case, "role": self.role, "new_role": self.new_role, "rule_id": self.rule_id,
                "specialization_rule_id": self.specialization_rule_id, "tie_break": self.tie_break,
                "confidence": self.confidence, "reasoning": self.reasoning,
                "links": None if self.links is None else [list(x) for x in self.links]}


@dataclass
class RunReplay:
    """One run: what it stored, what the base rules decide today, what the proposed rules decide."""

    run_id: str
    title: str | None
    created_at: str
    rules_version: str | None  # the version the run was decided under
    stored: Outcome
    before: Outcome
    after: Outcome
    notes: list[str] = field(default_factory=list)

    @property
    def decision_changed(self) -> bool:
        """Case or role differ between base and proposed."""
        return not self.before.same_decision(self.after)

    @property
    def rule_changed(self) -> bool:
        """Same decision, reached by another rule (or tie-break, or specialisation rule)."""
        return not self.decision_changed and not self.before.same_rules(self.after)

    @property
    def links_added(self) -> list[tuple[str, str]]:
        """Role↔dimension links the proposed rules save that the base rules do not."""
        return sorted(set(self.after.links or ()) - set(self.before.links or ()))

    @property
    def links_removed(self) -> list[tuple[str, str]]:
        """Role↔dimension links the base rules save that the proposed rules do not."""
        return sorted(set(self.before.links or ()) - set(self.after.links or ()))

    @property
    def changed(self) -> bool:
        """Anything differs between base and proposed."""
        return self.decision_changed or self.rule_changed or bool(self.links_added or self.links_removed)

    @property
    def drift(self) -> bool:
        """Today's base rules already decide differently from what the run stored."""
        return not (self.stored.same_decision(self.before) and self.stored.rule_id == self.before.rule_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"run_id": self.run_id, "title": self.title, "created_at": self.created_at,
                "rules_version": self.rules_version, "decision_changed": self.decision_changed,
                "rule_changed": self.rule_changed, "drift": self.drift,
                "links_added": [list(x) for x in self.links_added],
                "links_removed": [list(x) for x in self.links_removed], "notes": self.notes,
                "stored": self.stored.to_dict(), "before": self.before.to_dict(), "after": self.after.to_dict()}


@dataclass(frozen=True)
class Skipped:
    """A run the replay could not re-decide, and why."""

    run_id: str
    reason: str


# -- the rules diff -------------------------------------------------------------------------------------
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
        return ({c.ruleset for c in self.params} | {c.ruleset for c in self.weights} | {c.ruleset for c in self.rules}
                | set(self.rulesets_added) | set(self.rulesets_removed))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"params": [c.__dict__ for c in self.params], "weights": [c.__dict__ for c in self.weights],
                "rules": [{**c.__dict__, "fields": list(c.fields)} for c in self.rules],
                "rulesets_added": self.rulesets_added, "rulesets_removed": self.rulesets_removed,
                "unified": self.unified}


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
        out += difflib.unified_diff(a.get(name, "").splitlines(keepends=True), b.get(name, "").splitlines(keepends=True),
                                    f"a/{name}" if name in a else "/dev/null", f"b/{name}" if name in b else "/dev/null")
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def diff_rules(base: RuleBook, proposed: RuleBook) -> RulesDiff:
    """Params, weights and rules (by id) that differ, with the unified diff of the files."""
    d = RulesDiff(rulesets_added=sorted(set(proposed.files) - set(base.files)),
                  rulesets_removed=sorted(set(base.files) - set(proposed.files)),
                  unified=unified_diff(base.root, proposed.root))
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
        out.append(f"kra_best_sentences rises from {a.get('kra_best_sentences')} to {b.get('kra_best_sentences')}: "
                   "runs kept only their best matches per role, so KRA scores are replayed from those.")
    if b.get("centroid_min_n", 0) < a.get("centroid_min_n", 0):
        out.append(f"centroid_min_n falls from {a.get('centroid_min_n')} to {b.get('centroid_min_n')}: runs did not "
                   "read the centroids of roles below the old minimum, so those stay absent.")
    extraction = [c.name for c in diff.params if c.ruleset == "extraction"]
    if extraction:
        out.append(f"extraction params changed ({', '.join(extraction)}): they shape what a run extracts; a replay "
                   "reuses the stored extraction (re-run the JDs to see their effect).")
    other = sorted(diff.rulesets - set(REPLAYED) - {"extraction"})
    if other:
        out.append(f"not replayed: {', '.join(other)} (stored runs do not record the facts these rulesets decide on).")
    return out


# -- the report ---------------------------------------------------------------------------------------
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
        return {"replayed": len(self.runs), "decision_changed": sum(r.decision_changed for r in self.runs),
                "rule_changed": sum(r.rule_changed for r in self.runs),
                "links_changed": sum(bool(r.links_added or r.links_removed) for r in self.runs),
                "skipped": len(self.skipped), "drift": sum(r.drift for r in self.runs)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every replayed run, not only the changed ones."""
        return {"base": {"root": self.base_root, "version": self.base_version},
                "proposed": {"root": self.proposed_root, "version": self.proposed_version},
                "selection": self.selection, "counts": self.counts(),
                "transitions": [{"before": a, "after": b, "runs": n} for a, b, n in self.transitions()],
                "caveats": self.caveats, "rules_diff": self.rules_diff.to_dict(),
                "runs": [r.to_dict() for r in self.runs], "skipped": [s.__dict__ for s in self.skipped]}

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
    out = [f"## Rules replay: `{rep.base_version}` → `{rep.proposed_version}`", "",
           f"Re-decided **{n['replayed']}** stored runs ({rep.selection}) from their saved signals under the proposed "
           f"rules (`{rep.proposed_root}`) and the current rules (`{rep.base_root}`). Nothing was written.", "",
           "| | runs |", "|---|---:|",
           f"| decision changes (case or role) | {n['decision_changed']} |",
           f"| same decision, other rule or tie-break | {n['rule_changed']} |",
           f"| role↔dimension links change | {n['links_changed']} |",
           f"| unchanged | {n['replayed'] - len(rep.changed)} |",
           f"| skipped | {n['skipped']} |", ""]
    if n["drift"]:
        out += [f"{n['drift']} run(s) already decide differently under the current rules than when they ran (the "
                "taxonomy changed since, or they ran under older rules); the comparison is current → proposed.", ""]
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
            out += [f"#### `{r.run_id}` · {_cell(r.title or '(no title)')} · {r.created_at}", "",
                    f"- before: {_outcome_line(r.before)}", f"  > {_cell(r.before.reasoning)}",
                    f"- after: {_outcome_line(r.after)}", f"  > {_cell(r.after.reasoning)}"]
            if r.drift:
                out.append(f"- stored (rules `{r.rules_version}`): {_outcome_line(r.stored)}")
            if r.links_added:
                out.append("- links saved only under the proposal: "
                           + ", ".join(f"`{a}`↔`{b}`" for a, b in r.links_added))
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
    out += [f"- ruleset `{x}` added" for x in d.rulesets_added] + [f"- ruleset `{x}` removed" for x in d.rulesets_removed]
    fence = "````" if "```" in d.unified else "```"
    out += ["", "<details><summary>unified diff</summary>", "", f"{fence}diff", d.unified.rstrip("\n"), fence, "",
            "</details>", ""]
    return out


# -- replaying ------------------------------------------------------------------------------------------
def replay_record(record: RunRecord, book: RuleBook, tax: Taxonomy,
                  recompute: Iterable[str] = ()) -> tuple[Outcome, list[str]]:
    """Re-decide one stored run under ``book`` (and plan its role↔dimension links if it reached step 2)."""
    ex = record.extract
    assert ex is not None and ex.decision is not None
    signals, notes = rescore(ex, book, tax, recompute)
    skills = ex.skills.skills if ex.skills is not None else []
    decision = decide_role(signals, skills, tax, book, ex.jd.title_aliases, ex.jd.title_core, ex.jd.text_hash,
                           int(ex.decision.facts.get("sentences_found", 0)))
    links = None
    if record.details is not None:
        _, _, role_dims = plan_final(record.details, decision, tax, book, read_only=True)
        links = tuple(sorted((x["role"], x["dimension"]) for x in role_dims))
    return Outcome.of(decision, links), notes


def _why_not(record: RunRecord) -> str | None:
    ex = record.extract
    if ex is None:
        return f"no step-1 result (status {record.status})"
    if ex.rejected:
        return "rejected: not a job description"
    if ex.decision is None or ex.signals is None:
        return f"no decision (status {record.status})"
    return None


def replay(records: Sequence[RunRecord], base: RuleBook, proposed: RuleBook, tax: Taxonomy,
           selection: str = "") -> ImpactReport:
    """Re-decide ``records`` under both books against ``tax``; pure (reads nothing, writes nothing)."""
    recompute = signals_to_recompute(base, proposed)
    diff = diff_rules(base, proposed)
    runs: list[RunReplay] = []
    skipped: list[Skipped] = []
    for record in records:
        reason = _why_not(record)
        if reason is not None:
            skipped.append(Skipped(record.run_id, reason))
            continue
        assert record.extract is not None and record.extract.decision is not None
        try:
            before, notes = replay_record(record, base, tax, recompute)
            after, notes_after = replay_record(record, proposed, tax, recompute)
        except KeyError as exc:
            skipped.append(Skipped(record.run_id, f"'{exc.args[0]}' is no longer in the taxonomy"))
            continue
        except RuleConfigError as exc:
            skipped.append(Skipped(record.run_id, "; ".join(exc.problems)))
            continue
        runs.append(RunReplay(record.run_id, record.title, record.created_at, record.rules_version,
                              Outcome.of(record.extract.decision), before, after, list(dict.fromkeys(notes + notes_after))))
    return ImpactReport(str(base.root), base.version, str(proposed.root), proposed.version, selection, runs, skipped,
                        diff, caveats(base, proposed, diff))


def write_report(report: ImpactReport, out_dir: Path, max_runs: int = 50) -> tuple[Path, Path]:
    """Write ``replay.md`` and ``replay.json`` under ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / "replay.md", out_dir / "replay.json"
    md.write_text(report.to_markdown(max_runs), encoding="utf-8")
    js.write_text(report.to_json() + "\n", encoding="utf-8")
    return md, js


# -- reading stored runs (the only function here that touches a store, read-only) -------------------------
def select_runs(store: GraphStore, last: int | None = None, since: str | None = None,
                page: int = 200) -> tuple[list[RunRecord], list[Skipped]]:
    """Stored runs, newest first: the last ``last`` (all when None) created at or after ``since`` (ISO).

    Returns the records and the runs whose stored record cannot be read (e.g. an older record format).
    """
    records: list[RunRecord] = []
    unreadable: list[Skipped] = []
    skip = 0
    while last is None or skip < last:
        limit = page if last is None else min(page, last - skip)
        _, rows = list_runs(store, since=since, skip=skip, limit=limit)
        for row in rows:
            try:
                records.append(load_record(store, str(row["run_id"])))
            except (NotFound, ValidationError) as exc:
                why = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
                unreadable.append(Skipped(str(row["run_id"]), f"stored record cannot be read: {why}"))
        skip += len(rows)
        if len(rows) < limit:
            break
    return records, unreadable
