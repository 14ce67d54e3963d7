"""Scoring on tiny hand-made cases: every number below is counted by hand."""

from __future__ import annotations

import pytest

from taxo.app.evaluation.scoring import (
    NEW_ROLE,
    PRF,
    RoleOutcome,
    Span,
    SpanDoc,
    aggregate_span_scores,
    ratio_to_baseline,
    score_roles,
    score_spans,
)

#          0         1         2         3         4
#          0123456789012345678901234567890123456789012345
TEXT = "Java and Spring Boot with React Native apps."
JAVA = Span(0, 4, "Java", "KNOWLEDGE")
SPRING_BOOT = Span(9, 20, "Spring Boot", "KNOWLEDGE")
REACT_NATIVE = Span(26, 38, "React Native", "KNOWLEDGE")
APPS = Span(39, 43, "apps", "SKILL")


def pred(start: int, end: int) -> Span:
    """An unlabelled prediction, as taxo's extractor produces them."""
    return Span(start, end, TEXT[start:end])


def test_fixture_offsets_are_right() -> None:
    for span in (JAVA, SPRING_BOOT, REACT_NATIVE, APPS):
        assert TEXT[span.start : span.end] == span.text


# -- PRF conventions ---------------------------------------------------------------------------------


def test_prf_zero_denominators_are_zero() -> None:
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)
    assert PRF(tp=0, fp=3, fn=0).precision == 0.0
    assert PRF(tp=0, fp=0, fn=2).recall == 0.0
    assert PRF(tp=0, fp=0, fn=2).precision == 0.0  # no predictions -> precision 0, not 1


def test_prf_values_and_sum() -> None:
    p = PRF(tp=2, fp=1, fn=2)
    assert p.precision == pytest.approx(2 / 3)
    assert p.recall == pytest.approx(0.5)
    assert p.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert p + PRF(1, 1, 1) == PRF(3, 2, 3)


def test_span_rejects_empty_or_negative() -> None:
    with pytest.raises(ValueError):
        Span(5, 5)
    with pytest.raises(ValueError):
        Span(-1, 3)


# -- one document ------------------------------------------------------------------------------------


def test_perfect() -> None:
    gold = [JAVA, SPRING_BOOT, REACT_NATIVE]
    s = score_spans(gold, [pred(0, 4), pred(9, 20), pred(26, 38)])
    for mode in ("exact", "overlap"):
        assert s.mode(mode).counts == PRF(tp=3, fp=0, fn=0)
        assert s.mode(mode).counts.f1 == 1.0
        assert s.mode(mode).missed == () and s.mode(mode).false_positives == ()


def test_empty_gold_and_empty_predictions() -> None:
    s = score_spans([], [])
    assert s.exact.counts == PRF() and s.overlap.counts == PRF()
    assert (s.n_gold, s.n_predicted) == (0, 0)
    assert s.overlap.counts.f1 == 0.0


def test_no_predictions() -> None:
    s = score_spans([JAVA, SPRING_BOOT], [])
    assert s.exact.counts == PRF(tp=0, fp=0, fn=2)
    assert s.overlap.counts == PRF(tp=0, fp=0, fn=2)
    assert s.overlap.missed == (JAVA, SPRING_BOOT)


def test_no_gold() -> None:
    s = score_spans([], [pred(0, 4), pred(9, 15)])
    assert s.exact.counts == PRF(tp=0, fp=2, fn=0)
    assert s.overlap.counts == PRF(tp=0, fp=2, fn=0)
    assert [p.text for p in s.overlap.false_positives] == ["Java", "Spring"]


def test_partial_overlap_counts_for_overlap_only() -> None:
    # "Spring" [9, 15) against gold "Spring Boot"; "React Native apps" [26, 43) against "React Native".
    s = score_spans([SPRING_BOOT, REACT_NATIVE], [pred(9, 15), pred(26, 43)])
    assert s.exact.counts == PRF(tp=0, fp=2, fn=2)
    assert s.overlap.counts == PRF(tp=2, fp=0, fn=0)
    assert [(g.text, p.text) for g, p in s.overlap.matched] == [
        ("Spring Boot", "Spring"),
        ("React Native", "React Native apps"),
    ]


