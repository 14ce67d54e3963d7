"""When is an ambiguous alias ("Go", "R", "Swift", "Spark") really the skill? Only with support.

Accepted when, in the same sentence: a context word of the skill is near it; or an unambiguous skill
mention is near it; or the sentence is an explicit technology list. A lower-case surface of a
capitalised alias ("go" for "Go") and a sentence-initial position without context words are refused.
"""

from __future__ import annotations

from taxo.engine.extract.matcher import Hit
from taxo.engine.extract.tokens import Token
from taxo.engine.taxonomy import SkillInfo


def accept_ambiguous(
    hit: Hit, tokens: list[Token], anchors: list[Hit], skill: SkillInfo, window: int, in_tech_list: bool
) -> str | None:
    """The reason an ambiguous hit is accepted, or None.

    >>> # "Experience with Java, Go and Python" accepts Go next to Java; "Go to market" does not.
    """
    if hit.surface.islower() and not hit.alias.islower():
        return None
    lo, hi = max(0, hit.first_token - window), min(len(tokens), hit.last_token + window + 1)
    near = {t.norm for t in tokens[lo:hi]}
    near_text = " ".join(t.norm for t in tokens[lo:hi])
    for word in skill.context:
        w = word.casefold()
        if (w in near) if " " not in w else (w in near_text):
            return f"context word '{word}'"
    if in_tech_list:
        return "technology list"
    if hit.first_token == 0:
        return None
    for a in anchors:
        if a.skill != hit.skill and a.last_token >= lo and a.first_token < hi:
            return f"next to {a.surface}"
    return None
