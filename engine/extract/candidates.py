"""Technology-looking terms no alias matched become new-skill candidates; generic words never do.

Sources: entries of an explicit technology list, CamelCase names (TestCafe), dotted names (Socket.io,
Nuxt.js) and versioned names (Python3, Angular 12) in requirement and responsibility sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from taxo.core.text import norm
from taxo.engine.extract.sentences import SentenceRef, is_primary
from taxo.engine.models.skills import NewSkillCandidate
from taxo.engine.parse.model import SectionKind

_CAMEL = re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*\b")  # an upper-case letter after a lower-case one
_DOTTED = re.compile(r"\b[A-Za-z][A-Za-z0-9]*\.(?:js|io|ts|py|net|NET|JS|IO)\b")
_VERSIONED = re.compile(r"\b[A-Z][A-Za-z+#]{1,20}\s?\d{1,2}(?:\.\d+)?\b")
_SEARCHED = frozenset(
    {SectionKind.REQUIREMENTS, SectionKind.RESPONSIBILITIES, SectionKind.NICE_TO_HAVE, SectionKind.TECHNOLOGIES}
)


def find_candidates(
    refs: Iterable[SentenceRef],
    tech_list: Iterable[str],
    covered: list[tuple[int, int]],
    known: set[str],
    stoplist: set[str],
    structured: bool,
) -> list[NewSkillCandidate]:
    """New-skill candidates outside ``covered`` spans, not already ``known`` (normalised) or stop-listed."""
    out: dict[str, NewSkillCandidate] = {}
    refs = list(refs)

    def add(text: str, reason: str, ref: SentenceRef | None, start: int | None) -> None:
        key = norm(text)
        if len(key) < 2 or key in known or key in stoplist or key in out or key.isdigit() or "<" in text:
            return
        section = ref.section if ref else SectionKind.TECHNOLOGIES
        out[key] = NewSkillCandidate(
            text=text,
            reason=reason,
            start=start,
            end=None if start is None else start + len(text),
            sentence=ref.text if ref else text,
            section=section,
            primary=is_primary(ref, structured) if ref else True,
        )

    for entry in (e.strip() for e in tech_list):
        ref = next((r for r in refs if entry in r.text), None)
        start = ref.start + ref.text.index(entry) if ref else None
        if start is None or not any(start < ce and start + len(entry) > cs for cs, ce in covered):
            add(entry, "technology_list", ref, start)
    for ref in refs:
        if ref.section not in _SEARCHED:
            continue
        for pattern, reason in ((_CAMEL, "camel_case"), (_DOTTED, "dotted_name"), (_VERSIONED, "versioned_name")):
            for m in pattern.finditer(ref.text):
                s, e = ref.start + m.start(), ref.start + m.end()
                if any(s < ce and e > cs for cs, ce in covered):
                    continue
                add(m.group(), reason, ref, s)
    return sorted(out.values(), key=lambda c: norm(c.text))