def test_touching_spans_do_not_overlap() -> None:
    # [4, 9) ends where "Spring Boot" starts: no shared character.
    s = score_spans([SPRING_BOOT], [pred(4, 9)])
    assert s.overlap.counts == PRF(tp=0, fp=1, fn=1)


def test_duplicate_predicted_mentions_same_offsets_count_once() -> None:
    s = score_spans([JAVA], [pred(0, 4), pred(0, 4), Span(0, 4, "java")])
    assert s.n_predicted == 1
    assert s.exact.counts == PRF(tp=1, fp=0, fn=0)
    assert s.overlap.counts == PRF(tp=1, fp=0, fn=0)


def test_duplicate_predicted_mentions_of_one_gold_span_not_double_counted() -> None:
    # "React" [26, 31) and "React Native" [26, 38) both hit gold "React Native": one match, one FP.
    s = score_spans([REACT_NATIVE], [pred(26, 31), pred(26, 38)])
    assert s.overlap.counts == PRF(tp=1, fp=1, fn=0)
    assert s.overlap.matched == ((REACT_NATIVE, pred(26, 38)),)  # the larger overlap wins
    assert s.overlap.false_positives == (pred(26, 31),)
    assert s.exact.counts == PRF(tp=1, fp=1, fn=0)


def test_one_prediction_overlapping_two_gold_spans_matches_one() -> None:
    # "Spring Boot with React" [9, 31) covers all of "Spring Boot" (11 chars) and "React" of "React Native" (5).
    s = score_spans([SPRING_BOOT, REACT_NATIVE], [pred(9, 31)])
    assert s.overlap.counts == PRF(tp=1, fp=0, fn=1)
    assert s.overlap.matched == ((SPRING_BOOT, pred(9, 31)),)
    assert s.overlap.missed == (REACT_NATIVE,)
    assert s.exact.counts == PRF(tp=0, fp=1, fn=2)


def test_greedy_matching_is_one_to_one_and_by_largest_overlap() -> None:
    # Gold A=[0, 10), B=[12, 20). P1=[8, 14) overlaps A by 2 and B by 2; P2=[0, 9) overlaps A by 9.
    a, b = Span(0, 10, "a"), Span(12, 20, "b")
    p1, p2 = Span(8, 14, "p1"), Span(0, 9, "p2")
    s = score_spans([a, b], [p1, p2])
    assert set(s.overlap.matched) == {(a, p2), (b, p1)}
    assert s.overlap.counts == PRF(tp=2, fp=0, fn=0)


def test_label_filter_and_ignoring_other_labels() -> None:
    gold = [JAVA, APPS]
    predictions = [pred(0, 4), pred(39, 43), pred(21, 25)]  # Java (KNOWLEDGE), apps (SKILL), "with"
    knowledge = score_spans(gold, predictions, labels={"KNOWLEDGE"})
    assert knowledge.n_gold == 1
    assert knowledge.overlap.counts == PRF(tp=1, fp=1, fn=0)  # "apps" ignored, "with" a false positive
    assert knowledge.overlap.ignored == (pred(39, 43),)
    strict = score_spans(gold, predictions, labels={"KNOWLEDGE"}, ignore_other_labels=False)
    assert strict.overlap.counts == PRF(tp=1, fp=2, fn=0)
    both = score_spans(gold, predictions)
    assert both.overlap.counts == PRF(tp=2, fp=1, fn=0)


def test_labelled_predictions_outside_the_filter_are_dropped() -> None:
    s = score_spans([JAVA], [Span(0, 4, "Java", "SKILL"), Span(9, 15, "Spring", "SKILL")], labels={"KNOWLEDGE"})
    assert s.n_predicted == 0
    assert s.overlap.counts == PRF(tp=0, fp=0, fn=1)


def test_gold_spans_with_same_offsets_in_two_layers_count_once() -> None:
    s = score_spans([JAVA, Span(0, 4, "Java", "SKILL")], [pred(0, 4)])
    assert s.n_gold == 1
    assert s.overlap.counts == PRF(tp=1, fp=0, fn=0)


