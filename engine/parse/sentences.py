"""Split text into sentences that are verbatim substrings of it.

Example: ``split_sentences("Degree is preferred.Minimum 1 years of Node.js, e.g. Express.\\n• Use ASP.NET")``
-> ``["Degree is preferred.", "Minimum 1 years of Node.js, e.g. Express.", "Use ASP.NET"]``.
Line breaks and bullets end sentences (a line that wraps into a lower-case line does not); a period
ends one before a capital, digit or bullet unless it closes an abbreviation ("e.g.", "U.S.", "Sr.");
"preferred.Minimum" (no space) splits, "Node.js", "ASP.NET", ".NET" and "3.5" do not.
"""

from __future__ import annotations

import re

from taxo.engine.parse.bullets import INLINE_BULLET, line_bullet, line_spans, uses_o_bullets

ABBREVIATIONS = frozenset(
    "e.g i.e eg ie vs approx incl min max no nos sr jr sen snr mr mrs ms dr prof st inc ltd co corp dept "
    "est fig yrs exp hrs ca cf resp esp viz mio mln bn ref nr tel ext govt assoc approx. al "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_GLUED_END = re.compile(r"(?<=[a-z]{2})[.!?](?=[A-Z][a-z])")
_SENTENCE_OPENERS = frozenset("\"“‘'(#•[*¿¡<")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]\.?")


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in '(["“‘':
        start -= 1
    return text[start:pos]


def _word_after(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[pos:end]


def _is_abbreviation(word: str) -> bool:
    token = word.lower().rstrip(".")
    return token in ABBREVIATIONS or bool(_DOTTED.fullmatch(word.lower()))


def _ends_at(text: str, match: re.Match[str], stop: int) -> bool:
    """Whether the punctuation ``match`` ends a sentence (inside a unit ending at ``stop``)."""
    after = match.end()
    while after < stop and text[after].isspace():
        after += 1
    if after >= stop:
        return True
    first = text[after]
    if not (first.isdigit() or first in _SENTENCE_OPENERS or (first.isalpha() and not first.islower())):
        return False
    if text[match.start()] == ".":
        word = _word_before(text, match.start() + 1)
        if _is_abbreviation(word):
            return False
        if word == "." and text.startswith("NET", after):  # ". NET" in tokenised text
            return False
    return True


def _glued_end(text: str, match: re.Match[str]) -> bool:
    """Whether a period with no space after it ends a sentence ("preferred.Minimum")."""
    before, after = _word_before(text, match.start()), _word_after(text, match.end())
    if "." in before or "@" in before or before.lower().startswith(("http", "www")):
        return False
    return not re.search(r"[.@/]\w", after)


def _units(text: str) -> list[tuple[int, int]]:
    """Pieces between hard boundaries: line breaks and bullets (markers left out)."""
    o_bullets = uses_o_bullets(text)
    units: list[list[int]] = []
    previous_line = ""
    for start, end in line_spans(text):
        line = text[start:end]
        if not line.strip():
            previous_line = ""
            continue
        marker = line_bullet(line, o_bullets)
        joins = (
            not marker and units and previous_line and line[:1].islower() and previous_line.rstrip()[-1:] not in ".!?:;"
        )
        if joins:
            units[-1][1] = end
        else:
            units.append([start + (marker.end() if marker else 0), end])
        previous_line = line
    pieces: list[tuple[int, int]] = []
    for start, end in units:
        piece = start
        for sep in INLINE_BULLET.finditer(text, start, end):
            pieces.append((piece, sep.start()))
            piece = sep.end()
        pieces.append((piece, end))
    return pieces


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if any(ch.isalnum() for ch in text[start:end]) else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``."""
    spans: list[tuple[int, int]] = []
    for start, end in _units(text):
        cuts = [m.end() for m in _END.finditer(text, start, end) if _ends_at(text, m, end)]
        cuts += [m.end() for m in _GLUED_END.finditer(text, start, end) if _glued_end(text, m)]
        piece = start
        for cut in sorted(set(cuts)):
            span = _trimmed(text, piece, cut)
            if span:
                spans.append(span)
            piece = cut
        span = _trimmed(text, piece, end)
        if span:
            spans.append(span)
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see the module docstring)."""
    return [text[s:e] for s, e in sentence_spans(text)]
