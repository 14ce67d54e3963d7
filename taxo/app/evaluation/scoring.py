"""Scoring for ``taxo eval``: skill-span extraction and role resolution. Pure functions, no I/O.

Skill spans
    A mention is its character offsets: spans with the same ``(start, end)`` count once on each side (a
    duplicate predicted mention at the same offsets is not a second prediction). Two matchings:

    * exact   -- same start and end;
    * overlap -- any shared character, one-to-one: every gold span is matched by at most one prediction
      and vice versa, greedily by largest overlap (ties: earliest gold, then earliest prediction), so a
      second prediction on the same gold span is a false positive, and one prediction covering two gold
      spans matches only one of them.

    ``tp`` = matched pairs, ``fp`` = unmatched predictions, ``fn`` = unmatched gold spans. Precision,
    recall and F1 are defined as 0 when their denominator is 0 (no predictions -> precision 0; no gold ->
    recall 0), so an empty document scores 0 and documents are combined by micro-averaging the counts,
    never by averaging per-document ratios.

    ``labels`` restricts the gold spans to those labels (e.g. ``{"KNOWLEDGE"}``). Predictions that carry a
    label outside the set are dropped; unlabelled predictions are kept (taxo's extractor does not label
    KNOWLEDGE/SKILL). With ``ignore_other_labels`` (the default) an unmatched prediction that matches a
    gold span of an excluded label (exactly, resp. overlapping) is ignored instead of counted as a false
    positive: finding a SKILL span is not an error of a KNOWLEDGE extractor, only not credited.

Roles
    An outcome is correct when the prediction is ``NEW_ROLE`` and the gold says ``new_role``, or the
    predicted slug is one of the gold slugs. The stricter ``primary_accuracy`` accepts only the primary
    answer: NEW_ROLE when the gold says ``new_role``, else ``gold_roles[0]`` (gold slugs are ordered,
    primary first). NEW_ROLE precision/recall treat NEW_ROLE as the positive class: a gold ``new_role``
    posting predicted as one of its accepted slugs is correct for accuracy but still a NEW_ROLE miss.
    Outcomes with no gold at all (no slugs and not ``new_role``) are left out of every figure and
    counted in ``n_without_gold``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

NEW_ROLE = "NEW_ROLE"
ROLE_CASES: tuple[str, ...] = ("A", "ALIAS_COLLISION", "DOMAIN", NEW_ROLE)
MATCH_MODES: tuple[str, ...] = ("exact", "overlap")
DEFAULT_TOP_N = 20


def safe_ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or 0.0 when the denominator is 0 (the convention of every score here)."""
    return numerator / denominator if denominator else 0.0


def f1_score(precision: float, recall: float) -> float:
    return safe_ratio(2 * precision * recall, precision + recall)


def ratio_to_baseline(value: float, baseline: float) -> float | None:
    """How many times the baseline a figure is; None when the baseline is 0 (undefined, not infinite)."""
    return value / baseline if baseline else None


