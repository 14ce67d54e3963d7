"""AI index (0 = no AI use, 5 = AI-dependent): six factors with their evidence, scored by the rules.

The factors are read here (from the JD, or from a role for its baseline); the score is the sum of the
weights of the true factors (params of ``rules/ai_index.yaml``), capped at 5; the ``ai_index`` rules name
the band and give the reasoning, with their rule id and the rules version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taxo.engine.enrich.catalog import Vocabulary
from taxo.engine.enrich.text import context_sentences, verbatim
from taxo.engine.models.enrichment import AiFactor, AiIndex, EvidenceItem, Source
from taxo.engine.parse.model import ParsedJD
from taxo.engine.taxonomy import Taxonomy
from taxo.rules import RuleBook
from taxo.rules.enrichment_facts import AI_FACTORS, AI_MAX_SCORE

MAX_NAMES = 5


@dataclass(frozen=True)
class FactorValue:
    """One factor as read from the JD or a role."""

    value: bool
    evidence: str | None
    quote: str | None = None


def _names(items: list[EvidenceItem]) -> str:
    names = [e.skill for e in items[:MAX_NAMES]]
    more = len(items) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _phrase(jd: ParsedJD, patterns: tuple[re.Pattern[str], ...], what: str) -> FactorValue:
    for ref in context_sentences(jd):
        for p in patterns:
            m = p.search(ref.text)
            if m:
                return FactorValue(True, f"'{m.group(0)}' ({ref.section} section)", verbatim(jd, ref.text))
    return FactorValue(False, f"no {what} phrase in the JD's intro, company or responsibility text")


def jd_factors(jd: ParsedJD, items: list[EvidenceItem], vocab: Vocabulary) -> dict[str, FactorValue]:
    """The six factors as the JD shows them, each with its evidence (and the JD text it rests on)."""
    out: dict[str, FactorValue] = {}
    titles = [t for t in dict.fromkeys([jd.title, jd.title_core]) if t]
    hit = next(((t, m) for t in titles if (m := vocab.title.search(t))), None)
    if hit:
        out["title_match"] = FactorValue(True, f"the title '{hit[0]}' names '{hit[1].group(0)}'", verbatim(jd, hit[0]))
    elif titles:
        out["title_match"] = FactorValue(False, f"the title '{titles[0]}' names no AI/ML term")
    else:
        out["title_match"] = FactorValue(False, "the JD has no title")
    ai = [e for e in items if e.ai]
    primary = [e for e in ai if e.primary]
    secondary = [e for e in ai if not e.primary]
    out["has_ai_skill"] = (
        FactorValue(True, f"AI skills: {_names(ai)}", ai[0].sentence)
        if ai
        else FactorValue(False, f"no AI skill among the {len(items)} skills matched")
    )
    out["ai_skill_primary"] = (
        FactorValue(True, f"required or in the responsibilities: {_names(primary)}", primary[0].sentence)
        if primary
        else FactorValue(False, "no AI skill is required")
    )
    out["ai_skill_secondary"] = (
        FactorValue(True, f"optional or context only: {_names(secondary)}", secondary[0].sentence)
        if secondary
        else FactorValue(False, "no AI skill among the optional or context mentions")
    )
    out["on_ai_team"] = _phrase(jd, vocab.team, "AI/ML team")
    out["builds_ai_products"] = _phrase(jd, vocab.product, "AI product")
    return out


def role_factors(tax: Taxonomy, role: str, vocab: Vocabulary, params: dict[str, float]) -> dict[str, FactorValue]:
    """The six factors of a role's baseline: its name, its dimensions' AI skills, its family and its KRAs."""
    info = tax.roles[role]
    out: dict[str, FactorValue] = {}
    m = vocab.title.search(info.name)
    out["title_match"] = FactorValue(
        bool(m),
        f"the role name '{info.name}' names '{m.group(0)}'"
        if m
        else f"the role name '{info.name}' names no AI/ML term",
    )
    ai_dims = []
    for d in sorted(info.dimensions):
        skills = tax.skills_by_dimension.get(d, frozenset())
        if skills and sum(tax.skills[s].ai for s in skills) / len(skills) >= params["ai_dimension_share"]:
            ai_dims.append(tax.dimensions[d].name if d in tax.dimensions else d)
    skills = tax.role_skills.get(role, frozenset())
    share = sum(tax.skills[s].ai for s in skills) / len(skills) if skills else 0.0
    out["has_ai_skill"] = FactorValue(
        bool(ai_dims), f"AI dimensions of the role: {', '.join(ai_dims)}" if ai_dims else "the role has no AI dimension"
    )
    pct = f"{round(100 * share)}% of the role's {len(skills)} skills are AI skills"
    out["ai_skill_primary"] = FactorValue(share >= params["baseline_primary_share"], pct)
    lo, hi = params["baseline_secondary_share"], params["baseline_primary_share"]
    out["ai_skill_secondary"] = FactorValue(lo <= share < hi, pct)
    out["on_ai_team"] = FactorValue(info.family == "ai", f"role family '{info.family}'")
    kras = sorted((k for k in tax.kras.values() if k.role == role), key=lambda k: k.id)
    hit = next(((k.text, mm) for k in kras for p in vocab.product if (mm := p.search(k.text))), None)
    out["builds_ai_products"] = (
        FactorValue(True, f"role KRA: '{hit[0]}'")
        if hit
        else FactorValue(False, "no KRA of the role builds AI products")
    )
    return out


def score(factors: dict[str, FactorValue], params: dict[str, float]) -> float:
    """The capped sum of the weights of the true factors."""
    return round(min(AI_MAX_SCORE, sum(params[f"weight_{f}"] for f in AI_FACTORS if factors[f].value)), 2)


def facts(factors: dict[str, FactorValue], params: dict[str, float], basis: str) -> dict[str, object]:
    """What the ``ai_index`` rules are given."""
    true = [f for f in AI_FACTORS if factors[f].value]
    return {
        **{f: factors[f].value for f in AI_FACTORS},
        "score": score(factors, params),
        "true_factors": len(true),
        "factor_names": ", ".join(true) or "none",
        "basis": basis,
    }


def index(factors: dict[str, FactorValue], book: RuleBook, basis: str, source: Source) -> AiIndex:
    """Score the factors and let the rules name the band."""
    params = book.params("ai_index")
    given = facts(factors, params, basis)
    d = book.decide("ai_index", given)
    return AiIndex(
        score=float(given["score"]),  # type: ignore[arg-type]
        band=d.then["band"],
        label=d.then["label"],
        factors=[
            AiFactor(
                name=f,
                value=factors[f].value,
                weight=params[f"weight_{f}"],
                contribution=params[f"weight_{f}"] if factors[f].value else 0.0,
                evidence=factors[f].evidence,
                quote=factors[f].quote,
            )
            for f in AI_FACTORS
        ],
        rule_id=d.rule_id,
        rules_version=d.rules_version,
        reasoning=d.reasoning,
        source=source,
    )
