"""Curator decisions on the review queues: what an approval adds to the taxonomy, and its provenance.

Orchestration over the store (no HTTP), one module per concern: ``models`` (items, edits, results),
``views`` (reading the queues), ``plan`` (what every plan is built from), ``skills`` and ``roles`` (the
planners), ``decide`` (approve, reject, repair). Each queue has a planner that validates the curator's edits
against the graph and returns one decision statement plus the embeddings it needs:

* ``new_skill``: a canonical ``Skill`` (slug from the edited ``name`` or the item's key) with its canonical
  alias, an alias for the original surface form when renamed, ``IN_DIMENSION`` links to the chosen
  ``dimensions`` (or the nearest dimensions by vector above the extraction rules' threshold; none →
  rejected: no skill without a dimension, never a default) and metadata (edited, or derived as step 2
  derives it: the nearest skill's when close enough, else by the term's shape). ``merge_into: <skill>``
  instead attaches the surface form as an alias of that skill.
* ``new_alias``: the alias attached to the item's skill (or ``merge_into``).
* ``kra_candidate``: a ``KRA`` (text editable) under the item's role.
* ``new_role``: a ``Role`` (slug/name editable, optional parent and dimensions) with aliases from the
  title (+ edits) and KRAs from the evidence sentences (+ edits).
* ``alias_collision``: the decision is recorded; the graph does not change.

Every node and link an approval creates carries ``source: 'curator'``, ``curator``, ``curator_reason``,
``review_item`` and ``created_at``; the item keeps ``status``, ``curator``, ``curator_reason``,
``decided_at`` and what was changed (``result_json``). The run-provided ``reason`` of an item (why a term
looked like a skill) is left as it is.

Atomicity: the decision and every node/link it creates are one statement. Embeddings, the taxonomy
version bump and the ``finalized`` flag follow (in the same transaction on Neo4j; as idempotent
follow-up statements on FalkorDB). Approving an approved item writes nothing and returns the recorded
result — unless the first approval was interrupted before it was finalized, in which case the missing
embeddings are written and the version bumped (the repair is idempotent).
"""

from taxo.app.curation.decide import approve, reject
from taxo.app.curation.models import (
    ALLOWED_EDITS,
    Changes,
    Decision,
    DecisionResult,
    DimensionChoice,
    Edits,
    ItemStatus,
    NodeRef,
    QueueCount,
    QueueName,
    ReviewItem,
    SkippedAlias,
)
from taxo.app.curation.views import get_item, item_view, list_queue, queue_counts
from taxo.core.errors import EditRejected

__all__ = [
    "ALLOWED_EDITS",
    "Changes",
    "Decision",
    "DecisionResult",
    "DimensionChoice",
    "EditRejected",
    "Edits",
    "ItemStatus",
    "NodeRef",
    "QueueCount",
    "QueueName",
    "ReviewItem",
    "SkippedAlias",
    "approve",
    "get_item",
    "item_view",
    "list_queue",
    "queue_counts",
    "reject",
]
