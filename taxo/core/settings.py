"""Typed settings read once from the environment (prefix ``TAXO_``) with safe defaults."""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def package_dir(package: str) -> Path:
    """The folder of an installed ``taxo`` package (its data files: seeds, rules), found without importing it.

    >>> package_dir("taxo.rules").joinpath("role_decision.yaml").is_file()
    True
    """
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


class Settings(BaseSettings):
    """Everything taxo reads from its environment.

    ``TAXO_STORE`` selects the backend: ``embedded`` (FalkorDB in-process, files under ``data_dir``),
    ``falkordb://host:port`` (a FalkorDB server) or ``neo4j://…`` / ``bolt://…`` (Neo4j 5).
    """

    model_config = SettingsConfigDict(env_prefix="TAXO_", env_file=".env", extra="ignore")

    store: str = "embedded"
    data_dir: Path = Field(default_factory=lambda: Path.home() / ".local" / "share" / "taxo")
    database: str = Field("taxo", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,62}$")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str | None = Field(None, description="Neo4j database name; the server default if unset")
    store_timeout_s: float = Field(300.0, gt=0, description="socket timeout; covers index rebuild on load")
    appendfsync: str = Field("always", pattern=r"^(always|everysec|no)$")

    embedder: str = Field("minilm", pattern=r"^(minilm|hash)$")
    model_path: Path | None = None
    embed_batch_size: int = Field(64, gt=0)

    seeds_dir: Path = Field(default_factory=lambda: package_dir("taxo.seeds"), description="the installed seeds")
    rules_dir: Path = Field(default_factory=lambda: package_dir("taxo.rules"), description="the installed rules")

    api_token: SecretStr | None = None
    api_require_token_for_reads: bool = False
    api_max_body_bytes: int = Field(2_000_000, gt=0)
    api_rate_limit_per_minute: int = Field(600, ge=0)
    api_cors_origins: list[str] = []

    @property
    def store_kind(self) -> str:
        """``embedded``, ``falkordb`` or ``neo4j`` — the backend ``store`` selects."""
        s = self.store.strip()
        if s in ("", "embedded") or s.startswith("embedded:"):
            return "embedded"
        scheme = s.split("://", 1)[0].lower() if "://" in s else ""
        if scheme in ("falkordb", "redis"):
            return "falkordb"
        if scheme in ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"):
            return "neo4j"
        from taxo.core.errors import ConfigError

        raise ConfigError(
            f"TAXO_STORE={self.store!r} is not a store URL: use 'embedded', 'falkordb://host:port', "
            "'neo4j://host:port' or 'bolt://host:port'"
        )

    @property
    def embedded_dir(self) -> Path:
        """One directory per embedded database (its AOF files are per directory)."""
        return self.data_dir / self.database


@cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
