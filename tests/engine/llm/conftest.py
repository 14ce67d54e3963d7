"""Fixtures of the LLM tests: the local fake OpenAI server (one per session) and assists wired to it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from taxo.core.settings import Settings
from taxo.engine.llm import LlmAssist, LlmSettings, Price
from tests.engine.llm.fake_openai import FakeOpenAI

#: Test prices (USD per 1M tokens): 100 prompt + 20 completion tokens cost 0.00014.
INPUT_PER_1M = 1.0
OUTPUT_PER_1M = 2.0


def cost(prompt_tokens: int = 100, completion_tokens: int = 20) -> float:
    return round((prompt_tokens * INPUT_PER_1M + completion_tokens * OUTPUT_PER_1M) / 1_000_000, 10)


def env_llm_settings(**values: Any) -> LlmSettings:
    """The LLM section of the settings as the environment gives it (no ``.env`` file), ``values`` over it."""
    return Settings(_env_file=None, llm=values).llm  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def fake_openai() -> Iterator[FakeOpenAI]:
    """A real HTTP server on 127.0.0.1 (free port) in a thread, speaking the chat-completions API."""
    fake = FakeOpenAI().start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def _no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the settings they pass: no TAXO_LLM_* / OPENAI_* from the machine."""
    for name in list(os.environ):
        if name.startswith(("TAXO_LLM_", "OPENAI_")) or name == "TAXO_DATA_DIR":
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def model() -> str:
    """A model name of this test's own: the fake server's scripts are keyed by it."""
    return f"fake-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def make_settings(fake_openai: FakeOpenAI, tmp_path: Path, model: str) -> Callable[..., LlmSettings]:
    def make(**over: Any) -> LlmSettings:
        values: dict[str, Any] = {
            "base_url": fake_openai.url,
            "api_key": "test-key",
            "model": model,
            "timeout_s": 2.0,
            "max_retries": 2,
            "max_cost_per_jd_usd": 0.05,
            "prices": {model: Price(input_per_1m=INPUT_PER_1M, output_per_1m=OUTPUT_PER_1M)},
            "cache_dir": tmp_path / "llm-cache",
        }
        values.update(over)
        return env_llm_settings(**values)

    return make


@pytest.fixture
def make_assist(make_settings: Callable[..., LlmSettings]) -> Iterator[Callable[..., LlmAssist]]:
    made: list[LlmAssist] = []

    def make(**over: Any) -> LlmAssist:
        assist = LlmAssist.from_settings(make_settings(**over))
        assert assist is not None
        made.append(assist)
        return assist

    yield make
    for a in made:
        a.close()
