"""LLM settings, read from the environment (prefix ``TAXO_LLM_``); the whole LLM path is off unless configured.

"Configured" means ``TAXO_LLM_BASE_URL`` or ``TAXO_LLM_API_KEY`` is set. The OpenAI client's own variables
(``OPENAI_API_KEY``, ``OPENAI_BASE_URL``) are never read: a machine that happens to have them gets the offline
pipeline unless taxo is configured explicitly.

Example::

    TAXO_LLM_API_KEY=sk-...  TAXO_LLM_MODEL=gpt-4.1-nano  TAXO_LLM_MAX_COST_PER_JD_USD=0.002
    TAXO_LLM_BASE_URL=http://localhost:11434/v1  TAXO_LLM_MODEL=llama3.1:8b \\
        TAXO_LLM_PRICES='{"llama3.1:8b": {"input_per_1m": 0, "output_per_1m": 0}}'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Price(BaseModel):
    """USD per million tokens for one model."""

    model_config = ConfigDict(extra="forbid")

    input_per_1m: float = Field(ge=0)
    output_per_1m: float = Field(ge=0)


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "taxo"


class LlmSettings(BaseSettings):
    """Everything the optional LLM path reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="TAXO_LLM_", env_file=".env", extra="ignore", env_parse_none_str="none")

    base_url: str | None = Field(None, description="an OpenAI-compatible endpoint, e.g. http://localhost:8000/v1; "
                                                   "unset with an api_key means api.openai.com")
    api_key: SecretStr | None = None
    api_version: str | None = Field(None, description="Azure OpenAI only: use AzureOpenAI with this api-version "
                                                      "(base_url is then the resource endpoint, model the deployment)")
    model: str = Field("gpt-4.1-nano", min_length=1)
    timeout_s: float = Field(30.0, gt=0, description="per HTTP attempt")
    max_retries: int = Field(2, ge=0, le=10, description="the openai client's retries (429, 5xx, timeouts)")
    max_cost_per_jd_usd: float = Field(0.005, ge=0, description="per JD, over every LLM call of its run")
    prices: dict[str, Price] = Field(default_factory=dict,
                                     description='JSON: {"model": {"input_per_1m": 0.1, "output_per_1m": 0.4}}; '
                                                 "merged over the built-in table (engine/llm/pricing.py)")
    allow_unpriced: bool = Field(False, description="send calls for a model without a price (cost recorded as 0); "
                                                    "otherwise they are refused")
    # features, each switchable
    parse: bool = True
    skills: bool = True
    tie_break: bool = True
    summary: bool = True
    # caching
    cache: bool = True
    cache_dir: Path | None = Field(None, description="default: $TAXO_DATA_DIR/llm-cache")
    data_dir: Path = Field(default_factory=_default_data_dir, validation_alias=AliasChoices("TAXO_DATA_DIR"))
    # request shape
    response_format: Literal["json_schema", "json_object"] = Field(
        "json_schema", description="json_schema (strict structured output); servers that reject it are retried "
                                   "once with json_object and remembered")
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
