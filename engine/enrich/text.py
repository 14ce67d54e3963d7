"""Which sentences of a JD the enrichment reads, and the guard that keeps every quote verbatim."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np

from taxo.core.embeddings import Embedder
from taxo.engine.extract.sentences import SentenceRef, sentences_of
from taxo.engine.parse.model import ParsedJD, SectionKind

MIN_WORDS = 4
MAX_WORK_SENTENCES = 24
#: Where the work is described; the fallback when a JD has no responsibilities section.
WORK_SECTIONS = (SectionKind.RESPONSIBILITIES,)
FALLBACK_SECTIONS = (SectionKind.INTRO, SectionKind.OTHER)
#: Where a JD talks about the team, the company or the work (team and product phrases are searched here).
CONTEXT_SECTIONS = frozenset(
    {SectionKind.INTRO, SectionKind.ABOUT_COMPANY, SectionKind.RESPONSIBILITIES, SectionKind.OTHER}
)


def verbatim(jd: ParsedJD, text: str | None) -> str | None:
    """``text`` if it occurs verbatim in the JD's clean text, else None (never quote what the JD does not say)."""
    if not text:
        return None
    text = text.strip()
    return text if text and text in jd.clean_text else None


def _long(refs: list[SentenceRef]) -> list[str]:
    return list(dict.fromkeys(r.text.strip() for r in refs if len(r.text.split()) >= MIN_WORDS))


def responsibility_sentences(jd: ParsedJD) -> list[str]:
    """Sentences of the responsibility sections (4+ words), in order, each verbatim in ``clean_text``."""
    return [s for s in _long([r for r in sentences_of(jd) if r.section in WORK_SECTIONS]) if verbatim(jd, s)]


def work_sentences(jd: ParsedJD, limit: int = MAX_WORK_SENTENCES) -> list[str]:
    """Sentences about the work: the responsibilities, else intro/other body text (never requirements)."""
    refs = sentences_of(jd)
    chosen = _long([r for r in refs if r.section in WORK_SECTIONS]) or _long(
        [r for r in refs if r.section in FALLBACK_SECTIONS]
    )
    return [s for s in chosen if verbatim(jd, s)][:limit]


def context_sentences(jd: ParsedJD) -> list[SentenceRef]:
    """Sentences about the company, team or work, where team and product phrases count."""
    return [r for r in sentences_of(jd) if r.section in CONTEXT_SECTIONS]


def vectors_for(
    texts: Sequence[str],
    embedder: Embedder,
    known: Sequence[str] | None = None,
    known_vectors: np.ndarray | None = None,
) -> np.ndarray:
    """Embeddings of ``texts``, reusing rows of ``known_vectors`` (aligned with ``known``) where the text matches."""
    reuse: dict[str, np.ndarray] = {}
    if known is not None and known_vectors is not None and len(known) == len(known_vectors):
        reuse = {t: known_vectors[i] for i, t in enumerate(known)}
    missing = list(dict.fromkeys(t for t in texts if t not in reuse))
    if missing:
        for t, v in zip(missing, embedder.encode(missing), strict=True):
            reuse[t] = v
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.stack([np.asarray(reuse[t], dtype=np.float32) for t in texts])


@overload
def similarity(cos: float) -> float: ...
@overload
def similarity(cos: np.ndarray) -> np.ndarray: ...
def similarity(cos: np.ndarray | float) -> np.ndarray | float:
    """Cosine on taxo's reporting scale, (1 + cos) / 2."""
    return (1.0 + cos) / 2.0
