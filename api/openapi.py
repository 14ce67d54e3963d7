"""A fix for Litestar's OpenAPI generator: unions of scalar types that include both int and float.

Litestar renders a union as ``oneOf``. For ``bool | int | float`` an integer matches both ``integer``
and ``number``, so it fails ``oneOf`` and valid responses violate their own schema. Such unions become
one multi-type schema (OpenAPI 3.1), ``type: [boolean, number]`` (``integer`` folded into ``number``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.openapi.spec import OpenAPI, Schema
from litestar.openapi.spec.enums import OpenAPIType

_SCALARS = (OpenAPIType.BOOLEAN, OpenAPIType.NUMBER, OpenAPIType.STRING, OpenAPIType.NULL, OpenAPIType.INTEGER)


def _plain_scalar(s: Any) -> OpenAPIType | None:
    if not isinstance(s, Schema) or not isinstance(s.type, OpenAPIType) or s.type not in _SCALARS:
        return None
    if s.enum or s.const is not None or s.format is not None or s.one_of or s.any_of:
        return None
    return s.type


def _fix(node: Any, seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, Schema) and node.one_of:
        types = [_plain_scalar(s) for s in node.one_of]
        if all(types) and OpenAPIType.INTEGER in types and OpenAPIType.NUMBER in types:
            keep = [t for t in _SCALARS if t in types and t is not OpenAPIType.INTEGER]
            node.one_of = None
            node.type = keep
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            _fix(getattr(node, f.name), seen)
    elif isinstance(node, dict):
        for v in node.values():
            _fix(v, seen)
    elif isinstance(node, list | tuple):
        for v in node:
            _fix(v, seen)


def fix_scalar_unions(openapi: OpenAPI) -> OpenAPI:
    """Rewrite every ``oneOf`` of plain scalars holding both integer and number (in place)."""
    _fix(openapi, set())
    return openapi


def build_fixed_openapi(app: Litestar) -> None:
    """Build the app's OpenAPI document now (its routes are registered) with the fix applied."""
    plugin = app.plugins.get(OpenAPIPlugin)
    plugin._openapi = fix_scalar_unions(plugin._build_openapi())  # noqa: SLF001 - no public hook for this
