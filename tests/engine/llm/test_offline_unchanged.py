"""With no LLM configured, taxo's results are byte-identical to the offline pipeline's (one pinned example).

The golden file is the offline result of ``php-games`` with run ids, timestamps and timings normalised. When
the offline behaviour changes on purpose (seeds, rules, parser), regenerate it and review the diff::

    TAXO_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/engine/llm/test_offline_unchanged.py --basetemp=/tmp/golden-pt
    # or: .venv/bin/python tests/engine/llm/regen_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from taxo.app.runs import RunService
from taxo.engine.llm import LlmAssist
from tests.conftest import example_text
from tests.engine.llm.conftest import env_llm_settings

GOLDEN = Path(__file__).resolve().parent / "golden" / "php-games.offline.json"
EXAMPLE = "php-games"
_VOLATILE = {"run_id": "<run_id>", "created_at": "<timestamp>", "updated_at": "<timestamp>", "timings_ms": {}}


def normalised(value: Any) -> Any:
    """The record without what differs between two identical runs (ids, clocks, durations)."""
    if isinstance(value, dict):
        return {k: (_VOLATILE[k] if k in _VOLATILE else normalised(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


def golden_text(pipeline: RunService) -> str:
    record = pipeline.run(example_text(EXAMPLE), read_only=True)
    return json.dumps(normalised(record.model_dump(mode="json")), indent=1, ensure_ascii=False) + "\n"


def test_unconfigured_llm_is_off_and_sends_nothing(
    readonly_pipeline: RunService, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openai

    assert LlmAssist.from_settings() is None
    assert LlmAssist.from_settings(env_llm_settings()) is None
    assert LlmAssist.from_settings(env_llm_settings(model="gpt-4o", parse=True)) is None
    # OPENAI_* variables never switch taxo's LLM path on
    monkeypatch.setenv("OPENAI_API_KEY", "sk-should-not-be-used")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert LlmAssist.from_settings(env_llm_settings()) is None

    sent: list[Any] = []
    built: list[Any] = []
    monkeypatch.setattr(
        openai._base_client.SyncAPIClient,
        "request",
        lambda self, *a, **k: sent.append(a) or pytest.fail("openai sent a request"),
    )
    original_init = openai.OpenAI.__init__
    monkeypatch.setattr(
        openai.OpenAI, "__init__", lambda self, *a, **k: built.append(k) or original_init(self, *a, **k)
    )
    record = readonly_pipeline.run(example_text(EXAMPLE), read_only=True)
    assert sent == [] and built == []
    assert record.llm_calls == [] and record.llm_cost_usd in ({}, {"total": 0.0})


def test_offline_result_is_byte_identical_to_golden(readonly_pipeline: RunService) -> None:
    text = golden_text(readonly_pipeline)
    if os.environ.get("TAXO_REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
        pytest.skip(f"golden regenerated: {GOLDEN}")
    assert GOLDEN.exists(), f"no golden file; regenerate it: TAXO_REGEN_GOLDEN=1 pytest {__file__}"
    expected = GOLDEN.read_text(encoding="utf-8")
    if text != expected:  # a readable first difference, then the byte comparison
        for i, (a, b) in enumerate(zip(text.splitlines(), expected.splitlines(), strict=False)):
            assert a == b, f"line {i + 1} differs from the golden (regenerate only if the change is intended)"
    assert text == expected


def test_two_offline_runs_agree(readonly_pipeline: RunService) -> None:
    """The normalisation removes everything that varies between runs, and nothing more."""
    assert golden_text(readonly_pipeline) == golden_text(readonly_pipeline)
