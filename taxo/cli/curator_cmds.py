"""``taxo rules check|replay`` and ``taxo seeds diff|prune``: review a curator's pull request before merging.

Imports stay inside the commands: ``taxo rules check`` must not load the engine (it runs in a pre-commit
hook, under 3 s). A failed check exits through ``sys.exit(1)``: ``taxo.cli.main`` runs click with
``standalone_mode=False``, which turns ``click.exceptions.Exit`` into a discarded return value.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from taxo.app.context import Context
    from taxo.graph.seeds.diff import SeedDiff

DEFAULT_RUNS = 100


def _context() -> Context:
    """The process's store and settings (tests replace this)."""
    from taxo.app.context import Context

    return Context()


def _settings_dir(name: str) -> Path:
    from taxo.core.settings import get_settings

    return Path(getattr(get_settings(), name))


# -- taxo rules ----------------------------------------------------------------------------------------
@click.group("rules")
def rules_group() -> None:
    """Check rule files; replay stored runs under proposed rules."""


@rules_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def rules_check(paths: tuple[Path, ...]) -> None:
    """Validate every rule file and run the truth tables (exit 1 with ``file:rule: reason`` lines).

    PATHS are rules directories or files in them (a pre-commit hook passes the changed files); each is
    checked with its whole directory. Default: TAXO_RULES_DIR.
    """
    from taxo.rules.check import check_paths

    if not check_paths(paths or (_settings_dir("rules_dir"),), lambda line, err: click.echo(line, err=err)):
        sys.exit(1)


def _since(value: str | None) -> str | None:
    """An ISO date or time as the stored ``created_at`` strings compare (UTC, ``Z``)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD or an ISO time, got {value!r}", param_hint="--since") from None
    if len(value) == 10:
        return parsed.date().isoformat()
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _selection(last: int | None, since: str | None) -> str:
    parts = [f"the last {last} runs" if last else "all runs"]
    if since:
        parts.append(f"created since {since}")
    return " ".join(parts)


@rules_group.command("replay")
@click.option(
    "--rules",
    "proposed_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="the proposed rules directory",
)
@click.option(
    "--base",
    "base_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="the rules to compare with (default: TAXO_RULES_DIR, the rules the service runs)",
)
@click.option(
    "--runs",
    "last",
    type=click.IntRange(min=1),
    default=None,
    help=f"replay the last N stored runs (default {DEFAULT_RUNS}, or all with --since)",
)
@click.option("--since", default=None, metavar="DATE", help="replay runs created on or after DATE (YYYY-MM-DD or ISO)")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("taxo-replay"),
    show_default=True,
    help="directory for replay.md and replay.json",
)
@click.option(
    "--max-runs",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="changed runs shown in detail in the Markdown (the JSON has all)",
)
def rules_replay(
    proposed_dir: Path, base_dir: Path | None, last: int | None, since: str | None, out_dir: Path, max_runs: int
) -> None:
    """Re-decide stored runs (their saved signals) under proposed rules, read-only; write an impact report."""
    from taxo.app.replay import replay, select_runs, write_report
    from taxo.core.errors import RuleConfigError
    from taxo.engine.taxonomy import load_taxonomy
    from taxo.rules.book import RuleBook, load_rulebook

    books: list[RuleBook] = []
    for which, root in (("current", base_dir or _settings_dir("rules_dir")), ("proposed", proposed_dir)):
        try:
            books.append(load_rulebook(root))
        except RuleConfigError as exc:
            for line in exc.problems:
                click.echo(line, err=True)
            click.echo(f"taxo rules replay: the {which} rules in {root} do not load", err=True)
            sys.exit(1)
    base, proposed = books
    since_iso = _since(since)
    limit = last if last is not None or since_iso is not None else DEFAULT_RUNS
    with _context() as ctx:
        records, unreadable = select_runs(ctx.store, last=limit, since=since_iso)
        tax = load_taxonomy(ctx.store)
    report = replay(records, base, proposed, tax, _selection(limit, since_iso))
    report.skipped = unreadable + report.skipped
    md, js = write_report(report, out_dir, max_runs)
    n = report.counts()
    click.echo(
        f"replayed {n['replayed']} runs ({report.selection}): {n['decision_changed']} decision(s) change, "
        f"{n['rule_changed']} reach the same decision by another rule, {n['links_changed']} change their "
        f"role↔dimension links; {n['skipped']} skipped"
    )
    click.echo(f"report: {md} and {js}")


# -- taxo seeds ----------------------------------------------------------------------------------------
@click.group("seeds")
def seeds_group() -> None:
    """What proposed seed files would change in the graph; prune what they no longer hold."""


@seeds_group.command("diff")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="print the diff as JSON")
@click.option("--exit-code", is_flag=True, help="exit 1 when loading the files would change anything")
def seeds_diff(path: Path | None, as_json: bool, exit_code: bool) -> None:
    """What loading the seed files at PATH (default TAXO_SEEDS_DIR) would do to the graph; writes nothing.

    Exits 1 when ``taxo seed`` would refuse the files (e.g. an alias shared without a declaration).
    """
    from taxo.graph.seeds.diff import diff_seeds, read_proposed

    bundle, refused = read_proposed(path or _settings_dir("seeds_dir"))
    with _context() as ctx:
        diff = diff_seeds(ctx.store, bundle, refused)
    click.echo(diff.to_json() if as_json else diff.to_markdown(), nl=as_json)
    if diff.refused or (exit_code and not diff.empty):
        sys.exit(1)


def _removal_lines(diff: SeedDiff) -> list[str]:
    lines = []
    for n in diff.nodes:
        if n.change == "removed":
            lines.append(f"{n.label} {n.id}: " + (f"kept ({n.kept})" if n.kept else "delete"))
        elif n.change == "released":
            lines.append(f"{n.label} {n.id}: release (stays, loses its seed claim)")
    for x in diff.links:
        if x.change in ("removed", "released"):
            lines.append(f"{x.rel} {x.src} -> {x.dst}: " + ("delete" if x.change == "removed" else "release"))
    return lines


@seeds_group.command("prune")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="delete (without it, only list what would be deleted)")
@click.option("--json", "as_json", is_flag=True, help="print the outcome as JSON")
def seeds_prune(path: Path | None, yes: bool, as_json: bool) -> None:
    """Delete seed content the files at PATH no longer hold (never what runs or curators created).

    Same as the removals of ``taxo seed --prune``; run ``taxo seed`` first to apply the rest of the files.
    """
    import json

    from taxo.graph.seeds.diff import diff_seeds
    from taxo.graph.seeds.prune import prune_seeds
    from taxo.graph.seeds.reader import read_seeds

    bundle = read_seeds(path or _settings_dir("seeds_dir"))
    with _context() as ctx:
        diff = diff_seeds(ctx.store, bundle)
        lines = _removal_lines(diff)
        if not yes:
            if as_json:
                click.echo(json.dumps({"applied": False, "removals": lines}, indent=2))
            else:
                for line in lines:
                    click.echo(line)
                click.echo(f"nothing deleted: {len(lines)} removal(s) listed; pass --yes to apply them", err=True)
            return
        report = prune_seeds(ctx.store, bundle, diff)
    click.echo(json.dumps({"applied": True, **report.to_dict()}, indent=2) if as_json else report.summary())


COMMANDS = [rules_group, seeds_group]
