"""``taxo seeds prune`` (and ``taxo seed --prune``): removals are explicit and spare runs' and curators' work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from taxo.cli.curator_cmds import seeds_group
from taxo.core.errors import SeedError
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.graph.seeds.diff import diff_seeds
from taxo.graph.seeds.prune import prune_seeds
from taxo.graph.seeds.reader import read_seeds
from tests.conftest import REPO_ROOT, edit_yaml


def _count(store: FalkorDBStore, cypher: str, **params: object) -> int:
    return int(store.read(cypher, params)[0]["n"])


def _drop_skill(seeds: Path, slug: str) -> None:
    path = next(p for p in sorted((seeds / "skills").glob("*.yaml")) if f"slug: {slug}\n" in p.read_text())
    edit_yaml(path, lambda skills: skills.remove(next(s for s in skills if s["slug"] == slug)))


def _version(store: FalkorDBStore) -> int:
    return int(store.read("MATCH (m:Meta {id: 'taxonomy'}) RETURN m.version AS v")[0]["v"])


def test_prune_deletes_dropped_seed_content_and_spares_runs_and_curators(
    seeded_store: FalkorDBStore, seeds_copy: Path
) -> None:
    store = seeded_store
    (seeds_copy / "roles" / "pega-developer.yaml").unlink()
    (seeds_copy / "roles" / "drupal-dev.yaml").unlink()
    _drop_skill(seeds_copy, "scylladb")
    _drop_skill(seeds_copy, "apache-cassandra")
    edit_yaml(
        seeds_copy / "roles" / "etl-developer.yaml",
        lambda r: r.update(aliases=[a for a in r["aliases"] if a != "SSIS Developer"]),
    )
    # What runs and curators hold on to: a run link on a dropped skill, a centroid on a dropped role,
    # a curator's skill the seeds never had, and the runs themselves.
    store.write(
        "MATCH (s:Skill {id: 'apache-cassandra'}), (d:Dimension {id: 'php-ecosystem'}) "
        "CREATE (s)-[:IN_DIMENSION {source: 'run', first_run: 'r1'}]->(d)"
    )
    store.write("MATCH (r:Role {id: 'drupal-dev'}) SET r.centroid_n = 3")
    store.write(
        "CREATE (:Skill {id: 'duckdb-wasm', name: 'DuckDB-Wasm', source: 'curator'}), "
        "(:Run {id: 'r1', status: 'completed'})"
    )
    assert _count(store, "MATCH (:Skill {id: 'apache-cassandra'})-[e {source: 'run'}]->() RETURN count(e) AS n") == 1
    pega_kras = _count(store, "MATCH (:Role {id: 'pega-developer'})-[:HAS_KRA]->(k) RETURN count(k) AS n")
    version = _version(store)
    bundle = read_seeds(seeds_copy)

    report = prune_seeds(store, bundle)

    assert _count(store, "MATCH (n) WHERE n.id IN ['pega-developer', 'scylladb'] RETURN count(n) AS n") == 0
    assert _count(store, "MATCH (k:KRA {role: 'pega-developer'}) RETURN count(k) AS n") == 0
    assert _count(store, "MATCH (a:Alias {id: 'skill:scylla'}) RETURN count(a) AS n") == 0
    assert (
        _count(
            store,
            "MATCH (:Role {id: 'etl-developer'})-[e:HAS_ALIAS]->(:Alias {id: 'role:ssis developer'}) "
            "RETURN count(e) AS n",
        )
        == 0
    )
    assert report.removed_nodes["Skill"] == 1 and report.removed_nodes["Role"] == 1
    assert report.removed_nodes["KRA"] >= pega_kras
    # Kept: the skill a run linked (with that link), the role with a centroid, the curator's skill, the run.
    assert {(k.label, k.id) for k in report.kept} == {("Skill", "apache-cassandra"), ("Role", "drupal-dev")}
    assert (
        _count(
            store, "MATCH (:Skill {id: 'apache-cassandra'})-[e:IN_DIMENSION {source: 'run'}]->() RETURN count(e) AS n"
        )
        == 1
    )
    assert _count(store, "MATCH (n) WHERE n.id IN ['drupal-dev', 'duckdb-wasm', 'r1'] RETURN count(n) AS n") == 3
    # drupal-dev stays a node, but its seed content (aliases, KRAs, links) is gone.
    assert _count(store, "MATCH (:Role {id: 'drupal-dev'})-[e]-() RETURN count(e) AS n") == 0
    assert _version(store) == version + 1
    # Afterwards the diff lists only what was kept, and a second prune does nothing.
    after = diff_seeds(store, bundle)
    assert after.links == [] and after.collisions == []
    assert [(n.label, n.id, n.change) for n in after.nodes] == [
        ("Role", "drupal-dev", "removed"),
        ("Skill", "apache-cassandra", "removed"),
    ]
    assert prune_seeds(store, bundle).total == 0


def test_prune_releases_what_a_run_created_and_seeds_adopted(seeded_store: FalkorDBStore, seeds_copy: Path) -> None:
    role = seeds_copy / "roles" / "pega-developer.yaml"
    dim = "api-design-and-development"
    seeded_store.write(
        "MATCH (:Role {id: 'pega-developer'})-[e:HAS_DIMENSION]->(:Dimension {id: $d}) SET e.source = 'run'", {"d": dim}
    )
    edit_yaml(role, lambda r: r["dimensions"].remove(dim))
    bundle = read_seeds(seeds_copy)
    diff = diff_seeds(seeded_store, bundle)
    assert [(x.kind, x.src, x.dst, x.change) for x in diff.links] == [
        ("HAS_DIMENSION", "pega-developer", dim, "released")
    ]
    report = prune_seeds(seeded_store, bundle, diff)
    assert (report.total, report.released) == (0, 1)
    rows = seeded_store.read(
        "MATCH (:Role {id: 'pega-developer'})-[e:HAS_DIMENSION]->(:Dimension {id: $d}) "
        "RETURN e.source AS source, e.seed_source AS seed_source",
        {"d": dim},
    )
    assert rows == [{"source": "run", "seed_source": None}]
    assert diff_seeds(seeded_store, bundle).empty


def test_prune_refuses_files_taxo_seed_would_refuse(seeded_template: FalkorDBStore, seeds_copy: Path) -> None:
    bundle = read_seeds(seeds_copy)
    diff = diff_seeds(seeded_template, bundle, refused=["seeds/roles/x.yaml: entry 'x': alias shared"])
    with pytest.raises(SeedError, match="alias shared"):
        prune_seeds(seeded_template, bundle, diff)


def test_cli_lists_removals_and_deletes_only_with_yes(seeded_store: FalkorDBStore, seeds_copy: Path, use_store) -> None:
    use_store(seeded_store)
    _drop_skill(seeds_copy, "scylladb")
    dry = CliRunner().invoke(seeds_group, ["prune", str(seeds_copy)])
    assert dry.exit_code == 0, dry.output
    assert "Skill scylladb: delete" in dry.stdout.splitlines() and "pass --yes" in dry.stderr
    assert _count(seeded_store, "MATCH (s:Skill {id: 'scylladb'}) RETURN count(s) AS n") == 1
    done = CliRunner().invoke(seeds_group, ["prune", str(seeds_copy), "--yes", "--json"])
    assert done.exit_code == 0, done.output
    out = json.loads(done.stdout)
    assert out["applied"] and out["removed_nodes"]["Skill"] == 1 and out["kept"] == []
    assert _count(seeded_store, "MATCH (s:Skill {id: 'scylladb'}) RETURN count(s) AS n") == 0
    assert CliRunner().invoke(seeds_group, ["diff", str(seeds_copy), "--exit-code"]).exit_code == 0


def test_committed_seeds_prune_nothing_from_a_fresh_store(seeded_template: FalkorDBStore) -> None:
    diff = diff_seeds(seeded_template, read_seeds(REPO_ROOT / "seeds"))
    assert [x for x in [*diff.nodes, *diff.links] if x.change in ("removed", "released")] == []
