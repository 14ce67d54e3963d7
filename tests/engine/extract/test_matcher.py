"""The alias matcher: case/format-insensitive within an alias's token structure, never across words."""

from __future__ import annotations

import pytest

from taxo.engine.extract.context import accept_ambiguous
from taxo.engine.extract.matcher import SkillMatcher, resolve_overlaps
from taxo.engine.extract.tokens import tokenize
from tests.engine.toy import toy_taxonomy

TAX = toy_taxonomy()
MATCHER = SkillMatcher(TAX.skill_aliases, TAX.skills)


def found(text: str) -> list[tuple[str, str]]:
    return [(h.skill, h.surface) for h in resolve_overlaps(MATCHER.find(text))]


@pytest.mark.parametrize("text", ["Node.js", "NodeJS", "node js", "node-js", "NODE.JS", "nodejs"])
def test_format_insensitive_node(text: str) -> None:
    assert found(f"We use {text} daily") == [("nodejs", text)]


@pytest.mark.parametrize("text", ["CI/CD", "CI CD", "ci-cd", "CICD"])
def test_format_insensitive_cicd(text: str) -> None:
    assert found(f"Own {text} pipelines") == [("cicd", text)]


def test_words_are_not_glued_into_a_one_token_alias() -> None:
    assert found("This is a great team") == []  # "is a" is not ISA
    assert found("multi-threaded services") == [("multithreading", "multi-threaded")]
    assert found("multi threaded services") == [("multithreading", "multi threaded")]


def test_symbols_and_dots_are_kept_apart() -> None:
    assert found("C/C++ and .NET, ASP.NET MVC") == [
        ("c", "C"),
        ("cpp", "C++"),
        ("dotnet", ".NET"),
        ("asp-net-mvc", "ASP.NET MVC"),
    ]
    assert found("a safety net for the team") == []
    assert found("Java, Javascript") == [("java", "Java")]


def test_an_acronym_glued_to_the_next_word_is_found() -> None:
    assert found("technologies like Angular, NodeJS, JAVAShould have worked") == [
        ("nodejs", "NodeJS"),
        ("java", "JAVA"),
    ]


def test_longest_match_wins() -> None:
    assert found("Spring Boot and Apache Kafka") == [("spring-boot", "Spring Boot"), ("apache-kafka", "Apache Kafka")]


def _accept(text: str) -> list[tuple[str, str | None]]:
    hits = MATCHER.find(text)
    toks = tokenize(text)
    anchors = [h for h in hits if not h.ambiguous]
    return [(h.surface, accept_ambiguous(h, toks, anchors, TAX.skills[h.skill], 8, False)) for h in hits if h.ambiguous]


def test_ambiguous_alias_needs_context() -> None:
    assert _accept("Experience with Java, Go and Kafka") == [("Go", "next to Java")]
    assert _accept("You will go the extra mile") == [("go", None)]
    assert _accept("Go to market fast with our team") == [("Go", None)]
    assert _accept("Strong Go programming skills") == [("Go", "context word 'programming'")]
    assert _accept("Go is the language of our backend: golang everywhere") == [("Go", "context word 'golang'")]
