"""Split the cleaned JD into blocks and give every block a ``SectionKind``.

Example: ``"Key Responsibilities\\n• Design APIs\\n\\nGood To Have Qualifications\\n• Kafka is a plus"``
gives a RESPONSIBILITIES block (heading "Key Responsibilities", text "• Design APIs") and a
NICE_TO_HAVE block. Headings are found on their own line, as "Heading: text", or starting a sentence
inside a paragraph; labelled fields ("Location - Mumbai") form META blocks; text under no heading
or a neutral one ("Job description") is split into ABOUT_COMPANY / INTRO / LEGAL runs by what its
sentences say, and legal boilerplate is split off the end of any block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from taxo.engine.parse.bullets import bullet_spans, line_spans
from taxo.engine.parse.headings import (
    CONTENT,
    PLACEHOLDER,
    inline_headings,
    is_exact_heading,
    is_meta_line,
    label_line,
    own_line_heading,
    own_line_label,
    strip_decoration,
)
from taxo.engine.parse.sentences import sentence_spans
from taxo.engine.parse.vocabulary import normalize_phrase, vocab

_PRONOUNS = frozenset(
    "you we it they this that these those he she there here i your our their if as when what who "
    "while with in for".split()
)
_NAMED_SUBJECT = re.compile(
    r"((?:[A-Z][\w&.'’-]*\s){0,4}[A-Z][\w&.'’-]*)\s+(?:is|are)\s+(?:a|an|the|one of|[A-Z][\w-]*['’]s)\b"
)


@dataclass(frozen=True)
class Block:
    """A span of the cleaned text with its kind (a ``SectionKind`` value) and heading."""

    kind: str
    heading: str | None
    start: int
    end: int


@dataclass
class _Item:
    what: str  # "blank", "meta", "heading" or "content"
    start: int
    end: int
    heading: str | None = None
    kind: str | None = None


def _content_items(text: str, start: int, end: int) -> list[_Item]:
    items: list[_Item] = []
    pos = start
    for found in inline_headings(text[start:end]):
        if found.start + start > pos:
            items.append(_Item("content", pos, start + found.start))
        heading = text[start + found.start : start + found.end]
        items.append(_Item("heading", start + found.start, start + found.content_start, heading, found.kind))
        pos = start + found.content_start
    if pos < end:
        items.append(_Item("content", pos, end))
    return items


def _scan(text: str, title_end: int) -> list[_Item]:
    items: list[_Item] = []
    value_expected = False
    for index, (start, end) in enumerate(line_spans(text)):
        line = text[start:end]
        if not line.strip():
            items.append(_Item("blank", start, end))
            value_expected = False
            continue
        if index == 0 and title_end:
            items.append(_Item("meta", start, start + title_end))
            items += _content_items(text, start + title_end, end)
            continue
        if own_line_label(line):
            items.append(_Item("meta", start, end))
            value_expected = True
            continue
        if value_expected and not is_exact_heading(line):
            items.append(_Item("meta", start, end))
            value_expected = False
            continue
        value_expected = False
        kind = own_line_heading(line)
        if kind:
            items.append(_Item("heading", end, end, strip_decoration(line), kind))
            continue
        label = label_line(line)
        if (label and label.kind == "meta") or is_meta_line(line):
            items.append(_Item("meta", start, end))
        elif label:
            content = start + label.value_start
            items.append(_Item("heading", content, content, label.label, label.kind))
            items += _content_items(text, content, end)
        else:
            items += _content_items(text, start, end)
    return items


def _has_text(text: str, start: int, end: int) -> bool:
    return any(ch.isalnum() for ch in PLACEHOLDER.sub("", text[start:end])) or (
        bool(PLACEHOLDER.search(text[start:end]))
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _raw_blocks(text: str, title_end: int) -> list[Block]:
    blocks: list[Block] = []
    current: list[Any] | None = None  # [kind, heading, start, end]

    def close() -> None:
        if current is not None and _has_text(text, current[2], current[3]):
            blocks.append(Block(current[0], current[1], *_trim(text, current[2], current[3])))

    for item in _scan(text, title_end):
        if item.what == "blank":
            if current is not None and current[0] == "meta":
                close()
                current = None
        elif item.what == "meta":
            if current is not None and current[0] == "meta":
                current[3] = item.end
            else:
                close()
                current = ["meta", None, item.start, item.end]
        elif item.what == "heading":
            close()
            current = [item.kind, item.heading, item.end, item.end]
        elif current is None or current[0] == "meta":
            close()
            current = [CONTENT, None, item.start, item.end]
        else:
            current[3] = item.end
    close()
    return blocks


def _starts_with_company(sentence: str, company: str | None) -> bool:
    if company and (
        sentence.startswith(company) or sentence.startswith(f"At {company}") or sentence.startswith(f"About {company}")
    ):
        return True
    match = _NAMED_SUBJECT.match(sentence)
    return match is not None and match.group(1).split()[0].lower() not in _PRONOUNS


def sentence_label(sentence: str, company: str | None) -> str:
    """``legal``, ``role`` (about the job), ``about`` (about the employer) or ``neutral``."""
    v = vocab()
    if v.legal.search(sentence):
        return "legal"
    if v.role_cues.search(sentence):
        return "role"
    if v.about_cues.search(sentence) or _starts_with_company(sentence, company):
        return "about"
    return "neutral"


_RUN_KIND = {"legal": "legal", "about": "about_company", "role": "intro", "neutral": "intro"}


def _plus_only(text: str, spans: list[tuple[int, int]]) -> bool:
    return bool(spans) and all(vocab().plus_cues.search(text[s:e]) for s, e in spans)


def _by_content(text: str, block: Block, company: str | None) -> list[Block]:
    """Split a block without a kind into runs of sentences about the employer, the job or the law."""
    spans = [(block.start + s, block.start + e) for s, e in sentence_spans(text[block.start : block.end])]
    if not spans:
        return [Block("intro", block.heading, block.start, block.end)]
    labels = [sentence_label(text[s:e], company) for s, e in spans]
    known = [label for label in labels if label != "neutral"]
    fill = known[0] if known else "neutral"
    for i, label in enumerate(labels):
        if label == "neutral":
            labels[i] = fill
        else:
            fill = label
    runs: list[Block] = []
    run_start = 0
    for i in range(1, len(spans) + 1):
        if i == len(spans) or labels[i] != labels[run_start]:
            run_spans = spans[run_start:i]
            kind = _RUN_KIND[labels[run_start]]
            if kind == "intro" and _plus_only(text, run_spans):
                kind = "nice_to_have"
            start = block.start if not runs else run_spans[0][0]
            end = block.end if i == len(spans) else run_spans[-1][1]
            runs.append(Block(kind, block.heading if not runs else None, start, end))
            run_start = i
    return runs


def _split_legal(text: str, block: Block) -> list[Block]:
    """Cut legal boilerplate off the end of a block ("X is an equal opportunity employer ...")."""
    legal = vocab().legal
    for s, e in sentence_spans(text[block.start : block.end]):
        if legal.search(text[block.start + s : block.start + e]):
            if s == 0:
                return [Block("legal", block.heading, block.start, block.end)]
            head_end = _trim(text, block.start, block.start + s)[1]
            return [
                Block(block.kind, block.heading, block.start, head_end),
                Block("legal", None, block.start + s, block.end),
            ]
    return [block]


def list_like(text: str) -> bool:
    """True for a list of short items ("Java, Spring, Kafka" or bullets of one to three words)."""
    spans = bullet_spans(text)
    if spans:
        items = [text[s:e] for s, e in spans]
    else:
        items = [p for p in re.split(r"[,;|\n]", text) if p.strip()]
        if len(items) == 1 and not re.search(r"[.!?]", text) and len(text.split()) <= 15:
            items = text.split()
    if len(items) < 2:
        return False
    words = sum(len(item.split()) for item in items) / len(items)
    return words <= 3.5 and sum(item.rstrip().endswith(".") for item in items) <= len(items) // 3


def segment(text: str, title_end: int = 0, company: str | None = None) -> list[Block]:
    """Every block of ``text`` in order (``title_end``: length of a title at the start of line one)."""
    out: list[Block] = []
    for block in _raw_blocks(text, title_end):
        if block.kind == "meta":
            out.append(block)
        elif block.kind == CONTENT:
            out += _by_content(text, block, company)
        else:
            kind = block.kind
            if (
                kind == "requirements"
                and "skill" in normalize_phrase(block.heading or "")
                and list_like(text[block.start : block.end])
            ):
                kind = "technologies"
            out += _split_legal(text, Block(kind, block.heading, block.start, block.end))
    return [b for b in out if _has_text(text, b.start, b.end)]
