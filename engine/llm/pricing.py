"""Cost of a call from its token usage and the price table; token estimates for budget checks.

Policy for a model without a price: the call is **refused** (recorded, offline result kept) unless
``TAXO_LLM_ALLOW_UNPRICED=true``, in which case it is sent and recorded with cost 0 and the warning
``unpriced model ...`` in the call's ``error``. A budget that cannot be computed is never silently ignored.

Lookup: the exact model name, then the longest table key the name starts with (``gpt-4.1-nano-2025-04-14``
is priced as ``gpt-4.1-nano``), then the ``*`` entry if the table has one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from taxo.core.settings import Price

if TYPE_CHECKING:
    from taxo.engine.models.run import LlmCall

#: OpenAI list prices, USD per 1M tokens (standard tier, 2025). Override or extend with TAXO_LLM_PRICES.
DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4.1": Price(input_per_1m=2.00, output_per_1m=8.00),
    "gpt-4.1-mini": Price(input_per_1m=0.40, output_per_1m=1.60),
    "gpt-4.1-nano": Price(input_per_1m=0.10, output_per_1m=0.40),
    "gpt-4o": Price(input_per_1m=2.50, output_per_1m=10.00),
    "gpt-4o-mini": Price(input_per_1m=0.15, output_per_1m=0.60),
}

#: Tokens added per chat message by the wire format (role, separators), a safe over-estimate.
MESSAGE_OVERHEAD_TOKENS = 8


def price_table(overrides: Mapping[str, Price]) -> dict[str, Price]:
    """The built-in table with the configured entries on top."""
    return {**DEFAULT_PRICES, **dict(overrides)}


def price_for(model: str, table: Mapping[str, Price]) -> Price | None:
    """The price of ``model`` (exact, longest prefix, then ``*``), or None."""
    if model in table:
        return table[model]
    prefixes = [k for k in table if k != "*" and model.startswith(k)]
    if prefixes:
        return table[max(prefixes, key=len)]
    return table.get("*")


def cost_usd(price: Price | None, prompt_tokens: int, completion_tokens: int) -> float:
    """USD for a call's usage (0 without a price)."""
    if price is None:
        return 0.0
    return round((prompt_tokens * price.input_per_1m + completion_tokens * price.output_per_1m) / 1_000_000, 10)


def estimate_tokens(text: str) -> int:
    """A deliberately high token estimate (UTF-8 bytes / 3; real tokenizers average ~4 characters per token)."""
    return math.ceil(len(text.encode("utf-8")) / 3)


def estimate_prompt_tokens(messages: list[dict[str, str]], extra: object = None) -> int:
    """Estimated prompt tokens of a chat request (messages plus a response schema, when one is sent)."""
    total = sum(estimate_tokens(m["content"]) + MESSAGE_OVERHEAD_TOKENS for m in messages)
    if extra is not None:
        total += estimate_tokens(json.dumps(extra, separators=(",", ":")))
    return total


def summarize_costs(calls: Sequence[LlmCall]) -> dict[str, float]:
    """Per-step totals plus ``total`` (USD), as ``RunRecord.llm_cost_usd`` holds them."""
    out: dict[str, float] = {}
    for c in calls:
        out[c.step] = out.get(c.step, 0.0) + c.cost_usd
    out = {k: round(v, 10) for k, v in sorted(out.items())}
    out["total"] = round(sum(c.cost_usd for c in calls), 10)
    return out
