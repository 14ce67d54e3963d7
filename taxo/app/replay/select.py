"""Reading the stored runs a replay re-decides (the only part of the replay that touches a store, read-only)."""

from __future__ import annotations

from pydantic import ValidationError

from taxo.app.replay.outcomes import Skipped
from taxo.app.runs import load_record
from taxo.core.errors import NotFound
from taxo.engine.models.run import RunRecord
from taxo.graph.repo.runs import list_runs
from taxo.graph.store import GraphStore


def select_runs(
    store: GraphStore, last: int | None = None, since: str | None = None, page: int = 200
) -> tuple[list[RunRecord], list[Skipped]]:
    """Stored runs, newest first: the last ``last`` (all when None) created at or after ``since`` (ISO).

    Returns the records and the runs whose stored record cannot be read (e.g. an older record format).
    """
    records: list[RunRecord] = []
    unreadable: list[Skipped] = []
    skip = 0
    while last is None or skip < last:
        limit = page if last is None else min(page, last - skip)
        _, rows = list_runs(store, since=since, skip=skip, limit=limit)
        for row in rows:
            try:
                records.append(load_record(store, str(row["run_id"])))
            except (NotFound, ValidationError) as exc:
                why = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
                unreadable.append(Skipped(str(row["run_id"]), f"stored record cannot be read: {why}"))
        skip += len(rows)
        if len(rows) < limit:
            break
    return records, unreadable
