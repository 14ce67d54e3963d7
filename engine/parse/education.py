"""Degrees asked for: level, field, required or preferred, and the sentence that says so.

Example: ``find_education("Bachelor’s/Master’s/PhD with work or research experience in computer science
or related field.")`` -> three entries (Bachelor's, Master's, PhD), each with field "computer science or
related field". "A bachelor's degree in CS is preferred." gives requirement "preferred"; "... OR
equivalent experience" stays "required".
"""

from __future__ import annotations

import re

from taxo.engine.parse.model import Education
from taxo.engine.parse.vocabulary import vocab

_JOINER = re.compile(r"^(?:['’]?s?\s*(?:degree)?\s*(?:/|,|\bor\b|\band\b|&)\s*)+$", re.IGNORECASE)
# Where the field of study starts: "(computer science ...)" right after the level, or after "in".
_FIELD_START = re.compile(
    r"^\s*(?:\(([^()]{3,80})\)|.*?\b(?:in|of (?:science|arts|engineering|technology) in)\s+)", re.IGNORECASE
)
_FIELD_END = re.compile(
    r"\s+or\s+equivalent\s+(?:\w+\s+)?experience"
    r"|\s+(?:AND|and\s+\d|with|from|is|are|was|preferred|required|preferably|plus|who|which|where|that)\b"
    r"|[.;:](?:\s|$)|,\s|\)|\s+\(|$"
)
_BARE_DEGREE = re.compile(r"(?i)\b(?:a|an|university|college|relevant|technical|academic)\s+degree\s+(?:in|within)\s+")


def _mentions(sentence: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for level, pattern in vocab().education_levels:
        for match in pattern.finditer(sentence):
            if not any(s < match.end() and match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), level))
    found.sort()
    # "High school diploma", "Bachelor's degree/diploma": a diploma right after a level is that level.
    return [
        m
        for i, m in enumerate(found)
        if not (m[2] == "Diploma" and i and not sentence[found[i - 1][1] : m[0]].strip(" /"))
    ]


def _field(segment: str) -> str | None:
    match = _FIELD_START.match(segment)
    if not match:
        return None
    if match.group(1):
        return match.group(1).strip()
    rest = segment[match.end() :]
    end = _FIELD_END.search(rest)
    field = rest[: end.start() if end else len(rest)].strip()
    field = re.sub(r"(?i)\s+(?:or|and|OR)$", "", field).strip(" ,")
    if not field or len(field.split()) > 12 or not re.match(r"[^\W\d_]", field):
        return None
    return field


def education_in(sentence: str, preferred_block: bool = False) -> list[Education]:
    """The degree requirements stated in one sentence."""
    mentions = _mentions(sentence)
    if not mentions:
        bare = _BARE_DEGREE.search(sentence)
        if not bare:
            return []
        field = _field(sentence[bare.start() :])
        requirement = "preferred" if preferred_block or vocab().preferred_cues.search(sentence) else "required"
        return [Education(level=None, field=field, requirement=requirement, raw=sentence.strip())]
    groups: list[list[tuple[int, int, str]]] = [[mentions[0]]]
    for mention in mentions[1:]:
        between = sentence[groups[-1][-1][1] : mention[0]]
        if _JOINER.match(between) or not between.strip():
            groups[-1].append(mention)
        else:
            groups.append([mention])
    out: list[Education] = []
    for i, group in enumerate(groups):
        stop = groups[i + 1][0][0] if i + 1 < len(groups) else len(sentence)
        segment = sentence[group[-1][1] : stop]
        field = _field(segment)
        scope = sentence[group[0][0] : stop]
        preferred = preferred_block or bool(vocab().preferred_cues.search(scope))
        for _, _, level in group:
            out.append(
                Education(
                    level=level,
                    field=field,
                    requirement="preferred" if preferred else "required",
                    raw=sentence.strip(),
                )
            )
    return out


def find_education(sentences: list[tuple[str, bool]]) -> list[Education]:
    """Every degree requirement in ``(sentence, in_a_nice_to_have_block)`` pairs, without repeats."""
    out: list[Education] = []
    seen: set[tuple[str | None, str | None]] = set()
    for sentence, preferred_block in sentences:
        for entry in education_in(sentence, preferred_block):
            key = (entry.level, (entry.field or "").lower())
            if key not in seen:
                seen.add(key)
                out.append(entry)
    return out
