"""Years of experience asked for.

Example: ``find_experience(["7-10+ years of software development experience and leading teams"])``
-> ``Experience(min_years=7, max_years=10, raw="7-10+ years of software development experience")``.
Also "3+ years", "Minimum 1 years", "at least 5 years", "5 to 8 years", "five years of experience".
"""

from __future__ import annotations

import re

from taxo.engine.parse.model import Experience

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_NUM = r"(\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS = r"\s*(?:\(\s*\d{1,2}\s*\)\s*)?(?:\+\s*)?(?:years?|yrs?)\b(?!\s*old)"
_RANGE = re.compile(rf"(?i)\b{_NUM}\s*\+?\s*(?:-|–|—|to)\s*{_NUM}\s*\+?{_YEARS}")
_AT_LEAST = re.compile(
    rf"(?i)\b(?:minimum(?: of)?|min\.?|at least|over|more than|no less than|a minimum of)\s*{_NUM}\s*\+?{_YEARS}"
)
_PLUS = re.compile(rf"(?i)\b{_NUM}\s*\+\s*(?:years?|yrs?)\b")
_PLAIN = re.compile(rf"(?i)\b{_NUM}{_YEARS}")
_EXPERIENCE = re.compile(r"(?i)\bexp(?:erience|\.)|\bexp\b")
_ABOUT_A_JOB = re.compile(r"(?i)\bexp(?:erience)?\b|\b(?:role|position|working|work)\b")
_OWN_HISTORY = re.compile(r"(?i)\b(?:our|we have|we've|company with|history of)\s+(?:\w+\s+)?$")


def _number(text: str) -> float:
    value = _NUMBER_WORDS.get(text.lower())
    return float(value if value is not None else text)


def _raw(sentence: str, start: int, end: int) -> str:
    """The phrase from the number to the word "experience" when it follows closely."""
    tail = sentence[end : end + 90]
    cut = re.search(r"[.;:!?]\s|[.;!?]$|,\s|\s(?:and|or)\s\d", tail)
    limit = cut.start() if cut else len(tail)
    experience = _EXPERIENCE.search(tail[:limit])
    if experience:
        return sentence[start : end + experience.end()].strip()
    return sentence[start:end].strip()


def years_in(sentence: str, *, strict: bool = False) -> Experience | None:
    """The first experience requirement stated in one sentence (``strict``: outside requirement
    blocks, "at least 5 years" counts only in a sentence that says "experience")."""
    mentions_experience = bool(_EXPERIENCE.search(sentence))
    about_a_job = bool(_ABOUT_A_JOB.search(sentence))
    found: list[tuple[int, int, float, float | None]] = []
    for match in _RANGE.finditer(sentence):
        low, high = _number(match.group(1)), _number(match.group(2))
        if low <= high <= 40:
            found.append((match.start(), match.end(), low, high))
    for pattern in (_AT_LEAST, _PLUS):
        if pattern is _AT_LEAST and strict and not about_a_job:
            continue
        for match in pattern.finditer(sentence):
            found.append((match.start(), match.end(), _number(match.group(1)), None))
    if not found and mentions_experience:
        for match in _PLAIN.finditer(sentence):
            before = sentence[max(0, match.start() - 12) : match.start()].lower()
            if not re.search(r"(?:within|after|past|last|for)\s*$", before):
                found.append((match.start(), match.end(), _number(match.group(1)), None))
    found = [f for f in found if 0 < f[2] <= 40 and not (strict and _OWN_HISTORY.search(sentence[: f[0]][-30:]))]
    if not found:
        return None
    start, end, min_years, max_years = min(found, key=lambda f: (f[0], -(f[1] - f[0])))
    return Experience(min_years=min_years, max_years=max_years, raw=_raw(sentence, start, end))


def find_experience(primary: list[str], fallback: list[str]) -> Experience | None:
    """The headline requirement: the largest minimum among the requirement sentences (``primary``),
    else the first one stated elsewhere (``fallback``)."""
    candidates = [e for e in (years_in(s) for s in primary) if e]
    if candidates:
        return max(candidates, key=lambda e: e.min_years or 0)  # max() keeps the first of equals
    for sentence in fallback:
        found = years_in(sentence, strict=True)
        if found:
            return found
    return None
