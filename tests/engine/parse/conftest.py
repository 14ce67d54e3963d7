"""The five example JDs (tests/fixtures/examples) and hand-made texts (./fixtures), parsed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxo.engine.parse import parse_jd
from taxo.engine.parse.model import ParsedJD
from taxo.engine.parse.words import marker_words

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "examples"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
EXAMPLE_NAMES = ("amex-pyspark", "cosmosdb", "m365", "mumbai-swe", "php-games")


def read_fixture(name: str) -> str:
    """A hand-made text from ./fixtures."""
    return (FIXTURES_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def examples() -> dict[str, ParsedJD]:
    """The five example JDs, parsed."""
    return {name: parse_jd((EXAMPLES_DIR / f"{name}.txt").read_text(encoding="utf-8")) for name in EXAMPLE_NAMES}


def assert_verbatim(jd: ParsedJD) -> None:
    """Every quoted piece is a verbatim substring of clean_text; markers are the text's first/last words."""
    for section in jd.sections:
        assert section.text and section.text in jd.clean_text
        assert section.text == section.text.strip()
        for piece in [*section.bullets, *section.sentences]:
            assert piece and piece in section.text, piece
        assert section.source_marker is not None
        first, last = section.source_marker.first_words, section.source_marker.last_words
        head = section.text[: section.text.find(first)]
        tail = section.text[section.text.rfind(last) + len(last) :]
        assert first in section.text and last in section.text
        assert not any(ch.isalnum() for ch in head + tail)  # only bullets or punctuation outside
        assert (section.source_marker.first_words, section.source_marker.last_words) == marker_words(section.text)
        if section.heading:
            assert section.heading in jd.clean_text
    for view in (jd.responsibilities, jd.must_have, jd.nice_to_have):
        assert all(s in jd.sections for s in view)
    if jd.about_company:
        assert jd.about_company in jd.sections
    for quoted in (
        [e.raw for e in jd.education]
        + [loc.raw for loc in jd.locations]
        + ([jd.experience.raw] if jd.experience else [])
        + ([jd.salary.raw] if jd.salary else [])
        + jd.urls
        + jd.technologies
    ):
        assert quoted in jd.clean_text, quoted
