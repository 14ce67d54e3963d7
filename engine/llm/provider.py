"""One structured LLM request through the official ``openai`` client, with validation, one repair, budget,
cache and a complete call log.

``Provider.request(req, budget)`` returns an ``Outcome``: the validated value (or None: keep the offline
result) and one ``LlmCall`` per attempt, in order:

========== =====================================================================================
status     meaning
========== =====================================================================================
ok         answered and valid at the first attempt
invalid    answered, but not valid JSON / not the schema / rejected by the task's checks
repaired   the one repair attempt (the prompt, the rejected answer and the errors) gave a valid answer
error      HTTP error (4xx, or 5xx once the client's retries are spent), connection error, refused
           configuration (no price for the model), or an attempt the client retried (``error`` says so)
timeout    no answer within ``timeout_s`` (also each timed-out attempt the client retried)
rate_limited HTTP 429 (each retried attempt, and the last one if the retries ran out)
over_budget not sent: its worst-case cost exceeds what the JD's budget has left
cached     answered from the cache: no request, cost 0
========== =====================================================================================

429/5xx/timeouts are retried by the client itself (``max_retries``, honouring ``Retry-After``); an httpx
event hook sees each attempt so the log shows them. Servers without ``json_schema`` response formats (HTTP 400
naming it) are asked again once with ``json_object`` and the provider remembers the downgrade.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from taxo.core.errors import InvalidAnswer
from taxo.core.settings import LlmSettings, Price
from taxo.engine.llm.budget import Budget
from taxo.engine.llm.cache import CachedAnswer, LlmCache, cache_key
from taxo.engine.llm.pricing import cost_usd, estimate_prompt_tokens, price_for, price_table
from taxo.engine.llm.prompts import repair_messages
from taxo.engine.llm.schemas import strict_schema
from taxo.engine.models.run import LlmCall

T = TypeVar("T")
log = logging.getLogger(__name__)
RAW_LIMIT = 20_000


#: A task's check: the schema-valid answer -> (value, notes on parts it dropped); raises ``InvalidAnswer``.
Check = Callable[[Any], tuple[T, list[str]]]


@dataclass
class Request[T]:
    """One structured request: the task, its prompt, the answer's model and the task's check."""

    task: str
    step: str
    messages: list[dict[str, str]]
    output: type[BaseModel]
    check: Check[T]
    max_tokens: int


@dataclass
class Outcome[T]:
    """A validated value, or None (use the offline result), with every attempt's record."""

    value: T | None
    calls: list[LlmCall] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.calls[-1].status if self.calls else "none"


@dataclass
class _Attempt:
    started: float
    status_code: int | None = None
    ended: float | None = None


@dataclass
class _Sent:
    content: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: list[LlmCall] = field(default_factory=list)
    failed: bool = False


def _validation_errors(exc: ValidationError) -> list[str]:
    out = []
    for e in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in e["loc"]) or "(root)"
        out.append(f"{loc}: {e['msg']}")
    return out


def _api_message(exc: Any) -> str:
    """The server's error message (the OpenAI error body's ``message``), else the client's."""
    body = getattr(exc, "body", None)
    message = body.get("message") if isinstance(body, dict) else None
    if isinstance(message, str):
        return message
    return str(getattr(exc, "message", exc))


def _join(*parts: str | None) -> str | None:
    return "; ".join(p for p in parts if p) or None


def _short(text: str | None, limit: int = RAW_LIMIT) -> str | None:
    return None if text is None else text[:limit]


