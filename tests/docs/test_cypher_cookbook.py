"""``docs/cypher-cookbook.md`` stays true: its recipes run on the seeded graph and pass Neo4j's linter.

Every ```cypher block is parsed with its ``// params: {...}`` line. Portable blocks and the
``<!-- falkordb-only -->`` block run read-only (``store.read``: FalkorDB's ``GRAPH.RO_QUERY``) on a private
copy of the session's seeded graph after one persisted pipeline run, and must return rows. Portable blocks
and the ``<!-- neo4j-only -->`` block go through the offline Neo4j linter harness of
``tests/graph/test_cypher_lint.py`` without errors or warnings; the falkordb-only block must fail it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from taxo.app.runs import RunService
from taxo.core.embeddings import HashEmbedder
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.rules import RuleBook
from tests.conftest import REPO_ROOT, SeededCopy, example_text
from tests.graph.test_cypher_lint import run_lint

DOC = REPO_ROOT / "docs" / "cypher-cookbook.md"
#: The run id the doc's run recipes use as their example; the test's pipeline run takes it.
RUN_ID = "7c1d2e3f4a5b4c6d8e9f0a1b2c3d4e5f"
#: A JD whose run confirms links, moves a centroid and queues items in several queues.
EXAMPLE = "amex-pyspark"

_HEADING = re.compile(r"^### (.+)$", re.M)
_BLOCK = re.compile(r"(?:<!--\s*(falkordb|neo4j)-only\s*-->\s*\n)?```cypher\n(.*?)^```", re.S | re.M)
_PARAMS = re.compile(r"^// params: (\{.*\})\s*$", re.M)
_PARAM_USE = re.compile(r"\$([A-Za-z_]\w*)")
_WRITES = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|FOREACH|DROP|LOAD\s+CSV)\b", re.I)


@dataclass(frozen=True)
class Block:
    """One ```cypher block of a recipe."""

    recipe: str
    number: int
    dialect: str  # "portable", "falkordb" or "neo4j"
    cypher: str
    params: dict[str, Any] | None  # None: no (valid) params line

    @property
    def id(self) -> str:
        return f"r{self.number:02d}-{self.dialect}"


@dataclass
class Recipe:
    """A ``### N. Question?`` section of the Recipes part."""

    title: str
    number: int
    text: str
    blocks: list[Block] = field(default_factory=list)


def _params(cypher: str) -> dict[str, Any] | None:
    m = _PARAMS.search(cypher)
    if m is None:
        return None
    try:
        value = json.loads(m.group(1))
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def parse(text: str) -> list[Recipe]:
    """The recipes of the doc's ``## Recipes`` section, in order, with their blocks."""
    _, sep, body = text.partition("\n## Recipes\n")
    assert sep, "the cookbook has no '## Recipes' section"
    body = re.split(r"^## ", body, flags=re.M)[0]  # up to the next second-level section, if any
    heads = list(_HEADING.finditer(body))
    recipes = []
    for i, h in enumerate(heads):
        section = body[h.end() : heads[i + 1].start() if i + 1 < len(heads) else len(body)]
        m = re.match(r"(\d+)\.\s+(.*)", h.group(1))
        number = int(m.group(1)) if m else 0
        recipe = Recipe(h.group(1), number, section)
        for b in _BLOCK.finditer(section):
            recipe.blocks.append(Block(h.group(1), number, b.group(1) or "portable", b.group(2), _params(b.group(2))))
        recipes.append(recipe)
    return recipes


RECIPES = parse(DOC.read_text(encoding="utf-8"))
BLOCKS = [b for r in RECIPES for b in r.blocks]
RUNNABLE = [b for b in BLOCKS if b.dialect in ("portable", "falkordb")]
LINTABLE = [b for b in BLOCKS if b.dialect in ("portable", "neo4j")]


# -- the doc's shape ---------------------------------------------------------------------------------
def test_recipes_are_numbered_questions_with_a_reading() -> None:
    assert 10 <= len(RECIPES) <= 14, [r.title for r in RECIPES]
    assert [r.number for r in RECIPES] == list(range(1, len(RECIPES) + 1))
    for r in RECIPES:
        assert "?" in r.title, f"recipe '{r.title}' is not a question"
        assert r.blocks, f"recipe '{r.title}' has no cypher block"
        assert re.search(r"^Reading: \S", r.text, re.M), f"recipe '{r.title}' has no 'Reading:' line"


def test_only_the_vector_recipe_differs_by_dialect() -> None:
    specific = [r for r in RECIPES if any(b.dialect != "portable" for b in r.blocks)]
    assert len(specific) == 1, [r.title for r in specific]
    assert sorted(b.dialect for b in specific[0].blocks) == ["falkordb", "neo4j"]
    by = {b.dialect: b.cypher for b in specific[0].blocks}
    assert "db.idx.vector.queryNodes(" in by["falkordb"]
    assert "db.index.vector.queryNodes(" in by["neo4j"]


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_block_declares_its_params_and_only_reads(block: Block) -> None:
    assert block.params is not None, "a block starts with a '// params: {...}' line holding a JSON object"
    used = set(_PARAM_USE.findall(block.cypher))
    assert used == set(block.params), f"params used {sorted(used)} vs given {sorted(block.params)}"
    if "run" in block.params:
        assert block.params["run"] == RUN_ID, "the example run id must be the one this test's run uses"
    code = "\n".join(line for line in block.cypher.splitlines() if not line.lstrip().startswith("//"))
    assert not _WRITES.search(code), "cookbook queries only read"


# -- the recipes run on the seeded store ---------------------------------------------------------------
@pytest.fixture(scope="module")
def cookbook_store(seeded_copy: SeededCopy, rulebook: RuleBook) -> Iterator[FalkorDBStore]:
    """A private copy of the seeded graph (as the ``pipeline`` fixture makes) with one persisted run.

    Module-scoped so that every block reads the same graph after one copy and one run.
    """
    with seeded_copy("cookbook") as store:
        record = RunService(store, HashEmbedder(), rulebook).run(example_text(EXAMPLE), run_id=RUN_ID)
        assert record.status == "completed" and record.run_id == RUN_ID
        yield store


@pytest.mark.parametrize("block", RUNNABLE, ids=lambda b: b.id)
def test_recipe_runs_and_returns_rows(cookbook_store: FalkorDBStore, block: Block) -> None:
    rows = cookbook_store.read(block.cypher, block.params or {})
    assert rows, f"'{block.recipe}' returned no rows on the seeded graph after one run"


def test_run_recipes_see_the_run(cookbook_store: FalkorDBStore) -> None:
    """The run recipes show what the pipeline run wrote: its TOUCHED log, queued items and links."""
    by_number = {b.number: b for b in RUNNABLE}
    changed = cookbook_store.read(by_number[8].cypher, by_number[8].params)
    assert {r["change"] for r in changed} >= {"IN_DIMENSION", "CENTROID", "QUEUED"}
    carried = cookbook_store.read(by_number[9].cypher, by_number[9].params)
    assert {r["link"] for r in carried} >= {"IN_DIMENSION"}
    why = cookbook_store.read(by_number[7].cypher, by_number[7].params)
    assert len(why) == 1 and why[0]["seed_source"] and RUN_ID in why[0]["runs"]


# -- Neo4j's offline linter ------------------------------------------------------------------------------
@pytest.mark.slow
def test_neo4j_blocks_pass_the_linter(lint_available: None) -> None:
    """Portable and neo4j-only blocks lint clean; the falkordb-only mark is honest (Neo4j rejects it)."""
    diagnostics = run_lint({b.id: b.cypher for b in BLOCKS})  # one Node process for all
    problems = [
        f"{d['id']}: {d['message']}"
        for d in diagnostics
        if d["severity"] in (1, 2) and str(d["id"]) in {b.id for b in LINTABLE}
    ]
    assert problems == [], "errors and warnings (deprecations, unknown labels or types) are not allowed"
    falkor = {b.id for b in BLOCKS if b.dialect == "falkordb"}
    assert {str(d["id"]) for d in diagnostics if d["severity"] == 1 and str(d["id"]) in falkor} == falkor
