"""The five example JDs through step 1: concrete skills found, no generic ones, honest KRA evidence."""

from __future__ import annotations

import pytest

from taxo.app.runs import RunService
from taxo.engine.models.run import RunRecord
from taxo.graph.seeds.reader import SeedBundle
from tests.conftest import EXAMPLES, example_text

#: Concrete skills a reader sees in each text (canonical slugs of the shipped seeds).
EXPECTED = {
    "php-games": {
        "php",
        "rest-api",
        "redis",
        "memcached",
        "node-js",
        "python",
        "nosql",
        "aws",
        "google-cloud",
        "microsoft-azure",
        "distributed-systems",
    },
    "amex-pyspark": {
        "pyspark",
        "apache-hive",
        "sql",
        "apache-hadoop",
        "apache-spark",
        "apache-kafka",
        "apache-hbase",
        "couchbase",
        "mongodb",
        "github",
        "ci-cd",
        "aws",
        "google-cloud",
        "microsoft-azure",
        "nosql",
        "microservices",
        "event-driven-architecture",
        "shell-scripting",
    },
    "cosmosdb": {"azure-cosmos-db", "csharp", "cpp", "java", "distributed-systems", "data-structures", "algorithms"},
    "mumbai-swe": {
        "html",
        "css",
        "bootstrap",
        "javascript",
        "angular",
        "node-js",
        "java",
        "microsoft-azure",
        "aws",
        "google-cloud",
    },
    "m365": {"cpp", "csharp", "java", "javascript", "python", "code-review", "distributed-systems"},
}


@pytest.fixture(scope="module")
def records(seeded_template, rulebook) -> dict[str, RunRecord]:
    from taxo.core.embeddings import HashEmbedder

    pipeline = RunService(seeded_template, HashEmbedder(), rulebook)
    return {name: pipeline.run(example_text(name), read_only=True) for name in EXAMPLES}


def _slugs(record: RunRecord) -> set[str]:
    assert record.extract is not None and record.extract.skills is not None
    return {s.canonical_slug for s in record.extract.skills.skills}


def test_expected_slugs_exist_in_the_seeds(seed_bundle: SeedBundle) -> None:
    slugs = {s.slug for s in seed_bundle.skills}
    assert set().union(*EXPECTED.values()) <= slugs


@pytest.mark.parametrize("name", EXAMPLES)
def test_concrete_skills_are_found(records: dict[str, RunRecord], name: str) -> None:
    missing = EXPECTED[name] - _slugs(records[name])
    assert not missing, f"{name}: not extracted: {sorted(missing)}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_generic_skills(records: dict[str, RunRecord], seed_bundle: SeedBundle, name: str) -> None:
    from taxo.core.text import norm

    ex = records[name].extract
    assert ex is not None and ex.skills is not None
    surfaces = {norm(s.text) for s in ex.skills.skills} | {norm(c.text) for c in ex.skills.candidates}
    assert not surfaces & seed_bundle.stoplist
    assert not {"software", "platform", "storage", "design", "development"} & surfaces


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_mention_is_verbatim_and_in_its_sentence(records: dict[str, RunRecord], name: str) -> None:
    ex = records[name].extract
    assert ex is not None and ex.skills is not None
    for s in ex.skills.skills:
        for m in s.mentions:
            assert ex.jd.clean_text[m.start : m.end] == m.surface
            assert m.surface in m.sentence and m.sentence in ex.jd.clean_text


@pytest.mark.parametrize("name", EXAMPLES)
def test_best_kra_similarity_is_the_max_of_the_listed_matches(records: dict[str, RunRecord], name: str) -> None:
    ex = records[name].extract
    assert ex is not None and ex.signals is not None
    for rs in ex.signals.kra:
        assert rs.kra_matches
        assert rs.best_kra_similarity == max(m.similarity for m in rs.kra_matches)
    for k in ex.post_classification.kra_candidates if ex.post_classification else []:
        assert 0.0 < k.best_kra_similarity < 1.0


def test_pyspark_jd_is_not_decided_on_a_title_alias_alone(records: dict[str, RunRecord]) -> None:
    d = records["amex-pyspark"].extract.decision  # type: ignore[union-attr]
    assert d is not None
    assert d.case != "A", "the generic title 'Software Engineer' must not decide this JD by itself"
    assert d.facts["alias_ambiguous"] is True
    assert d.facts["skills_found"] >= 10 and d.facts["sentences_found"] >= 5
    assert "evidence" in d.reasoning


def test_rules_and_version_are_named(records: dict[str, RunRecord], rulebook) -> None:
    for record in records.values():
        d = record.extract.decision  # type: ignore[union-attr]
        assert d is not None and d.rules_version == rulebook.version
        assert any(d.rule_id == r.id for r in rulebook.files["role_decision"].rules)
