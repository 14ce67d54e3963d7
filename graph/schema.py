"""The graph's schema as data: labels, relationship types, keys and indexes both backends create.

Labels and property names are interpolated into Cypher only from these enums; values never are.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    """Node labels."""

    ROLE = "Role"
    DIMENSION = "Dimension"
    SKILL = "Skill"
    ALIAS = "Alias"
    KRA = "KRA"
    RUN = "Run"
    REVIEW = "ReviewItem"
    META = "Meta"


class Rel(StrEnum):
    """Relationship types."""

    HAS_ALIAS = "HAS_ALIAS"  # (Role|Skill)-[:HAS_ALIAS]->(Alias)
    HAS_KRA = "HAS_KRA"  # (Role)-[:HAS_KRA]->(KRA)
    HAS_DIMENSION = "HAS_DIMENSION"  # (Role)-[:HAS_DIMENSION]->(Dimension): the dimension sits under the role
    IN_DIMENSION = "IN_DIMENSION"  # (Skill)-[:IN_DIMENSION]->(Dimension)
    SPECIALIZES = "SPECIALIZES"  # (Role)-[:SPECIALIZES]->(Role): child to generic parent
    TOUCHED = "TOUCHED"  # (Run)-[:TOUCHED]->(node): what a run created or confirmed
    QUEUED = "QUEUED"  # (Run)-[:QUEUED]->(ReviewItem)


#: Every label has a unique natural key ``id`` (a slug for taxonomy nodes).
KEY = "id"
#: Exact-match (range) indexes beyond the keys.
EXACT_INDEXES: tuple[tuple[Label, str], ...] = (
    (Label.ALIAS, "norm"),
    (Label.ALIAS, "loose"),
    (Label.RUN, "created_at"),
    (Label.RUN, "jd_hash"),
    (Label.REVIEW, "queue"),
)
#: Nodes with an ``embedding`` property under a cosine vector index.
VECTOR_LABELS: tuple[Label, ...] = (Label.KRA, Label.SKILL, Label.ROLE, Label.DIMENSION, Label.ALIAS)
EMBEDDING = "embedding"
#: Labels that make up the taxonomy proper (not run records or review queues).
TAXONOMY_LABELS: tuple[Label, ...] = (Label.ROLE, Label.DIMENSION, Label.SKILL, Label.ALIAS, Label.KRA)


def index_name(label: Label, prop: str) -> str:
    """Neo4j name of an index, e.g. ``kra_embedding``."""
    return f"{label.value.lower()}_{prop}"
