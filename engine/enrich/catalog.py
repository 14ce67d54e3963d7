"""The curated inputs of the enrichment (``seeds/enrichment/``), validated and cached per process.

Files are re-read only when their content changes (keyed by path, size and mtime; identified by a
content hash). Exemplar embeddings are cached by (embedder model id, file hash).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from taxo.core.embeddings import Embedder
from taxo.core.errors import ConfigError
from taxo.core.settings import get_settings

ENRICHMENT = "enrichment"  # the folder of these files under the seeds directory (TAXO_SEEDS_DIR)
NATURE_FILE = "nature-of-work.yaml"
VOCAB_FILE = "ai-vocabulary.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Strict):
    """One nature-of-work category and the sentences that exemplify it."""

    slug: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=3)
    description: str = Field(min_length=10)
    exemplars: list[str] = Field(min_length=4, max_length=8)

    @field_validator("exemplars")
    @classmethod
    def _sentences(cls, v: list[str]) -> list[str]:
        for e in v:
            if len(e.split()) < 4:
                raise ValueError(f"exemplar '{e}' is not a sentence (4+ words)")
        if len({e.casefold() for e in v}) != len(v):
            raise ValueError("duplicate exemplar")
        return v


class NatureCatalog(_Strict):
    """``nature-of-work.yaml``."""

    version: int
    categories: list[Category] = Field(min_length=8, max_length=14)

    @model_validator(mode="after")
    def _unique(self) -> NatureCatalog:
        slugs = [c.slug for c in self.categories]
        if len(set(slugs)) != len(slugs):
            raise ValueError("duplicate category slug")
        every = [e.casefold() for c in self.categories for e in c.exemplars]
        if len(set(every)) != len(every):
            raise ValueError("an exemplar is listed under two categories")
        return self


class AiVocabulary(_Strict):
    """``ai-vocabulary.yaml``."""

    version: int
    title_terms: list[str] = Field(min_length=1)
    team_patterns: list[str] = Field(min_length=1)
    product_patterns: list[str] = Field(min_length=1)

    @field_validator("team_patterns", "product_patterns")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"pattern {p!r} is not a regular expression: {exc}") from None
        return v


@dataclass(frozen=True)
class Loaded:
    """A validated file and the hash of its content."""

    path: Path
    sha: str
    data: Any


@dataclass(frozen=True)
class Vocabulary:
    """The AI vocabulary compiled to case-insensitive, word-bounded patterns."""

    sha: str
    title: re.Pattern[str]
    team: tuple[re.Pattern[str], ...]
    product: tuple[re.Pattern[str], ...]


_lock = threading.Lock()
_files: dict[tuple[str, int, int], Loaded] = {}
_exemplar_vectors: dict[tuple[str, str], np.ndarray] = {}
_vocab: dict[str, Vocabulary] = {}


def default_dir() -> Path:
    """``seeds/enrichment`` of the configured seeds directory (``TAXO_SEEDS_DIR``, default: the installed seeds)."""
    return get_settings().seeds_dir / ENRICHMENT


def _load(path: Path, model: type[BaseModel]) -> Loaded:
    try:
        st = path.stat()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the enrichment file: {exc}") from exc
    key = (str(path), st.st_size, st.st_mtime_ns)
    with _lock:
        hit = _files.get(key)
    if hit is not None:
        return hit
    raw = path.read_bytes()
    try:
        data = model.model_validate(yaml.safe_load(raw))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(file)"
        raise ConfigError(f"{path}: {loc}: {first['msg']}") from exc
    loaded = Loaded(path, hashlib.sha256(raw).hexdigest()[:16], data)
    with _lock:
        _files[key] = loaded
    return loaded


def nature_catalog(directory: Path | None = None) -> Loaded:
    """The validated nature-of-work categories (``Loaded.data`` is a ``NatureCatalog``)."""
    return _load((directory or default_dir()) / NATURE_FILE, NatureCatalog)


def exemplar_vectors(catalog: Loaded, embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """(exemplar vectors, category index of each row), embedded once per model and file content."""
    cats: NatureCatalog = catalog.data
    owner = np.asarray([i for i, c in enumerate(cats.categories) for _ in c.exemplars], dtype=np.int64)
    key = (embedder.model_id, catalog.sha)
    with _lock:
        vecs = _exemplar_vectors.get(key)
    if vecs is None:
        vecs = embedder.encode([e for c in cats.categories for e in c.exemplars])
        with _lock:
            _exemplar_vectors[key] = vecs
    return vecs, owner


def _alternation(terms: list[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))


def vocabulary(directory: Path | None = None) -> Vocabulary:
    """The compiled AI vocabulary."""
    loaded = _load((directory or default_dir()) / VOCAB_FILE, AiVocabulary)
    with _lock:
        hit = _vocab.get(loaded.sha)
    if hit is not None:
        return hit
    v: AiVocabulary = loaded.data

    def bounded(p: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w/])(?:{p})(?![\w/])", re.IGNORECASE)

    out = Vocabulary(
        loaded.sha,
        bounded(_alternation(v.title_terms)),
        tuple(bounded(p) for p in v.team_patterns),
        tuple(bounded(p) for p in v.product_patterns),
    )
    with _lock:
        _vocab[loaded.sha] = out
    return out
