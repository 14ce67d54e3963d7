"""The fixed benchmark corpus: the SkillSpan development postings (eval/data/skillspan_dev.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT / "eval" / "data" / "skillspan_dev.jsonl"


def postings(limit: int | None = None) -> list[dict[str, str]]:
    """``{"id", "text"}`` per posting, in file order."""
    with CORPUS.open(encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh if line.strip()]
    return [{"id": i["id"], "text": i["text"]} for i in items][:limit]


def write_jsonl(items: list[dict[str, str]], path: Path) -> Path:
    """The corpus as ``taxo batch`` input."""
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path