# --------------------------------------------------------------------------------------------------
# Skill spans
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` of a document, with its surface text and optional label."""

    start: int
    end: int
    text: str = ""
    label: str | None = None

    def __post_init__(self) -> None:
        if self.start < 0 or self.end <= self.start:
            raise ValueError(f"span needs 0 <= start < end, got [{self.start}, {self.end})")

    @property
    def key(self) -> tuple[int, int]:
        return (self.start, self.end)

    def overlap(self, other: Span) -> int:
        """Characters shared with ``other`` (0 when disjoint)."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data.get("text", "")), data.get("label"))

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "label": self.label}


@dataclass(frozen=True)
class PRF:
    """Match counts with precision, recall and F1 (0 when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return safe_ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return safe_ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class SpanMatch:
    """One matching mode on one document: counts, the matched pairs and what was left over."""

    counts: PRF
    matched: tuple[tuple[Span, Span], ...]  # (gold, predicted)
    missed: tuple[Span, ...]  # gold spans without a match (false negatives)
    false_positives: tuple[Span, ...]  # predictions without a match, not ignored
    ignored: tuple[Span, ...] = ()  # unmatched predictions that hit a gold span of an excluded label


@dataclass(frozen=True)
class SpanScores:
    """Both matching modes for one document."""

    exact: SpanMatch
    overlap: SpanMatch
    n_gold: int
    n_predicted: int

    def mode(self, name: str) -> SpanMatch:
        if name not in MATCH_MODES:
            raise ValueError(f"unknown match mode {name!r}")
        return self.exact if name == "exact" else self.overlap


def _dedupe(spans: Iterable[Span]) -> list[Span]:
    """One span per (start, end), first occurrence kept, ordered by offsets."""
    seen: dict[tuple[int, int], Span] = {}
    for span in spans:
        seen.setdefault(span.key, span)
    return [seen[k] for k in sorted(seen)]


def _exact_pairs(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    by_key = {p.key: j for j, p in enumerate(predicted)}
    return [(i, by_key[g.key]) for i, g in enumerate(gold) if g.key in by_key]


def _overlap_pairs(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    candidates = [
        (-g.overlap(p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted) if g.overlap(p) > 0
    ]
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in sorted(candidates):
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _match(mode: str, gold: Sequence[Span], predicted: Sequence[Span], other_gold: Sequence[Span]) -> SpanMatch:
    pairs = _exact_pairs(gold, predicted) if mode == "exact" else _overlap_pairs(gold, predicted)
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    unmatched = [p for j, p in enumerate(predicted) if j not in matched_pred]
    if mode == "exact":
        other_keys = {g.key for g in other_gold}
        ignored = [p for p in unmatched if p.key in other_keys]
    else:
        ignored = [p for p in unmatched if any(p.overlap(g) > 0 for g in other_gold)]
    ignored_keys = {p.key for p in ignored}
    false_positives = tuple(p for p in unmatched if p.key not in ignored_keys)
    missed = tuple(g for i, g in enumerate(gold) if i not in matched_gold)
    return SpanMatch(
        counts=PRF(len(pairs), len(false_positives), len(missed)),
        matched=tuple((gold[i], predicted[j]) for i, j in pairs),
        missed=missed,
        false_positives=false_positives,
        ignored=tuple(ignored),
    )


def score_spans(
    gold: Iterable[Span],
    predicted: Iterable[Span],
    *,
    labels: Collection[str] | None = None,
    ignore_other_labels: bool = True,
) -> SpanScores:
    """Score one document's predicted spans against its gold spans, exact and overlap (see module doc)."""
    gold = list(gold)
    predicted = list(predicted)
    if labels is None:
        selected, other = gold, []
    else:
        wanted = set(labels)
        selected = [g for g in gold if g.label in wanted]
        other = [g for g in gold if g.label not in wanted] if ignore_other_labels else []
        predicted = [p for p in predicted if p.label is None or p.label in wanted]
    selected_d = _dedupe(selected)
    selected_keys = {s.key for s in selected_d}
    other_d = [g for g in _dedupe(other) if g.key not in selected_keys]
    predicted_d = _dedupe(predicted)
    return SpanScores(
        exact=_match("exact", selected_d, predicted_d, other_d),
        overlap=_match("overlap", selected_d, predicted_d, other_d),
        n_gold=len(selected_d),
        n_predicted=len(predicted_d),
    )


@dataclass(frozen=True)
class SpanDoc:
    """One document to score: its gold and predicted spans, and its source for the per-source breakdown."""

    doc_id: str
    gold: Sequence[Span]
    predicted: Sequence[Span]
    source: str | None = None


@dataclass(frozen=True)
class SpanSummary:
    """Micro-averaged counts over a set of documents, both modes."""

    n_docs: int = 0
    n_gold: int = 0
    n_predicted: int = 0
    exact: PRF = field(default_factory=PRF)
    overlap: PRF = field(default_factory=PRF)

    def add(self, scores: SpanScores) -> SpanSummary:
        return SpanSummary(
            self.n_docs + 1,
            self.n_gold + scores.n_gold,
            self.n_predicted + scores.n_predicted,
            self.exact + scores.exact.counts,
            self.overlap + scores.overlap.counts,
        )

    def mode(self, name: str) -> PRF:
        if name not in MATCH_MODES:
            raise ValueError(f"unknown match mode {name!r}")
        return self.exact if name == "exact" else self.overlap

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_docs": self.n_docs,
            "n_gold": self.n_gold,
            "n_predicted": self.n_predicted,
            "exact": self.exact.to_dict(),
            "overlap": self.overlap.to_dict(),
        }


def _casefold_text(span: Span) -> str:
    return " ".join(span.text.split()).casefold()


@dataclass(frozen=True)
class SpanReport:
    """Skill extraction over many documents: overall, per source, and the most frequent errors."""

    labels: tuple[str, ...] | None
    overall: SpanSummary
    by_source: Mapping[str, SpanSummary]
    top_misses: Mapping[str, tuple[tuple[str, int], ...]]  # mode -> (case-folded gold text, count)
    top_false_positives: Mapping[str, tuple[tuple[str, int], ...]]  # mode -> (case-folded predicted text, count)
    documents: Mapping[str, SpanScores] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": None if self.labels is None else list(self.labels),
            "overall": self.overall.to_dict(),
            "by_source": {k: v.to_dict() for k, v in self.by_source.items()},
            "top_misses": {m: [{"text": t, "count": n} for t, n in v] for m, v in self.top_misses.items()},
            "top_false_positives": {
                m: [{"text": t, "count": n} for t, n in v] for m, v in self.top_false_positives.items()
            },
        }


def _top(counter: Counter[str], n: int) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def aggregate_span_scores(
    docs: Iterable[SpanDoc],
    *,
    labels: Collection[str] | None = None,
    ignore_other_labels: bool = True,
    top_n: int = DEFAULT_TOP_N,
) -> SpanReport:
    """Score every document and micro-average: overall, per source, and the top-N misses / false positives.

    Misses are gold span texts and false positives predicted span texts, case-folded with whitespace
    collapsed, counted over all documents, ordered by count then text.
    """
    overall = SpanSummary()
    by_source: dict[str, SpanSummary] = {}
    misses = {m: Counter[str]() for m in MATCH_MODES}
    false_pos = {m: Counter[str]() for m in MATCH_MODES}
    documents: dict[str, SpanScores] = {}
    for doc in docs:
        if doc.doc_id in documents:
            raise ValueError(f"duplicate document id {doc.doc_id!r}")
        scores = score_spans(doc.gold, doc.predicted, labels=labels, ignore_other_labels=ignore_other_labels)
        documents[doc.doc_id] = scores
        overall = overall.add(scores)
        source = doc.source if doc.source is not None else "unknown"
        by_source[source] = by_source.get(source, SpanSummary()).add(scores)
        for mode in MATCH_MODES:
            match = scores.mode(mode)
            misses[mode].update(_casefold_text(s) for s in match.missed)
            false_pos[mode].update(_casefold_text(s) for s in match.false_positives)
    return SpanReport(
        labels=None if labels is None else tuple(sorted(labels)),
        overall=overall,
        by_source=dict(sorted(by_source.items())),
        top_misses={m: _top(c, top_n) for m, c in misses.items()},
        top_false_positives={m: _top(c, top_n) for m, c in false_pos.items()},
        documents=documents,
    )


# --------------------------------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleOutcome:
    """One posting's role decision next to its gold.

    ``gold_roles``: acceptable slugs, primary first, or None; ``gold_new_role``: the correct decision is
    NEW_ROLE (with ``gold_roles`` as well it means either is accepted). ``predicted_case`` is one of
    ``ROLE_CASES``; ``predicted_slug`` is None exactly when the case is NEW_ROLE.
    """

    item_id: str
    gold_roles: Sequence[str] | None  # stored as a tuple
    gold_new_role: bool
    predicted_case: str
    predicted_slug: str | None
    source: str | None = None

    def __post_init__(self) -> None:
        if self.predicted_case not in ROLE_CASES:
            raise ValueError(f"{self.item_id}: unknown case {self.predicted_case!r}; expected one of {ROLE_CASES}")
        if (self.predicted_case == NEW_ROLE) != (self.predicted_slug is None):
            raise ValueError(f"{self.item_id}: a slug is predicted exactly when the case is not NEW_ROLE")
        if self.gold_roles is not None:
            if isinstance(self.gold_roles, str) or not self.gold_roles:
                raise ValueError(f"{self.item_id}: gold_roles must be a non-empty sequence of slugs or None")
            object.__setattr__(self, "gold_roles", tuple(self.gold_roles))

    @property
    def has_gold(self) -> bool:
        return self.gold_roles is not None or self.gold_new_role

    @property
    def predicted_label(self) -> str:
        return self.predicted_slug if self.predicted_slug is not None else NEW_ROLE

    @property
    def correct(self) -> bool:
        if self.predicted_slug is None:
            return self.gold_new_role
        return self.gold_roles is not None and self.predicted_slug in self.gold_roles

    @property
    def primary_gold(self) -> str | None:
        """The single best answer: NEW_ROLE when the gold says new_role, else the first gold slug."""
        if self.gold_new_role:
            return NEW_ROLE
        return self.gold_roles[0] if self.gold_roles else None

    @property
    def primary_correct(self) -> bool:
        return self.has_gold and self.predicted_label == self.primary_gold

    @property
    def gold_key(self) -> tuple[tuple[str, ...], bool]:
        return (tuple(sorted(self.gold_roles or ())), self.gold_new_role)


def gold_label(roles: Sequence[str] | None, new_role: bool, *, max_roles: int | None = None) -> str:
    """A readable gold label: the slugs joined by ``|`` (sorted), plus NEW_ROLE when accepted.

    >>> gold_label(["java-backend-developer", "backend-engineer"], False)
    'backend-engineer|java-backend-developer'
    >>> gold_label(None, True)
    'NEW_ROLE'
    """
    parts = sorted(roles or ())
    if max_roles is not None and len(parts) > max_roles:
        parts = parts[:max_roles] + [f"…(+{len(parts) - max_roles})"]
    if new_role:
        parts.append(NEW_ROLE)
    return "|".join(parts)


@dataclass(frozen=True)
class CaseStats:
    n: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float:
        return safe_ratio(self.correct, self.n)

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "correct": self.correct, "accuracy": self.accuracy}


@dataclass(frozen=True)
class ConfusionEntry:
    gold_roles: tuple[str, ...]
    gold_new_role: bool
    predicted: str  # slug or NEW_ROLE
    count: int

    @property
    def gold(self) -> str:
        return gold_label(self.gold_roles, self.gold_new_role)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_roles": list(self.gold_roles),
            "gold_new_role": self.gold_new_role,
            "gold": self.gold,
            "predicted": self.predicted,
            "count": self.count,
        }


@dataclass(frozen=True)
class RoleScores:
    n_items: int
    n_scored: int
    n_without_gold: int
    correct: int
    primary_correct: int
    by_case: Mapping[str, CaseStats]  # by predicted case, every case listed
    by_source: Mapping[str, CaseStats]
    new_role: PRF  # NEW_ROLE as the positive class
    confusion: tuple[ConfusionEntry, ...]  # most frequent (gold -> predicted) errors

    @property
    def accuracy(self) -> float:
        return safe_ratio(self.correct, self.n_scored)

    @property
    def primary_accuracy(self) -> float:
        return safe_ratio(self.primary_correct, self.n_scored)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_items": self.n_items,
            "n_scored": self.n_scored,
            "n_without_gold": self.n_without_gold,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "primary_correct": self.primary_correct,
            "primary_accuracy": self.primary_accuracy,
            "by_case": {k: v.to_dict() for k, v in self.by_case.items()},
            "by_source": {k: v.to_dict() for k, v in self.by_source.items()},
            "new_role": self.new_role.to_dict(),
            "confusion": [e.to_dict() for e in self.confusion],
        }


def score_roles(items: Iterable[RoleOutcome], *, top_n: int = DEFAULT_TOP_N) -> RoleScores:
    """Top-1 accuracy (set and primary), accuracy per predicted case and per source, NEW_ROLE P/R/F1 and
    the ``top_n`` most frequent errors as (gold -> predicted) pairs, ordered by count then labels."""
    items = list(items)
    seen: set[str] = set()
    for item in items:
        if item.item_id in seen:
            raise ValueError(f"duplicate item id {item.item_id!r}")
        seen.add(item.item_id)
    scored = [i for i in items if i.has_gold]
    by_case = {case: CaseStats() for case in ROLE_CASES}
    by_source: dict[str, CaseStats] = {}
    tp = fp = fn = 0
    errors: Counter[tuple[tuple[str, ...], bool, str]] = Counter()
    for item in scored:
        ok = item.correct
        stats = by_case[item.predicted_case]
        by_case[item.predicted_case] = CaseStats(stats.n + 1, stats.correct + ok)
        source = item.source if item.source is not None else "unknown"
        stats = by_source.get(source, CaseStats())
        by_source[source] = CaseStats(stats.n + 1, stats.correct + ok)
        predicted_new = item.predicted_case == NEW_ROLE
        tp += predicted_new and item.gold_new_role
        fp += predicted_new and not item.gold_new_role
        fn += item.gold_new_role and not predicted_new
        if not ok:
            roles, new_role = item.gold_key
            errors[(roles, new_role, item.predicted_label)] += 1
    confusion = tuple(
        ConfusionEntry(roles, new_role, predicted, count)
        for (roles, new_role, predicted), count in sorted(
            errors.items(), key=lambda kv: (-kv[1], gold_label(kv[0][0], kv[0][1]), kv[0][2])
        )[:top_n]
    )
    return RoleScores(
        n_items=len(items),
        n_scored=len(scored),
        n_without_gold=len(items) - len(scored),
        correct=sum(i.correct for i in scored),
        primary_correct=sum(i.primary_correct for i in scored),
        by_case=by_case,
        by_source=dict(sorted(by_source.items())),
        new_role=PRF(tp, fp, fn),
        confusion=confusion,
    )
