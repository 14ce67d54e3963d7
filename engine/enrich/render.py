"""The enrichment as plain text lines (for ``taxo run`` and logs): what the old run viewer showed."""

from __future__ import annotations

from taxo.engine.models.enrichment import Enrichment


def _src(source: str) -> str:
    return "" if source == "jd" else "  (role baseline)"


def lines(e: Enrichment) -> list[str]:
    """A short, human-readable profile; every field says when it comes from the role baseline."""
    out: list[str] = []
    s = e.sparse
    if s.is_sparse:
        base = f" - {s.baseline_role.display_name} baseline loaded" if s.baseline_role else " - no role baseline"
        out.append(f"SPARSE JD ({s.rule_id}){base}: {s.reasoning}")
    n = e.nature_of_work
    out.append(f"Nature of work: {n.category_name or 'unknown'}{_src(n.source)}")
    if n.summary:
        out.append(f"  {n.summary}")
    if n.quote:
        out.append(f'  "{n.quote}" (similarity {n.similarity:.2f})' if n.similarity is not None else f'  "{n.quote}"')
    m = e.tech_stack_maturity
    out.append(f"Tech stack maturity: {m.label or 'unknown'}{_src(m.source)}")
    out.append(f"  {m.reasoning}")
    a = e.ai_index
    out.append(f"AI index: {a.score:.2f} / 5 - {a.label} ({a.rule_id}){_src(a.source)}")
    for f in a.factors:
        out.append(f"  {'x' if f.value else '-'} {f.name} (+{f.weight:g}): {f.evidence or ''}")
    out.append(f"Evidence - skills matched in the JD ({len(e.evidence)}): " + ", ".join(i.skill for i in e.evidence))
    scope = f"scoped to {e.role.display_name}" if e.role else "no chosen role"
    out.append(f"Skill clusters ({len(e.skill_clusters)} groups, {scope}):")
    for c in e.skill_clusters:
        out.append(f"  {c.dimension_name}: " + ", ".join(sk.name for sk in c.skills))
    k = e.kra_description
    out.append(f"KRA description{_src(k.source)}:")
    out += [f"  • {t}" for t in k.sentences] or [f"  {k.text or '(none)'}"]
    return out
