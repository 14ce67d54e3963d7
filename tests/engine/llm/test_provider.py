"""The real ``openai`` client against the local fake server: each behaviour ends in a valid result (the LLM's
or the offline one) with the right call record. The summary task is the vehicle (it needs no graph)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from taxo.engine.llm import LlmAssist, LlmSettings, Price
from taxo.engine.llm.cache import LlmCache
from taxo.engine.llm.pricing import estimate_prompt_tokens, price_for, price_table
from tests.engine.llm.conftest import cost
from tests.engine.llm.fake_openai import FakeOpenAI, Reply, ok

SENTENCES = ["Design and develop large scale distributed services", "Design and implement new user-facing features"]
GOOD = "Designs, builds and runs large-scale distributed backend services and user-facing features."


def summarize(assist: LlmAssist, jd_hash: str = "0123456789abcdef"):  # type: ignore[no-untyped-def]
    session = assist.session()
    return session.summarize("Backend engineering", SENTENCES, jd_hash=jd_hash), session


def test_good_response(fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str) -> None:
    fake_openai.script(model, ok({"summary": GOOD}, prompt_tokens=321, completion_tokens=17))
    text, session = summarize(make_assist())
    assert text == GOOD
    [call] = session.calls
    assert (call.status, call.step, call.purpose, call.model) == ("ok", "enrich", "summary", model)
    assert (call.prompt_tokens, call.completion_tokens, call.cached) == (321, 17, False)
    assert call.cost_usd == pytest.approx(cost(321, 17))
    assert call.latency_ms > 0 and call.error is None
    assert json.loads(call.raw_response or "") == {"summary": GOOD}
    assert len(call.prompt_hash) == 64
    assert session.costs() == {"enrich": pytest.approx(cost(321, 17)), "total": pytest.approx(cost(321, 17))}

    [req] = fake_openai.requests_for(model)
    body = req.body
    assert req.headers["authorization"] == "Bearer test-key"
    assert body["model"] == model and body["temperature"] == 0 and body["max_tokens"] == 200
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"] == {
        "type": "object",
        "additionalProperties": False,
        "required": ["summary"],
        "properties": {"summary": {"type": "string", "description": "one plain sentence"}},
    }
    assert "untrusted DATA" in req.system and "<<<SENTENCES" in req.user and "0123456789abcdef" in req.user


def test_malformed_json_is_repaired_once(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(model, ok('{"summary": "unterminated'), ok({"summary": GOOD}))
    text, session = summarize(make_assist())
    assert text == GOOD
    assert [c.status for c in session.calls] == ["invalid", "repaired"]
    assert "not valid JSON" in (session.calls[0].error or "")
    assert session.calls[0].raw_response == '{"summary": "unterminated'
    assert all(c.cost_usd == pytest.approx(cost()) for c in session.calls)  # both were paid for
    assert session.costs()["total"] == pytest.approx(2 * cost())
    first, repair = fake_openai.requests_for(model)
    # the repair request is the prompt, the rejected answer and the validation errors
    assert repair.body["messages"][:2] == first.body["messages"]
    assert repair.body["messages"][2] == {"role": "assistant", "content": '{"summary": "unterminated'}
    assert "rejected by validation" in repair.user and "not valid JSON" in repair.user


def test_schema_violation_then_good_repair(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(model, ok({"summary": 42, "extra": "field"}), ok({"summary": GOOD}))
    text, session = summarize(make_assist())
    assert text == GOOD
    assert [c.status for c in session.calls] == ["invalid", "repaired"]
    assert "summary: Input should be a valid string" in (session.calls[0].error or "")
    assert "extra: Extra inputs are not permitted" in (session.calls[0].error or "")
    assert "summary: Input should be a valid string" in fake_openai.requests_for(model)[1].user


def test_repair_that_fails_too_falls_back_offline(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(model, ok({"summary": "<b>Bold</b> claims. Two sentences."}), ok({"wrong": True}))
    text, session = summarize(make_assist())
    assert text is None  # the caller keeps its extractive summary
    assert [c.status for c in session.calls] == ["invalid", "invalid"]
    assert "markup" in (session.calls[0].error or "") and "one sentence" in (session.calls[0].error or "")
    assert len(fake_openai.requests_for(model)) == 2  # exactly one repair attempt
    assert session.costs()["total"] == pytest.approx(2 * cost())


def test_timeout_falls_back_with_a_timeout_record(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(
        model,
        Reply(content=json.dumps({"summary": GOOD}), delay_s=1.0),
        Reply(content=json.dumps({"summary": GOOD}), delay_s=1.0),
    )
    t0 = time.perf_counter()
    text, session = summarize(make_assist(timeout_s=0.3, max_retries=1))
    assert time.perf_counter() - t0 < 3
    assert text is None
    assert [c.status for c in session.calls] == ["timeout", "timeout"]
    assert "retried by the client" in (session.calls[0].error or "")
    assert "timed out after 0.3s" in (session.calls[1].error or "")
    assert all(c.cost_usd == 0 and c.prompt_tokens == 0 for c in session.calls)
    assert len(fake_openai.requests_for(model)) == 2


def test_http_429_is_retried_by_the_client(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(
        model, Reply(status=429, error="slow down", headers={"retry-after-ms": "20"}), ok({"summary": GOOD})
    )
    text, session = summarize(make_assist())
    assert text == GOOD
    assert [c.status for c in session.calls] == ["rate_limited", "ok"]
    assert session.calls[0].cost_usd == 0 and session.calls[0].error == "HTTP 429; retried by the client"
    assert session.costs()["total"] == pytest.approx(cost())
    reqs = fake_openai.requests_for(model)
    assert [r.headers["x-stainless-retry-count"] for r in reqs] == ["0", "1"]


def test_http_429_until_retries_run_out(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(model, *[Reply(status=429, error="quota", headers={"retry-after-ms": "10"})] * 2)
    text, session = summarize(make_assist(max_retries=1))
    assert text is None
    assert [c.status for c in session.calls] == ["rate_limited", "rate_limited"]
    assert "HTTP 429: quota" in (session.calls[1].error or "")
    assert "quota" in (session.calls[1].raw_response or "")


def test_server_error_then_success(fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str) -> None:
    fake_openai.script(model, Reply(status=503, headers={"retry-after-ms": "10"}), ok({"summary": GOOD}))
    text, session = summarize(make_assist())
    assert text == GOOD
    assert [(c.status, c.error) for c in session.calls] == [("error", "HTTP 503; retried by the client"), ("ok", None)]


def test_client_error_is_not_retried(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(model, Reply(status=401, error="bad key"))
    text, session = summarize(make_assist())
    assert text is None
    [call] = session.calls
    assert call.status == "error" and "HTTP 401" in (call.error or "")


def test_over_budget_call_is_not_sent(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    text, session = summarize(make_assist(max_cost_per_jd_usd=0.0001))  # worst case: ~700 tokens + 200 completion
    assert text is None
    [call] = session.calls
    assert call.status == "over_budget" and call.cost_usd == 0 and call.prompt_tokens == 0
    assert "exceeds the JD's remaining budget" in (call.error or "")
    assert fake_openai.requests_for(model) == []


def test_budget_is_per_jd_across_calls(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    """The first call is affordable; what it really cost leaves too little for the second."""
    fake_openai.script(model, ok({"summary": GOOD}, prompt_tokens=100, completion_tokens=1000))
    assist = make_assist(max_cost_per_jd_usd=0.0025)
    session = assist.session()
    assert session.summarize("Backend engineering", SENTENCES, jd_hash="a" * 16) == GOOD
    assert session.summarize("Data engineering", SENTENCES, jd_hash="a" * 16) is None
    assert [c.status for c in session.calls] == ["ok", "over_budget"]
    assert len(fake_openai.requests_for(model)) == 1
    # a later step of the same run starts from what the earlier steps spent
    later = assist.session(prior=session.calls)
    assert later.budget.spent_usd == pytest.approx(cost(100, 1000))
    assert later.summarize("Data engineering", SENTENCES, jd_hash="a" * 16) is None
    assert later.calls[-1].status == "over_budget"


def test_cache_hit_is_free_and_survives_a_new_process(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str, tmp_path: Path
) -> None:
    fake_openai.script(model, ok({"summary": GOOD}))
    first, s1 = summarize(make_assist())
    second, s2 = summarize(make_assist())  # a new assist: a new client and a new SQLite connection
    assert first == second == GOOD
    assert [c.status for c in s1.calls] == ["ok"]
    [hit] = s2.calls
    assert (hit.status, hit.cached, hit.cost_usd, hit.prompt_tokens, hit.completion_tokens) == ("cached", True, 0, 0, 0)
    assert hit.prompt_hash == s1.calls[0].prompt_hash
    assert len(fake_openai.requests_for(model)) == 1
    assert len(LlmCache(tmp_path / "llm-cache")) == 1
    # another JD (another hash in the prompt) is another key
    fake_openai.script(model, ok({"summary": GOOD}))
    third, s3 = summarize(make_assist(), jd_hash="fedcba9876543210")
    assert third == GOOD and s3.calls[0].status == "ok"


def test_cache_stores_repaired_answers_but_never_failures(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(model, ok("nope"), ok("still nope"))
    assert summarize(make_assist())[0] is None
    fake_openai.script(model, ok("nope"), ok({"summary": GOOD}))
    assert summarize(make_assist())[0] == GOOD  # not cached: asked again
    text, session = summarize(make_assist())
    assert text == GOOD and [c.status for c in session.calls] == ["cached"]
    assert len(fake_openai.requests_for(model)) == 4


def test_cache_off(fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str) -> None:
    fake_openai.script(model, ok({"summary": GOOD}), ok({"summary": GOOD}))
    summarize(make_assist(cache=False))
    _, session = summarize(make_assist(cache=False))
    assert [c.status for c in session.calls] == ["ok"]
    assert len(fake_openai.requests_for(model)) == 2


def test_unpriced_model_is_refused_unless_allowed(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    text, session = summarize(make_assist(prices={}))
    assert text is None
    [call] = session.calls
    assert call.status == "error" and "no price for model" in (call.error or "")
    assert fake_openai.requests_for(model) == []
    fake_openai.script(model, ok({"summary": GOOD}))
    text, session = summarize(make_assist(prices={}, allow_unpriced=True, cache=False))
    assert text == GOOD
    [call] = session.calls
    assert call.status == "ok" and call.cost_usd == 0 and call.prompt_tokens == 100
    assert "unpriced model" in (call.error or "")


def test_server_without_json_schema_support_gets_json_object(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(
        model,
        Reply(status=400, error="response_format.type 'json_schema' is not supported"),
        ok({"summary": GOOD}),
        ok({"summary": GOOD}),
    )
    assist = make_assist(cache=False)
    text, session = summarize(assist)
    assert text == GOOD
    assert [c.status for c in session.calls] == ["error", "ok"]
    assert "retrying with json_object" in (session.calls[0].error or "")
    first, second = fake_openai.requests_for(model)
    assert first.body["response_format"]["type"] == "json_schema"
    assert second.body["response_format"] == {"type": "json_object"}
    assert '"summary"' in second.system  # the schema is in the prompt for json_object servers
    summarize(assist)  # remembered: no second json_schema attempt
    assert fake_openai.requests_for(model)[2].body["response_format"] == {"type": "json_object"}


def test_missing_usage_is_estimated_not_free(
    fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str
) -> None:
    fake_openai.script(model, ok({"summary": GOOD}, usage=False))
    text, session = summarize(make_assist())
    assert text == GOOD
    [call] = session.calls
    assert call.prompt_tokens > 100 and call.completion_tokens == 200 and call.cost_usd > 0
    assert "no usage reported" in (call.error or "")


def test_connection_refused_is_an_error_record(make_settings: Callable[..., LlmSettings], model: str) -> None:
    assist = LlmAssist.from_settings(make_settings(base_url="http://127.0.0.1:9/v1", max_retries=0))
    assert assist is not None
    text, session = summarize(assist)
    assert text is None
    assert [c.status for c in session.calls] == ["error"] and "connection error" in (session.calls[0].error or "")
    assist.close()


def test_pricing_lookup_and_estimates() -> None:
    table = price_table(
        {"my-model": Price(input_per_1m=1, output_per_1m=1), "*": Price(input_per_1m=9, output_per_1m=9)}
    )
    assert price_for("gpt-4.1-nano-2025-04-14", table) == table["gpt-4.1-nano"]  # longest prefix, not gpt-4.1
    assert price_for("my-model", table) == table["my-model"]
    assert price_for("unknown", table) == table["*"]
    assert price_for("unknown", price_table({})) is None
    messages = [{"role": "user", "content": "x" * 300}]
    assert estimate_prompt_tokens(messages) >= 100  # over-estimates (real tokenizers: ~75 tokens)


def test_request_shape_options(fake_openai: FakeOpenAI, make_assist: Callable[..., LlmAssist], model: str) -> None:
    """Reasoning models: no temperature, max_completion_tokens; json_object when configured."""
    fake_openai.script(model, ok({"summary": GOOD}))
    summarize(make_assist(temperature=None, max_tokens_param="max_completion_tokens", response_format="json_object"))
    body = fake_openai.requests_for(model)[0].body
    assert "temperature" not in body and "max_tokens" not in body and body["max_completion_tokens"] == 200
    assert body["response_format"] == {"type": "json_object"}
