"""Links, certifications and the entries of an explicit technology list.

Example: ``find_urls("Apply at https://acme.com/jobs.")`` -> ``["https://acme.com/jobs"]``;
``find_certifications(["AWS Certified Solutions Architect or PMP preferred"])`` ->
``["AWS Certified Solutions Architect", "PMP"]``; ``technology_entries("docker agile selenium")`` ->
``["docker", "agile", "selenium"]``.
"""

from __future__ import annotations

import re

from taxo.engine.parse.bullets import bullet_spans
from taxo.engine.parse.vocabulary import vocab

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)


def find_urls(text: str) -> list[str]:
    """http(s) and www addresses, in order, without repeats or trailing punctuation."""
    out: list[str] = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?")
        if url not in out and len(url) > 7:
            out.append(url)
    return out


def find_certifications(sentences: list[str]) -> list[str]:
    """Named credentials, verbatim, in order of appearance, without repeats."""
    v = vocab()
    out: list[str] = []
    for sentence in sentences:
        spans: list[tuple[int, int]] = []
        for pattern in v.certifications:
            for match in pattern.finditer(sentence):
                start, end = match.span()
                words = sentence[start:end].split()
                while words and words[0] in v.certification_stopwords:
                    start += len(words.pop(0)) + 1
                if len(words) < 2 and words and words[0].lower().startswith("certif"):
                    continue
                if not words or any(s <= start and end <= e for s, e in spans):
                    continue
                spans = [(s, e) for s, e in spans if not (start <= s and e <= end)]
                spans.append((start, end))
        for start, end in sorted(spans):
            name = sentence[start:end].strip()
            if name.lower() not in (o.lower() for o in out):
                out.append(name)
    return out


def technology_entries(text: str) -> list[str]:
    """Entries of a technology list: bullets or comma-separated items; one line of words split on
    spaces (Stack Overflow's "docker agile selenium"); "Languages: Java" gives "Java"."""
    spans = bullet_spans(text)
    pieces = [text[s:e] for s, e in spans] if spans else [line for line in text.split("\n") if line.strip()]
    out: list[str] = []
    for piece in pieces:
        if ":" in piece:
            piece = piece.split(":", 1)[1]
        parts = [p.strip(" .") for p in re.split(r"[,;|]|\s+(?:and|&)\s+", piece)]
        if len(parts) == 1 and not spans and len(piece.split()) <= 15 and not re.search(r"[.!?]\s", piece):
            parts = piece.split()
        for part in parts:
            if part and re.search(r"[^\W_]", part) and len(part.split()) <= 5 and part not in out:
                out.append(part)
    return out
