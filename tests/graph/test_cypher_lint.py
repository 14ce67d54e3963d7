"""Every Cypher statement taxo sends to Neo4j passes Neo4j's own offline linter.

The linter is ``@neo4j-cypher/language-support`` (pinned in tests/lint/package.json) with its bundled
procedure/function registry, run once in a single Node process. FalkorDB-only statements live in
``taxo.graph.dialects.falkordb`` and are not collected — the dialect split, not a list of exceptions.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from taxo.graph.schema import Label, Rel
from tests.graph.cypher_catalog import neo4j_statements

LINT_DIR = Path(__file__).resolve().parent.parent / "lint"


def run_lint(queries: dict[str, str]) -> list[dict[str, object]]:
    """Diagnostics for ``queries`` (id → statement)."""
    payload = {
        "labels": [label.value for label in Label],
        "relationshipTypes": [rel.value for rel in Rel],
        "queries": [{"id": k, "query": v} for k, v in queries.items()],
    }
    proc = subprocess.run(
        ["node", str(LINT_DIR / "lint.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=LINT_DIR,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_linter_catches_known_mistakes(lint_available: None) -> None:
    """The linter is live: FalkorDB dialect, undefined variables and unknown procedures are errors."""
    bad = {
        "falkor_vector": (
            "CALL db.idx.vector.queryNodes('Skill','embedding',10,vecf32($q)) YIELD node, score RETURN node"
        ),
        "undefined": "MATCH (r:Role) WITH count(r) AS c RETURN r.name",
        "falkor_ddl": "CREATE INDEX ON :Skill(id)",
    }
    ids = {str(d["id"]) for d in run_lint(bad) if d["severity"] == 1}
    assert ids == set(bad)


@pytest.mark.slow
def test_every_neo4j_statement_passes_lint(lint_available: None) -> None:
    statements = neo4j_statements()
    assert len(statements) > 20
    diagnostics = run_lint(statements)
    errors = [f"{d['id']}: {d['message']}" for d in diagnostics if d["severity"] == 1]
    assert errors == []
    warnings = [f"{d['id']}: {d['message']}" for d in diagnostics if d["severity"] == 2]
    assert warnings == [], "warnings (e.g. deprecated functions or unknown labels) are not allowed either"
