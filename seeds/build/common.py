"""Shared helpers of the seed build: source-data paths, TSV/CSV readers, deterministic YAML output."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

SEEDS = Path(__file__).resolve().parent.parent
CURATED = SEEDS / "curated"
ONET_VERSION = "29.3"
ESCO_VERSION = "1.1.1"
ONET_SOURCE = f"onet:{ONET_VERSION}"
ESCO_SOURCE = f"esco:{ESCO_VERSION}"


def default_data_dir() -> Path:
    """``../shared/data`` next to the repository, where the source data sets live."""
    return SEEDS.parent.parent / "shared" / "data"


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of an O*NET tab-separated file as dicts."""
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t")


def read_csv(path: Path, skip: int = 0) -> Iterator[dict[str, str]]:
    """Rows of a CSV file (ESCO, crosswalk) as dicts, after ``skip`` preamble lines."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for _ in range(skip):
            next(fh)
        yield from csv.DictReader(fh)


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases, long lines kept, keys in insertion order."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any, path: Path, header: str = "") -> None:
    """Write ``data`` as deterministic YAML (same input, same bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    prefix = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    path.write_text(prefix + body, encoding="utf-8")


def load_yaml(path: Path) -> Any:
    """Load a curated YAML file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))
