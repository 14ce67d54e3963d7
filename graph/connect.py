"""Open the store ``TAXO_STORE`` names."""

from __future__ import annotations

from taxo.core.settings import Settings
from taxo.graph.store import GraphStore


def open_store(settings: Settings) -> GraphStore:
    """Embedded FalkorDB by default; ``falkordb://`` for a server; ``neo4j://`` or ``bolt://`` for Neo4j 5."""
    kind = settings.store_kind
    if kind == "embedded":
        from taxo.graph.backends.falkordb import open_falkordb_embedded

        return open_falkordb_embedded(
            settings.embedded_dir, settings.database, settings.appendfsync, settings.store_timeout_s
        )
    if kind == "falkordb":
        from taxo.graph.backends.falkordb import open_falkordb_server

        return open_falkordb_server(settings.store, settings.database, settings.store_timeout_s)
    from taxo.graph.backends.neo4j import Neo4jStore

    return Neo4jStore(
        settings.store,
        settings.neo4j_user,
        settings.neo4j_password.get_secret_value(),
        settings.neo4j_database,
        settings.store_timeout_s,
    )
