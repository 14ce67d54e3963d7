"""``taxo serve`` in a subprocess: it serves, and SIGTERM/SIGINT close the embedded store (no orphan server)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from taxo.graph.backends.embedded import DB_FILE, settings_pid

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][:1] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def _wait(predicate, timeout: float) -> bool:  # noqa: ANN001 - a zero-argument callable
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    port = _free_port()
    env = {**os.environ, "TAXO_DATA_DIR": str(tmp_path / "data"), "TAXO_EMBEDDER": "hash", "TAXO_API_TOKEN": "t0k"}
    env.pop("TAXO_STORE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "taxo", "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def up() -> bool:
            assert proc.poll() is None, proc.communicate()[1]
            try:
                return httpx.get(f"{base}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        assert _wait(up, 120), "the server did not answer /health"
        health = httpx.get(f"{base}/health").json()
        assert health["store"]["reachable"] and health["model"]["loaded"] and health["rules_version"]
        assert httpx.get(f"{base}/schema/openapi.json").status_code == 200
        assert httpx.post(f"{base}/pipeline/runs", json={"text": "hello"}).status_code == 401
        pid = settings_pid(tmp_path / "data" / "taxo" / DB_FILE)
        assert pid is not None and _alive(pid), "the embedded redis-server should be running"
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        # uvicorn shuts down gracefully (lifespan shutdown), then re-raises the signal it caught
        assert proc.returncode in (0, 130, -sig), err
        assert f"OpenAPI UI: http://127.0.0.1:{port}/schema" in out
        assert _wait(lambda: not _alive(pid), 30), f"embedded redis-server {pid} outlived taxo serve"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
