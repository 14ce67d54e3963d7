"""Messy variants of a clean posting: the formatting real job boards deliver, with the content unchanged.

Real scraped postings arrive flattened into one paragraph, with bullets inlined as "•", "·", " - " or
numbers, headings in capitals run into the text, sentences glued without a space, HTML-wrapped, with
``&nbsp;`` and U+00A0. Each variant below applies one family of those damages to a clean posting,
deterministically (seeded by the posting id), so that a test can demand that the formatting of a posting
does not change its decision.

Example::

    >>> flat("Data Engineer\\nResponsibilities\\n- Build pipelines\\n- Own Kafka", seed="x")  # doctest: +SKIP
    'Data Engineer RESPONSIBILITIES - Build pipelines • Own Kafka'
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from collections.abc import Callable

_BULLET = re.compile(r"^(?:[•·▪◦●■►▸‣⁃➢➤✓✔❖◆◇○→]|[-*–—+](?=\s)|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*")
_END_PUNCT = re.compile(r"[.!?:;,)\]]\s*$")


def _rng(seed: str, variant: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{variant}:{seed}".encode()).hexdigest()[:16], 16))


def _is_heading(line: str, nxt: str | None) -> bool:
    """A short line without end punctuation that introduces more text."""
    words = line.split()
    return (
        0 < len(words) <= 6
        and not _END_PUNCT.search(line)
        and not _BULLET.match(line)
        and line[:1].isupper()
        and nxt is not None
    )


def _lines(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` per non-empty line: kind is heading, bullet or text."""
    raw = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out = []
    for i, line in enumerate(raw):
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        m = _BULLET.match(line)
        if m and m.end() < len(line):
            out.append(("bullet", line[m.end() :]))
        elif _is_heading(line, nxt):
            out.append(("heading", line))
        else:
            out.append(("text", line))
    return out


def flat(text: str, seed: str) -> str:
    """One paragraph: bullets inlined with one glyph, headings in capitals run into the text."""
    rng = _rng(seed, "flat")
    glyph = rng.choice([" • ", " · ", " - ", " * ", " ▪ "])
    heading_style = rng.choice(["upper-dash", "colon", "upper-colon"])
    parts: list[str] = []
    for kind, line in _lines(text):
        if kind == "heading":
            if heading_style == "upper-dash":
                parts.append(f" {line.upper()} - ")
            elif heading_style == "colon":
                parts.append(f" {line}: ")
            else:
                parts.append(f" {line.upper()}: ")
        elif kind == "bullet":
            parts.append(f"{glyph}{line}")
        else:
            parts.append(f" {line}")
    return re.sub(r"\s{2,}", " ", "".join(parts)).strip()


def numbered(text: str, seed: str) -> str:
    """One paragraph with bullets as "1)" / "2." numbers and headings ending in " -"."""
    rng = _rng(seed, "numbered")
    style = rng.choice(["{n}) ", "{n}. ", "({n}) "])
    parts: list[str] = []
    n = 0
    for kind, line in _lines(text):
        if kind == "heading":
            n = 0
            parts.append(f" {line} - ")
        elif kind == "bullet":
            n += 1
            parts.append(" " + style.format(n=n) + line)
        else:
            n = 0
            parts.append(f" {line}")
    return re.sub(r"\s{2,}", " ", "".join(parts)).strip()


def glued(text: str, seed: str) -> str:
    """One paragraph where lines without end punctuation are glued to the next without a space, with
    U+00A0 for some spaces (the "...successful solutionsExcellent knowledge of..." damage)."""
    rng = _rng(seed, "glued")
    items = _lines(text)
    out = ""
    for i, (_kind, line) in enumerate(items):
        if i and not _END_PUNCT.search(out) and rng.random() < 0.6:
            out += line  # glued: "solutionsExcellent"
        elif i:
            out += (" " if rng.random() < 0.8 else "\u00a0") + line
        else:
            out = line
    return "".join("\u00a0" if ch == " " and rng.random() < 0.05 else ch for ch in out)


def html_wrapped(text: str, seed: str) -> str:
    """HTML as career sites serve it: ``<p>``, ``<ul><li>``, ``<strong>`` headings, ``&nbsp;``, ``&amp;``,
    all on one line (scrapers often drop the source line breaks)."""
    rng = _rng(seed, "html")
    parts: list[str] = []
    in_list = False
    for kind, line in _lines(text):
        esc = html.escape(line, quote=False)
        esc = re.sub(r" ", lambda _m: "&nbsp;" if rng.random() < 0.05 else " ", esc)
        if kind == "bullet":
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{esc}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        parts.append(f"<p><strong>{esc}</strong></p>" if kind == "heading" else f"<p>{esc}</p>")
    if in_list:
        parts.append("</ul>")
    return "".join(parts)


VARIANTS: dict[str, Callable[[str, str], str]] = {
    "flat": flat,
    "numbered": numbered,
    "glued": glued,
    "html": html_wrapped,
}


def variants(text: str, seed: str) -> dict[str, str]:
    """Every messy variant of ``text`` by name."""
    return {name: fn(text, seed) for name, fn in VARIANTS.items()}
