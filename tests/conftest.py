"""Session-wide fixtures: one embedded FalkorDB per test session, isolated graphs per test.

Closing an embedded database takes seconds, so the suite opens exactly one and gives each test its own
graph name on it (``store`` fixture). Neo4j runs through testcontainers where a Docker engine answers.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Settings are read once per process: make the test defaults explicit before anything imports them.
os.environ.setdefault("TAXO_EMBEDDER", "hash")
os.environ.pop("TAXO_STORE", None)
os.environ.pop("TAXO_API_TOKEN", None)

from taxo.app.runs import RunService  # noqa: E402
from taxo.graph.backends.falkordb import FalkorDBStore, open_falkordb_embedded  # noqa: E402
from taxo.graph.seeds.loader import load_seeds  # noqa: E402
from taxo.graph.seeds.reader import SeedBundle, read_seeds  # noqa: E402
from taxo.graph.store import GraphStore  # noqa: E402
from taxo.rules import RuleBook, load_rulebook  # noqa: E402
from taxo.core.embeddings import HashEmbedder  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent  # the checkout (tests run from one)
FIXTURES = REPO_ROOT / "tests" / "fixtures"
MINI_SEEDS = FIXTURES / "seeds" / "mini"


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorDBStore]:
    """The session's one embedded FalkorDB (its own data dir, AOF on)."""
    directory = tmp_path_factory.mktemp("falkordb") / "taxo"
    store = open_falkordb_embedded(directory, "session", "everysec", 300, durable=False)
    yield store
    store.close()


@pytest.fixture
def falkordb_store(falkordb_server: FalkorDBStore) -> Iterator[FalkorDBStore]:
    """A fresh, empty graph on the session server, deleted afterwards."""
    store = falkordb_server.for_graph(f"t_{uuid.uuid4().hex[:12]}")
    yield store
    store.clear()


def _docker_available() -> str | None:
    """None if a Docker engine answers, else the reason it does not."""
    if shutil.which("docker") is None:
        return "no docker client installed"
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means no engine
        return f"no Docker engine answers ({type(exc).__name__})"
    return None


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[GraphStore]:
    """A Neo4j 5 container (skipped with the reason when Docker is unavailable)."""
    reason = _docker_available()
    if reason:
        pytest.skip(f"Neo4j contract tests need Docker: {reason}")
    from testcontainers.neo4j import Neo4jContainer

    from taxo.graph.backends.neo4j import Neo4jStore

    with Neo4jContainer("neo4j:5.26") as container:
        store = Neo4jStore(container.get_connection_url(), "neo4j", container.password, None)
        yield store
        store.close()


@pytest.fixture
def neo4j_store(neo4j_server: GraphStore) -> Iterator[GraphStore]:
    """The Neo4j database, emptied after each test."""
    yield neo4j_server
    neo4j_server.clear()


@pytest.fixture(params=["falkordb", "neo4j"])
def any_store(request: pytest.FixtureRequest) -> GraphStore:
    """The contract suite runs against every backend available here."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(scope="session")
def hash_embedder() -> HashEmbedder:
    """Deterministic embedder for tests where the real model is not the point."""
    return HashEmbedder()


@pytest.fixture(scope="session")
def seed_bundle() -> SeedBundle:
    """The committed seeds under ``seeds/``, validated by the reader."""
    return read_seeds(REPO_ROOT / "seeds")


@pytest.fixture(scope="session")
def rulebook() -> RuleBook:
    """The committed rules."""
    return load_rulebook(REPO_ROOT / "rules")


@pytest.fixture(scope="session")
def seeded_template(falkordb_server: FalkorDBStore) -> Iterator[FalkorDBStore]:
    """The shipped seed taxonomy, loaded once per session (hash embeddings). Never write to it: copy it."""
    store = falkordb_server.for_graph("seeded_template")
    store.clear()
    load_seeds(store, read_seeds(REPO_ROOT / "seeds"), HashEmbedder())
    yield store
    store.clear()


@pytest.fixture
def seeded_store(seeded_template: FalkorDBStore) -> Iterator[FalkorDBStore]:
    """A private copy of the seeded graph for a test that writes (a copy takes a few seconds)."""
    store = seeded_template.copy_to(f"t_{uuid.uuid4().hex[:12]}")
    yield store
    store.clear()


@pytest.fixture
def readonly_pipeline(seeded_template: FalkorDBStore, rulebook: RuleBook) -> RunService:
    """A pipeline over the shared seeded graph; use it only with ``read_only=True``."""
    return RunService(seeded_template, HashEmbedder(), rulebook)


@pytest.fixture
def pipeline(seeded_store: FalkorDBStore, rulebook: RuleBook) -> RunService:
    """A pipeline over a private seeded graph, free to persist runs."""
    return RunService(seeded_store, HashEmbedder(), rulebook)


def example_text(name: str) -> str:
    """One of the five example JDs (tests/fixtures/examples)."""
    return (FIXTURES / "examples" / f"{name}.txt").read_text(encoding="utf-8")


EXAMPLES = ("amex-pyspark", "cosmosdb", "m365", "mumbai-swe", "php-games")
