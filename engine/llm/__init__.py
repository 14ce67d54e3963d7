"""The optional LLM path (any OpenAI-compatible server through the official ``openai`` client).

Off unless ``TAXO_LLM_BASE_URL`` or ``TAXO_LLM_API_KEY`` is set; then ``LlmAssist.from_settings()`` gives the
facade whose sessions improve the offline results where the heuristics are weak (parse fields, skill
candidates, the DOMAIN/ALIAS_COLLISION tie-break, the nature-of-work sentence), within a per-JD budget, with
every call logged and identical prompts served from a persistent cache. See docs/llm.md.

Importing this package imports neither ``openai`` nor anything that touches the network.
"""

from taxo.core.settings import LlmSettings, Price
from taxo.engine.llm.assist import LlmAssist, LlmSession, Summarizer
from taxo.engine.llm.budget import Budget
from taxo.engine.llm.pricing import summarize_costs

__all__ = ["Budget", "LlmAssist", "LlmSession", "LlmSettings", "Price", "Summarizer", "summarize_costs"]
