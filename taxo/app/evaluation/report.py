"""Markdown (and the matching JSON-ready dict) for ``taxo eval`` results. Pure functions, no I/O.

A report holds named runs: skill runs (:class:`SpanReport`, e.g. ``"KNOWLEDGE / with title"``) and role
runs (:class:`RoleScores`, e.g. ``"with title"`` and ``"body only"``). ``baselines`` maps a run name to the
name of the baseline run it is read against (e.g. ``{"with title": "baseline: with title"}``); the
headline table then shows each figure next to its baseline's and their ratio.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from taxo.app.evaluation.scoring import (
    MATCH_MODES,
    PRF,
    ROLE_CASES,
    RoleScores,
    SpanReport,
    SpanSummary,
    gold_label,
    ratio_to_baseline,
)


def fmt(value: float | None, digits: int = 3) -> str:
    """A score for a table cell; ``n/a`` for an undefined value."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def md_cell(text: object) -> str:
    """Text safe inside a Markdown table cell: backslashes, pipes and backticks escaped, whitespace flattened."""
    s = " ".join(str(text).split())
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")


def md_table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None) -> str:
    """A GitHub Markdown table; ``align`` is one character per column (``l`` or ``r``), default all left."""
    align = align or "l" * len(header)
    sep = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _heading(level: int, text: str) -> str:
    return "#" * level + " " + text


# --------------------------------------------------------------------------------------------------
# Headline figures
# --------------------------------------------------------------------------------------------------


def span_headline(report: SpanReport) -> dict[str, float]:
    o, e = report.overall.overlap, report.overall.exact
    return {
        "F1 (overlap)": o.f1,
        "precision (overlap)": o.precision,
        "recall (overlap)": o.recall,
        "F1 (exact)": e.f1,
    }


def role_headline(scores: RoleScores) -> dict[str, float]:
    return {
        "top-1 accuracy": scores.accuracy,
        "top-1 accuracy (primary)": scores.primary_accuracy,
        "NEW_ROLE precision": scores.new_role.precision,
        "NEW_ROLE recall": scores.new_role.recall,
    }


def headline_rows(
    figures: Mapping[str, Mapping[str, float]], baselines: Mapping[str, str]
) -> list[tuple[str, str, float, float | None, float | None]]:
    """(run, metric, value, baseline value, ratio) for every run that is not itself only a baseline."""
    baseline_runs = set(baselines.values()) - set(baselines)
    rows = []
    for run, metrics in figures.items():
        if run in baseline_runs:
            continue
        base = figures.get(baselines[run]) if run in baselines else None
        for metric, value in metrics.items():
            b = None if base is None else base.get(metric)
            rows.append((run, metric, value, b, None if b is None else ratio_to_baseline(value, b)))
    return rows


# --------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------


def _summary_row(scope: str, s: SpanSummary) -> list[object]:
    return [
        scope,
        s.n_docs,
        s.n_gold,
        s.n_predicted,
        *(f for mode in MATCH_MODES for f in _prf_cells(s.mode(mode))),
    ]


def _prf_cells(p: PRF) -> list[str]:
    return [fmt(p.precision), fmt(p.recall), fmt(p.f1)]


def render_span_report(
    report: SpanReport,
    *,
    heading: str = "Skill extraction",
    level: int = 3,
    error_modes: Sequence[str] = ("overlap",),
) -> str:
    """Scores overall and per source (both modes), then the most frequent misses and false positives."""
    labels = "all labels" if report.labels is None else ", ".join(report.labels)
    parts = [_heading(level, f"{heading} ({labels})")]
    header = ["scope", "docs", "gold", "predicted"] + [f"{m} {x}" for m in MATCH_MODES for x in ("P", "R", "F1")]
    rows = [_summary_row("overall", report.overall)]
    rows += [_summary_row(f"source: {src}", s) for src, s in report.by_source.items()]
    parts.append(md_table(header, rows, "lrrr" + "r" * 6))
    for mode in error_modes:
        misses = report.top_misses.get(mode, ())
        fps = report.top_false_positives.get(mode, ())
        n = max(len(misses), len(fps))
        parts.append(f"Most frequent misses (gold spans not found) and false positives ({mode} matching, case-folded):")
        if n == 0:
            parts.append("_none_")
            continue
        table_rows = []
        for i in range(n):
            m = misses[i] if i < len(misses) else ("", "")
            f = fps[i] if i < len(fps) else ("", "")
            table_rows.append([i + 1, m[0], m[1], f[0], f[1]])
        parts.append(md_table(["#", "missed", "count", "false positive", "count"], table_rows, "rlrlr"))
    return "\n\n".join(parts)


