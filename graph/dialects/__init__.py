"""Backend-specific Cypher: one module per backend. Shared statements live in ``graph.queries``."""
