"""LLM settings from the environment, and what "configured" means."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from taxo.engine.llm import LlmAssist, Price
from tests.conftest import REPO_ROOT
from tests.engine.llm.conftest import env_llm_settings


def test_environment_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TAXO_LLM_BASE_URL", "http://localhost:11434/v1")
    monkeypatch.setenv("TAXO_LLM_MODEL", "llama3.1:8b")
    monkeypatch.setenv("TAXO_LLM_TIMEOUT_S", "12.5")
    monkeypatch.setenv("TAXO_LLM_MAX_RETRIES", "4")
    monkeypatch.setenv("TAXO_LLM_MAX_COST_PER_JD_USD", "0.002")
    monkeypatch.setenv("TAXO_LLM_PRICES", '{"llama3.1:8b": {"input_per_1m": 0, "output_per_1m": 0}}')
    monkeypatch.setenv("TAXO_LLM_SKILLS", "false")
    monkeypatch.setenv("TAXO_LLM_TEMPERATURE", "none")
    monkeypatch.setenv("TAXO_DATA_DIR", str(tmp_path))
    s = env_llm_settings()
    assert s.configured and s.api_key is None
    assert (s.base_url, s.model, s.timeout_s, s.max_retries, s.max_cost_per_jd_usd) == (
        "http://localhost:11434/v1",
        "llama3.1:8b",
        12.5,
        4,
        0.002,
    )
    assert s.temperature is None
    assert s.prices == {"llama3.1:8b": Price(input_per_1m=0, output_per_1m=0)}
    assert s.features() == {"parse": True, "skills": False, "tie_break": True, "summary": True}
    assert s.cache_path == tmp_path / "llm-cache"
    monkeypatch.setenv("TAXO_LLM_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert env_llm_settings().cache_path == tmp_path / "elsewhere"


def test_api_key_is_secret_and_alone_configures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAXO_LLM_API_KEY", "sk-secret")
    s = env_llm_settings()
    assert s.configured and "sk-secret" not in repr(s) and "sk-secret" not in s.model_dump_json()


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"TAXO_LLM_API_KEY": "  "},
        {"TAXO_LLM_MODEL": "gpt-4o"},
        {"OPENAI_API_KEY": "sk-x", "OPENAI_BASE_URL": "http://x/v1"},
    ],
)
def test_not_configured_means_off(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert LlmAssist.from_settings(env_llm_settings()) is None


def test_every_feature_off_means_off() -> None:
    s = env_llm_settings(api_key="k", parse=False, skills=False, tie_break=False, summary=False)
    assert LlmAssist.from_settings(s) is None


@pytest.mark.parametrize("bad", ['{"m": {"input_per_1m": -1, "output_per_1m": 0}}', '{"m": {"input": 1}}', "not json"])
def test_bad_price_tables_are_refused(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("TAXO_LLM_PRICES", bad)
    with pytest.raises(Exception):  # noqa: B017 - pydantic's ValidationError or the settings' parse error
        env_llm_settings()


def test_importing_the_package_imports_no_client() -> None:
    code = (
        "import sys, taxo.engine.llm, taxo.engine.llm.tasks; from taxo.engine.llm import LlmAssist, LlmSettings; "
        "from taxo.core.settings import Settings; "
        "assert LlmAssist.from_settings(Settings(_env_file=None).llm) is None; "
        "assert 'openai' not in sys.modules, 'openai imported'"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT, env=env)
