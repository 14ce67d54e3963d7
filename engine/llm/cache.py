"""Persistent cache of validated LLM answers: identical prompts are not paid twice.

Key: sha256 of model, task and the full prompt (system and user messages, which carry the JD hash and the
response schema name). Only answers that passed validation are stored, so a cache hit is as trustworthy as a
fresh answer (it is validated again anyway). One SQLite file, safe across processes and threads (one short
connection per operation, WAL journal).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

FILENAME = "llm-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    task TEXT NOT NULL,
    content TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created_at REAL NOT NULL
)
"""


def cache_key(model: str, task: str, messages: list[dict[str, str]]) -> str:
    """sha256 (hex) of the model, the task and the prompt."""
    payload = json.dumps(
        {"model": model, "task": task, "messages": messages}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    """A stored answer: the validated JSON text and the usage it cost when it was first paid for."""

    content: str
    prompt_tokens: int
    completion_tokens: int


class LlmCache:
    """Answers by key in ``<directory>/llm-cache.sqlite3``."""

    def __init__(self, directory: Path):
        self.path = Path(directory).expanduser() / FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = self._connect()
        try:
            db.execute("PRAGMA journal_mode=WAL")
            with db:
                db.execute(_SCHEMA)
        finally:
            db.close()

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def get(self, key: str) -> CachedAnswer | None:
        db = self._connect()
        try:
            row = db.execute(
                "SELECT content, prompt_tokens, completion_tokens FROM answers WHERE key = ?", (key,)
            ).fetchone()
        finally:
            db.close()
        return CachedAnswer(row[0], int(row[1]), int(row[2])) if row else None

    def put(self, key: str, model: str, task: str, content: str, prompt_tokens: int, completion_tokens: int) -> None:
        db = self._connect()
        try:
            with db:
                db.execute(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, model, task, content, prompt_tokens, completion_tokens, time.time()),
                )
        finally:
            db.close()

    def __len__(self) -> int:
        db = self._connect()
        try:
            return int(db.execute("SELECT count(*) FROM answers").fetchone()[0])
        finally:
            db.close()