# -- many documents ----------------------------------------------------------------------------------


def _docs() -> list[SpanDoc]:
    return [
        # tech: 2 gold, 1 exact hit, 1 partial, 1 false positive
        SpanDoc("t1", [JAVA, SPRING_BOOT], [pred(0, 4), pred(9, 15), pred(21, 25)], "tech"),
        # tech: nothing gold, nothing predicted (contributes zeros, does not drag the average)
        SpanDoc("t2", [], [], "tech"),
        # house: 1 gold missed
        SpanDoc("h1", [REACT_NATIVE], [], "house"),
    ]


def test_aggregate_is_micro_averaged_with_per_source_breakdown() -> None:
    report = aggregate_span_scores(_docs())
    assert report.overall.n_docs == 3
    assert report.overall.exact == PRF(tp=1, fp=2, fn=2)
    assert report.overall.overlap == PRF(tp=2, fp=1, fn=1)
    assert report.overall.overlap.f1 == pytest.approx(2 / 3)
    assert list(report.by_source) == ["house", "tech"]
    assert report.by_source["tech"].n_docs == 2
    assert report.by_source["tech"].overlap == PRF(tp=2, fp=1, fn=0)
    assert report.by_source["house"].overlap == PRF(tp=0, fp=0, fn=1)
    assert report.by_source["house"].overlap.precision == 0.0


def test_top_misses_and_false_positives_are_case_folded_and_counted() -> None:
    docs = [
        SpanDoc("a", [Span(0, 4, "Java"), Span(5, 10, "Scala")], [Span(11, 15, "Grit")]),
        SpanDoc("b", [Span(0, 4, "JAVA")], [Span(5, 9, "grit"), Span(10, 14, "Team")]),
        SpanDoc("c", [Span(0, 4, "java")], [Span(0, 4, "java")]),
    ]
    report = aggregate_span_scores(docs, top_n=2)
    assert report.top_misses["overlap"] == (("java", 2), ("scala", 1))
    assert report.top_false_positives["overlap"] == (("grit", 2), ("team", 1))
    assert report.by_source == {"unknown": report.overall}


def test_aggregate_rejects_duplicate_ids() -> None:
    with pytest.raises(ValueError):
        aggregate_span_scores([SpanDoc("x", [], []), SpanDoc("x", [], [])])


def test_span_report_to_dict_is_json_ready() -> None:
    import json

    data = aggregate_span_scores(_docs(), labels={"KNOWLEDGE"}).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["labels"] == ["KNOWLEDGE"]
    assert data["overall"]["overlap"]["tp"] == 2
    assert set(data["top_misses"]) == {"exact", "overlap"}


# -- roles -------------------------------------------------------------------------------------------

BACKEND = ("java-backend-developer", "backend-engineer")


def outcome(item: str, gold, new_role: bool, case: str, slug: str | None, source: str = "tech") -> RoleOutcome:
    return RoleOutcome(item, gold, new_role, case, slug, source)


def test_role_accuracy_with_sets_and_primary() -> None:
    items = [
        outcome("1", BACKEND, False, "A", "java-backend-developer"),  # primary hit
        outcome("2", BACKEND, False, "ALIAS_COLLISION", "backend-engineer"),  # in the set, not primary
        outcome("3", BACKEND, False, "A", "python-backend-developer"),  # wrong
        outcome("4", ("ios-developer",), False, "DOMAIN", "ios-developer"),
    ]
    scores = score_roles(items)
    assert (scores.n_scored, scores.correct, scores.primary_correct) == (4, 3, 2)
    assert scores.accuracy == pytest.approx(0.75)
    assert scores.primary_accuracy == pytest.approx(0.5)
    assert scores.by_case["A"].n == 2 and scores.by_case["A"].correct == 1
    assert scores.by_case["ALIAS_COLLISION"].accuracy == 1.0
    assert scores.by_case["DOMAIN"].accuracy == 1.0
    assert scores.by_case[NEW_ROLE].n == 0 and scores.by_case[NEW_ROLE].accuracy == 0.0


