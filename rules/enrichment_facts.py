"""Facts, params and outcomes of the enrichment rulesets (AI index, sparse-JD fallback).

Merged into ``rules.facts`` and ``rules.spec`` so rule files of these rulesets are validated like the
others.
"""

from __future__ import annotations

from pydantic import BaseModel

from rules.facts import Fact, Param

CATALOG: dict[str, dict[str, Fact]] = {}
ENGINE_PARAMS: dict[str, dict[str, Param]] = {}
PARAMS_ONLY: frozenset[str] = frozenset()
THEN_MODELS: dict[str, type[BaseModel]] = {}
REQUIRED: tuple[str, ...] = ()
