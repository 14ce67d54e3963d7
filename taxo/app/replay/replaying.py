"""Re-deciding stored runs under a rule book: re-score their saved signals, ask the rules, plan the links."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from taxo.app.replay.outcomes import Outcome, RunReplay, Skipped
from taxo.app.replay.report import ImpactReport
from taxo.app.replay.rules_diff import caveats, diff_rules
from taxo.core.errors import RuleConfigError
from taxo.engine.decide import decide_role
from taxo.engine.final import plan_final
from taxo.engine.models.run import ExtractResult, RunRecord
from taxo.engine.models.signals import Signals
from taxo.engine.scoring import saved_evidence, score_signals
from taxo.engine.taxonomy import Taxonomy
from taxo.rules.book import RuleBook

#: role_decision params that shape one signal (the others feed the rules or the combined score).
SIGNAL_PARAMS = {
    "partial_alias_factor": "alias",
    "skill_breadth_penalty": "skill",
    "kra_best_sentences": "kra",
    "centroid_min_n": "centroid",
}


def signals_to_recompute(base: RuleBook, proposed: RuleBook) -> frozenset[str]:
    """Signals whose params differ between the two books (the others are replayed as saved)."""
    a, b = base.params("role_decision"), proposed.params("role_decision")
    return frozenset(sig for name, sig in SIGNAL_PARAMS.items() if a.get(name) != b.get(name))


def rescore(
    ex: ExtractResult, book: RuleBook, tax: Taxonomy, recompute: Iterable[str] = ()
) -> tuple[Signals, list[str]]:
    """The run's saved signals as ``book`` scores them; notes say where that is approximate.

    The signals named in ``recompute`` are computed again from what the run saved (title variants, skills,
    KRA matches, centroid similarities) by ``engine.scoring.score_signals``, the function step 1 scores with;
    the combined score is computed again under the book's weights and floors. A signal not named is taken as
    saved, so a taxonomy that changed since the run does not move it.
    """
    assert ex.signals is not None
    saved = ex.signals
    skills = ex.skills.skills if ex.skills is not None else []
    sentences = int(ex.decision.facts.get("sentences_found", 0)) if ex.decision is not None else 0
    redo = set(recompute)
    signals = score_signals(
        saved_evidence(saved, ex.jd.title_aliases, skills, sentences), tax, book, saved=saved, recompute=redo
    )
    notes: list[str] = []
    exact_now = any(r.hit == "exact" for r in signals.alias)
    if "alias" in redo and ex.jd.title_aliases and not exact_now and any(r.hit == "exact" for r in saved.alias):
        notes.append(
            "the title no longer hits a role alias exactly, and its title-vector signal was never "
            "computed (that needs a re-extraction)"
        )
    return signals, notes


def replay_record(
    record: RunRecord, book: RuleBook, tax: Taxonomy, recompute: Iterable[str] = ()
) -> tuple[Outcome, list[str]]:
    """Re-decide one stored run under ``book`` (and plan its role↔dimension links if it reached step 2)."""
    ex = record.extract
    assert ex is not None and ex.decision is not None
    signals, notes = rescore(ex, book, tax, recompute)
    skills = ex.skills.skills if ex.skills is not None else []
    decision = decide_role(
        signals,
        skills,
        tax,
        book,
        ex.jd.title_aliases,
        ex.jd.title_core,
        ex.jd.text_hash,
        int(ex.decision.facts.get("sentences_found", 0)),
    )
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


def replay(
    records: Sequence[RunRecord], base: RuleBook, proposed: RuleBook, tax: Taxonomy, selection: str = ""
) -> ImpactReport:
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
        runs.append(
            RunReplay(
                record.run_id,
                record.title,
                record.created_at,
                record.rules_version,
                Outcome.of(record.extract.decision),
                before,
                after,
                list(dict.fromkeys(notes + notes_after)),
            )
        )
    return ImpactReport(
        str(base.root),
        base.version,
        str(proposed.root),
        proposed.version,
        selection,
        runs,
        skipped,
        diff,
        caveats(base, proposed, diff),
    )
