"""Run the pipeline read-only over a gold file and score it: skills (exact/overlap) and roles, with baselines.

Role resolution is measured twice — on the whole posting (title included) and on the body alone — each
beside a title-alias-only baseline. Skills are scored on the body pass (SkillSpan leaves title lines
unannotated), beside a baseline that matches only canonical skill names, case-insensitively.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxo.app.evaluation.report import eval_report_dict, render_eval_report
from taxo.app.evaluation.scoring import RoleOutcome, Span, SpanDoc, aggregate_span_scores, score_roles
from taxo.app.runs import RunService
from taxo.core.text import loose, norm
from taxo.engine.models.run import RunRecord
from taxo.engine.parse import parse_jd
from taxo.engine.taxonomy import Taxonomy

LABELS = {"KNOWLEDGE"}


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The postings of an eval JSONL file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def predicted_spans(record: RunRecord, text: str) -> list[Span]:
    """Skill mentions (and new-skill candidates) as spans of ``text``."""
    ex = record.extract
    if ex is None or ex.skills is None:
        return []
    clean = ex.jd.clean_text
    spans: list[tuple[int, int]] = [(m.start, m.end) for s in ex.skills.skills for m in s.mentions]
    spans += [(c.start, c.end) for c in ex.skills.candidates if c.start is not None and c.end is not None]
    out = []
    for start, end in spans:
        surface = clean[start:end]
        if clean != text:  # the parser cleaned the text: find the surface near the same place
            at = text.find(surface, max(0, start - 200))
            if at < 0:
                continue
            start, end = at, at + len(surface)
        out.append(Span(start, end, surface))
    return out


def name_baseline_spans(text: str, names: dict[str, str]) -> list[Span]:
    """Baseline: canonical skill names only, whole words, case-insensitive (no aliases, no context)."""
    out = []
    for m in re.finditer(r"[^\W_][\w+#.]*[\w+#]|[^\W_]", text):
        if norm(m.group()) in names:
            out.append(Span(m.start(), m.end(), m.group()))
    return out


def title_alias_baseline(title: str | None, tax: Taxonomy) -> tuple[str, str | None]:
    """Baseline: the parsed title's variants looked up in the role aliases; no title or no hit → NEW_ROLE."""
    if not title:
        return "NEW_ROLE", None
    from taxo.engine.parse import title_variants

    for v in title_variants(title):
        roles = tax.role_alias_index.get(norm(v), set()) | tax.role_alias_index.get(loose(v), set())
        if roles:
            return ("A" if len(roles) == 1 else "ALIAS_COLLISION"), sorted(roles)[0]
    return "NEW_ROLE", None


def _outcome(item: dict[str, Any], case: str, slug: str | None) -> RoleOutcome:
    return RoleOutcome(item["id"], item.get("roles"), bool(item.get("new_role")), case, slug, item.get("source"))


def _decision(record: RunRecord) -> tuple[str, str | None]:
    d = record.extract.decision if record.extract else None
    if d is None:
        return "NEW_ROLE", None
    return d.case, (d.role.slug if d.role else None)


@dataclass
class EvalResult:
    """The runs of one evaluation and the rendered report."""

    markdown: str
    data: dict[str, Any]
    decisions: list[dict[str, Any]] = field(default_factory=list)


def evaluate(
    pipeline: RunService, gold: Iterable[dict[str, Any]], progress: Callable[[], None] | None = None
) -> EvalResult:
    """Score ``pipeline`` on ``gold`` without writing anything to the graph."""
    tax = pipeline.taxonomy.get()
    names = {norm(s.name): s.id for s in tax.skills.values()}
    docs, base_docs = [], []
    roles: dict[str, list[RoleOutcome]] = {
        "with title": [],
        "body only": [],
        "baseline: with title": [],
        "baseline: body only": [],
    }
    decisions = []
    for item in gold:
        full = pipeline.run(item["text"], read_only=True)
        body = pipeline.run(item["body"], read_only=True)
        gold_body = [Span.from_dict(s) for s in item["body_skills"]]
        docs.append(SpanDoc(item["id"], gold_body, predicted_spans(body, item["body"]), item.get("source")))
        base_docs.append(SpanDoc(item["id"], gold_body, name_baseline_spans(item["body"], names), item.get("source")))
        if item.get("roles") is not None or item.get("new_role"):
            roles["with title"].append(_outcome(item, *_decision(full)))
            roles["body only"].append(_outcome(item, *_decision(body)))
            title = parse_jd(item["text"]).title
            roles["baseline: with title"].append(_outcome(item, *title_alias_baseline(title, tax)))
            roles["baseline: body only"].append(
                _outcome(item, *title_alias_baseline(parse_jd(item["body"]).title, tax))
            )
        decisions.append(
            {
                "id": item["id"],
                "gold": item.get("roles"),
                "new_role": item.get("new_role"),
                "with_title": _decision(full),
                "body_only": _decision(body),
                "rule": full.extract.decision.rule_id if full.extract and full.extract.decision else None,
            }
        )
        if progress:
            progress()
    skills = {
        "KNOWLEDGE (body)": aggregate_span_scores(docs, labels=LABELS),
        "baseline: KNOWLEDGE (body)": aggregate_span_scores(base_docs, labels=LABELS),
    }
    role_scores = {k: score_roles(v) for k, v in roles.items()}
    baselines = {
        "KNOWLEDGE (body)": "baseline: KNOWLEDGE (body)",
        "with title": "baseline: with title",
        "body only": "baseline: body only",
    }
    md = render_eval_report(
        skills=skills,
        roles=role_scores,
        baselines=baselines,
        preamble=f"Rules version {pipeline.book.version}; taxonomy seed {tax.seed_version}; "
        f"embedder {pipeline.embedder.model_id}. Read-only: nothing was written.",
    )
    return EvalResult(md, eval_report_dict(skills=skills, roles=role_scores, baselines=baselines), decisions)
