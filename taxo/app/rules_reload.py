"""Swap the rules of a running service only for rules that pass ``taxo rules check``.

The API's token-protected reload calls ``reload_rules``; on any problem the service keeps the rules it runs.

Example::

    >>> book, problems = try_reload(app_book, Path("rules"))   # doctest: +SKIP
    >>> problems
    []
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from taxo.core.errors import RuleConfigError
from taxo.rules.book import RuleBook
from taxo.rules.check import check_rules

if TYPE_CHECKING:
    from taxo.app.context import Context


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


def reload_rules(ctx: Context) -> tuple[bool, str]:
    """Swap in the rule files of the context's rules directory if they pass ``taxo rules check``.

    Returns whether the rules were swapped (False: the files are unchanged) and the previous version.
    Invalid files raise ``RuleConfigError`` (``file:rule: reason`` lines) and the running rules stay. A run
    in progress may use the new rules for its remaining decisions (the pipeline reads its ``book`` at each
    decision); every decision records the version it used.
    """
    current = ctx.rulebook
    book, problems = try_reload(current)
    if problems:
        raise RuleConfigError(problems)
    swapped = book is not current
    if swapped:
        ctx.__dict__["rulebook"] = book  # Context.rulebook is a cached_property: replace its cached value
        ctx.pipeline.book = book
    return swapped, current.version
