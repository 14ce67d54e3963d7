"""The JD's sentences with their offsets and section kinds, as extraction and signals use them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from taxo.engine.parse.model import ParsedJD, Section, SectionKind

#: Sections never searched for skills (equal-opportunity boilerplate, perks). Mentions in the employer's
#: description or in labelled header fields are kept but are never primary.
SKIPPED = frozenset({SectionKind.LEGAL, SectionKind.BENEFITS})
#: Where a mention makes a skill primary.
PRIMARY = frozenset(
    {SectionKind.RESPONSIBILITIES, SectionKind.REQUIREMENTS, SectionKind.TECHNOLOGIES, SectionKind.EDUCATION}
)
_OPTIONAL = re.compile(
    r"\b(is a plus|a plus|nice to have|good to have|preferred|bonus|desirable|advantageous|an advantage)\b", re.I
)


@dataclass(frozen=True)
class SentenceRef:
    """A sentence of the JD: its text, offset in ``clean_text``, section and whether it is optional."""

    text: str
    start: int
    section: SectionKind
    optional: bool


def _locate(haystack: str, needle: str, cursor: int) -> int:
    at = haystack.find(needle, cursor)
    return at if at >= 0 else haystack.find(needle)


def sentences_of(jd: ParsedJD, sections: list[Section] | None = None) -> list[SentenceRef]:
    """Every sentence of the searched sections, in order, located in ``jd.clean_text``."""
    out: list[SentenceRef] = []
    cursor = 0
    for sec in sections if sections is not None else jd.sections:
        base = _locate(jd.clean_text, sec.text, cursor)
        if base < 0:
            continue
        cursor = base + len(sec.text)
        if sec.kind in SKIPPED:
            continue
        inner = 0
        for sent in sec.sentences or [sec.text]:
            at = sec.text.find(sent, inner)
            if at < 0:
                continue
            inner = at + len(sent)
            out.append(
                SentenceRef(
                    sent, base + at, sec.kind, sec.kind == SectionKind.NICE_TO_HAVE or bool(_OPTIONAL.search(sent))
                )
            )
    return out


def has_primary_sections(jd: ParsedJD) -> bool:
    """True if the JD has any responsibilities/requirements/technology sections."""
    return any(s.kind in PRIMARY for s in jd.sections)


def is_primary(ref: SentenceRef, structured: bool) -> bool:
    """Does a mention in this sentence make the skill primary?"""
    if ref.optional:
        return False
    if ref.section in PRIMARY:
        return True
    return not structured and ref.section in (SectionKind.INTRO, SectionKind.OTHER)
