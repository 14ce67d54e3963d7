"""Decide whether a text is processed at all, and why not.

Example: ``screen_raw("   ", 200_000)`` -> ``(RejectReason.EMPTY, "the text is empty or only whitespace")``;
a 10 MB string is refused as TOO_LONG by its length alone, before any pattern runs. After cleaning,
``screen_clean`` refuses texts that are too short, not English, or not a job description (a recipe:
no job vocabulary such as "responsibilities", "requirements", "experience with", "apply").
"""

from __future__ import annotations

from taxo.engine.parse.headings import own_line_heading
from taxo.engine.parse.language import english_verdict
from taxo.engine.parse.model import RejectReason
from taxo.engine.parse.vocabulary import vocab
from taxo.engine.parse.words import count_words

_JOB_HEADING_KINDS = frozenset({"responsibilities", "requirements", "nice_to_have", "benefits"})


def screen_raw(text: str, max_chars: int) -> tuple[RejectReason, str] | None:
    """Checks on the raw text: length first (cheap on any size), then emptiness."""
    if len(text) > max_chars:
        return RejectReason.TOO_LONG, f"the text has {len(text):,} characters, more than the limit of {max_chars:,}"
    if not text.strip():
        return RejectReason.EMPTY, "the text is empty or only whitespace"
    return None


def job_cue_count(text: str) -> int:
    """How many different job-description cues the text has (see ``job_cues`` in vocabulary.yaml)."""
    sample = text[:50_000]
    return sum(1 for pattern in vocab().job_cues if pattern.search(sample))


def has_job_heading(text: str) -> bool:
    """True when some line is a responsibilities / requirements / benefits heading."""
    return any(own_line_heading(line) in _JOB_HEADING_KINDS for line in text[:50_000].split("\n") if line.strip())


def screen_clean(clean: str, min_words: int, *, has_title: bool) -> tuple[RejectReason, str] | None:
    """Checks on the cleaned text: empty, too short, not English, not a job description."""
    if not clean:
        return RejectReason.EMPTY, "no text is left after removing markup"
    words = count_words(clean)
    if words < min_words:
        return RejectReason.TOO_SHORT, f"the text has {words} words, fewer than the minimum of {min_words}"
    verdict = english_verdict(clean)
    if verdict:
        return RejectReason.NOT_ENGLISH, f"the text does not read as English: {verdict}"
    cues = job_cue_count(clean)
    needed = 2 if has_title or has_job_heading(clean) else 3
    if cues < needed:
        return (
            RejectReason.NOT_A_JOB_DESCRIPTION,
            f"the text has {cues} of the words and phrases job descriptions use (at least {needed} needed)",
        )
    return None
