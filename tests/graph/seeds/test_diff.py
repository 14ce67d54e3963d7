"""``taxo seeds diff``: what loading proposed seed files would change, by natural key, without writing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from taxo.cli.curator_cmds import seeds_group
from taxo.core.text import norm
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.graph.seeds.diff import Collision, LinkChange, NodeChange, diff_seeds, read_proposed
from taxo.graph.seeds.reader import read_seeds
from tests.conftest import REPO_ROOT, edit_yaml


def test_committed_seeds_against_a_freshly_seeded_store_report_nothing(
    seeded_template: FalkorDBStore, use_store
) -> None:
    diff = diff_seeds(seeded_template, read_seeds(REPO_ROOT / "seeds"))
    assert diff.empty, diff.to_markdown()
    assert diff.not_compared == []  # every loader step is compared
    assert "would change nothing" in diff.to_markdown()
    use_store(seeded_template)
    result = CliRunner().invoke(seeds_group, ["diff", str(REPO_ROOT / "seeds"), "--exit-code"])
    assert result.exit_code == 0, result.output
    assert json.loads(CliRunner().invoke(seeds_group, ["diff", str(REPO_ROOT / "seeds"), "--json"]).stdout)["empty"]


def test_what_runs_and_curators_add_is_not_seed_content(run_store: FalkorDBStore, seeded_store: FalkorDBStore) -> None:
    """Runs confirm links, move centroids and record provenance; runs and curators add links and nodes:
    none of it is a seed change, so none of it is ever reported as removed."""
    touched = run_store.read("MATCH (:Run)-[t:TOUCHED]->() RETURN count(t) AS n")[0]["n"]
    assert touched > 0
    assert diff_seeds(run_store, read_seeds(REPO_ROOT / "seeds")).empty

    seeded_store.write(
        "MATCH (r:Role {id: 'data-engineer'}), (d:Dimension {id: 'nosql-databases'}) "
        "MERGE (r)-[:HAS_DIMENSION {source: 'run', first_run: 'r1'}]->(d) "
        "CREATE (s:Skill {id: 'duckdb-wasm', name: 'DuckDB-Wasm', source: 'curator'})"
        "-[:IN_DIMENSION {source: 'curator'}]->(d)"
    )
    added = "MATCH ()-[e]->() WHERE e.source IN ['run', 'curator'] RETURN count(e) AS n"
    assert seeded_store.read(added) == [{"n": 2}]
    assert diff_seeds(seeded_store, read_seeds(REPO_ROOT / "seeds")).empty


def test_an_alias_of_another_role_added_in_the_seeds_is_a_new_collision(
    seeded_template: FalkorDBStore, seeds_copy: Path, use_store
) -> None:
    path = seeds_copy / "roles" / "etl-developer.yaml"
    edit_yaml(path, lambda r: r["aliases"].append("Data Engineer"))  # the name of data-engineer
    bundle, refused = read_proposed(seeds_copy)
    assert len(refused) == 1 and "'data engineer' is shared by roles ['data-engineer', 'etl-developer']" in refused[0]
    diff = diff_seeds(seeded_template, bundle, refused)
    assert diff.collisions == [
        Collision(
            "role",
            ("Data Engineer",),
            ("data-engineer",),
            ("data-engineer", "etl-developer"),
            ("data-engineer", "etl-developer"),
            False,
        )
    ]
    assert diff.links == [
        LinkChange("HAS_ALIAS:Role", "etl-developer", "role:data engineer", "added", file="roles/etl-developer.yaml")
    ]
    use_store(seeded_template)
    result = CliRunner().invoke(seeds_group, ["diff", str(seeds_copy)])
    assert result.exit_code == 1  # taxo seed would refuse these files
    assert "### New alias collisions" in result.stdout and "would refuse" in result.stdout


def test_an_alias_moved_to_another_role_collides_until_pruned(seeded_template: FalkorDBStore, seeds_copy: Path) -> None:
    def drop(r: dict[str, Any]) -> None:
        r["aliases"] = [a for a in r["aliases"] if (a if isinstance(a, str) else a["text"]) != "SSIS Developer"]

    edit_yaml(seeds_copy / "roles" / "etl-developer.yaml", drop)
    edit_yaml(seeds_copy / "roles" / "bi-developer.yaml", lambda r: r["aliases"].append("SSIS Developer"))
    bundle, refused = read_proposed(seeds_copy)
    assert refused == []
    diff = diff_seeds(seeded_template, bundle)
    assert diff.collisions == [
        Collision(
            "role", ("SSIS Developer",), ("etl-developer",), ("bi-developer", "etl-developer"), ("bi-developer",), True
        )
    ]
    assert {(x.src, x.dst, x.change) for x in diff.links} == {
        ("bi-developer", "role:ssis developer", "added"),
        ("etl-developer", "role:ssis developer", "removed"),
    }
    assert diff.nodes == []  # the alias node stays; only its owner changes


def test_an_alias_already_used_by_a_curator_role_in_the_store_is_a_new_collision(
    seeded_store: FalkorDBStore, seeds_copy: Path
) -> None:
    seeded_store.write(
        "CREATE (r:Role {id: 'data-platform-engineer', name: 'Data Platform Engineer', source: 'curator'})"
        "-[:HAS_ALIAS {source: 'curator'}]->(:Alias {id: 'role:lakehouse engineer', text: 'Lakehouse Engineer', "
        "norm: 'lakehouse engineer', loose: 'lakehouseengineer', kind: 'role', ambiguous: false, needs_context: false, "
        "source: 'curator'})"
    )
    edit_yaml(seeds_copy / "roles" / "data-engineer.yaml", lambda r: r["aliases"].append("Lakehouse Engineer"))
    diff = diff_seeds(seeded_store, read_seeds(seeds_copy))
    assert diff.collisions == [
        Collision(
            "role",
            ("Lakehouse Engineer",),
            ("data-platform-engineer",),
            ("data-engineer", "data-platform-engineer"),
            ("data-engineer", "data-platform-engineer"),
            False,
        )
    ]
    assert diff.links == [
        LinkChange(
            "HAS_ALIAS:Role", "data-engineer", "role:lakehouse engineer", "added", file="roles/data-engineer.yaml"
        )
    ]
    assert diff.nodes == []  # the curator's role and alias are not seed content: never "removed"


def _skill_file_with(seeds: Path, slug: str) -> Path:
    for path in sorted((seeds / "skills").glob("*.yaml")):
        if f"slug: {slug}\n" in path.read_text(encoding="utf-8"):
            return path
    raise AssertionError(f"no skill {slug}")


def _edit_skill(seeds: Path, slug: str, change) -> Path:
    path = _skill_file_with(seeds, slug)
    edit_yaml(path, lambda skills: change(next(s for s in skills if s["slug"] == slug)))
    return path


def test_a_skill_alias_moved_to_another_skill_is_reported(seeded_template: FalkorDBStore, seeds_copy: Path) -> None:
    def drop(s: dict[str, Any]) -> None:
        s["aliases"] = [a for a in s["aliases"] if (a if isinstance(a, str) else a["text"]) != "DataStax Enterprise"]

    _edit_skill(seeds_copy, "apache-cassandra", drop)
    _edit_skill(seeds_copy, "scylladb", lambda s: s["aliases"].append("DataStax Enterprise"))
    diff = diff_seeds(seeded_template, read_seeds(seeds_copy))
    assert diff.collisions == [
        Collision(
            "skill",
            ("DataStax Enterprise",),
            ("apache-cassandra",),
            ("apache-cassandra", "scylladb"),
            ("scylladb",),
            True,
        )
    ]
    assert {(x.src, x.change) for x in diff.links} == {("scylladb", "added"), ("apache-cassandra", "removed")}
    assert (
        "| skill | 'DataStax Enterprise' | apache-cassandra | apache-cassandra, scylladb | scylladb (resolved) |"
        in (diff.to_markdown())
    )


def test_changed_added_and_removed_content_by_natural_key(seeded_template: FalkorDBStore, seeds_copy: Path) -> None:
    role = seeds_copy / "roles" / "technical-writer.yaml"
    edit_yaml(role, lambda r: r.update(description="Writes and maintains product documentation."))
    edit_yaml(
        seeds_copy / "dimensions.yaml",
        lambda ds: ds.append(
            {"slug": "prompt-writing", "name": "Prompt Writing", "rationale": "Writing prompts for language models."}
        ),
    )
    removed = _skill_file_with(seeds_copy, "scylladb")
    scylla = next(s for s in read_seeds(seeds_copy).skills if s.slug == "scylladb")
    edit_yaml(removed, lambda skills: skills.remove(next(s for s in skills if s["slug"] == "scylladb")))
    edit_yaml(seeds_copy / "stoplist.yaml", lambda d: d["words"].append("Synergy"))
    diff = diff_seeds(seeded_template, read_seeds(seeds_copy))

    by = {(n.label, n.id): n for n in diff.nodes}
    old = read_seeds(REPO_ROOT / "seeds")
    before = next(r for r in old.roles if r.slug == "technical-writer").description
    assert by[("Role", "technical-writer")] == NodeChange(
        "Role",
        "technical-writer",
        "changed",
        {"description": (before, "Writes and maintains product documentation.")},
        "roles/technical-writer.yaml",
    )
    assert by[("Dimension", "prompt-writing")].change == "added"
    assert by[("Skill", "scylladb")] == NodeChange("Skill", "scylladb", "removed")
    aliases = {f"skill:{norm(a)}" for a in {scylla.name, *(x.text for x in scylla.aliases)}}
    assert {n.id for n in diff.nodes if n.label == "Alias"} == aliases
    assert {(x.kind, x.dst) for x in diff.links if x.change == "removed"} == (
        {("IN_DIMENSION", d) for d in scylla.dimensions} | {("HAS_ALIAS:Skill", a) for a in aliases}
    )
    assert diff.stoplist_added == ["synergy"] and diff.stoplist_removed == []
    assert diff.counts()["Skill"] == {"removed": 1}
    md = diff.to_markdown()
    assert "- Role `technical-writer` changed (roles/technical-writer.yaml)" in md
    assert "- Skill `scylladb` removed" in md
