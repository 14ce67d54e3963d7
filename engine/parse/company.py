"""Find the employer's name in the JD text.

Example: ``find_company("... American Express is an equal opportunity employer ...")`` ->
``"American Express"``. Patterns, most reliable first: a "Company:" field, "This job is with X",
"X is an equal opportunity employer", "employment with X", "At X, we", "X is looking for",
"About X". "Join the Azure Cosmos DB team" names a team, not the company, and is not used.
"""

from __future__ import annotations

import re

_NAME = r"(?P<name>(?:[A-Z][\w&'’.-]*|&)(?:[ ](?:[A-Z][\w&'’.-]*|&|of|and|de|for)){0,5})"
_PATTERNS = [
    re.compile(rf"(?m)^(?i:company|company name|employer|hiring company)\s*[:\-–]\s*{_NAME}\s*$"),
    re.compile(rf"\b[Tt]his (?:job|position|role|vacancy) is with {_NAME}"),
    re.compile(
        rf"{_NAME},? (?:is|are) (?:an? )?(?:proud(?:ly)? )?(?:to be )?(?:an? )?"
        r"[Ee]qual (?:[Ee]mployment )?[Oo]pportunit"
    ),
    re.compile(rf"\b(?:employment|career|careers) (?:with|at) {_NAME}"),
    re.compile(rf"(?:^|[.!?]\s+|\n)At {_NAME}, (?:we|you|our)\b"),
    re.compile(
        rf"(?:^|[.!?]\s+|\n){_NAME} (?:is|are) (?:currently )?(?:looking|seeking|hiring|searching|recruiting)\b"
    ),
    re.compile(rf"(?m)^About {_NAME}\s*$"),
]
_NOT_NAMES = frozenset(
    "we our the this you it they team company the company our company us job role position here join "
    "about at all applicants candidates".split()
)
_TRAILING = re.compile(r"(?:\s(?:of|and|de|for|&))+$|[.'’-]+$")


def _valid(name: str) -> str | None:
    name = _TRAILING.sub("", name.strip())
    if not name or name.lower() in _NOT_NAMES or name.split()[0].lower() in {"we", "our", "you", "the", "this"}:
        return None
    if "<" in name or len(name) > 60:
        return None
    if any(w.lower() in {"we", "our", "you", "equal", "opportunity", "employer"} for w in name.split()):
        return None
    return name


def find_company(text: str) -> str | None:
    """The employer's name, or None when the text does not say it."""
    head = text[:100_000]
    for pattern in _PATTERNS:
        for match in pattern.finditer(head):
            name = _valid(match.group("name"))
            if name:
                return name
    return None
