"""Swap the rules of a running service only for rules that pass ``taxo rules check``.

The API's token-protected reload calls ``try_reload``; on any problem the service keeps the rules it runs.

Example::

    >>> book, problems = try_reload(app_book, Path("rules"))   # doctest: +SKIP
    >>> problems
    []
"""

from __future__ import annotations

from pathlib import Path

from taxo.rules.book import RuleBook
from taxo.rules.check import check_rules


def try_reload(current: RuleBook, path: Path | None = None) -> tuple[RuleBook, list[str]]:
    """Validate and compile the rule files at ``path`` (default: where ``current`` came from).

    Args:
        current: the rules the service runs now.
        path: the rules directory to load.

    Returns:
        ``(new_book, [])`` when every rule file is valid and every truth-table row passes;
        ``(current, [])`` when the files are unchanged (same version: nothing to swap);
        ``(current, problems)`` otherwise, ``problems`` being ``file:rule: reason`` lines.
    """
    result = check_rules(Path(path) if path is not None else current.root)
    if not result.ok or result.book is None:
        return current, result.problems
    if result.book.version == current.version:
        return current, []
    return result.book, []
