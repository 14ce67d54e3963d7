"""The wheel: its package map lists every folder of code or data and nothing else, and an installed wheel
runs with no checkout (seeds and rule files are package data)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pydantic
import pytest

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


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_seeds_and_runs_a_sample_without_the_checkout(tmp_path: Path) -> None:
    """``pip install .`` (not editable) into a new venv that only borrows the installed dependencies, then
    ``taxo seed`` and ``taxo run`` from a directory outside the checkout."""
    mapping, _, _ = _config()
    src = tmp_path / "src"  # what the wheel is built from: a copy, so the build leaves the checkout untouched
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, src / name)
    for folder in set(mapping.values()):
        shutil.copytree(REPO_ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, dict(os.environ))
    site = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    shared = Path(pydantic.__file__).resolve().parents[1]  # the shared dependencies (pip and setuptools among them)
    (site / "10-dependencies.pth").write_text(f"import site; site.addsitedir({str(shared)!r})\n", encoding="utf-8")
    python, taxo = str(venv / "bin" / "python"), str(venv / "bin" / "taxo")
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "TAXO_DATA_DIR": str(tmp_path / "data"),
        "TAXO_EMBEDDER": "hash",
        "TAXO_APPENDFSYNC": "no",
    }
    _run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", str(src)],
        tmp_path,
        env,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(
        [
            python,
            "-c",
            "import taxo.graph, taxo.core.settings as s; st = s.Settings(); "
            "print(taxo.graph.__file__, st.seeds_dir, st.rules_dir)",
        ],
        elsewhere,
        env,
    )
    assert all(Path(p).is_relative_to(site) for p in where.stdout.split()), where.stdout

    seeded = _run([taxo, "seed", "--json"], elsewhere, env)
    assert json.loads(seeded.stdout)["nodes"]["Role"] >= 50
    sample = json.loads((REPO_ROOT / "samples" / "jds.jsonl").read_text(encoding="utf-8").splitlines()[0])
    (elsewhere / "jd.txt").write_text(sample["text"], encoding="utf-8")
    ran = _run([taxo, "run", "jd.txt", "--json"], elsewhere, env)
    record = json.loads(ran.stdout)
    assert record["status"] == "completed" and record["rule_id"] and record["final"]["items"]
