"""Typed settings read once from the environment (prefix ``TAXO_``) with safe defaults: one ``Settings``.

The optional LLM's settings are its ``llm`` section (``TAXO_LLM_*``); the whole LLM path is off unless
``TAXO_LLM_BASE_URL`` or ``TAXO_LLM_API_KEY`` is set. The OpenAI client's own variables (``OPENAI_API_KEY``,
``OPENAI_BASE_URL``) are never read: a machine that happens to have them gets the offline pipeline unless
taxo is configured explicitly.

Example::

    TAXO_STORE=neo4j://localhost:7687 TAXO_NEO4J_PASSWORD=secret
    TAXO_LLM_API_KEY=sk-...  TAXO_LLM_MODEL=gpt-4.1-nano  TAXO_LLM_MAX_COST_PER_JD_USD=0.002
    TAXO_LLM_BASE_URL=http://localhost:11434/v1  TAXO_LLM_MODEL=llama3.1:8b \\
        TAXO_LLM_PRICES='{"llama3.1:8b": {"input_per_1m": 0, "output_per_1m": 0}}'
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "taxo"


def package_dir(package: str) -> Path:
    """The folder of an installed ``taxo`` package (its data files: seeds, rules), found without importing it.

    >>> package_dir("taxo.rules").joinpath("role_decision.yaml").is_file()
    True
    """
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


class Price(BaseModel):
    """USD per million tokens for one model."""

    model_config = ConfigDict(extra="forbid")

    input_per_1m: float = Field(ge=0)
    output_per_1m: float = Field(ge=0)


class LlmSettings(BaseModel):
    """The optional LLM path's section of ``Settings`` (``TAXO_LLM_*``): ``Settings().llm``."""

    model_config = ConfigDict(extra="ignore")

    base_url: str | None = Field(
        None,
        description="an OpenAI-compatible endpoint, e.g. http://localhost:8000/v1; "
        "unset with an api_key means api.openai.com",
    )
    api_key: SecretStr | None = None
    api_version: str | None = Field(
        None,
        description="Azure OpenAI only: use AzureOpenAI with this api-version "
        "(base_url is then the resource endpoint, model the deployment)",
    )
    model: str = Field("gpt-4.1-nano", min_length=1)
    timeout_s: float = Field(30.0, gt=0, description="per HTTP attempt")
    max_retries: int = Field(2, ge=0, le=10, description="the openai client's retries (429, 5xx, timeouts)")
    max_cost_per_jd_usd: float = Field(0.005, ge=0, description="per JD, over every LLM call of its run")
    prices: dict[str, Price] = Field(
        default_factory=dict,
        description='JSON: {"model": {"input_per_1m": 0.1, "output_per_1m": 0.4}}; '
        "merged over the built-in table (engine/llm/pricing.py)",
    )
    allow_unpriced: bool = Field(
        False, description="send calls for a model without a price (cost recorded as 0); otherwise they are refused"
    )
    # features, each switchable
    parse: bool = True
    skills: bool = True
    tie_break: bool = True
    summary: bool = True
    # caching
    cache: bool = True
    cache_dir: Path | None = Field(None, description="default: $TAXO_DATA_DIR/llm-cache")
    data_dir: Path = Field(default_factory=_default_data_dir, description="Settings.data_dir (TAXO_DATA_DIR)")
    # request shape
    response_format: Literal["json_schema", "json_object"] = Field(
        "json_schema",
        description="json_schema (strict structured output); servers that reject it are retried "
        "once with json_object and remembered",
    )
    temperature: float | None = Field(0.0, ge=0, le=2, description="None: do not send (reasoning models)")
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"

    @property
    def configured(self) -> bool:
        """True when an endpoint or a key is set: only then is any client built."""
        key = self.api_key.get_secret_value() if self.api_key is not None else ""
        return bool((self.base_url or "").strip() or key.strip())

    @property
    def cache_path(self) -> Path:
        """The directory of the persistent response cache."""
        return self.cache_dir if self.cache_dir is not None else self.data_dir / "llm-cache"

    def features(self) -> dict[str, bool]:
        """Which of the four features are switched on."""
        return {"parse": self.parse, "skills": self.skills, "tie_break": self.tie_break, "summary": self.summary}


class Settings(BaseSettings):
    """Everything taxo reads from its environment.

    ``TAXO_STORE`` selects the backend: ``embedded`` (FalkorDB in-process, files under ``data_dir``),
    ``falkordb://host:port`` (a FalkorDB server) or ``neo4j://…`` / ``bolt://…`` (Neo4j 5).
    """

    # ``TAXO_LLM_MODEL`` fills ``llm.model``: a nested section splits its variable name once after the prefix.
    model_config = SettingsConfigDict(
        env_prefix="TAXO_",
        env_file=".env",
        extra="ignore",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        env_parse_none_str="none",
    )

    store: str = "embedded"
    data_dir: Path = Field(default_factory=_default_data_dir)
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

    llm: LlmSettings = Field(default_factory=lambda: LlmSettings(), description="the optional LLM (TAXO_LLM_*)")

    @model_validator(mode="after")
    def _llm_shares_data_dir(self) -> Settings:
        if self.llm.data_dir != self.data_dir:
            self.llm = self.llm.model_copy(update={"data_dir": self.data_dir})
        return self

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
