"""The facts each ruleset may test, with their types and ranges: rule files are checked against these.

The engine derives exactly these facts from its signals (``taxo.engine.decide``); a rule naming a fact that is
not listed here is rejected when the rules load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FactType = Literal["bool", "int", "float", "str"]


@dataclass(frozen=True)
class Fact:
    """One fact a rule may test."""

    type: FactType
    description: str
    low: float | None = None
    high: float | None = None


SCORE = (0.0, 1.0)
DELTA = (-1.0, 1.0)


def _score(desc: str) -> Fact:
    return Fact("float", desc, *SCORE)


def _delta(desc: str) -> Fact:
    return Fact("float", desc, *DELTA)


ROLE_DECISION: dict[str, Fact] = {
    "has_title": Fact("bool", "the JD has a title (given or parsed)"),
    "alias_exact_roles": Fact("int", "distinct roles whose alias equals a title variant", 0, 1000),
    "alias_ambiguous": Fact("bool", "an exact alias hit is declared ambiguous, or several roles were hit"),
    "alias_top": Fact("str", "the exactly-hit role with the best combined score"),
    "alias_top_combined": _score("combined score of alias_top"),
    "alias_contender": Fact("str", "the best role that the title did not hit exactly (nor its family)"),
    "alias_contender_score": _score("alias_contender's combined score (without the title alias when it is ambiguous)"),
    "alias_contradiction": _delta(
        "alias_contender's score minus alias_top's (> 0: stronger evidence elsewhere); for an "
        "ambiguous title both are measured without the alias, against collision_top"
    ),
    "collision_top": Fact("str", "best exactly-hit role by the other signals"),
    "collision_margin": _delta("collision_top's other-signal score minus the runner-up's among hit roles"),
    "combined_top": Fact("str", "role with the best combined score"),
    "combined_top_score": _score("combined score of combined_top"),
    "combined_second": Fact("str", "runner-up role by combined score"),
    "combined_margin": _delta("combined_top_score minus the runner-up's"),
    "kra_top_score": _score("best role's KRA similarity (mean of its best 3 sentence matches)"),
    "skill_top_score": _score("best role's weighted share of the JD's skills"),
    "title_vector_top_score": _score("best role's title-to-alias vector similarity"),
    "centroid_top_score": _score("best role's similarity to its centroid of past JDs"),
    "skills_found": Fact("int", "canonical skills extracted from the JD", 0, 100000),
    "tech_skills": Fact(
        "int",
        "extracted skills that are technologies (languages, frameworks, tools, platforms, databases, protocols)",
        0,
        100000,
    ),
    "sentences_found": Fact("int", "responsibility sentences matched against KRAs", 0, 100000),
    "signals_available": Fact("int", "signals with at least one candidate", 0, 10),
}

ROLE_SPECIALIZATION: dict[str, Fact] = {
    "chosen": Fact("str", "the role the decision chose"),
    "child_top": Fact("str", "the chosen role's specialisation with the most stack evidence"),
    "child_stack_skills": Fact("int", "JD skills in the child's own dimensions (not its parent's)", 0, 100000),
    "child_stack_primary": Fact("int", "of those, skills in must-have or responsibility sections", 0, 100000),
    "child_gap": _delta("child's combined score minus the chosen role's"),
    "child_primary_margin": Fact("int", "child_stack_primary minus the next specialisation's", -100000, 100000),
    "child_title_hint": Fact("bool", "the title names the child's stack (a partial alias hit on the child)"),
}

DIMENSION_UNDER_ROLE: dict[str, Fact] = {
    "under_chosen": Fact("bool", "the dimension already sits under the chosen role"),
    "under_parent": Fact("bool", "the dimension sits under the chosen role's generic parent"),
    "under_child": Fact("bool", "the dimension sits under one of the chosen role's specialisations"),
    "skill_primary": Fact("bool", "the skill was a must-have or responsibility mention"),
    "skill_in_db": Fact("bool", "the skill is a canonical skill of the graph"),
    "new_role": Fact("bool", "the decision was NEW_ROLE (no role to attach to)"),
}

#: Facts every ruleset receives; ``always`` lets a rule match unconditionally.
COMMON: dict[str, Fact] = {"always": Fact("bool", "always true")}

CATALOG: dict[str, dict[str, Fact]] = {
    "role_decision": ROLE_DECISION,
    "role_specialization": ROLE_SPECIALIZATION,
    "dimension_under_role": DIMENSION_UNDER_ROLE,
}


@dataclass(frozen=True)
class Param:
    """A tunable number the engine reads from a rule file's ``params``."""

    low: float
    high: float
    description: str


#: Params the engine itself reads (rules may reference any param of their own file too).
ENGINE_PARAMS: dict[str, dict[str, Param]] = {
    "role_decision": {
        "kra_best_sentences": Param(1, 20, "per role, the mean of its best N sentence similarities"),
        "centroid_min_n": Param(1, 1e9, "past JDs a role's centroid needs before it counts as a signal"),
        "partial_alias_factor": Param(0, 1, "score of a partial (contained) alias hit relative to an exact one"),
        "kra_floor": Param(0, 1, "KRA similarity counted as zero evidence (the combined score rescales above it)"),
        "title_vector_floor": Param(0, 1, "title-vector similarity counted as zero evidence"),
        "centroid_floor": Param(0, 1, "centroid similarity counted as zero evidence"),
        "skill_breadth_penalty": Param(0, 2, "exponent on the share of a role's dimensions the JD touches"),
        "skill_secondary_weight": Param(0, 1, "weight of a nice-to-have skill relative to a must-have one"),
        "skill_concept_weight": Param(0, 1, "weight of a practice/concept skill relative to a named technology"),
    },
    "role_specialization": {},
    "dimension_under_role": {},
    "extraction": {
        "max_sentences": Param(1, 200, "responsibility sentences embedded per JD"),
        "kra_k": Param(1, 100, "KRA neighbours fetched per sentence"),
        "context_window": Param(1, 50, "tokens around an ambiguous alias searched for supporting context"),
        "kra_candidate_below": Param(
            0, 1, "a responsibility sentence whose best KRA similarity is below this is queued"
        ),
        "skill_vector_threshold": Param(0, 1, "nearest skill similarity needed to normalise an unknown term by vector"),
        "dimension_vector_threshold": Param(0, 1, "nearest dimension similarity needed to place a new skill"),
        "dimension_vector_max": Param(1, 10, "at most this many nearest dimensions for a new skill"),
        "derive_meta_threshold": Param(0, 1, "a new skill copies the metadata of its nearest skill above this"),
    },
}

#: Rulesets that hold only engine params (no rules).
PARAMS_ONLY = frozenset({"extraction"})
WEIGHTED_SIGNALS = frozenset({"alias", "kra", "skill", "centroid", "title_vector"})
