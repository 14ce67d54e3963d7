"""Tech-stack maturity: a label from the seeded maturity, volatility and lifespan of the JD's skills.

Each skill weighs in by how much it says about the *stack*: concrete technologies (languages, frameworks,
libraries, databases, platforms, tools, protocols) count fully, practices, concepts, patterns and
standards a third (``debugging`` dates no stack); a must-have skill counts twice a nice-to-have one; and
skills of one subcategory share their weight (AWS, Azure and Google Cloud listed as alternatives are one
choice of cloud provider, not three). The label is the first of these that holds, on the weighted shares
of the maturity tiers:

==========================  ========================================================================
Cutting Edge                cutting-edge share >= 25% and at least 2 cutting-edge skills
Legacy                      legacy share >= 35% and at least the modern, cloud-native and cutting-edge shares together
Modern Cloud Native         cloud-native + cutting-edge share >= 30% and at least 2 such skills
Mainstream Modern           modern + cloud-native + cutting-edge share >= 30%
Mainstream                  otherwise
==========================  ========================================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from taxo.engine.models.enrichment import MaturityLabel, MaturitySkill, Source, TechStackMaturity
from taxo.engine.taxonomy import SkillInfo

TIERS = ("LEGACY", "MAINSTREAM", "MODERN", "CLOUD_NATIVE", "CUTTING_EDGE")
TIER_WORDS = {
    "LEGACY": "legacy",
    "MAINSTREAM": "mainstream",
    "MODERN": "modern",
    "CLOUD_NATIVE": "cloud-native",
    "CUTTING_EDGE": "cutting-edge",
}
STACK_NATURES = frozenset({"LANGUAGE", "FRAMEWORK", "LIBRARY", "DATABASE", "PLATFORM", "TOOL", "PROTOCOL"})
NON_STACK_WEIGHT = 1 / 3
SECONDARY_WEIGHT = 0.5
MAX_DRIVERS = 8

CUTTING_EDGE_SHARE, LEGACY_SHARE, CLOUD_NATIVE_SHARE, MODERN_SHARE = 0.25, 0.35, 0.30, 0.30
MIN_TIER_SKILLS = 2

#: The tiers whose skills drive each label.
DRIVERS: dict[MaturityLabel, tuple[str, ...]] = {
    "Cutting Edge": ("CUTTING_EDGE",),
    "Legacy": ("LEGACY",),
    "Modern Cloud Native": ("CLOUD_NATIVE", "CUTTING_EDGE"),
    "Mainstream Modern": ("MODERN", "CLOUD_NATIVE", "CUTTING_EDGE"),
    "Mainstream": ("MAINSTREAM",),
}


@dataclass(frozen=True)
class Weighed:
    """A skill with maturity data and its weight in the label."""

    info: SkillInfo
    primary: bool
    weight: float


def weigh(
    skills: Iterable[tuple[SkillInfo, bool]],
    share_subcategories: bool = True,
    specificity: dict[str, float] | None = None,
) -> list[Weighed]:
    """The skills that carry maturity data, with their weights (one entry per skill).

    ``specificity`` multiplies each skill's weight (a role baseline weighs the skills specific to the role
    above the generic ones every role has).
    """
    out: dict[str, Weighed] = {}
    for info, primary in skills:
        if info.maturity not in TIERS:
            continue
        w = (1.0 if primary else SECONDARY_WEIGHT) * (1.0 if info.nature in STACK_NATURES else NON_STACK_WEIGHT)
        if specificity is not None:
            w *= specificity.get(info.id, 0.0)
        prev = out.get(info.id)
        if prev is None or w > prev.weight:
            out[info.id] = Weighed(info, primary, w)
    if share_subcategories:
        group: dict[tuple[str | None, str | None], int] = {}
        for s in out.values():
            key = (s.info.category, s.info.subcategory)
            group[key] = group.get(key, 0) + 1
        out = {
            k: Weighed(s.info, s.primary, s.weight / group[(s.info.category, s.info.subcategory)])
            for k, s in out.items()
        }
    return sorted(out.values(), key=lambda s: s.info.id)


def label_of(shares: dict[str, float], counts: dict[str, int]) -> MaturityLabel:
    """The first label whose condition holds (see the module doc)."""
    modern_plus = shares["MODERN"] + shares["CLOUD_NATIVE"] + shares["CUTTING_EDGE"]
    if shares["CUTTING_EDGE"] >= CUTTING_EDGE_SHARE and counts["CUTTING_EDGE"] >= MIN_TIER_SKILLS:
        return "Cutting Edge"
    if shares["LEGACY"] >= LEGACY_SHARE and shares["LEGACY"] >= modern_plus:
        return "Legacy"
    if (
        shares["CLOUD_NATIVE"] + shares["CUTTING_EDGE"] >= CLOUD_NATIVE_SHARE
        and counts["CLOUD_NATIVE"] + counts["CUTTING_EDGE"] >= MIN_TIER_SKILLS
    ):
        return "Modern Cloud Native"
    if modern_plus >= MODERN_SHARE:
        return "Mainstream Modern"
    return "Mainstream"


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def assess(
    weighed: list[Weighed], source: Source, basis: str, rank: dict[str, float] | None = None
) -> TechStackMaturity:
    """The label, the skills that drove it, the tier shares and a one-line reasoning.

    ``rank`` orders drivers beyond their weight (a role baseline has hundreds of equally weighted skills:
    the most role-specific come first).
    """
    if not weighed:
        return TechStackMaturity(
            label=None,
            skills=[],
            distribution=dict.fromkeys(TIERS, 0.0),
            skills_considered=0,
            reasoning=f"No skill of {basis} carries maturity data.",
            source=source,
        )
    total = sum(s.weight for s in weighed)
    shares = {t: sum(s.weight for s in weighed if s.info.maturity == t) / total for t in TIERS}
    counts = {t: sum(1 for s in weighed if s.info.maturity == t) for t in TIERS}
    label = label_of(shares, counts)
    tiers = DRIVERS[label]
    extra = rank or {}
    drivers = sorted(
        (s for s in weighed if s.info.maturity in tiers),
        key=lambda s: (
            s.info.nature not in STACK_NATURES,
            not s.primary,
            -round(s.weight, 9),
            -extra.get(s.info.id, 0.0),
            s.info.name.casefold(),
        ),
    )[:MAX_DRIVERS]
    volatile = sum(1 for s in weighed if s.info.volatility == "HIGH" and s.info.lifespan == "SHORT")
    lead_share = sum(shares[t] for t in tiers)
    words = [TIER_WORDS[t] for t in tiers]
    lead_words = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    others = ", ".join(
        f"{_pct(shares[t])} {TIER_WORDS[t]}" for t in reversed(TIERS) if t not in tiers and shares[t] > 0
    )
    reasoning = (
        f"{label}: {_pct(lead_share)} of the weighted stack of {basis} is {lead_words} "
        f"({', '.join(s.info.name for s in drivers[:4])})"
    )
    reasoning += f"; {others}." if others else "."
    if volatile:
        verb = "is" if volatile == 1 else "are"
        reasoning += f" {volatile} of {len(weighed)} skills {verb} high-volatility with a short lifespan."
    return TechStackMaturity(
        label=label,
        skills=[
            MaturitySkill(
                slug=s.info.id,
                name=s.info.name,
                maturity=s.info.maturity or "",
                volatility=s.info.volatility,
                lifespan=s.info.lifespan,
                primary=s.primary,
            )
            for s in drivers
        ],
        distribution={t: round(shares[t], 4) for t in TIERS},
        skills_considered=len(weighed),
        reasoning=reasoning,
        source=source,
    )
