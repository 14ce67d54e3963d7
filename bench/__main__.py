"""Run every benchmark on a fresh embedded store and the real model; print a table, write JSON.

    python -m bench [--quick] [--out bench/results/latest.json]

Seed load, cold start, per-step and end-to-end latency (read-only and persisting), batch throughput at 1
and 2 workers, peak memory, and vector k-NN latency at 5k and 50k KRA nodes. Corpus: the SkillSpan
development postings. Latency figures are over every posting; cold start is the median of three.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.corpus import postings
from bench.stats import median

console = Console()


def _taxo(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "taxo", *args], env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"taxo {' '.join(args)} failed: {proc.stderr.strip()}")
    return time.perf_counter() - t0, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer postings and no 50k k-NN (a smoke run)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "latest.json")
    args = parser.parse_args()
    corpus = postings(40 if args.quick else None)
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "corpus": f"SkillSpan dev postings ({len(corpus)})",
    }
    with tempfile.TemporaryDirectory(prefix="taxo-bench-") as tmp:
        env = {**os.environ, "TAXO_DATA_DIR": tmp, "TAXO_EMBEDDER": "minilm"}
        env.pop("TAXO_STORE", None)
        console.print("seeding the full taxonomy (real model) ...")
        wall, proc = _taxo(["seed", "--json"], env)
        results["seed"] = {"wall_seconds": round(wall, 1), "load_seconds": json.loads(proc.stdout)["seconds"]}
        sample = Path(tmp) / "sample.txt"
        sample.write_text(corpus[0]["text"], encoding="utf-8")
        console.print("cold start ...")
        results["cold_start_seconds"] = median(
            [_taxo(["run", "--read-only", "--json", str(sample)], env)[0] for _ in range(3)]
        )

        os.environ.update({"TAXO_DATA_DIR": tmp, "TAXO_EMBEDDER": "minilm"})
        from bench.knn_bench import knn_latency
        from bench.pipeline_bench import latency, peak_rss_mb, server_rss_mb, throughput
        from taxo.app.context import Context
        from taxo.core.settings import Settings
        from taxo.graph.backends.embedded import DB_FILE, settings_pid

        with Context(Settings()) as ctx:
            console.print("latency (read-only, then persisting) ...")
            results["read_only"] = latency(ctx, corpus, read_only=True, repeats=1 if args.quick else 2)
            results["persisting"] = latency(ctx, corpus, read_only=False, repeats=1)
            console.print("batch throughput ...")
            results["batch"] = [throughput(ctx, corpus, w, read_only=False) for w in (1, 2)]
            results["peak_rss_mb"] = {
                "taxo_process": peak_rss_mb(),
                "embedded_server": server_rss_mb(settings_pid(Path(tmp) / "taxo" / DB_FILE)),
            }
            console.print("vector k-NN ...")
            store = ctx.store
            results["knn"] = []
            for n in (5_000,) if args.quick else (5_000, 50_000):
                graph = store.for_graph(f"bench_knn_{n}")  # type: ignore[attr-defined]
                graph.clear()
                results["knn"].append(knn_latency(graph, n))
                graph.clear()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    console.print(table(results))
    console.print(f"written: {args.out}")


def table(r: dict[str, Any]) -> Table:
    """The headline figures as one table."""
    t = Table(title=f"taxo bench · {r['date']} · {r['machine']} · {r['corpus']}")
    t.add_column("measure")
    t.add_column("value", justify="right")
    t.add_row(
        "seed load (full taxonomy, real model)",
        f"{r['seed']['load_seconds']} s (process {r['seed']['wall_seconds']} s)",
    )
    t.add_row("cold start (process → first result)", f"{r['cold_start_seconds']} s")
    for mode in ("read_only", "persisting"):
        e = r[mode]["end_to_end_ms"]
        t.add_row(f"end to end, {mode.replace('_', '-')} (p50 / p95 / p99)", f"{e['p50']} / {e['p95']} / {e['p99']} ms")
    for step, s in r["persisting"]["steps_ms"].items():
        t.add_row(f"  step {step} (p50 / p95)", f"{s['p50']} / {s['p95']} ms")
    for b in r["batch"]:
        t.add_row(f"batch, {b['workers']} worker(s), persisting", f"{b['jds_per_s']} JDs/s")
    t.add_row(
        "peak RSS (taxo process / embedded server)",
        f"{r['peak_rss_mb']['taxo_process']} / {r['peak_rss_mb']['embedded_server']} MiB",
    )
    for k in r["knn"]:
        q = k["query_ms"]
        t.add_row(
            f"k-NN k=10 over {k['nodes']:,} KRAs (p50 / p95, recall@10)",
            f"{q['p50']} / {q['p95']} ms, {k['recall_at_10']}",
        )
    return t


if __name__ == "__main__":
    main()
