"""``taxo run``, ``taxo batch`` and ``taxo runs``: the pipeline from the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from taxo.app.context import Context
from taxo.core.errors import NotFound, TaxoError
from taxo.engine.enrich.render import lines as render_lines
from taxo.engine.models.run import RunRecord
from taxo.graph.repo.runs import get_run, list_runs

console = Console()
TOP_LEVEL_STEPS = ("extract_from_jd", "extract_details", "final_role_output", "enrich", "persist")  # not nested


def batch_line(item_id: str, record: RunRecord) -> dict[str, Any]:
    """One output line of ``taxo batch``: the decision, skills, dimensions, persistence and timings."""
    ex = record.extract
    d = ex.decision if ex else None
    out: dict[str, Any] = {"id": item_id, "run_id": record.run_id, "status": record.status}
    if ex is None or ex.rejected:
        out["rejected"] = {"reason": ex.rejection_reason if ex else record.error}
        out["decision"] = None
        out["skills"] = []
    else:
        assert d is not None and ex.skills is not None
        out["decision"] = {
            "case": d.case,
            "role": d.role.model_dump() if d.role else None,
            "new_role": d.new_role.model_dump() if d.new_role else None,
            "confidence": d.confidence,
            "rule_id": d.rule_id,
            "rules_version": d.rules_version,
            "reasoning": d.reasoning,
        }
        out["skills"] = [
            {"text": s.text, "canonical_slug": s.canonical_slug, "primary": s.primary, "match": s.match.value}
            for s in ex.skills.skills
        ]
        out["skills"] += [
            {"text": c.text, "canonical_slug": None, "primary": c.primary, "match": "new"} for c in ex.skills.candidates
        ]
    if record.details is not None:
        out["dimensions"] = [
            {"skill": s.input_skill, "dimensions": [d.slug for d in s.dimensions]} for s in record.details.skills
        ]
    if record.final is not None:
        out["persistence"] = {"read_only": record.final.read_only, **record.final.counts.model_dump()}
    if record.enrichment is not None:
        e = record.enrichment
        out["enrichment"] = {
            "nature_of_work": e.nature_of_work.category_name,
            "tech_stack_maturity": e.tech_stack_maturity.label,
            "ai_index": e.ai_index.score,
            "sources": e.sources.model_dump(),
        }
    out["timings_ms"] = record.timings_ms
    return out


def _print_record(record: RunRecord) -> None:
    ex = record.extract
    console.print(f"run [bold]{record.run_id}[/] · status {record.status}")
    if ex is None or ex.rejected:
        console.print(f"[red]rejected[/]: {ex.rejection_reason if ex else record.error}")
        return
    d = ex.decision
    assert d is not None and ex.skills is not None and ex.signals is not None
    role = d.role.display_name if d.role else f"NEW: {d.new_role.display_name if d.new_role else '?'}"
    console.print(f"title: {ex.jd.title or '(none)'}")
    console.print(
        f"[bold]{role}[/] · case {d.case} · rule {d.rule_id} · rules {d.rules_version} · confidence {d.confidence:.2f}"
    )
    console.print(d.reasoning)
    sig = Table(title="signals (top 3 each)")
    for col in ("signal", "role", "score"):
        sig.add_column(col)
    for name in ("combined", "alias", "title_vector", "kra", "skill", "centroid"):
        for rs in getattr(ex.signals, name)[:3]:
            sig.add_row(name, rs.slug, f"{rs.score:.3f}")
    console.print(sig)
    skills = Table(title="skills")
    for col in ("skill", "canonical", "primary", "match"):
        skills.add_column(col)
    for s in ex.skills.skills:
        skills.add_row(s.text, s.canonical_slug, "yes" if s.primary else "", s.match.value)
    for c in ex.skills.candidates:
        skills.add_row(c.text, "(new)", "yes" if c.primary else "", "new")
    console.print(skills)
    if record.final is not None:
        console.print(f"persistence: {record.final.counts.model_dump()}")
    if record.enrichment is not None:
        console.print("[bold]client profile[/]")
        for line in render_lines(record.enrichment):
            console.print(line, markup=False, highlight=False)
    console.print(f"timings (ms): {record.timings_ms}")
    if record.llm_calls:
        calls = Table(title=f"LLM calls (total ${record.llm_cost_usd.get('total', 0.0):.5f})")
        for col in ("step", "purpose", "model", "status", "tokens in/out", "cost $", "ms", "cached", "prompt", "error"):
            calls.add_column(col)
        for call in record.llm_calls:
            calls.add_row(
                call.step,
                call.purpose,
                call.model,
                call.status,
                f"{call.prompt_tokens}/{call.completion_tokens}",
                f"{call.cost_usd:.5f}",
                f"{call.latency_ms:.0f}",
                "yes" if call.cached else "",
                call.prompt_hash[:12],
                call.error or "",
            )
        console.print(calls)


@click.command("run")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--title", default=None, help="the job title, if the text lacks one")
@click.option("--json", "as_json", is_flag=True, help="print the whole run record as JSON")
@click.option("--read-only", is_flag=True, help="decide without writing anything to the graph")
def run_one(file: Any, title: str | None, as_json: bool, read_only: bool) -> None:
    """Run the pipeline on one JD (FILE, or - for standard input)."""
    text = file.read()
    with Context() as ctx:
        record = ctx.pipeline.run(text, title=title, read_only=read_only)
    if as_json:
        click.echo(record.model_dump_json(indent=2))
    else:
        _print_record(record)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                yield n, line


@click.command()
@click.argument("input_path", metavar="INPUT.jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="OUT.jsonl")
@click.option("--read-only", is_flag=True, help="decide without writing anything to the graph")
@click.option(
    "--summary",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="print a table of the first N decisions (0: none)",
)
def batch(input_path: Path, output: Path, read_only: bool, summary: int) -> None:
    """Run every JD of INPUT.jsonl (lines {"id", "text", "title"?}); a bad line gets an error object."""
    total = sum(1 for _ in _lines(input_path))
    with (
        Context() as ctx,
        output.open("w", encoding="utf-8") as out,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=not sys.stderr.isatty(),
        ) as bar,
    ):
        task = bar.add_task("batch", total=total)
        for n, line in _lines(input_path):
            out.write(json.dumps(_one(ctx, n, line, read_only), ensure_ascii=False) + "\n")
            bar.advance(task)
        out.flush()
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    failed = sum(1 for r in rows if "error" in r)
    ok = len(rows) - failed
    if rows and summary:
        console.print(_batch_table(rows[:summary]))
    console.print(f"{ok} processed, {failed} with errors → {output}")


def _batch_table(rows: list[dict[str, Any]]) -> Table:
    """One line per output row: the decision, the rule that fired and how many skills were found."""
    table = Table(title="decisions")
    for col in ("id", "role", "rule", "skills", "ms"):
        table.add_column(col, overflow="fold")  # wrap long slugs in a narrow terminal rather than cut them
    for r in rows:
        d = r.get("decision")
        if "error" in r:
            table.add_row(str(r.get("id")), "[red]error[/]", r["error"]["type"], "", "")
        elif d is None:
            table.add_row(str(r["id"]), "rejected", str(r["rejected"]["reason"]), "", "")
        else:
            role = d["role"]["slug"] if d["role"] else f"new: {d['new_role']['display_name']}"
            table.add_row(
                str(r["id"]),
                role,
                d["rule_id"],
                str(len(r["skills"])),
                f"{sum(r['timings_ms'].get(k, 0.0) for k in TOP_LEVEL_STEPS):.0f}",
            )
    return table


def _one(ctx: Context, n: int, line: str, read_only: bool) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": n, "error": {"type": "invalid_json", "detail": str(exc)}}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return {
            "id": item.get("id") if isinstance(item, dict) else None,
            "line": n,
            "error": {
                "type": "invalid_input",
                "detail": "each line needs a string 'text' (and optional 'id', 'title')",
            },
        }
    item_id = str(item.get("id", n))
    title = item.get("title")
    if title is not None and not isinstance(title, str):
        return {"id": item_id, "line": n, "error": {"type": "invalid_input", "detail": "'title' must be a string"}}
    try:
        return batch_line(item_id, ctx.pipeline.run(item["text"], title=title, read_only=read_only))
    except TaxoError as exc:
        return {"id": item_id, "line": n, "error": {"type": type(exc).__name__, "detail": str(exc)}}


@click.group()
def runs() -> None:
    """Stored pipeline runs."""


@runs.command("list")
@click.option("--status", default=None)
@click.option("--role", default=None)
@click.option("--case", "case", default=None)
@click.option("--since", default=None, help="ISO date or time")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def runs_list(
    status: str | None, role: str | None, case: str | None, since: str | None, limit: int, as_json: bool
) -> None:
    """Recent runs, newest first."""
    with Context() as ctx:
        total, rows = list_runs(ctx.store, status=status, role=role, case=case, since=since, limit=limit)
    if as_json:
        click.echo(json.dumps({"total": total, "runs": rows}, indent=2))
        return
    table = Table(title=f"{total} runs")
    for col in ("run_id", "created_at", "status", "case", "role", "rule_id", "title"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            *(str(r.get(c) or "") for c in ("run_id", "created_at", "status", "case", "role", "rule_id", "title"))
        )
    console.print(table)


@runs.command("show")
@click.argument("run_id")
@click.option("--json", "as_json", is_flag=True)
def runs_show(run_id: str, as_json: bool) -> None:
    """One run: each step's result, durations, cost and rule ids."""
    with Context() as ctx:
        props = get_run(ctx.store, run_id)
    if props is None:
        raise NotFound(f"no run {run_id}")
    if props.get("record") is None:
        click.echo(json.dumps(props, indent=2, default=str))
        return
    record = RunRecord.model_validate(props["record"])
    record.status = props.get("status", record.status)
    if as_json:
        click.echo(record.model_dump_json(indent=2))
    else:
        _print_record(record)
        if not record.llm_calls:
            console.print("LLM cost (USD): 0 (offline run)")


COMMANDS = [run_one, batch, runs]
