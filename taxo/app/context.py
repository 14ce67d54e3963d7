"""The one wiring point: settings → store, embedder, rules and the pipeline."""

from __future__ import annotations

from functools import cached_property

from taxo.app.runs import RunService
from taxo.core.embeddings import Embedder, make_embedder
from taxo.core.settings import Settings, get_settings
from taxo.engine.llm import LlmAssist
from taxo.graph.connect import open_store
from taxo.graph.store import GraphStore
from taxo.rules import RuleBook, load_rulebook


class Context:
    """Lazily opened resources of one process; ``close()`` releases them."""

    def __init__(
        self, settings: Settings | None = None, store: GraphStore | None = None, embedder: Embedder | None = None
    ):
        self.settings = settings or get_settings()
        self._store = store
        self._embedder = embedder

    @property
    def store(self) -> GraphStore:
        """The graph store ``TAXO_STORE`` names (opened on first use)."""
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

    @cached_property
    def embedder(self) -> Embedder:
        """The embedder ``TAXO_EMBEDDER`` names (loaded on first use)."""
        if self._embedder is not None:
            return self._embedder
        s = self.settings
        return make_embedder(s.embedder, s.model_path, s.embed_batch_size)

    @cached_property
    def rulebook(self) -> RuleBook:
        """The rule files of ``TAXO_RULES_DIR``, validated (loaded on first use)."""
        return load_rulebook(self.settings.rules_dir)

    @cached_property
    def llm(self) -> LlmAssist | None:
        """The optional LLM assistant (None unless ``TAXO_LLM_BASE_URL`` or ``TAXO_LLM_API_KEY`` is set)."""
        return LlmAssist.from_settings(self.settings.llm)

    @cached_property
    def pipeline(self) -> RunService:
        """The pipeline over this context's store, embedder, rules and (optional) LLM, storing its runs."""
        return RunService(self.store, self.embedder, self.rulebook, self.llm)

    def close(self) -> None:
        """Close the LLM client and the store if this context opened them."""
        if "llm" in self.__dict__ and self.llm is not None:
            self.llm.close()
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
