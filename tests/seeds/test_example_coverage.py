"""The skills a reader sees in the five example JDs all exist in the seed taxonomy.

Each list pairs a surface form, as written in the JD, with the canonical skill it must resolve to. The test
checks both that the form occurs in the JD text (so the lists cannot drift from the texts) and that it is the
name or an alias of that skill, exactly (case/whitespace-insensitive) or format-insensitively ("NodeJS" =
"Node.js"). These are the skills the system taxo replaces missed or mangled (PySpark, Hive, Hadoop, Kafka,
SQL, PHP, REST, Redis, Memcache, NodeJS ...), plus the practices the texts ask for.
"""

from __future__ import annotations

import re

import pytest

from taxo.core.text import loose, norm
from taxo.graph.seeds.reader import SeedBundle
from tests.conftest import REPO_ROOT

EXAMPLES = REPO_ROOT / "tests" / "fixtures" / "examples"

EXPECTED: dict[str, list[tuple[str, str]]] = {
    "amex-pyspark": [
        ("PySpark", "pyspark"),
        ("Hive", "apache-hive"),
        ("SQL", "sql"),
        ("Hadoop", "apache-hadoop"),
        ("Spark", "apache-spark"),
        ("Kafka", "apache-kafka"),
        ("HBase", "apache-hbase"),
        ("Couchbase", "couchbase"),
        ("MongoDB", "mongodb"),
        ("NoSQL", "nosql"),
        ("GitHub", "github"),
        ("CI/CD", "ci-cd"),
        ("UNIX shell scripting", "shell-scripting"),
        ("AWS", "aws"),
        ("GCP", "google-cloud"),
        ("Azure", "microsoft-azure"),
        ("public cloud", "cloud-computing"),
        ("microservices", "microservices"),
        ("event-driven", "event-driven-architecture"),
        ("loosely coupled", "loose-coupling"),
        ("monolithic", "monolithic-architecture"),
        ("data modeling", "data-modeling"),
        ("Partitioning", "partitioning"),
        ("Sharding", "sharding"),
        ("data structures", "data-structures"),
        ("software architecture", "software-architecture"),
        ("system architecture", "software-architecture"),
        ("Data pipelines", "data-pipelines"),
        ("real time data processing", "stream-processing"),
        ("batch-based", "batch-processing"),
        ("optimizing joins", "sql-query-optimization"),
        ("scrum", "scrum"),
        ("debugging", "debugging"),
        ("development life cycle", "sdlc"),
        ("production support", "application-support"),
    ],
    "cosmosdb": [
        ("Azure Cosmos DB", "azure-cosmos-db"),
        ("Cosmos DB", "azure-cosmos-db"),
        ("Azure", "microsoft-azure"),
        ("C#", "csharp"),
        ("C", "c"),
        ("C++", "cpp"),
        ("Java", "java"),
        ("multi-threading", "multithreading"),
        ("multi-threaded", "multithreading"),
        ("parallel programming", "multithreading"),
        ("perf tuning", "performance-optimization"),
        ("ultra-low latency", "performance-optimization"),
        ("High Availability", "high-availability"),
        ("Distributed Systems", "distributed-systems"),
        ("multi-tenant", "multi-tenancy"),
        ("caches", "caching"),
        ("in-memory graphs", "in-memory-computing"),
        ("materialized views", "materialized-views"),
        ("backend services", "backend-development"),
        ("data structures", "data-structures"),
        ("algorithms", "algorithms"),
        ("debugging", "debugging"),
    ],
    "m365": [
        ("C", "c"),
        ("C++", "cpp"),
        ("C#", "csharp"),
        ("Java", "java"),
        ("JavaScript", "javascript"),
        ("Python", "python"),
        ("Copilot", "microsoft-365-copilot"),
        ("M365", "microsoft-365"),
        ("code reviews", "code-review"),
        ("coding standards", "code-quality"),
        ("debugging", "debugging"),
        ("distributed systems", "distributed-systems"),
        ("high availability", "high-availability"),
        ("system architecture", "software-architecture"),
        ("design documents", "technical-writing"),
        ("User Stories", "user-stories"),
        ("user requirements", "requirements-gathering"),
        ("product roadmap", "product-roadmapping"),
        ("safe deployment practices", "deployment-strategies"),
        ("compliance standards", "regulatory-compliance"),
        ("maintainability", "quality-attributes"),
        ("diagnosability", "quality-attributes"),
    ],
    "mumbai-swe": [
        ("HTML5", "html"),
        ("CSS", "css"),
        ("Bootstrap", "bootstrap"),
        ("Javascript", "javascript"),
        ("CRUD", "crud"),
        ("Angular", "angular"),
        ("NodeJS", "node-js"),
        ("JAVA", "java"),
        ("Cloud Hosting Platforms", "cloud-computing"),
        ("Azure", "microsoft-azure"),
        ("AWS", "aws"),
        ("Google Cloud", "google-cloud"),
        ("source code revision control", "version-control"),
        ("software security", "application-security"),
    ],
    "php-games": [
        ("PHP", "php"),
        ("REST APIs", "rest-api"),
        ("RDBMS", "rdbms"),
        ("NoSQL", "nosql"),
        ("distributed systems", "distributed-systems"),
        ("distributed services", "distributed-systems"),
        ("concurrency", "concurrency"),
        ("synchronization", "concurrency"),
        ("memory usage", "memory-management"),
        ("IaaS", "iaas"),
        ("AWS", "aws"),
        ("GCP", "google-cloud"),
        ("Azure", "microsoft-azure"),
        ("NodeJS", "node-js"),
        ("Python", "python"),
        ("Redis", "redis"),
        ("Memcache", "memcached"),
        ("data structures", "data-structures"),
        ("algorithms", "algorithms"),
        ("software design", "software-design"),
        ("authentication", "authentication"),
    ],
}


