"""The seed loader: validated before writing, idempotent, embeddings reused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from taxo.core.embeddings import HashEmbedder
from taxo.core.errors import SeedError
from taxo.graph.schema import Label
from taxo.graph.seeds.loader import load_seeds
from taxo.graph.seeds.reader import read_seeds
from taxo.graph.store import GraphStore
from tests.conftest import MINI_SEEDS


def test_loading_twice_changes_nothing(falkordb_store: GraphStore, hash_embedder: HashEmbedder) -> None:
    bundle = read_seeds(MINI_SEEDS)
    first = load_seeds(falkordb_store, bundle, hash_embedder)
    assert first.after.nodes["Role"] == len(bundle.roles)
    assert falkordb_store.read("MATCH (m:Meta {id: 'stoplist'}) RETURN m.words AS w") == [
        {"w": sorted(bundle.stoplist)}
    ]
    assert first.after.nodes["Skill"] == len(bundle.skills)
    assert first.after.relationships["IN_DIMENSION"] == sum(len(s.dimensions) for s in bundle.skills)
    assert first.embedded["KRA"] == sum(len(r.kras) for r in bundle.roles)
    second = load_seeds(falkordb_store, bundle, hash_embedder)
    assert (second.after.nodes, second.after.relationships) == (first.after.nodes, first.after.relationships)
    assert second.embedded == {"Role": 0, "Dimension": 0, "Skill": 0, "KRA": 0, "Alias": 0}


def test_shared_role_alias_is_one_node_marked_ambiguous(
    falkordb_store: GraphStore, hash_embedder: HashEmbedder
) -> None:
    load_seeds(falkordb_store, read_seeds(MINI_SEEDS), hash_embedder)
    rows = falkordb_store.read(
        "MATCH (r:Role)-[:HAS_ALIAS]->(a:Alias {norm: 'software engineer'}) "
        "RETURN a.ambiguous AS ambiguous, collect(r.id) AS roles"
    )
    assert len(rows) == 1 and rows[0]["ambiguous"] is True
    assert sorted(rows[0]["roles"]) == ["backend-engineer", "java-backend-developer"]


def test_seed_provenance_on_nodes_and_links(falkordb_store: GraphStore, hash_embedder: HashEmbedder) -> None:
    load_seeds(falkordb_store, read_seeds(MINI_SEEDS), hash_embedder)
    rows = falkordb_store.read(
        "MATCH (s:Skill {id: 'pyspark'})-[e:IN_DIMENSION]->(d:Dimension) "
        "RETURN s.source AS node, e.source AS link, d.id AS d"
    )
    assert rows == [{"node": "curated", "link": "curated", "d": "big-data-processing"}]


def test_vector_index_finds_the_closest_kra(falkordb_store: GraphStore, hash_embedder: HashEmbedder) -> None:
    load_seeds(falkordb_store, read_seeds(MINI_SEEDS), hash_embedder)
    [[best, *_]] = falkordb_store.knn(Label.KRA, hash_embedder.encode(["optimize spark jobs partitioning joins"]), 3)
    assert best.id.startswith("data-engineer:")


def _copy_mini(tmp_path: Path) -> Path:
    dst = tmp_path / "seeds"
    shutil.copytree(MINI_SEEDS, dst)
    return dst


def test_dangling_dimension_names_file_entry_and_slug(tmp_path: Path) -> None:
    seeds = _copy_mini(tmp_path)
    role_file = seeds / "roles" / "data-engineer.yaml"
    role = yaml.safe_load(role_file.read_text())
    role["dimensions"].append("quantum-basket-weaving")
    role_file.write_text(yaml.safe_dump(role))
    with pytest.raises(SeedError) as err:
        read_seeds(seeds)
    msg = str(err.value)
    assert str(role_file) in msg and "'data-engineer'" in msg and "'quantum-basket-weaving'" in msg


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["skills"][0].__setitem__("dimensions", []), "dimensions"),
        (lambda d: d["skills"][1].__setitem__("slug", "pyspark"), "duplicate skill slug"),
        (lambda d: d["skills"][0].__setitem__("aliases", ["Software"]), "stop-listed"),
        (lambda d: d["skills"][0].__setitem__("aliases", ["Kafka"]), "already belongs to skill"),
        (lambda d: d["skills"][0].__setitem__("nature", "WIZARDRY"), "nature"),
    ],
)
def test_invalid_skills_are_rejected_with_the_entry(tmp_path: Path, mutate, expected: str) -> None:
    seeds = _copy_mini(tmp_path)
    path = seeds / "skills" / "core.yaml"
    data = {"skills": yaml.safe_load(path.read_text())}
    mutate(data)
    path.write_text(yaml.safe_dump(data["skills"]))
    with pytest.raises(SeedError, match=expected) as err:
        read_seeds(seeds)
    assert str(path) in str(err.value)


def test_undeclared_shared_role_alias_is_rejected(tmp_path: Path) -> None:
    seeds = _copy_mini(tmp_path)
    (seeds / "role-alias-ambiguity.yaml").write_text("[]\n")
    with pytest.raises(SeedError, match="software engineer.*not declared"):
        read_seeds(seeds)
