"""``taxo eval``: score extraction and role resolution on a gold file (read-only)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from taxo.app.context import Context
from taxo.app.evaluation.runner import evaluate, load_gold

console = Console()

#: The development gold file of a checkout (taxo/cli/ → the repository root); an installed taxo needs --gold.
DEV_GOLD = Path(__file__).resolve().parents[2] / "eval" / "data" / "skillspan_dev.jsonl"


@click.command("eval")
@click.option(
    "--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEV_GOLD, show_default=True
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("eval-report"),
    show_default=True,
    help="directory for report.md and report.json",
)
@click.option("--source", default=None, help="only postings of this source (tech, house)")
@click.option("--limit", type=int, default=None, help="only the first N postings")
def eval_command(gold: Path, out_dir: Path, source: str | None, limit: int | None) -> None:
    """Measure skill extraction and role resolution against gold labels, beside baselines. Never writes."""
    items = [i for i in load_gold(gold) if source is None or i.get("source") == source][:limit]
    with (
        Context() as ctx,
        Progress(
            TextColumn("eval"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True
        ) as bar,
    ):
        task = bar.add_task("eval", total=len(items))
        result = evaluate(ctx.pipeline, items, progress=lambda: bar.advance(task))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.md").write_text(result.markdown, encoding="utf-8")
    (out_dir / "report.json").write_text(
        json.dumps({**result.data, "decisions": result.decisions}, indent=2), encoding="utf-8"
    )
    headline = result.markdown.split("## Skill extraction")[0]
    console.print(headline)
    console.print(f"report: {out_dir / 'report.md'}, {out_dir / 'report.json'}")


COMMANDS = [eval_command]
