"""Collect every Cypher statement the Neo4j path can send: shared queries and the Neo4j dialect."""

from __future__ import annotations

import pkgutil
from importlib import import_module
from types import ModuleType

from taxo.graph import queries, schema
from taxo.graph.dialects import neo4j as neo4j_dialect
from taxo.graph.schema import VECTOR_LABELS


def _statements(module: ModuleType) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in vars(module).items():
        if not name.isupper() or name.startswith("_") or hasattr(schema, name):  # fragments, schema names
            continue
        if module.__name__ == "taxo.graph.queries":  # the package re-exports its submodules' constants
            continue
        if isinstance(value, str):
            out[f"{module.__name__}.{name}"] = value
        elif isinstance(value, dict):
            for key, v in value.items():
                if isinstance(v, str):
                    out[f"{module.__name__}.{name}[{key}]"] = v
    return out


def shared_modules() -> list[ModuleType]:
    """``taxo.graph.queries`` and, if it grows into a package, its submodules."""
    mods = [queries]
    if hasattr(queries, "__path__"):
        mods += [import_module(m.name) for m in pkgutil.iter_modules(queries.__path__, "taxo.graph.queries.")]
    return mods


def neo4j_statements() -> dict[str, str]:
    """Every statement: shared constants, Neo4j dialect constants, and generated vector DDL."""
    out: dict[str, str] = {}
    for mod in [*shared_modules(), neo4j_dialect]:
        out.update(_statements(mod))
    for label in VECTOR_LABELS:
        out[f"neo4j.vector_index_ddl({label.value})"] = neo4j_dialect.vector_index_ddl(label, 384)
    return out
