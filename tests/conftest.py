"""Session-wide fixtures: one embedded FalkorDB per test session, isolated graphs per test.

Closing an embedded database takes seconds, so the suite opens exactly one and gives each test its own
graph name on it (``falkordb_store``; ``seeded_copy`` for a private copy of the seeded graph). Neo4j runs
through testcontainers where a Docker engine answers. The curator tooling's fixtures (stored runs, copies
of the rules and seeds) are here too: the replay, the seeds diff and prune, the rules check and the CLI use
them.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

# Settings are read once per process: make the test defaults explicit before anything imports them.
os.environ.setdefault("TAXO_EMBEDDER", "hash")
os.environ.pop("TAXO_STORE", None)
os.environ.pop("TAXO_API_TOKEN", None)

from taxo.app.context import Context  # noqa: E402
from taxo.app.runs import RunService  # noqa: E402
from taxo.core.embeddings import HashEmbedder  # noqa: E402
from taxo.graph.backends.falkordb import FalkorDBStore, open_falkordb_embedded  # noqa: E402
from taxo.graph.seeds.loader import load_seeds  # noqa: E402
from taxo.graph.seeds.reader import SeedBundle, read_seeds  # noqa: E402
from taxo.graph.store import GraphStore  # noqa: E402
from taxo.rules import RuleBook, load_rulebook  # noqa: E402

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


SeededCopy = Callable[[str], AbstractContextManager[FalkorDBStore]]


@pytest.fixture(scope="session")
def seeded_copy(seeded_template: FalkorDBStore) -> SeededCopy:
    """``with seeded_copy("api") as store:`` a private copy of the seeded graph (a few seconds), deleted after.

    The one way a test (or a fixture of any scope) gets a seeded graph it may write to.
    """

    @contextmanager
    def copy(prefix: str = "t") -> Iterator[FalkorDBStore]:
        store = seeded_template.copy_to(f"{prefix}_{uuid.uuid4().hex[:12]}")
        try:
            yield store
        finally:
            store.clear()

    return copy


@pytest.fixture
def seeded_store(seeded_copy: SeededCopy) -> Iterator[FalkorDBStore]:
    """A private copy of the seeded graph for a test that writes."""
    with seeded_copy("t") as store:
        yield store


@pytest.fixture
def readonly_pipeline(seeded_template: FalkorDBStore, rulebook: RuleBook) -> RunService:
    """A pipeline over the shared seeded graph; use it only with ``read_only=True``."""
    return RunService(seeded_template, HashEmbedder(), rulebook)


@pytest.fixture
def pipeline(seeded_store: FalkorDBStore, rulebook: RuleBook) -> RunService:
    """A pipeline over a private seeded graph, free to persist runs."""
    return RunService(seeded_store, HashEmbedder(), rulebook)


@pytest.fixture(scope="session")
def lint_available() -> None:
    """Neo4j's offline Cypher linter (tests/lint, installed by scripts/bootstrap.sh) can run."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the offline Neo4j linter needs it")
    if not (REPO_ROOT / "tests" / "lint" / "node_modules" / "@neo4j-cypher" / "language-support").exists():
        pytest.fail("the Cypher linter is not installed: run scripts/bootstrap.sh (it runs npm install)")


def example_text(name: str) -> str:
    """One of the five example JDs (tests/fixtures/examples)."""
    return (FIXTURES / "examples" / f"{name}.txt").read_text(encoding="utf-8")


EXAMPLES = ("amex-pyspark", "cosmosdb", "m365", "mumbai-swe", "php-games")


# -- the curator tooling: stored runs, copies of the rules and seeds ------------------------------------------
#: Development postings whose decisions span every case (DOMAIN on both sides of 0.30, ties, collisions).
POSTINGS = (
    "train-tech-1",
    "train-tech-2",
    "train-tech-7",
    "train-tech-9",
    "train-tech-13",
    "train-tech-15",
    "train-tech-27",
    "train-tech-29",
    "train-tech-37",
    "train-tech-59",
    "train-tech-61",
    "train-tech-63",
    "train-tech-65",
    "train-tech-69",
    "train-house-86",
)
REJECTED_TEXT = "Buy cheap watches now! Great deals on watches."


def dev_postings(ids: tuple[str, ...] = POSTINGS) -> list[dict[str, Any]]:
    """The named postings of eval/data/skillspan_dev.jsonl, in the given order."""
    rows = {}
    with (REPO_ROOT / "eval" / "data" / "skillspan_dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            rows[row["id"]] = row
    return [rows[i] for i in ids]


@pytest.fixture(scope="session")
def run_store(seeded_copy: SeededCopy, rulebook: RuleBook) -> Iterator[FalkorDBStore]:
    """A private seeded graph holding persisted runs of the five examples, 15 dev postings and one rejection.

    Shared by the session's tests: read it, never write to it.
    """
    with seeded_copy("t_runs") as store:
        runs = RunService(store, HashEmbedder(), rulebook)
        for name in EXAMPLES:
            runs.run(example_text(name))
        for posting in dev_postings():
            runs.run(posting["text"], title=posting.get("title"))
        runs.run(REJECTED_TEXT)
        yield store


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A private copy of the committed rule files and truth tables."""
    dst = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", dst, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dst


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the committed (generated) seed files."""
    dst = tmp_path / "seeds"
    shutil.copytree(REPO_ROOT / "seeds", dst, ignore=shutil.ignore_patterns("curated", "build", "*.py", "__pycache__"))
    return dst


def edit_yaml(path: Path, change: Callable[[Any], Any]) -> None:
    """Load a YAML file, let ``change`` edit the data in place, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    """One rule of a loaded rule file, by id."""
    return next(r for r in data["rules"] if r["id"] == rule_id)


@pytest.fixture
def use_store(monkeypatch: pytest.MonkeyPatch) -> Callable[[FalkorDBStore], None]:
    """Point the curator commands at a test graph (``use_store(store)``) instead of TAXO_STORE."""
    from taxo.cli import curator_cmds

    def use(store: FalkorDBStore) -> None:
        monkeypatch.setattr(curator_cmds, "_context", lambda: Context(store=store))  # closing a view keeps the server

    return use
