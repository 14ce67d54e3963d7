"""Evaluation of taxo against gold data: scoring (pure functions) and Markdown/JSON reporting.

``scoring`` scores skill spans (exact and overlap, micro-averaged, per source and label) and role
decisions (top-1 accuracy against gold slug sets, per case, NEW_ROLE precision/recall, confusions);
``report`` renders them. The eval data format and the SkillSpan converter live in ``eval/``.
"""

from taxo.app.evaluation.scoring import (
    MATCH_MODES,
    NEW_ROLE,
    PRF,
    ROLE_CASES,
    CaseStats,
    ConfusionEntry,
    RoleOutcome,
    RoleScores,
    Span,
    SpanDoc,
    SpanMatch,
    SpanReport,
    SpanScores,
    SpanSummary,
    aggregate_span_scores,
    ratio_to_baseline,
    safe_ratio,
    score_roles,
    score_spans,
)

__all__ = [
    "MATCH_MODES",
    "NEW_ROLE",
    "PRF",
    "ROLE_CASES",
    "CaseStats",
    "ConfusionEntry",
    "RoleOutcome",
    "RoleScores",
    "Span",
    "SpanDoc",
    "SpanMatch",
    "SpanReport",
    "SpanScores",
    "SpanSummary",
    "aggregate_span_scores",
    "ratio_to_baseline",
    "safe_ratio",
    "score_roles",
    "score_spans",
]
