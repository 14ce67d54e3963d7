"""The one clock: timestamps as both stores keep them (UTC, ISO 8601, milliseconds, ``Z``)."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    """Current UTC time as an ISO-8601 string (portable across both stores), e.g. ``2026-11-22T09:30:00.123Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
