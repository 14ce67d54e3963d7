"""``taxo batch`` over every development posting: one output line per input, bad lines reported, no crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Taxo
from tests.conftest import REPO_ROOT


@pytest.mark.slow
def test_batch_over_the_development_postings(taxo: Taxo, tmp_path: Path) -> None:
    seeded = taxo("seed", "--json")
    assert seeded.returncode == 0, seeded.stderr
    gold = [json.loads(line) for line in (REPO_ROOT / "eval" / "data" / "skillspan_dev.jsonl").open(encoding="utf-8")]
    lines = [json.dumps({"id": g["id"], "text": g["text"]}) for g in gold]
    lines.insert(3, "{not json")
    lines.insert(7, json.dumps({"id": "no-text", "title": "Engineer"}))
    lines.insert(9, json.dumps({"id": "empty", "text": ""}))
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")

    proc = taxo("batch", str(src), "--output", str(out), "--read-only", timeout=900)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines)
    assert rows[3]["error"]["type"] == "invalid_json" and rows[3]["line"] == 4
    assert rows[7]["id"] == "no-text" and rows[7]["error"]["type"] == "invalid_input"
    assert rows[9]["id"] == "empty" and rows[9]["rejected"]["reason"]
    good = [r for r in rows if "error" not in r and "rejected" not in r]
    assert len(good) == len(gold)
    for r in good:
        d = r["decision"]
        assert d["case"] in ("A", "ALIAS_COLLISION", "DOMAIN", "NEW_ROLE") and d["rule_id"] and d["rules_version"]
        assert (d["role"] is None) == (d["case"] == "NEW_ROLE") == (d["new_role"] is not None)
        assert all({"text", "canonical_slug", "primary", "match"} <= set(s) for s in r["skills"])
        assert r["persistence"]["read_only"] is True and "dimensions" in r and r["timings_ms"]
    stats = taxo("stats", "--json")
    assert json.loads(stats.stdout)["nodes"].get("Run", 0) == 0  # read-only: nothing was written
