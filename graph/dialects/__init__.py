"""Backend-specific Cypher: one module per backend. Shared statements live in ``taxo.graph.queries``."""
