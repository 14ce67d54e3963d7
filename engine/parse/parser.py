"""``parse_jd``: the offline, deterministic JD parser that composes the modules of this package.

Example: ``parse_jd("Role - Software Engineer\\nLocation - Mumbai\\n\\nKey Skills\\n...")`` gives a
ParsedJD with ``title="Software Engineer"`` (``title_source="labelled"``), a Mumbai location and a
requirements section. A text that cannot be processed gives ``jd_type="reject"`` with a reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Set as AbstractSet

from taxo.engine.parse.bullets import bullet_spans
from taxo.engine.parse.clean import clean_text as make_clean_text
from taxo.engine.parse.company import find_company
from taxo.engine.parse.domain import find_domain
from taxo.engine.parse.education import find_education
from taxo.engine.parse.experience import find_experience
from taxo.engine.parse.gate import screen_clean, screen_raw
from taxo.engine.parse.headings import PLACEHOLDER, label_line, own_line_label
from taxo.engine.parse.locations import find_locations
from taxo.engine.parse.mentions import find_certifications, find_urls, technology_entries
from taxo.engine.parse.model import JDType, ParsedJD, RejectReason, Section, SectionKind, SourceMarker
from taxo.engine.parse.salary import find_salary
from taxo.engine.parse.sections import Block, segment
from taxo.engine.parse.sentences import split_sentences
from taxo.engine.parse.title import first_line_title, labelled_title, title_core, title_from_sentence, title_variants
from taxo.engine.parse.words import count_words, marker_words

K = SectionKind
_INLINE_TITLE_LABEL = re.compile(
    r"\b(?i:official title|job title|position title)\s*:\s*(.+?)(?=\s+[A-Z][\w/&]*(?:\s[A-Z]?[\w/&]+){0,3}\s?:|\n|$)"
)
_JUNK = re.compile(r"\sDate posted|\sLikes:|\s+at\s+<[A-Z]")
_NOT_CONTENT = {K.LEGAL, K.BENEFITS, K.ABOUT_COMPANY}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _reject(text_hash: str, reason: RejectReason, detail: str, clean: str = "") -> ParsedJD:
    return ParsedJD(
        jd_type=JDType.REJECT,
        reject_reason=reason,
        reject_detail=detail,
        text_hash=text_hash,
        clean_text=clean,
        word_count=count_words(clean),
    )


def _title_line_end(first_line: str, title: str | None) -> int:
    """How much of the first line is the title (all of a short line; up to the noise of a long one)."""
    if not title:
        return 0
    if len(first_line.split()) <= 25:
        return len(first_line)
    return min([m.start() for m in (PLACEHOLDER.search(first_line), _JUNK.search(first_line)) if m] or [0])


def _section(text: str, block: Block) -> Section:
    body = text[block.start : block.end]
    marker = marker_words(body)
    return Section(
        kind=SectionKind(block.kind),
        heading=block.heading,
        text=body,
        bullets=[body[s:e] for s, e in bullet_spans(body)] if block.kind != "meta" else [],
        sentences=split_sentences(body),
        word_count=count_words(body),
        source_marker=SourceMarker(first_words=marker[0], last_words=marker[1]) if marker else None,
    )


def _labelled(sections: list[Section], clean: str) -> str | None:
    for section in sections:
        if section.kind != K.META:
            continue
        lines = section.text.split("\n")
        for i, line in enumerate(lines):
            label = label_line(line)
            if label:
                found = labelled_title(label.label, line[label.value_start :])
                if found:
                    return found
            elif own_line_label(line) and i + 1 < len(lines):
                name = line.strip().rstrip(":").strip()
                if name.lower() != "role":  # Stack Overflow's "Role:" field is a job category
                    found = labelled_title(name, lines[i + 1])
                    if found:
                        return found
    match = _INLINE_TITLE_LABEL.search(clean[:3000])
    return labelled_title("job title", match.group(1)) if match else None


def _sentences(
    sections: list[Section],
    kinds: AbstractSet[SectionKind] | None = None,
    *,
    exclude: AbstractSet[SectionKind] = frozenset(),
) -> list[str]:
    return [
        s
        for section in sections
        if (kinds is None or section.kind in kinds) and section.kind not in exclude
        for s in section.sentences
    ]


def parse_jd(text: str, title: str | None = None, *, max_chars: int = 200_000, min_words: int = 20) -> ParsedJD:
    """Parse a job description; never raises on a str (a refusal is a ``reject`` record)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text_hash = _hash(text)
    refused = screen_raw(text, max_chars)
    if refused:
        return _reject(text_hash, *refused)
    clean = make_clean_text(text)
    first_line = clean.split("\n", 1)[0]
    line_title = first_line_title(first_line) if clean else None
    explicit = " ".join(title.split()) if isinstance(title, str) and title.strip() else None
    refused = screen_clean(clean, min_words, has_title=bool(explicit or line_title))
    if refused:
        return _reject(text_hash, *refused, clean=clean)

    company = find_company(clean)
    sections = [_section(clean, b) for b in segment(clean, _title_line_end(first_line, line_title), company)]

    def of(*kinds: SectionKind) -> list[Section]:
        return [s for s in sections if s.kind in kinds]

    resolved, source = explicit, "explicit" if explicit else None
    if not resolved:
        resolved = _labelled(sections, clean)
        source = "labelled" if resolved else None
    if not resolved and line_title:
        resolved, source = line_title, "first_line"
    if not resolved:
        for sentence in _sentences(sections, exclude={K.LEGAL, K.BENEFITS, K.META, K.TECHNOLOGIES})[:60]:
            resolved = title_from_sentence(sentence)
            if resolved:
                source = "sentence"
                break

    about = of(K.ABOUT_COMPANY)
    about_company = next((s for s in about if s.heading), about[0] if about else None)
    meta_sentences = _sentences(sections, {K.META})
    requirement_sentences = _sentences(sections, {K.REQUIREMENTS})
    other_sentences = _sentences(sections, exclude=_NOT_CONTENT | {K.META, K.REQUIREMENTS}) + _sentences(
        sections, {K.ABOUT_COMPANY}
    )
    education_input = [
        (s, section.kind == K.NICE_TO_HAVE)
        for section in sections
        if section.kind not in _NOT_CONTENT | {K.TECHNOLOGIES}
        for s in section.sentences
    ]
    # Not the title: "Supply Chain Consultant" names a job function, not the employer's industry.
    domain_text = "\n".join(_sentences(sections, {K.ABOUT_COMPANY, K.INTRO, K.RESPONSIBILITIES, K.META, K.OTHER}))
    salary_lines = (  # labelled fields first, then benefits, then the rest (never legal text)
        meta_sentences
        + _sentences(sections, {K.BENEFITS})
        + _sentences(sections, exclude={K.LEGAL, K.META, K.BENEFITS})
    )
    return ParsedJD(
        jd_type=JDType.PASS,
        text_hash=text_hash,
        clean_text=clean,
        title=resolved,
        title_source=source,
        title_aliases=title_variants(resolved) if resolved else [],
        title_core=title_core(resolved) if resolved else None,
        company=company,
        about_company=about_company,
        domain=find_domain(domain_text),
        experience=find_experience(meta_sentences + requirement_sentences, other_sentences),
        education=find_education(education_input),
        locations=find_locations(
            [s.text for s in of(K.META)],
            resolved,
            _sentences(sections, {K.INTRO, K.RESPONSIBILITIES, K.REQUIREMENTS, K.OTHER}),
        ),
        responsibilities=of(K.RESPONSIBILITIES),
        must_have=of(K.REQUIREMENTS),
        nice_to_have=of(K.NICE_TO_HAVE),
        technologies=[e for s in of(K.TECHNOLOGIES) for e in technology_entries(s.text)],
        certifications=find_certifications(_sentences(sections, exclude=_NOT_CONTENT)),
        salary=find_salary(salary_lines),
        urls=find_urls(clean),
        sections=sections,
        word_count=count_words(clean),
    )
