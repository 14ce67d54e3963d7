"""Recognise section headings and labelled fields, on their own line or inside a paragraph.

Example: ``heading_kind("Roles & Responsbilities")`` -> ``"responsibilities"`` (one typo tolerated),
``heading_kind("Good To Have Qualifications")`` -> ``"nice_to_have"``, ``heading_kind("Job
description")`` -> ``"content"`` (the block's own text decides its kind), and
``inline_headings("... the way. Qualifications Bachelor's degree ...")`` finds "Qualifications".
Kinds are ``SectionKind`` values plus ``"content"``; phrases and keywords live in vocabulary.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taxo.engine.parse.bullets import LINE_BULLET
from taxo.engine.parse.sentences import sentence_spans
from taxo.engine.parse.vocabulary import normalize_phrase, vocab

CONTENT = "content"
PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]+>")
_DECORATION = re.compile(r"^[#*_=~\s]+|[#*_=~\s:\-–—]+$")
_SMALL_WORDS = frozenset("a an and or of the to for in on at with we you our your is are be by from as s".split())
_LABEL_COLON = re.compile(r"([^\W_][^:\n]{1,59}?)\s*:\s+(?=\S)")
_LABEL_DASH = re.compile(
    r"([A-Za-z][A-Za-z /&]{1,40}?)\s*(?:-|–|—)\s+(?=\S)"  # "Location - Mumbai"
    r"|([A-Za-z][A-Za-z /&]{1,40}?)-\s*(?=[A-Z])"  # "Qualification- Graduate"
)
_OWN_LABEL = re.compile(r"([^:\n]{2,60}?)\s*:")


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _contains(words: list[str], keyword: list[str]) -> bool:
    n = len(keyword)
    if n == 1 and len(keyword[0]) >= 7:
        return any(_edit_distance_at_most_one(w, keyword[0]) for w in words)
    return any(words[i : i + n] == keyword for i in range(len(words) - n + 1))


def strip_decoration(text: str) -> str:
    """A heading without markdown marks and trailing colon: ``"**Requirements:**"`` -> ``"Requirements"``."""
    return _DECORATION.sub("", text)


def heading_kind(text: str, *, keywords: bool = True, colon: bool = False) -> str | None:
    """The kind a heading text names, ``"content"`` for neutral headings, None if it is no heading
    (``colon``: the text was followed by a colon, so weaker keywords count too)."""
    norm = normalize_phrase(strip_decoration(text))
    words = norm.split()
    if not words or len(words) > 8:
        return None
    v = vocab()
    if norm in v.heading_kind:
        return v.heading_kind[norm]
    if not keywords or len(words) > 6:
        return None
    if words[0] == "about" and 2 <= len(words) <= 4:
        return "about_company"  # "About Acme"; "About the role" and "About you" are phrases
    tiers = (v.heading_keywords, v.heading_keywords_with_colon) if colon else (v.heading_keywords,)
    for tier in tiers:
        for kind, keys in tier:
            if any(_contains(words, key.split()) for key in keys):
                return kind
    return None


def is_exact_heading(text: str) -> bool:
    """True when the text is one of the listed heading phrases (not just a keyword hit)."""
    return normalize_phrase(strip_decoration(text)) in vocab().heading_kind


def looks_like_heading_line(line: str) -> bool:
    """Short, no sentence punctuation, and ends with a colon or is Title Case / CAPITALS."""
    body = strip_decoration(line)
    words = re.findall(r"[^\W\d_][\w'’-]*", body)
    if not words or len(body.split()) > 6 or re.search(r"[.!,;]\s|[.,;!]$", body):
        return False
    if line.rstrip().endswith(":") or body.isupper():
        return True
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def own_line_heading(line: str) -> str | None:
    """The kind of a line that is a heading by itself (``"Key Responsibilities"``), else None."""
    if LINE_BULLET.match(line) or len(line) > 80:
        return None
    body = strip_decoration(line)
    if not body or re.search(r"[.!;,:]\s|[.!;,]$|\s[•·▪●]\s", body) or PLACEHOLDER.search(body):
        return None
    if is_exact_heading(line):
        return heading_kind(line)
    if looks_like_heading_line(line):
        return heading_kind(line, colon=line.rstrip().endswith(":"))
    return None


@dataclass(frozen=True)
class Label:
    """A "Label: value" (or "Label - value") line: where the value starts and what the label is."""

    label: str
    value_start: int  # offset in the line
    kind: str  # "meta" or a heading kind


def is_meta_label(label: str) -> bool:
    """True for labels of fields ("Job Location", "Experience level")."""
    return normalize_phrase(label) in vocab().meta_labels


def label_line(line: str) -> Label | None:
    """A line that starts with a label followed by its value (``"Location - Mumbai"``)."""
    if LINE_BULLET.match(line):
        return None
    match = _LABEL_COLON.match(line)
    if match and not PLACEHOLDER.search(match.group(1)):
        label = strip_decoration(match.group(1))
        value_words = len(line[match.end() :].split())
        if is_meta_label(label) and value_words <= 12:
            return Label(label, match.end(), "meta")
        kind = heading_kind(label)
        if kind and (is_exact_heading(label) or len(label.split()) <= 6):
            return Label(label, match.end(), kind)
        if is_meta_label(label) and value_words <= 30:
            return Label(label, match.end(), "meta")
        return None
    match = _LABEL_DASH.match(line)
    if match:
        label = match.group(1) or match.group(2)
        if is_meta_label(label) and len(line[match.end() :].split()) <= 12:
            return Label(label.strip(), match.end(), "meta")
    return None


def own_line_label(line: str) -> bool:
    """A field label alone on its line, its value on the next line (``"Job type:"``)."""
    match = _OWN_LABEL.fullmatch(line.strip())
    return match is not None and is_meta_label(match.group(1))


def is_meta_line(line: str) -> bool:
    """A line that is a field by itself: "Work from Office", "Full-time", or only placeholders."""
    lowered = line.strip().lower().rstrip(".")
    if lowered in vocab().meta_lines:
        return True
    rest = PLACEHOLDER.sub("", line)
    return bool(PLACEHOLDER.search(line)) and not re.search(r"[^\W\d_]", rest)


@dataclass(frozen=True)
class InlineHeading:
    """A heading found inside a line: ``[start, end)`` of the heading, where its content begins."""

    start: int
    end: int
    content_start: int
    kind: str


def _inline_at(line: str, pos: int) -> InlineHeading | None:
    for phrase in vocab().inline_headings:
        for form in (phrase, phrase.upper()):
            if not line.startswith(form, pos):
                continue
            end = pos + len(form)
            rest = line[end:]
            colon = re.match(r"\s*:\s*", rest)
            if colon:
                content = end + colon.end()
            elif not rest.strip():
                content = len(line)
            elif re.match(r"\s+(?:[•·▪●◦■➢►▸*-]\s|[A-Z0-9#])", rest):
                content = end + len(rest) - len(rest.lstrip())
            else:
                continue
            kind = heading_kind(form)
            if kind:
                return InlineHeading(pos, end, content, kind)
    return None


def inline_headings(line: str) -> list[InlineHeading]:
    """Headings that start a sentence inside ``line`` (see the module docstring)."""
    found: list[InlineHeading] = []
    starts = sorted({start for start, _ in sentence_spans(line)})
    taken = 0
    for start in starts:
        pos = start
        while pos >= taken:
            heading = _inline_at(line, pos)
            if heading is None:
                break
            found.append(heading)
            taken = pos = heading.content_start
            if pos >= len(line):
                break
    return found
