"""The run record's header: one home for the fields every run carries, and what step 1 adds to them.

A run starts as ``new_record`` (status ``running``); step 1 fills the header from its result
(``with_extract``: JD hash, title, case, rule, rules version, role). ``posted_record`` wraps step outputs a
client posts (read-only, never stored) in the same header.
"""

from __future__ import annotations

from typing import Any

from taxo.core.clock import now_iso
from taxo.engine.models.details import DetailsResult
from taxo.engine.models.run import ExtractResult, RunRecord


def new_record(run_id: str, read_only: bool) -> RunRecord:
    """A run that has not computed anything yet (``running``, created and updated now)."""
    now = now_iso()
    return RunRecord(run_id=run_id, status="running", read_only=read_only, created_at=now, updated_at=now, jd_hash="")


def with_extract(record: RunRecord, ex: ExtractResult) -> RunRecord:
    """The record with step 1's result and the header fields it decides (a rejected JD: status and reason)."""
    update: dict[str, Any] = {"extract": ex, "jd_hash": ex.jd.text_hash, "title": ex.jd.title}
    if ex.rejected:
        update.update(status="rejected", error=ex.rejection_reason)
    d = ex.decision
    if d is not None:
        update.update(
            case=d.case,
            rule_id=d.rule_id,
            rules_version=d.rules_version,
            role=d.role.slug if d.role else (d.new_role.slug if d.new_role else None),
        )
    return record.model_copy(update=update)


def posted_record(extract: ExtractResult, details: DetailsResult | None) -> RunRecord:
    """A read-only record around posted step outputs (never stored), at the step after the last one posted."""
    record = with_extract(new_record(extract.run_id, read_only=True), extract)
    return record.model_copy(update={"details": details, "status": "detailed" if details is not None else "extracted"})