def _occurs(form: str, text: str) -> bool:
    """The form occurs in the text, case-insensitively, not inside a longer word.

    A capital letter may follow directly: the texts glue sentences together ("JAVAShould").
    """
    pattern = (r"(?<![A-Za-z0-9])" if form[0].isalnum() else "") + f"(?i:{re.escape(form)})"
    pattern += r"(?![a-z0-9])" if form[-1].isalnum() else ""
    return re.search(pattern, text) is not None


@pytest.mark.parametrize("example", sorted(EXPECTED))
def test_example_skills_exist(seed_bundle: SeedBundle, example: str) -> None:
    text = (EXAMPLES / f"{example}.txt").read_text(encoding="utf-8")
    by_slug = {s.slug: s for s in seed_bundle.skills}
    missing = []
    for form, slug in EXPECTED[example]:
        assert _occurs(form, text), f"{example}: '{form}' does not occur in the JD text"
        skill = by_slug.get(slug)
        if skill is None:
            missing.append(f"{form} -> no skill '{slug}'")
            continue
        forms = [skill.name, *(a.text for a in skill.aliases)]
        if not any(norm(f) == norm(form) or loose(f) == loose(form) for f in forms):
            missing.append(f"{form} -> '{slug}' has no such name or alias")
    assert not missing, f"{example}: {missing}"


def test_every_example_has_a_list() -> None:
    assert sorted(p.stem for p in EXAMPLES.glob("*.txt")) == sorted(EXPECTED)


def test_generic_words_of_the_examples_are_not_skills(seed_bundle: SeedBundle) -> None:
    """The old system reported these as skills; none may be a skill name or alias."""
    forms = {norm(s.name) for s in seed_bundle.skills} | {norm(a.text) for s in seed_bundle.skills for a in s.aliases}
    for word in ["Software", "Platform", "Storage", "Software Development", "Technology", "Engineering"]:
        assert norm(word) not in forms, word
