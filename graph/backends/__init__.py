"""Store adapters: FalkorDB (embedded or server) and Neo4j 5."""
