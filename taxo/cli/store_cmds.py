"""``taxo seed``, ``taxo stats``, ``taxo query``: the store from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from taxo.app.context import Context
from taxo.graph.repo.browse import analyst_query
from taxo.graph.seeds.loader import load_seeds, total_rows
from taxo.graph.seeds.prune import prune_seeds
from taxo.graph.seeds.reader import read_seeds
from taxo.graph.store import StoreStats

console = Console()


def stats_tables(stats: StoreStats, before: StoreStats | None = None) -> list[Table]:
    """Rich tables of node/relationship counts (with deltas when ``before`` is given) and indexes."""
    counts = Table(title="graph counts", show_lines=False)
    counts.add_column("kind")
    counts.add_column("name")
    counts.add_column("count", justify="right")
    if before is not None:
        counts.add_column("change", justify="right")
    for kind, now, then in (
        ("node", stats.nodes, before.nodes if before else {}),
        ("relationship", stats.relationships, before.relationships if before else {}),
    ):
        for name, n in now.items():
            row = [kind, name, str(n)]
            if before is not None:
                row.append(f"{n - then.get(name, 0):+d}")
            counts.add_row(*row)
    idx = Table(title="indexes")
    for col in ("label", "property", "kind", "state", "dimension"):
        idx.add_column(col)
    for i in stats.indexes:
        idx.add_row(i.label, i.property, i.kind, i.state, "" if i.dimension is None else str(i.dimension))
    return [counts, idx]


def stats_dict(stats: StoreStats) -> dict[str, object]:
    """JSON-ready counts and index states."""
    return {"nodes": stats.nodes, "relationships": stats.relationships, "indexes": [i.__dict__ for i in stats.indexes]}


@click.command()
@click.option(
    "--path",
    "path",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="seed directory (default: the repository's seeds/)",
)
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
@click.option(
    "--prune",
    is_flag=True,
    help="then delete seed content the files no longer hold (never what runs or curators created)",
)
def seed(path: Path | None, as_json: bool, prune: bool) -> None:
    """Load the seed taxonomy into the store (idempotent: a second run changes nothing).

    Loading only adds and updates; ``--prune`` also applies the removals ``taxo seeds diff`` lists.
    """
    with Context() as ctx:
        bundle = read_seeds(path or ctx.settings.seeds_dir)  # validate everything before any write
        store, embedder = ctx.store, ctx.embedder
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=as_json,
        ) as bar:
            task = bar.add_task("seeding", total=total_rows(bundle))

            def tick(desc: str, n: int) -> None:
                bar.update(task, description=desc, advance=0 if desc.startswith("embeddings") else n)

            report = load_seeds(store, bundle, embedder, progress=tick)
        pruned = prune_seeds(store, bundle) if prune else None
        after = store.stats() if pruned is not None and pruned.total else report.after
    if as_json:
        extra = {"pruned": pruned.to_dict()} if pruned is not None else {}
        click.echo(
            json.dumps(
                {
                    "seed_version": report.seed_version,
                    "seconds": report.seconds,
                    "embedded": report.embedded,
                    **extra,
                    **stats_dict(after),
                },
                indent=2,
            )
        )
        return
    console.print(
        f"seed version [bold]{report.seed_version}[/] loaded in {report.seconds:.1f} s; "
        f"embedded {sum(report.embedded.values())} new texts"
    )
    if pruned is not None:
        console.print(pruned.summary())
    console.print(stats_tables(after, report.before)[0])


@click.command()
@click.option("--json", "as_json", is_flag=True, help="print counts as JSON")
def stats(as_json: bool) -> None:
    """Node and relationship counts per label/type, and index states."""
    with Context() as ctx:
        s = ctx.store.stats()
    if as_json:
        click.echo(json.dumps(stats_dict(s), indent=2))
        return
    for table in stats_tables(s):
        console.print(table)


@click.command()
@click.argument("cypher")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=JSON", help="a query parameter")
@click.option("--json", "as_json", is_flag=True, help="print rows as JSON lines")
def query(cypher: str, params: tuple[str, ...], as_json: bool) -> None:
    """Run a read-only Cypher query (writes are refused by the store)."""
    values: dict[str, object] = {}
    for p in params:
        name, sep, raw = p.partition("=")
        if not sep or not name.isidentifier():
            raise click.BadParameter(f"expected NAME=JSON, got {p!r}", param_hint="--param")
        try:
            values[name] = json.loads(raw)
        except json.JSONDecodeError:
            values[name] = raw
    with Context() as ctx:
        rows = analyst_query(ctx.store, cypher, values)
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, default=str))
        return
    table = Table(show_lines=False)
    for col in rows[0].keys() if rows else ["(no rows)"]:
        table.add_column(col)
    for r in rows:
        table.add_row(*(json.dumps(v, default=str) if not isinstance(v, str) else v for v in r.values()))
    console.print(table)


COMMANDS = [seed, stats, query]
