"""Metadata for a skill the graph does not have yet: step 2 proposes it, a curator's approval creates it.

Both derive it here: the nearest known skill's metadata (its gaps filled with the defaults) when that
skill's alias is close enough (``derive_meta_threshold``), otherwise the defaults for the shape of the term
(why it looked like a skill: a dotted name, CamelCase, a versioned name, an entry of a technology list).

Example::

    >>> derive_skill_meta(None, "dotted_name")["nature"]
    'LIBRARY'
    >>> derive_skill_meta({"id": "kafka", "category": "Data", "nature": None}, "camel_case")["nature"]
    'TOOL'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from taxo.graph.seeds.models import Maturity

#: Defaults for the term's shape: (category, subcategory, nature, volatility, lifespan).
SHAPE_META = {
    "dotted_name": ("Frameworks and Libraries", "JavaScript and Web Libraries", "LIBRARY", "HIGH", "MULTI_YEAR"),
    "camel_case": ("Tools", "Developer Tools", "TOOL", "MEDIUM", "MULTI_YEAR"),
    "versioned_name": ("Tools", "Versioned Technologies", "TOOL", "HIGH", "MULTI_YEAR"),
    "technology_list": ("Tools", "Technologies", "TOOL", "MEDIUM", "MULTI_YEAR"),
}
#: What fills a gap in the nearest skill's metadata.
GAP_DEFAULTS = {
    "category": "Uncategorised",
    "subcategory": "General",
    "nature": "TOOL",
    "volatility": "MEDIUM",
    "lifespan": "MULTI_YEAR",
    "maturity": Maturity.MAINSTREAM.value,
}


def derive_skill_meta(nearest: Mapping[str, Any] | None, reason: str) -> dict[str, Any]:
    """``category``, ``subcategory``, ``nature``, ``volatility``, ``lifespan``, ``maturity`` and ``derived_from``
    (the nearest skill's id, or ``shape``) of a new skill.

    Args:
        nearest: the metadata of the nearest known skill (with its ``id``), when it is close enough.
        reason: why the term was taken for a skill (a key of ``SHAPE_META``; others count as a list entry).
    """
    if nearest is not None:
        return {
            **{k: nearest.get(k) or default for k, default in GAP_DEFAULTS.items()},
            "derived_from": str(nearest["id"]),
        }
    category, sub, nature, vol, life = SHAPE_META.get(reason, SHAPE_META["technology_list"])
    return {
        "category": category,
        "subcategory": sub,
        "nature": nature,
        "volatility": vol,
        "lifespan": life,
        "maturity": Maturity.MAINSTREAM.value,
        "derived_from": "shape",
    }
