"""Quality of the shipped skill taxonomy (seeds/skills/*.yaml): size, links, aliases, ambiguity, determinism."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from taxo.core.text import loose, norm, slugify
from taxo.graph.seeds.models import Maturity, Nature
from taxo.graph.seeds.reader import SeedBundle
from taxo.seeds.build import skills as skills_build
from taxo.seeds.build.common import SEEDS, default_data_dir

TECH_NATURES = {n for n in Nature if n is not Nature.DOMAIN}

# Short or everyday words that name real skills: a mention alone must not count as the skill.
AMBIGUOUS = [
    "Go",
    "R",
    "C",
    "Swift",
    "React",
    "Rust",
    "Ruby",
    "Dart",
    "Spring",
    "Express",
    "Flask",
    "Ant",
    "Chef",
    "Puppet",
    "Excel",
    "Sketch",
    "Jest",
    "Mocha",
    "Ember",
    "Hive",
    "Pig",
    "Storm",
    "Spark",
    "Airflow",
    "Glue",
    "Lambda",
    "Rails",
    "Node",
    "Bash",
    "Salt",
    "Helm",
    "Vault",
    "Unity",
    "Oracle",
]


def _forms(bundle: SeedBundle) -> dict[str, tuple[str, bool]]:
    """Normalised name or alias -> (skill slug, needs_context)."""
    out: dict[str, tuple[str, bool]] = {}
    for s in bundle.skills:
        out[norm(s.name)] = (s.slug, s.needs_context)
        for a in s.aliases:
            out[norm(a.text)] = (s.slug, a.needs_context)
    return out


def test_enough_skills(seed_bundle: SeedBundle) -> None:
    assert len(seed_bundle.skills) >= 1500


def test_every_skill_has_existing_dimensions(seed_bundle: SeedBundle) -> None:
    dims = {d.slug for d in seed_bundle.dimensions}
    for s in seed_bundle.skills:
        assert s.dimensions, s.slug
        assert set(s.dimensions) <= dims, (s.slug, set(s.dimensions) - dims)
        assert len(s.dimensions) == len(set(s.dimensions)), s.slug


def test_known_generics_are_stop_listed(seed_bundle: SeedBundle) -> None:
    for word in [
        "Software",
        "Platform",
        "Storage",
        "Design",
        "Development",
        "Data",
        "Systems",
        "Technology",
        "Tools",
        "Solutions",
        "Applications",
        "Engineering",
        "Cloud",
        "Testing",
        "Security",
    ]:
        assert norm(word) in seed_bundle.stoplist, word


def test_no_skill_name_or_alias_is_stop_listed(seed_bundle: SeedBundle) -> None:
    for s in seed_bundle.skills:
        for text in [s.name, *(a.text for a in s.aliases)]:
            assert norm(text) not in seed_bundle.stoplist, (s.slug, text)


def test_slugs_unique_and_well_formed(seed_bundle: SeedBundle) -> None:
    slugs = [s.slug for s in seed_bundle.skills]
    assert len(slugs) == len(set(slugs)), [s for s, n in Counter(slugs).items() if n > 1]
    for s in seed_bundle.skills:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s.slug), s.slug
    by_slug = {s.slug: s for s in seed_bundle.skills}
    assert by_slug["cpp"].name == "C++" and by_slug["csharp"].name == "C#"
    assert slugify(".NET") == "dotnet" and "dotnet" in by_slug


def test_aliases_belong_to_one_skill_even_format_insensitively(seed_bundle: SeedBundle) -> None:
    """Two skills never share a name or alias, compared exactly and format-insensitively (dots, hyphens...)."""
    exact: dict[str, str] = {}
    fuzzy: dict[str, str] = {}
    for s in seed_bundle.skills:
        for text in [s.name, *(a.text for a in s.aliases)]:
            assert exact.setdefault(norm(text), s.slug) == s.slug, (text, s.slug, exact[norm(text)])
            assert fuzzy.setdefault(loose(text), s.slug) == s.slug, (text, s.slug, fuzzy[loose(text)])


@pytest.mark.parametrize("word", AMBIGUOUS)
def test_ambiguous_short_names_need_context(seed_bundle: SeedBundle, word: str) -> None:
    forms = _forms(seed_bundle)
    assert norm(word) in forms, f"{word} should name a skill (as name or alias)"
    slug, needs_context = forms[norm(word)]
    assert needs_context, f"{word} ({slug}) must be marked needs_context"
    skill = next(s for s in seed_bundle.skills if s.slug == slug)
    assert skill.context, f"{slug} needs confirming context words"


def test_every_ambiguous_skill_has_context(seed_bundle: SeedBundle) -> None:
    for s in seed_bundle.skills:
        if s.needs_context or any(a.needs_context for a in s.aliases):
            assert s.context, s.slug


def test_one_and_two_letter_forms_need_context(seed_bundle: SeedBundle) -> None:
    for s in seed_bundle.skills:
        for text, flag in [(s.name, s.needs_context), *((a.text, a.needs_context) for a in s.aliases)]:
            key = loose(text)
            if len(key) <= 2 and key.isalpha():
                assert flag, (s.slug, text)


def test_unambiguous_technologies_do_not_need_context(seed_bundle: SeedBundle) -> None:
    forms = _forms(seed_bundle)
    for word in ["Python", "Java", "Kubernetes", "PostgreSQL", "PySpark", "Terraform", "TypeScript", "Kafka"]:
        assert forms[norm(word)][1] is False, word


def test_taxonomy_is_tech_heavy(seed_bundle: SeedBundle) -> None:
    tech = sum(1 for s in seed_bundle.skills if s.nature in TECH_NATURES)
    assert tech / len(seed_bundle.skills) >= 0.8


def test_every_nature_and_maturity_is_used(seed_bundle: SeedBundle) -> None:
    assert {s.nature for s in seed_bundle.skills} == set(Nature)
    assert {s.maturity for s in seed_bundle.skills} == set(Maturity)


def test_maturity_examples(seed_bundle: SeedBundle) -> None:
    by_slug = {s.slug: s for s in seed_bundle.skills}
    expected = {
        "cobol": Maturity.LEGACY,
        "angularjs": Maturity.LEGACY,
        "apache-subversion": Maturity.LEGACY,
        "java": Maturity.MAINSTREAM,
        "sql": Maturity.MAINSTREAM,
        "jquery": Maturity.MAINSTREAM,
        "react": Maturity.MODERN,
        "typescript": Maturity.MODERN,
        "spring-boot": Maturity.MODERN,
        "kubernetes": Maturity.CLOUD_NATIVE,
        "apache-kafka": Maturity.CLOUD_NATIVE,
        "terraform": Maturity.CLOUD_NATIVE,
        "large-language-models": Maturity.CUTTING_EDGE,
        "retrieval-augmented-generation": Maturity.CUTTING_EDGE,
    }
    for slug, maturity in expected.items():
        assert by_slug[slug].maturity is maturity, slug


def test_ai_flag_marks_ml_skills_only(seed_bundle: SeedBundle) -> None:
    by_slug = {s.slug: s for s in seed_bundle.skills}
    for slug in ["pytorch", "tensorflow", "large-language-models", "langchain", "mlflow", "computer-vision"]:
        assert by_slug[slug].ai, slug
    for slug in ["java", "kubernetes", "code-review", "react"]:
        assert not by_slug[slug].ai, slug


def test_dimensions_are_specific(seed_bundle: SeedBundle) -> None:
    """Links the old system got wrong, and no dimension used as a catch-all."""
    by_slug = {s.slug: s for s in seed_bundle.skills}
    assert set(by_slug["event-driven-architecture"].dimensions) == {
        "messaging-and-event-streaming",
        "microservices-and-distributed-systems",
    }
    assert by_slug["code-review"].dimensions == ["unit-testing-and-code-quality"]
    assert "react-ecosystem" not in by_slug["distributed-systems"].dimensions
    use = Counter(d for s in seed_bundle.skills for d in s.dimensions)
    assert max(use.values()) / len(seed_bundle.skills) < 0.1, use.most_common(3)


def test_sources_and_refs(seed_bundle: SeedBundle) -> None:
    sources = Counter(s.source for s in seed_bundle.skills)
    assert sources["onet:29.3"] >= 300 and sources["esco:1.1.1"] >= 50 and sources["curated"] >= 300
    for s in seed_bundle.skills:
        if s.source == "onet:29.3":
            assert s.ref and re.fullmatch(r"4323\d{4}", s.ref), s.slug
        elif s.source == "esco:1.1.1":
            assert s.ref and s.ref.startswith("http://data.europa.eu/esco/skill/"), s.slug
    by_slug = {s.slug: s for s in seed_bundle.skills}
    assert by_slug["python"].hot and by_slug["python"].in_demand


def test_build_is_deterministic_and_matches_committed_files(tmp_path: Path) -> None:
    data = default_data_dir()
    if not (data / "onet" / "Technology Skills.txt").is_file():
        pytest.skip(f"source data not found at {data} (O*NET/ESCO needed to rebuild the skills)")
    header = "Generated by `python -m taxo.seeds.build`; edit seeds/curated/ and rebuild instead of editing this file."
    skills_build.build(data, tmp_path, header)
    built = sorted(p.name for p in (tmp_path / "skills").glob("*.yaml"))
    committed = sorted(p.name for p in (SEEDS / "skills").glob("*.yaml"))
    assert built == committed
    for name in built:
        assert (tmp_path / "skills" / name).read_bytes() == (SEEDS / "skills" / name).read_bytes(), name
