"""The ground floor: one error root for every exception taxo defines, and settings that find the installed
seeds and rules (and follow TAXO_SEEDS_DIR / TAXO_RULES_DIR)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import taxo
from taxo.core import errors
from taxo.core.settings import Settings, package_dir

RUNTIME = ("taxo.core", "taxo.graph", "taxo.rules", "taxo.engine", "taxo.app", "taxo.api", "taxo.cli")


def _modules() -> list[str]:
    names = []
    for top in RUNTIME:
        package = importlib.import_module(top)
        names.append(top)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, f"{top}.") if not m.name.endswith("__main__")]
    return names


def test_every_exception_taxo_defines_lives_under_the_one_root() -> None:
    defined = []
    for name in _modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == name:
                defined.append(cls)
    assert defined and {c.__module__ for c in defined} == {"taxo.core.errors"}
    assert all(issubclass(c, errors.TaxoError) for c in defined)


def test_the_error_tree_lists_every_error() -> None:
    doc = errors.__doc__ or ""
    names = [n for n, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.TaxoError)]
    assert names and all(f" {n} " in doc or f"{n}\n" in doc for n in names), "the module docstring draws the tree"


def test_seeds_and_rules_default_to_the_installed_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TAXO_SEEDS_DIR", raising=False)
    monkeypatch.delenv("TAXO_RULES_DIR", raising=False)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.seeds_dir == package_dir("taxo.seeds") and (s.seeds_dir / "manifest.yaml").is_file()
    assert s.rules_dir == package_dir("taxo.rules") and (s.rules_dir / "role_decision.yaml").is_file()
    assert Path(taxo.__file__).parent.parent / "seeds" == s.seeds_dir  # a checkout: its own folders


def test_seed_and_rule_directories_follow_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TAXO_SEEDS_DIR", str(tmp_path / "seeds"))
    monkeypatch.setenv("TAXO_RULES_DIR", str(tmp_path / "rules"))
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (s.seeds_dir, s.rules_dir) == (tmp_path / "seeds", tmp_path / "rules")


def test_a_package_that_is_not_installed_is_a_clear_error() -> None:
    with pytest.raises(ModuleNotFoundError, match="taxo.nothing is not installed"):
        package_dir("taxo.nothing")
