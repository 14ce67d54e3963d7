"""Turn signals into rule facts, ask the rules, resolve the chosen role and prefer a specialisation.

The thresholds and weights live in ``rules/*.yaml``; this module only derives facts and applies the
outcome the rules name.
"""

from __future__ import annotations

from typing import Any

from taxo.core.text import slugify
from taxo.engine.models.decision import RoleDecision, RoleRef, Specialization
from taxo.engine.models.signals import Signals
from taxo.engine.models.skills import ExtractedSkill
from taxo.engine.models.taxonomy import TECH_NATURES
from taxo.engine.taxonomy import Taxonomy
from taxo.rules import RuleBook

OTHER_SIGNALS = ("title_vector", "kra", "skill", "centroid")


def _ref(tax: Taxonomy, slug: str) -> RoleRef:
    return RoleRef(slug=slug, display_name=tax.roles[slug].name)


def _without_alias(signals: Signals, weights: dict[str, float]) -> dict[str, float]:
    """Each role's combined score over the signals other than the alias (to separate colliding roles)."""
    present = [s for s in OTHER_SIGNALS if s in signals.available and weights.get(s, 0) > 0]
    total = sum(weights[s] for s in present)
    if total <= 0:
        return {}
    return {rs.slug: sum(weights[s] * (rs.parts or {}).get(s, 0.0) for s in present) / total for rs in signals.combined}


def family(tax: Taxonomy, role: str) -> set[str]:
    """A role with its generic parent and its specialisations (evidence for one supports the branch)."""
    info = tax.roles.get(role)
    if info is None:
        return {role}
    return {role, *info.children, *([info.parent] if info.parent else [])}


def derive_facts(signals: Signals, weights: dict[str, float], has_title: bool, tax: Taxonomy) -> dict[str, Any]:
    """The role_decision facts (see ``rules/facts.py``) of one JD's signals.

    Evidence for a specialisation or the parent of a hit role does not contradict the hit; among colliding
    roles, each is judged by its best branch member (a "Software Engineer" JD full of Java evidence
    favours Backend Developer, which the specialisation rules can then refine to Java Backend Developer).
    """
    combined = {rs.slug: rs.score for rs in signals.combined}
    ranking = signals.combined
    facts: dict[str, Any] = {
        "has_title": has_title,
        "skills_found": 0,
        "sentences_found": 0,
        "signals_available": len(signals.available),
    }
    for name in ("kra", "skill", "title_vector", "centroid"):
        items = getattr(signals, name)
        if items:
            facts[f"{name}_top_score"] = items[0].score
    if ranking:
        second = ranking[1] if len(ranking) > 1 else None
        facts.update(
            combined_top=ranking[0].slug,
            combined_top_score=ranking[0].score,
            combined_second=second.slug if second else "none",
            combined_margin=round(ranking[0].score - (second.score if second else 0.0), 4),
        )
    exact = [rs for rs in signals.alias if rs.hit == "exact"]
    hit_roles = sorted({rs.slug for rs in exact})
    facts["alias_exact_roles"] = len(hit_roles)
    facts["alias_ambiguous"] = any(bool(rs.ambiguous) for rs in exact) or len(hit_roles) > 1
    if hit_roles:
        top = max(hit_roles, key=lambda r: (combined.get(r, 0.0), r))
        related = set().union(*(family(tax, r) for r in hit_roles))
        raw = _without_alias(signals, weights)
        other = {r: max(raw.get(m, 0.0) for m in family(tax, r) - (set(hit_roles) - {r})) for r in hit_roles}
        by_other = sorted(hit_roles, key=lambda r: (-other.get(r, 0.0), r))
        gap = other.get(by_other[0], 0.0) - (other.get(by_other[1], 0.0) if len(by_other) > 1 else 0.0)
        facts.update(collision_top=by_other[0], collision_margin=round(gap if len(by_other) > 1 else 1.0, 4))
        if facts["alias_ambiguous"]:
            # An ambiguous title ("Software Engineer") only says "one of these": weigh every role on the
            # JD's other evidence, so a data JD under a generic title can still reach Data Engineer.
            ranked = sorted(((score, slug) for slug, score in raw.items() if slug not in related), reverse=True)
            contender, contender_score = (ranked[0][1], ranked[0][0]) if ranked else ("none", 0.0)
            base = other.get(by_other[0], 0.0)
        else:
            best = next((rs for rs in ranking if rs.slug not in related), None)
            contender, contender_score = (best.slug, best.score) if best else ("none", 0.0)
            base = combined.get(top, 0.0)
        facts.update(
            alias_top=top,
            alias_top_combined=combined.get(top, 0.0),
            alias_contender=contender,
            alias_contender_score=round(contender_score, 4),
            alias_contradiction=round(contender_score - base, 4),
        )
    return facts


