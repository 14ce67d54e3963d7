"""``taxo rules replay``: re-decide stored runs under proposed rules, read-only, and report what changes.

A run stores what it extracted and every signal it computed (``RunRecord.extract``). A replay does not
extract again: it re-scores those saved signals under a rule book and asks its rules with the very
functions step 1 uses (``taxo.engine.scoring.score_signals``, ``taxo.engine.decide.decide_role``; see
``rescore``), then plans step 3's role↔dimension links with the dimension-under-role rules
(``taxo.engine.final.plan_final``). Nothing is written. Modules: ``replaying`` (re-scoring and
re-deciding), ``outcomes``, ``rules_diff``, ``report``, ``select`` (reading the stored runs).

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

    >>> base, proposed = load_rulebook(Path("rules")), load_rulebook(Path("/tmp/pr/rules"))  # doctest: +SKIP
    >>> report = replay(records, base, proposed, tax)  # doctest: +SKIP
    >>> report.counts()["decision_changed"]
    3
"""

from taxo.app.replay.outcomes import Outcome, RunReplay, Skipped
from taxo.app.replay.replaying import SIGNAL_PARAMS, replay, replay_record, rescore, signals_to_recompute
from taxo.app.replay.report import ImpactReport, write_report
from taxo.app.replay.rules_diff import REPLAYED, RuleChange, RulesDiff, ValueChange, caveats, diff_rules, unified_diff
from taxo.app.replay.select import select_runs

__all__ = [
    "REPLAYED",
    "SIGNAL_PARAMS",
    "ImpactReport",
    "Outcome",
    "RuleChange",
    "RulesDiff",
    "RunReplay",
    "Skipped",
    "ValueChange",
    "caveats",
    "diff_rules",
    "replay",
    "replay_record",
    "rescore",
    "select_runs",
    "signals_to_recompute",
    "unified_diff",
    "write_report",
]
