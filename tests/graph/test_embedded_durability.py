"""The embedded FalkorDB keeps every acknowledged write, across kills and concurrent starts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from taxo.graph.backends.embedded import DB_FILE, _pid_alive, settings_pid
from taxo.graph.backends.falkordb import open_falkordb_embedded

ROOT = Path(__file__).resolve().parents[2]


def _child(directory: Path, prefix: str, n: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.graph.embedded_child", str(directory), prefix, str(n), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _ids(directory: Path) -> set[str]:
    store = open_falkordb_embedded(directory, "taxo", "always", 300)
    try:
        return {r["id"] for r in store.read("MATCH (s:Skill) RETURN s.id AS id")}
    finally:
        store.close()


def _server_pid(directory: Path) -> int:
    pid = settings_pid(directory / DB_FILE)
    assert pid is not None and _pid_alive(pid)
    return pid


@pytest.mark.slow
def test_sigkill_of_process_and_server_loses_no_acknowledged_write(tmp_path: Path) -> None:
    directory = tmp_path / "db"
    child = _child(directory, "k", 10_000, "--hold")
    acked: list[str] = []
    assert child.stdout is not None
    while len(acked) < 200:
        line = child.stdout.readline()
        assert line, child.stderr.read() if child.stderr else "child died"
        if line.startswith("ack "):
            acked.append(line.split()[1])
    server = _server_pid(directory)
    os.kill(child.pid, signal.SIGKILL)  # the writer dies mid-stream ...
    os.kill(server, signal.SIGKILL)  # ... and so does its server, as in a power loss
    child.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _pid_alive(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    found = _ids(directory)
    assert set(acked) <= found


@pytest.mark.slow
def test_two_processes_starting_at_once_lose_no_writes(tmp_path: Path) -> None:
    directory, go = tmp_path / "db", tmp_path / "go"
    children = [_child(directory, p, 100, "--go", str(go)) for p in ("a", "b")]
    time.sleep(1.5)  # both are waiting on the go file
    go.touch()
    servers = set()
    for c in children:
        out, err = c.communicate(timeout=120)
        assert c.returncode == 0, err
        assert out.strip().endswith("done")
        servers |= {line for line in out.splitlines() if line.startswith("server ")}
    assert len(servers) == 1, f"both processes must share one server, saw {servers}"
    assert _ids(directory) == {f"{p}-{i}" for p in ("a", "b") for i in range(100)}


@pytest.mark.slow
def test_stale_settings_of_a_dead_server_do_not_block_opening(tmp_path: Path) -> None:
    directory = tmp_path / "db"
    child = _child(directory, "s", 3, "--hold")
    assert child.stdout is not None
    while child.stdout.readline().strip() != "done":
        pass
    server = _server_pid(directory)
    os.kill(child.pid, signal.SIGKILL)
    os.kill(server, signal.SIGKILL)
    child.wait(timeout=30)
    assert (directory / f"{DB_FILE}.settings").exists()
    assert _ids(directory) == {"s-0", "s-1", "s-2"}


@pytest.mark.slow
def test_vector_query_right_after_reopen_waits_for_the_index_rebuild(tmp_path: Path) -> None:
    """FalkorDB rebuilds vector indexes asynchronously on load; a k-NN issued meanwhile must still answer."""
    import numpy as np

    from taxo.graph.schema import Label

    directory, dim, n = tmp_path / "db", 384, 4000
    vectors = np.random.default_rng(7).standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = open_falkordb_embedded(directory, "taxo", "always", 300)
    store.ensure_schema(dim)
    store.write_batches("UNWIND $rows AS r CREATE (:Skill {id: r.id})", [{"id": f"s{i}"} for i in range(n)])
    store.set_vectors(Label.SKILL, [(f"s{i}", v, "h") for i, v in enumerate(vectors)])
    store.close()

    reopened = open_falkordb_embedded(directory, "taxo", "always", 300)
    try:
        probes = [0, n // 2, n - 1]
        hits = reopened.knn(Label.SKILL, [vectors[i] for i in probes], 1)  # no wait before the query
        assert [h[0].id for h in hits] == [f"s{i}" for i in probes]
        assert reopened.indexes_ready()
    finally:
        reopened.close()


@pytest.mark.slow
def test_compact_rewrites_the_aof_as_a_snapshot_that_reopens_with_everything(tmp_path: Path) -> None:
    """After a bulk load the AOF is rewritten (RDB base, empty increment); nothing is lost on reopen."""
    import numpy as np

    from taxo.graph.schema import Label

    directory, dim, n = tmp_path / "db", 384, 500
    vectors = np.random.default_rng(3).standard_normal((n, dim)).astype(np.float32)
    store = open_falkordb_embedded(directory, "taxo", "always", 300)
    store.ensure_schema(dim)
    store.write_batches("UNWIND $rows AS r CREATE (:Skill {id: r.id})", [{"id": f"s{i}"} for i in range(n)])
    store.set_vectors(Label.SKILL, [(f"s{i}", v, "h") for i, v in enumerate(vectors)])
    store.compact()
    store.write("CREATE (:Skill {id: 'after-compact'})")  # acknowledged after the rewrite: in the new increment
    store.close()

    aof = directory / "appendonlydir"
    bases = sorted(aof.glob("*.base.rdb"))
    assert bases and bases[-1].stat().st_size > 100_000, "the AOF base should now hold the data as a snapshot"
    reopened = open_falkordb_embedded(directory, "taxo", "always", 300)
    try:
        assert reopened.read("MATCH (s:Skill) RETURN count(s) AS n")[0]["n"] == n + 1
        [hit] = reopened.knn(Label.SKILL, [vectors[42]], 1)
        assert hit[0].id == "s42"
    finally:
        reopened.close()
