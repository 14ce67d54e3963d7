"""``taxo seed``, ``taxo stats`` and ``taxo query`` from a user's shell."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.cli.conftest import Taxo
from tests.conftest import MINI_SEEDS


@pytest.mark.slow
def test_seed_twice_then_a_bad_seed_writes_nothing(taxo: Taxo, tmp_path: Path) -> None:
    first = taxo("seed", "--path", str(MINI_SEEDS), "--json")
    assert first.returncode == 0, first.stderr
    second = taxo("seed", "--path", str(MINI_SEEDS), "--json")
    assert second.returncode == 0, second.stderr
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert (a["nodes"], a["relationships"]) == (b["nodes"], b["relationships"])
    assert a["nodes"]["Role"] == 3 and b["embedded"] == {"Role": 0, "Dimension": 0, "Skill": 0, "KRA": 0, "Alias": 0}

    bad = tmp_path / "bad-seeds"
    shutil.copytree(MINI_SEEDS, bad)
    role_file = bad / "roles" / "backend-engineer.yaml"
    role = yaml.safe_load(role_file.read_text())
    role["dimensions"] = ["no-such-dimension"]
    role["aliases"].append("Brand New Alias")
    role_file.write_text(yaml.safe_dump(role))
    failed = taxo("seed", "--path", str(bad))
    assert failed.returncode != 0
    assert "Traceback" not in failed.stderr
    line = failed.stderr.strip()
    assert "\n" not in line and str(role_file) in line and "backend-engineer" in line and "no-such-dimension" in line

    after = taxo("stats", "--json")
    assert after.returncode == 0, after.stderr
    stats = json.loads(after.stdout)
    assert (stats["nodes"], stats["relationships"]) == (b["nodes"], b["relationships"])

    rows = taxo("query", "MATCH (a:Alias {norm: $n}) RETURN count(a) AS c", "-p", 'n="brand new alias"', "--json")
    assert rows.returncode == 0, rows.stderr
    assert json.loads(rows.stdout) == {"c": 0}

    refused = taxo("query", "CREATE (:Skill {id: 'x'})")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("store", "expected"),
    [
        ("bolt://127.0.0.1:1", "cannot reach Neo4j"),
        ("falkordb://127.0.0.1:1", "cannot reach FalkorDB"),
        ("mysql://somewhere", "is not a store URL"),
    ],
)
def test_bad_or_unreachable_store_is_one_line_and_nonzero(taxo: Taxo, store: str, expected: str) -> None:
    proc = taxo("stats", env={"TAXO_STORE": store}, timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