def render_role_scores(
    scores: RoleScores,
    *,
    heading: str = "Role resolution",
    level: int = 3,
    max_gold_roles: int = 4,
) -> str:
    """Accuracy, per predicted case, per source, NEW_ROLE precision/recall and the confusion table."""
    parts = [_heading(level, heading)]
    parts.append(
        md_table(
            ["items", "scored", "no gold", "correct", "top-1 accuracy", "primary accuracy"],
            [
                [
                    scores.n_items,
                    scores.n_scored,
                    scores.n_without_gold,
                    scores.correct,
                    fmt(scores.accuracy),
                    fmt(scores.primary_accuracy),
                ]
            ],
            "rrrrrr",
        )
    )
    case_rows = []
    for case in ROLE_CASES:
        stats = scores.by_case[case]
        case_rows.append([case, stats.n, stats.correct, fmt(stats.accuracy if stats.n else None)])
    parts.append("By predicted case:")
    parts.append(md_table(["case", "n", "correct", "accuracy"], case_rows, "lrrr"))
    if scores.by_source:
        src_rows = [[s, v.n, v.correct, fmt(v.accuracy)] for s, v in scores.by_source.items()]
        parts.append("By source:")
        parts.append(md_table(["source", "n", "correct", "accuracy"], src_rows, "lrrr"))
    nr = scores.new_role
    parts.append("NEW_ROLE as the positive class:")
    parts.append(
        md_table(
            ["tp", "fp", "fn", "precision", "recall", "F1"],
            [[nr.tp, nr.fp, nr.fn, fmt(nr.precision), fmt(nr.recall), fmt(nr.f1)]],
            "rrrrrr",
        )
    )
    parts.append("Most frequent errors (gold → predicted):")
    if scores.confusion:
        rows = [
            [gold_label(e.gold_roles, e.gold_new_role, max_roles=max_gold_roles), e.predicted, e.count]
            for e in scores.confusion
        ]
        parts.append(md_table(["gold", "predicted", "count"], rows, "llr"))
    else:
        parts.append("_none_")
    return "\n\n".join(parts)


def render_eval_report(
    *,
    skills: Mapping[str, SpanReport] | None = None,
    roles: Mapping[str, RoleScores] | None = None,
    baselines: Mapping[str, str] | None = None,
    title: str = "taxo eval",
    preamble: str | None = None,
) -> str:
    """The whole Markdown report: a headline table (with baseline ratios), then one section per run."""
    skills, roles, baselines = dict(skills or {}), dict(roles or {}), dict(baselines or {})
    _check_baselines(skills, roles, baselines)
    parts = [_heading(1, title)]
    if preamble:
        parts.append(preamble.strip())
    figures: dict[str, dict[str, float]] = {}
    figures.update({f"skills: {k}": span_headline(v) for k, v in skills.items()})
    figures.update({f"roles: {k}": role_headline(v) for k, v in roles.items()})
    prefixed = {f"{kind}: {k}": f"{kind}: {v}" for k, v in baselines.items() for kind in ("skills", "roles")}
    rows = headline_rows(figures, {k: v for k, v in prefixed.items() if k in figures})
    if rows:
        parts.append(_heading(2, "Headline"))
        parts.append(
            md_table(
                ["run", "metric", "value", "baseline", "ratio"],
                [[r, m, fmt(v), fmt(b), "n/a" if b is None else fmt(x, 2)] for r, m, v, b, x in rows],
                "llrrr",
            )
        )
    if skills:
        parts.append(_heading(2, "Skill extraction"))
        parts += [render_span_report(v, heading=k, level=3) for k, v in skills.items()]
    if roles:
        parts.append(_heading(2, "Role resolution"))
        parts += [render_role_scores(v, heading=k, level=3) for k, v in roles.items()]
    return "\n\n".join(parts) + "\n"


def eval_report_dict(
    *,
    skills: Mapping[str, SpanReport] | None = None,
    roles: Mapping[str, RoleScores] | None = None,
    baselines: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON-ready counterpart of :func:`render_eval_report` (full top lists for both match modes)."""
    skills, roles, baselines = dict(skills or {}), dict(roles or {}), dict(baselines or {})
    _check_baselines(skills, roles, baselines)
    out: dict[str, Any] = {
        "skills": {k: v.to_dict() for k, v in skills.items()},
        "roles": {k: v.to_dict() for k, v in roles.items()},
        "baselines": baselines,
        "ratios": {"skills": {}, "roles": {}},
    }
    for run, base in baselines.items():
        if run in skills and base in skills:
            cur, ref = span_headline(skills[run]), span_headline(skills[base])
            out["ratios"]["skills"][run] = {m: ratio_to_baseline(cur[m], ref[m]) for m in cur}
        if run in roles and base in roles:
            cur, ref = role_headline(roles[run]), role_headline(roles[base])
            out["ratios"]["roles"][run] = {m: ratio_to_baseline(cur[m], ref[m]) for m in cur}
    return out


def _check_baselines(
    skills: Mapping[str, SpanReport], roles: Mapping[str, RoleScores], baselines: Mapping[str, str]
) -> None:
    for run, base in baselines.items():
        if not ((run in skills and base in skills) or (run in roles and base in roles)):
            raise ValueError(f"baseline {base!r} for run {run!r}: both must be skill runs or both role runs")
