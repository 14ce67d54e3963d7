"""The wheel's package map: every folder of code or data under the mapped folders is listed, and nothing else."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.conftest import REPO_ROOT

DEV_ONLY = {"taxo.seeds.build", "taxo.seeds.curated"}  # the seed build and its inputs stay out of the wheel


def _config() -> tuple[dict[str, str], list[str], dict[str, list[str]]]:
    tool = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return tool["package-dir"], tool["packages"], tool["package-data"]


def _folder(package: str, mapping: dict[str, str]) -> Path:
    parts = package.split(".")
    for i in range(len(parts), 0, -1):
        head = ".".join(parts[:i])
        if head in mapping:
            return REPO_ROOT / mapping[head] / Path(*parts[i:])
    raise AssertionError(f"{package} is under no package-dir entry")


def _on_disk(mapping: dict[str, str]) -> set[str]:
    found = set()
    for package, folder in mapping.items():
        root = REPO_ROOT / folder
        for path in [root, *root.rglob("*")]:
            if not path.is_dir() or "__pycache__" in path.parts:
                continue
            name = ".".join([package, *path.relative_to(root).parts])
            # a mapped folder's own subfolder that is itself mapped (taxo/ holds no graph/) never occurs here
            if (path / "__init__.py").is_file() or any(path.glob("*.yaml")):
                found.add(name)
    return {n for n in found if not any(n == d or n.startswith(d + ".") for d in DEV_ONLY)}


def test_every_code_and_data_folder_is_packaged() -> None:
    mapping, packages, _ = _config()
    assert sorted(packages) == sorted(_on_disk(mapping))


def test_data_only_packages_ship_their_yaml() -> None:
    mapping, packages, data = _config()
    for package in packages:
        folder = _folder(package, mapping)
        if any(folder.glob("*.yaml")):
            assert data.get(package) == ["*.yaml"], f"{package}: its YAML files are not package data"
