"""Per-JD cost budget: a call whose worst-case cost would exceed what is left is not sent.

The worst case is the estimated prompt tokens (``pricing.estimate_prompt_tokens``, an over-estimate) at the
input price plus ``max_tokens`` at the output price: the request caps the completion, so the real cost of a
call that is sent can never exceed its estimate by more than the prompt estimate's error.
"""

from __future__ import annotations

from dataclasses import dataclass

from taxo.core.settings import Price


@dataclass
class Budget:
    """What one JD may still spend (USD), across every step of its run."""

    limit_usd: float
    spent_usd: float = 0.0

    @property
    def remaining_usd(self) -> float:
        return max(0.0, self.limit_usd - self.spent_usd)

    @staticmethod
    def worst_case(price: Price | None, prompt_tokens: int, max_tokens: int) -> float:
        """The most a call can cost: estimated prompt plus a full completion (0 for an unpriced model)."""
        if price is None:
            return 0.0
        return (prompt_tokens * price.input_per_1m + max_tokens * price.output_per_1m) / 1_000_000

    def allows(self, estimate_usd: float) -> bool:
        """True if a call of this worst-case cost fits in what is left."""
        return estimate_usd <= self.remaining_usd + 1e-12

    def charge(self, cost_usd: float) -> None:
        self.spent_usd += cost_usd
