"""A child process for durability tests: open the embedded store, write nodes, report each ack.

Usage: python -m tests.graph.embedded_child DIR PREFIX N [--go FILE] [--hold]
Prints ``ack <id>`` after each write the server acknowledged; waits for FILE before opening; with
``--hold`` it stays alive after writing (to be killed) instead of closing the store.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from taxo.graph.backends.embedded import DB_FILE, settings_pid
from taxo.graph.backends.falkordb import open_falkordb_embedded


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("prefix")
    parser.add_argument("n", type=int)
    parser.add_argument("--go", type=Path)
    parser.add_argument("--hold", action="store_true")
    args = parser.parse_args()
    directory, prefix, n = args.directory, args.prefix, args.n
    while args.go is not None and not args.go.exists():
        time.sleep(0.001)
    store = open_falkordb_embedded(directory, "taxo", "always", 300)
    print(f"server {settings_pid(directory / DB_FILE)}", flush=True)
    for i in range(n):
        node_id = f"{prefix}-{i}"
        store.write("CREATE (:Skill {id: $id})", {"id": node_id})
        print(f"ack {node_id}", flush=True)
    print("done", flush=True)
    if args.hold:
        time.sleep(3600)
    store.close()


if __name__ == "__main__":
    main()