def specialization_facts(chosen: str, skills: list[ExtractedSkill], signals: Signals, tax: Taxonomy) -> dict[str, Any]:
    """Facts for the role_specialization ruleset: the chosen role's best child by stack evidence."""
    facts: dict[str, Any] = {"chosen": chosen}
    parent = tax.roles[chosen]
    if not parent.children:
        return facts
    combined = {rs.slug: rs.score for rs in signals.combined}
    hinted = {rs.slug for rs in signals.alias}
    keys = []
    for child in parent.children:
        own = tax.roles[child].dimensions - parent.dimensions
        stack = [s for s in skills if own & set(tax.skills[s.canonical_slug].dimensions)]
        primary = [s for s in stack if s.primary]
        keys.append((len(primary), len(stack), child in hinted, combined.get(child, 0.0), child))
    keys.sort(reverse=True)
    n_primary, n_stack, hint, score, child = keys[0]
    runner_up = keys[1][0] if len(keys) > 1 else 0
    facts.update(
        child_top=child,
        child_stack_skills=n_stack,
        child_stack_primary=n_primary,
        child_title_hint=hint,
        child_gap=round(score - combined.get(chosen, 0.0), 4),
        child_primary_margin=n_primary - runner_up,
    )
    return facts


def propose_new_role(title_core: str | None, text_hash: str) -> RoleRef:
    """A slug and display name for a role the taxonomy lacks, from the seniority-free title."""
    if not title_core:
        return RoleRef(slug=f"untitled-{text_hash[:8]}", display_name="Untitled role")
    name = title_core
    display = " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in name.split())
    return RoleRef(slug=slugify(display) or f"untitled-{text_hash[:8]}", display_name=display)


def decide_role(
    signals: Signals,
    skills: list[ExtractedSkill],
    tax: Taxonomy,
    book: RuleBook,
    title_variants: list[str],
    title_core: str | None,
    text_hash: str,
    n_sentences: int,
) -> RoleDecision:
    """Ask the role_decision rules, then role_specialization for the chosen role."""
    weights = book.weights("role_decision")
    facts = derive_facts(signals, weights, has_title=bool(title_variants), tax=tax)
    facts.update(
        skills_found=len(skills),
        sentences_found=n_sentences,
        tech_skills=sum(1 for s in skills if tax.skills[s.canonical_slug].nature in TECH_NATURES),
    )
    d = book.decide("role_decision", facts)
    case = d.then["case"]
    combined = {rs.slug: rs.score for rs in signals.combined}
    collision = None
    if case == "ALIAS_COLLISION":
        collision = [_ref(tax, rs.slug) for rs in signals.alias if rs.hit == "exact"]
    if case == "NEW_ROLE":
        top = facts.get("combined_top_score", 0.0)
        return RoleDecision(
            case=case,
            new_role=propose_new_role(title_core, text_hash),
            confidence=round(1 - top, 4),
            rule_id=d.rule_id,
            rules_version=d.rules_version,
            reasoning=d.reasoning,
            facts=facts,
        )
    slug = str(facts[d.then["role"]])
    decision = RoleDecision(
        case=case,
        role=_ref(tax, slug),
        confidence=round(combined.get(slug, 0.0), 4),
        rule_id=d.rule_id,
        rules_version=d.rules_version,
        reasoning=d.reasoning,
        tie_break=d.then.get("tie_break", "none"),
        collision=collision,
        facts=facts,
    )
    return specialize(decision, slug, skills, signals, tax, book)


def specialize(
    decision: RoleDecision, chosen: str, skills: list[ExtractedSkill], signals: Signals, tax: Taxonomy, book: RuleBook
) -> RoleDecision:
    """Ask role_specialization about ``chosen`` and move the decision to its child when the rules say so."""
    combined = {rs.slug: rs.score for rs in signals.combined}
    spec = book.decide("role_specialization", specialization_facts(chosen, skills, signals, tax))
    decision.specialization_rule_id = spec.rule_id
    if spec.then["choose"] == "child":
        child = str(spec.facts["child_top"])
        decision.specialization = Specialization(
            from_role=_ref(tax, chosen), rule_id=spec.rule_id, reasoning=spec.reasoning
        )
        decision.role = _ref(tax, child)
        decision.confidence = round(combined.get(child, decision.confidence), 4)
        decision.reasoning = f"{decision.reasoning} Specialised: {spec.reasoning}"
    return decision
