"""Latency per step and end to end, batch throughput at 1 and 2 workers, peak memory."""

from __future__ import annotations

import resource
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench.stats import summary
from taxo.app.context import Context

STEPS = (
    "parse",
    "skills",
    "embed",
    "signals",
    "decide",
    "extract_from_jd",
    "extract_details",
    "final_role_output",
    "enrich",
    "persist",
)


def latency(ctx: Context, corpus: list[dict[str, str]], read_only: bool, repeats: int) -> dict[str, Any]:
    """End-to-end and per-step milliseconds over the corpus (warm: a few runs first)."""
    pipeline = ctx.pipeline
    for item in corpus[:5]:
        pipeline.run(item["text"], read_only=True)
    e2e: list[float] = []
    steps: dict[str, list[float]] = {s: [] for s in STEPS}
    for _ in range(repeats):
        for item in corpus:
            t0 = time.perf_counter()
            record = pipeline.run(item["text"], read_only=read_only)
            e2e.append((time.perf_counter() - t0) * 1000)
            for s in STEPS:
                if s in record.timings_ms:
                    steps[s].append(record.timings_ms[s])
    return {"end_to_end_ms": summary(e2e), "steps_ms": {s: summary(v) for s, v in steps.items() if v}}


def throughput(ctx: Context, corpus: list[dict[str, str]], workers: int, read_only: bool) -> dict[str, Any]:
    """JDs per second with ``workers`` threads sharing one pipeline (the model and store are shared)."""
    pipeline = ctx.pipeline
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda item: pipeline.run(item["text"], read_only=read_only), corpus))
    seconds = time.perf_counter() - t0
    return {
        "workers": workers,
        "jds": len(corpus),
        "seconds": round(seconds, 2),
        "jds_per_s": round(len(corpus) / seconds, 1),
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process (model, taxonomy snapshot, pipeline) in MiB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def server_rss_mb(pid: int | None) -> float | None:
    """Current resident memory of the embedded redis-server in MiB."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None
