"""Plan step 1's post-classification updates: centroid, collision log, new-role and review queues."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from taxo.core.text import norm, slugify, text_hash
from taxo.engine.models.decision import RoleDecision
from taxo.engine.models.details import DetailsResult
from taxo.engine.models.signals import Signals
from taxo.engine.models.skills import SkillExtraction
from taxo.engine.models.updates import KraCandidate, NewSkillQueued, PostClassification
from taxo.engine.taxonomy import Taxonomy


@dataclass(frozen=True)
class Queue:
    """Review queue names (``ReviewItem.queue``)."""

    NEW_SKILL = "new_skill"
    NEW_ALIAS = "new_alias"
    KRA_CANDIDATE = "kra_candidate"
    NEW_ROLE = "new_role"
    ALIAS_COLLISION = "alias_collision"


QUEUES = (Queue.NEW_SKILL, Queue.NEW_ALIAS, Queue.KRA_CANDIDATE, Queue.NEW_ROLE, Queue.ALIAS_COLLISION)


def review(queue: str, key: str, **props: object) -> dict[str, object]:
    """A review-queue entry for the run plan: id ``queue:key`` and flat properties."""
    clean = {k: v for k, v in props.items() if v is not None}
    return {"id": f"{queue}:{key}", "props": {"queue": queue, "key": key, **clean}}


def plan_updates(
    decision: RoleDecision,
    extraction: SkillExtraction,
    signals: Signals,
    sentences: list[str],
    sentence_vectors: np.ndarray,
    jd_vector: np.ndarray | None,
    title: str | None,
    tax: Taxonomy,
    kra_candidate_below: float,
) -> tuple[PostClassification, list[dict[str, object]], list[dict[str, object]]]:
    """The post-classification summary, the centroid update and the review entries a run would write."""
    role = decision.role.slug if decision.role else None
    post = PostClassification(applied=False, centroid_role=role if jd_vector is not None else None)
    centroid: list[dict[str, object]] = (
        [{"role": role, "v": [float(x) for x in jd_vector]}] if role and jd_vector is not None else []
    )
    reviews: list[dict[str, object]] = []
    if decision.case == "ALIAS_COLLISION" and decision.collision:
        alias = next((rs.alias for rs in signals.alias if rs.hit == "exact" and rs.alias), title or "")
        entry = review(
            Queue.ALIAS_COLLISION,
            norm(alias),
            display=alias,
            roles=[r.slug for r in decision.collision],
            role=role,
            evidence=title,
            rule_id=decision.rule_id,
        )
        reviews.append(entry)
        post.collision_queue_id = str(entry["id"])
    if decision.case == "NEW_ROLE" and decision.new_role:
        top = [{"slug": rs.slug, "score": rs.score} for rs in signals.combined[:3]]
        entry = review(
            Queue.NEW_ROLE,
            decision.new_role.slug,
            display=decision.new_role.display_name,
            title=title,
            evidence=decision.reasoning,
            payload=json.dumps({"top_roles": top, "sentences": sentences[:5]}),
        )
        reviews.append(entry)
        post.new_role_queue_id = str(entry["id"])
    for c in extraction.candidates:
        key = slugify(c.text)
        if not key:
            continue
        entry = review(
            Queue.NEW_SKILL, key, display=c.text, role=role, primary=c.primary, evidence=c.sentence, reason=c.reason
        )
        reviews.append(entry)
        post.new_skills.append(
            NewSkillQueued(
                queue_id=str(entry["id"]), skill_name=c.text, role_slug=role, primary=c.primary, sentence=c.sentence
            )
        )
    if role and sentences:
        ids, kra_matrix = tax.role_kra_vectors(role)
        if ids:
            sims = (1.0 + sentence_vectors @ kra_matrix.T) / 2.0
            for sentence, row in zip(sentences, sims, strict=True):
                best = int(np.argmax(row))
                if float(row[best]) < kra_candidate_below:
                    entry = review(
                        Queue.KRA_CANDIDATE,
                        f"{role}:{text_hash(norm(sentence))}",
                        display=sentence,
                        role=role,
                        evidence=sentence,
                        similarity=round(float(row[best]), 4),
                        best_kra=ids[best],
                    )
                    reviews.append(entry)
                    post.kra_candidates.append(
                        KraCandidate(
                            queue_id=str(entry["id"]),
                            role_slug=role,
                            sentence=sentence,
                            best_kra_similarity=round(float(row[best]), 4),
                            best_kra_id=ids[best],
                        )
                    )
    return post, centroid, reviews


def alias_reviews(details: DetailsResult, role: str | None) -> list[dict[str, object]]:
    """Step 2's review entries: pending aliases (a new surface form of a known skill), never silent writes."""
    out = []
    for d in details.skills:
        if d.pending_alias and d.canonical is not None:
            out.append(
                review(
                    Queue.NEW_ALIAS,
                    f"{d.canonical.slug}:{norm(d.pending_alias)}",
                    display=d.pending_alias,
                    skill=d.canonical.slug,
                    match=d.matched_via.value,
                    similarity=d.similarity,
                    role=role,
                    evidence=d.evidence,
                )
            )
    return out