class Provider:
    """The configured OpenAI-compatible endpoint. Build with ``Provider(settings)``; ``client`` is for tests."""

    def __init__(self, settings: LlmSettings, cache: LlmCache | None = None, client: Any = None):
        self.settings = settings
        self.model = settings.model
        self.prices: dict[str, Price] = price_table(settings.prices)
        self.price: Price | None = price_for(self.model, self.prices)
        self.cache = cache
        self.response_format = settings.response_format
        self._local = threading.local()
        self.client = client if client is not None else self._client()

    # -- the client ------------------------------------------------------------------------------------
    def _client(self) -> Any:
        import openai  # only once configured: an unconfigured taxo never imports or builds the client

        s = self.settings
        key = s.api_key.get_secret_value() if s.api_key is not None else ""
        http = openai.DefaultHttpxClient(event_hooks={"request": [self._on_request], "response": [self._on_response]})
        common: dict[str, Any] = {
            "api_key": key or "unused",
            "timeout": s.timeout_s,
            "max_retries": s.max_retries,
            "http_client": http,
        }
        if s.api_version:
            return openai.AzureOpenAI(azure_endpoint=s.base_url or "", api_version=s.api_version, **common)
        return openai.OpenAI(base_url=s.base_url or "https://api.openai.com/v1", **common)

    def close(self) -> None:
        close = getattr(self.client, "close", None)
        if callable(close):
            close()

    def _attempts(self) -> list[_Attempt]:
        if not hasattr(self._local, "attempts"):
            self._local.attempts = []
        return self._local.attempts  # type: ignore[no-any-return]

    def _on_request(self, request: Any) -> None:
        self._attempts().append(_Attempt(time.perf_counter()))

    def _on_response(self, response: Any) -> None:
        attempts = self._attempts()
        if attempts:
            attempts[-1].status_code = response.status_code
            attempts[-1].ended = time.perf_counter()

    # -- one logical request -----------------------------------------------------------------------------
    def request(self, req: Request[T], budget: Budget) -> Outcome[T]:
        """Cache, budget, send, validate, repair once; None means: keep the offline result."""
        key = cache_key(self.model, req.task, req.messages)
        if self.cache is not None and self.settings.cache:
            hit = self._cache_get(key)
            if hit is not None:
                try:
                    value, notes = self._validate(req, hit.content)
                except InvalidAnswer:
                    pass  # a stale or foreign entry: ask again
                else:
                    return Outcome(
                        value,
                        [self._call(req, key, "cached", cached=True, raw=hit.content, error=self._notes(notes))],
                        notes,
                    )
        if self.price is None and not self.settings.allow_unpriced:
            return Outcome(
                None,
                [
                    self._call(
                        req,
                        key,
                        "error",
                        error=(
                            f"not sent: no price for model {self.model!r} (add it to TAXO_LLM_PRICES or set "
                            "TAXO_LLM_ALLOW_UNPRICED=true)"
                        ),
                    )
                ],
            )
        calls: list[LlmCall] = []
        messages = req.messages
        for attempt in range(2):  # the answer, then at most one repair
            sent = self._send(req, key, messages, budget)
            calls += sent.calls
            if sent.failed:
                return Outcome(None, calls)
            content = sent.content or ""
            try:
                value, notes = self._validate(req, content)
            except InvalidAnswer as bad:
                calls[-1] = calls[-1].model_copy(
                    update={"status": "invalid", "error": _join(calls[-1].error, _short(str(bad), 4000))}
                )
                if attempt == 0:
                    messages = repair_messages(req.messages, content, bad.errors)
                    continue
                return Outcome(None, calls)
            status = "ok" if attempt == 0 else "repaired"
            calls[-1] = calls[-1].model_copy(
                update={"status": status, "error": _join(calls[-1].error, self._notes(notes))}
            )
            self._cache_put(key, req.task, content, sent.prompt_tokens, sent.completion_tokens)
            return Outcome(value, calls, notes)
        return Outcome(None, calls)  # pragma: no cover - the loop always returns

    def _cache_get(self, key: str) -> CachedAnswer | None:
        try:
            return self.cache.get(key) if self.cache is not None else None
        except (OSError, sqlite3.Error) as exc:  # a broken cache is a miss, never a failure
            log.warning("LLM cache read failed: %s", exc)
            return None

    def _cache_put(self, key: str, task: str, content: str, prompt_tokens: int, completion_tokens: int) -> None:
        if self.cache is None or not self.settings.cache:
            return
        try:
            self.cache.put(key, self.model, task, content, prompt_tokens, completion_tokens)
        except (OSError, sqlite3.Error) as exc:
            log.warning("LLM cache write failed: %s", exc)

    @staticmethod
    def _notes(notes: list[str]) -> str | None:
        return _short("dropped: " + "; ".join(notes), 4000) if notes else None

    def _validate(self, req: Request[T], content: str) -> tuple[T, list[str]]:
        text = content.strip()
        if text.startswith("```"):  # a fenced answer from a json_object server: the fence is not the answer
            text = text.strip("`").removeprefix("json").strip()
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, ValueError) as exc:
            raise InvalidAnswer([f"not valid JSON: {exc}"]) from None
        try:
            parsed = req.output.model_validate(data)
        except ValidationError as exc:
            raise InvalidAnswer(_validation_errors(exc)) from None
        return req.check(parsed)

    def _call(
        self,
        req: Request[Any],
        key: str,
        status: str,
        *,
        cached: bool = False,
        raw: str | None = None,
        error: str | None = None,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        cost: float = 0.0,
        latency_ms: float = 0.0,
    ) -> LlmCall:
        return LlmCall(
            step=req.step,
            purpose=req.task,
            model=self.model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost_usd=cost,
            latency_ms=round(latency_ms, 2),
            status=status,
            prompt_hash=key,
            cached=cached,
            raw_response=_short(raw),
            error=error,
        )

    def _format(self, req: Request[Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
        if self.response_format == "json_schema":
            schema = strict_schema(req.output)
            return {
                "type": "json_schema",
                "json_schema": {"name": f"taxo_{req.task}", "schema": schema, "strict": True},
            }, schema
        return {"type": "json_object"}, None

    def _send(self, req: Request[Any], key: str, messages: list[dict[str, str]], budget: Budget) -> _Sent:
        import openai

        fmt, schema = self._format(req)
        estimate = Budget.worst_case(self.price, estimate_prompt_tokens(messages, schema), req.max_tokens)
        if not budget.allows(estimate):
            return _Sent(
                failed=True,
                calls=[
                    self._call(
                        req,
                        key,
                        "over_budget",
                        error=(
                            f"not sent: worst-case cost ${estimate:.6f} exceeds the JD's remaining budget "
                            f"${budget.remaining_usd:.6f} (limit ${budget.limit_usd:.6f})"
                        ),
                    )
                ],
            )
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "response_format": fmt,
            self.settings.max_tokens_param: req.max_tokens,
        }
        if self.settings.temperature is not None:
            kwargs["temperature"] = self.settings.temperature
        attempts = self._attempts()
        attempts.clear()
        t0 = time.perf_counter()
        try:
            response = self.client.chat.completions.create(**kwargs)
        except openai.APITimeoutError as exc:
            return self._failed(req, key, t0, "timeout", f"timed out after {self.settings.timeout_s}s: {exc}")
        except openai.RateLimitError as exc:
            return self._failed(req, key, t0, "rate_limited", f"HTTP 429: {_api_message(exc)}", exc.response.text)
        except openai.APIStatusError as exc:
            body = exc.response.text
            if (
                self.response_format == "json_schema"
                and exc.status_code in (400, 422)
                and ("json_schema" in body or "response_format" in body)
            ):
                first = self._failed(
                    req,
                    key,
                    t0,
                    "error",
                    f"HTTP {exc.status_code}: the server rejects json_schema "
                    "response formats; retrying with json_object",
                    body,
                )
                self.response_format = "json_object"
                again = self._send(req, key, messages, budget)
                return _Sent(
                    again.content, again.prompt_tokens, again.completion_tokens, first.calls + again.calls, again.failed
                )
            return self._failed(req, key, t0, "error", f"HTTP {exc.status_code}: {_api_message(exc)}", body)
        except openai.APIConnectionError as exc:
            return self._failed(req, key, t0, "error", f"connection error: {exc}")
        latency = (time.perf_counter() - (attempts[-1].started if attempts else t0)) * 1000
        retried = self._retried(req, key, attempts[:-1])
        usage = getattr(response, "usage", None)
        estimated = usage is None
        pt = int(getattr(usage, "prompt_tokens", 0) or 0) if usage else estimate_prompt_tokens(messages, schema)
        ct = int(getattr(usage, "completion_tokens", 0) or 0) if usage else req.max_tokens
        cost = cost_usd(self.price, pt, ct)
        budget.charge(cost)
        choice = response.choices[0] if response.choices else None
        message = choice.message if choice else None
        content = message.content if message else None
        notes = []
        if estimated:
            notes.append("no usage reported: tokens estimated (prompt) and capped (completion)")
        if self.price is None:
            notes.append(f"unpriced model {self.model!r}: cost recorded as 0")
        if choice is not None and choice.finish_reason == "length":
            notes.append(f"answer cut at max_tokens={req.max_tokens}")
        refusal = getattr(message, "refusal", None) if message else None
        if refusal:
            notes.append(f"refusal: {refusal}")
        call = self._call(
            req,
            key,
            "ok",
            raw=content,
            error="; ".join(notes) or None,
            prompt_tokens=pt,
            completion_tokens=ct,
            cost=cost,
            latency_ms=latency,
        )
        return _Sent(content, pt, ct, [*retried, call])

    def _retried(self, req: Request[Any], key: str, attempts: list[_Attempt]) -> list[LlmCall]:
        """Attempts the client retried before the last one (no answer was paid for)."""
        out = []
        for a in attempts:
            latency = (
                ((a.ended or time.perf_counter()) - a.started) * 1000 if a.ended else self.settings.timeout_s * 1000
            )
            if a.status_code == 429:
                out.append(
                    self._call(req, key, "rate_limited", error="HTTP 429; retried by the client", latency_ms=latency)
                )
            elif a.status_code is None:
                out.append(
                    self._call(
                        req,
                        key,
                        "timeout",
                        error="no response (timeout or connection error); retried by the client",
                        latency_ms=latency,
                    )
                )
            else:
                out.append(
                    self._call(
                        req, key, "error", error=f"HTTP {a.status_code}; retried by the client", latency_ms=latency
                    )
                )
        return out

    def _failed(self, req: Request[Any], key: str, t0: float, status: str, error: str, raw: str | None = None) -> _Sent:
        attempts = list(self._attempts())
        retried = self._retried(req, key, attempts[:-1])
        last_latency = (time.perf_counter() - (attempts[-1].started if attempts else t0)) * 1000
        final = self._call(req, key, status, raw=raw, error=_short(error, 4000), latency_ms=last_latency)
        return _Sent(failed=True, calls=[*retried, final])
