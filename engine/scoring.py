"""The role signals and their combined score under one rule book: the one scoring function of taxo.

``score_signals`` turns a JD's evidence into the five signals and the combined score, with the
``role_decision`` params, weights and floors of a ``RuleBook``. Step 1 of the pipeline gathers the evidence
from the JD and the store; ``taxo rules replay`` takes it from what a run saved (``saved_evidence``) and
calls the same function, so a rules change moves both the same way. ``decide.decide_role`` then turns the
signals into the decision, for both.

Example::

    >>> ev = SignalEvidence(title_aliases=["Data Engineer"], skills=extraction.skills)  # doctest: +SKIP
    >>> score_signals(ev, tax, book).combined[0].slug
    'data-engineer'
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from taxo.engine.models.signals import KraMatch, RoleScore, Signals
from taxo.engine.models.skills import ExtractedSkill
from taxo.engine.signals.alias import alias_signal
from taxo.engine.signals.combine import SIGNALS, combine
from taxo.engine.signals.kra import kra_scores
from taxo.engine.signals.skill import skill_signal
from taxo.engine.signals.vectors import Centroid, centroid_scores
from taxo.engine.taxonomy import Taxonomy
from taxo.rules import RuleBook


@dataclass(frozen=True)
class SignalEvidence:
    """What a JD's signals are computed from; a part that is None (or empty) gives no signal.

    Attributes:
        title_aliases: the title and its variants (alias signal).
        title_vector: the title's similarity to each role's aliases (used only without an exact alias hit).
        kra_matches: per role, the best KRA match of each responsibility sentence (None: no sentences).
        sentences: how many responsibility sentences were matched (the KRA score's denominator).
        skills: the JD's extracted skills (skill signal).
        centroids: the JD's similarity to role centroids (None: the JD has no vector).
    """

    title_aliases: Sequence[str] = ()
    title_vector: list[RoleScore] | None = None
    kra_matches: Mapping[str, Sequence[KraMatch]] | None = None
    sentences: int = 0
    skills: Sequence[ExtractedSkill] = ()
    centroids: Sequence[Centroid] | None = None


def floors(book: RuleBook) -> dict[str, float]:
    """The floors of the combined score (similarities below them count as 0), from the role_decision params."""
    dec = book.params("role_decision")
    return {"kra": dec["kra_floor"], "title_vector": dec["title_vector_floor"], "centroid": dec["centroid_floor"]}


def score_signals(
    ev: SignalEvidence,
    tax: Taxonomy,
    book: RuleBook,
    saved: Signals | None = None,
    recompute: Collection[str] = SIGNALS,
) -> Signals:
    """Every signal of one JD and their combined score under ``book``.

    With ``saved`` (a replay), only the signals named in ``recompute`` are computed again from ``ev``; the
    others are taken as the run saved them, so a taxonomy that changed since does not move them. The
    combined score is always computed again.
    """
    dec = book.params("role_decision")
    redo = set(SIGNALS) if saved is None else set(recompute)
    s = Signals() if saved is None else saved.model_copy(deep=True)
    if "alias" in redo and ev.title_aliases:
        s.alias = alias_signal(list(ev.title_aliases), tax, dec["partial_alias_factor"])
    exact = any(r.hit == "exact" for r in s.alias)
    with_title_vector = bool(ev.title_aliases) and ev.title_vector is not None and not exact
    s.title_vector = list(ev.title_vector or []) if with_title_vector else []
    if "kra" in redo and ev.kra_matches is not None:
        s.kra = kra_scores(ev.kra_matches, ev.sentences, tax, int(dec["kra_best_sentences"]))
    if "skill" in redo and ev.skills:
        s.skill = skill_signal(
            list(ev.skills),
            tax,
            dec["skill_breadth_penalty"],
            dec["skill_secondary_weight"],
            dec["skill_concept_weight"],
        )
    if "centroid" in redo and ev.centroids is not None:
        s.centroid = centroid_scores(ev.centroids, tax, int(dec["centroid_min_n"]))
    present = {
        "alias": bool(ev.title_aliases),
        "title_vector": with_title_vector,
        "kra": ev.kra_matches is not None,
        "skill": bool(ev.skills),
        "centroid": bool(s.centroid),
    }
    s.available = [name for name in SIGNALS if present[name]]
    s.combined = combine(s, book.weights("role_decision"), floors(book), tax)
    return s


def saved_evidence(
    signals: Signals, title_aliases: Sequence[str], skills: Sequence[ExtractedSkill], sentences: int
) -> SignalEvidence:
    """The evidence a stored run kept: its title variants and skills, and the matches and centroid
    similarities behind its saved signals (a title-vector signal is kept only where the run computed one)."""
    return SignalEvidence(
        title_aliases=title_aliases,
        title_vector=list(signals.title_vector) if "title_vector" in signals.available else None,
        kra_matches={rs.slug: list(rs.kra_matches or []) for rs in signals.kra} if "kra" in signals.available else None,
        sentences=sentences,
        skills=skills,
        centroids=[Centroid(rs.slug, rs.score, rs.centroid_n or 0) for rs in signals.centroid],
    )