def test_new_role_precision_and_recall() -> None:
    items = [
        outcome("1", None, True, NEW_ROLE, None, "house"),  # tp
        outcome("2", None, True, "A", "project-manager", "house"),  # fn (and wrong)
        outcome("3", ("devops-engineer",), False, NEW_ROLE, None),  # fp (and wrong)
        outcome("4", ("security-analyst",), True, "A", "security-analyst"),  # borderline: correct, but fn
        outcome("5", ("security-analyst",), True, NEW_ROLE, None),  # borderline: tp, primary
        outcome("6", ("devops-engineer",), False, "A", "devops-engineer"),  # tn
    ]
    scores = score_roles(items)
    assert scores.new_role == PRF(tp=2, fp=1, fn=2)
    assert scores.new_role.precision == pytest.approx(2 / 3)
    assert scores.new_role.recall == pytest.approx(0.5)
    assert scores.correct == 4  # 1, 4, 5, 6
    assert scores.primary_correct == 3  # 1, 5, 6: the primary answer of a new_role posting is NEW_ROLE
    assert scores.by_case[NEW_ROLE].n == 3 and scores.by_case[NEW_ROLE].correct == 2
    assert scores.by_source["house"].n == 2 and scores.by_source["house"].correct == 1


def test_items_without_gold_are_not_scored() -> None:
    items = [outcome("1", None, False, "A", "devops-engineer"), outcome("2", BACKEND, False, "A", "backend-engineer")]
    scores = score_roles(items)
    assert (scores.n_items, scores.n_scored, scores.n_without_gold) == (2, 1, 1)
    assert scores.accuracy == 1.0
    assert score_roles([]).accuracy == 0.0


def test_confusion_counts_most_frequent_errors_first() -> None:
    items = [
        outcome("1", BACKEND, False, "A", "php-backend-developer"),
        outcome("2", tuple(reversed(BACKEND)), False, "A", "php-backend-developer"),  # same gold set
        outcome("3", BACKEND, False, "A", "frontend-engineer"),
        outcome("4", None, True, "A", "project-manager"),
        outcome("5", ("qa-engineer",), False, NEW_ROLE, None),
        outcome("6", BACKEND, False, "A", "backend-engineer"),  # correct: not in the table
    ]
    scores = score_roles(items, top_n=3)
    table = [(e.gold, e.predicted, e.count) for e in scores.confusion]
    assert table == [
        ("backend-engineer|java-backend-developer", "php-backend-developer", 2),
        ("NEW_ROLE", "project-manager", 1),
        ("backend-engineer|java-backend-developer", "frontend-engineer", 1),
    ]
    assert len(score_roles(items).confusion) == 4


def test_role_outcome_validation() -> None:
    with pytest.raises(ValueError):
        RoleOutcome("x", BACKEND, False, "B", "backend-engineer")  # unknown case
    with pytest.raises(ValueError):
        RoleOutcome("x", BACKEND, False, NEW_ROLE, "backend-engineer")  # NEW_ROLE with a slug
    with pytest.raises(ValueError):
        RoleOutcome("x", BACKEND, False, "A", None)  # a case without a slug
    with pytest.raises(ValueError):
        RoleOutcome("x", "backend-engineer", False, "A", "backend-engineer")  # a bare string is not a set
    with pytest.raises(ValueError):
        score_roles([outcome("1", BACKEND, False, "A", "x"), outcome("1", BACKEND, False, "A", "x")])


def test_role_scores_to_dict_is_json_ready() -> None:
    import json

    scores = score_roles([outcome("1", BACKEND, False, "A", "php-backend-developer")])
    data = scores.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["confusion"][0]["gold_roles"] == ["backend-engineer", "java-backend-developer"]
    assert set(data["by_case"]) == {"A", "ALIAS_COLLISION", "DOMAIN", NEW_ROLE}


def test_ratio_to_baseline() -> None:
    assert ratio_to_baseline(0.8, 0.4) == pytest.approx(2.0)
    assert ratio_to_baseline(0.8, 0.0) is None
