"""Cypher both backends share, as named constants. Values only ever travel as ``$params``.

Portable subset (see ``../shared/notes/stores-and-rules.md`` §2): MERGE/ON CREATE/ON MATCH, UNWIND,
OPTIONAL MATCH, comprehensions, CASE, coalesce, map projections, pattern predicates; subqueries only
through a dialect's ``scoped_call``. Times are ISO-8601 strings passed in. Every statement here passes
Neo4j's offline linter (``tests/graph/test_cypher_lint.py`` collects every submodule). Backend-specific
statements live in ``taxo.graph.dialects``.
"""

from taxo.graph.queries.core import *  # noqa: F403
from taxo.graph.queries.runs import *  # noqa: F403
from taxo.graph.queries.runs import compose_run_unit
from taxo.graph.queries.taxonomy import *  # noqa: F403

__all__ = ["compose_run_unit"]
