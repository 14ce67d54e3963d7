"""Bullet items of a block of text, as ``(start, end)`` spans without their bullet characters.

Example: ``bullet_spans("Skills:\\n• Java\\n- SQL, Kafka")`` -> ``[(10, 14), (17, 27)]`` (``"Java"``,
``"SQL, Kafka"``). Bullets are "•", "·", "▪", "-", "*", "–", "o " (when two lines use it), "1." and
"a)"; a "•" between spaces inside a line also starts an item ("Responsibilities • Design • Test").
"""

from __future__ import annotations

import re

# A bullet at the start of a line (the line is already stripped by clean_text).
LINE_BULLET = re.compile(
    r"(?:[•·▪◦●■□►▸‣⁃➢➤✓✔❖◆◇○⦿→]|[-*–—+](?=\s)|\d{1,2}[.)](?=\s)|[a-zA-Z][.)](?=\s)|"
    r"\([a-zA-Z0-9]{1,3}\)(?=\s))\s*"
)
O_BULLET = re.compile(r"o\s+(?=\S)")
# Glyphs that separate items inside one line when written between spaces.
INLINE_BULLET = re.compile(r"(?<=\s)[•·▪●◦■➢►▸](?=\s)")


def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, the end before its newline."""
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def uses_o_bullets(text: str) -> bool:
    """True when at least two lines start with "o " (a bullet style of Word exports)."""
    return len(re.findall(r"(?m)^o\s+\S", text)) >= 2


def line_bullet(line: str, o_bullets: bool) -> re.Match[str] | None:
    """The bullet marker at the start of a line, if any (with the spaces after it)."""
    match = LINE_BULLET.match(line) or (O_BULLET.match(line) if o_bullets else None)
    return match if match and match.end() < len(line) else None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def bullet_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the bullet items in ``text`` (see the module docstring)."""
    o_bullets = uses_o_bullets(text)
    items: list[list[int]] = []
    open_item: list[int] | None = None
    for start, end in line_spans(text):
        line = text[start:end]
        marker = line_bullet(line, o_bullets)
        if marker:
            open_item = [start + marker.end(), end]
            items.append(open_item)
        elif open_item is not None and line[:1].islower():
            open_item[1] = end  # a wrapped line continues the item
        else:
            open_item = None
            inline = list(INLINE_BULLET.finditer(line))
            for i, sep in enumerate(inline):
                stop = inline[i + 1].start() if i + 1 < len(inline) else len(line)
                items.append([start + sep.end(), start + stop])
    spans: list[tuple[int, int]] = []
    for item_start, item_end in items:
        piece_start = item_start
        for sep in INLINE_BULLET.finditer(text, item_start, item_end):
            spans.append(_trim(text, piece_start, sep.start()))
            piece_start = sep.end()
        spans.append(_trim(text, piece_start, item_end))
    return [(s, e) for s, e in spans if any(ch.isalnum() for ch in text[s:e])]
