"""The four places an LLM may help. Each takes the offline result and returns ``(improved result, calls)``.

The improved result is the offline result itself whenever the LLM is not asked (nothing to do), fails, is
over budget or answers something unusable: the offline path is always the floor. What the model may change:

* ``improve_parse``: only fields the heuristics left empty (title, company, domain, experience, education,
  locations); every string must be found in the JD's clean text (its JD spelling is kept), a title must be a
  plausible title (at most 12 words, a role noun), a domain one of the parser's domains.
* ``extra_skills``: new ``NewSkillCandidate`` entries (``reason="llm"``) whose text is a verbatim substring of
  the clean text at word boundaries, located in a searched sentence, not overlapping an extracted skill,
  not already known and not stop-listed. Step 2 normalises them through the graph like every candidate
  (never canonical without review).
* ``break_tie``: only when the rules asked for it (``decision.tie_break == "llm"``); the model may return
  one of the candidate slugs it was shown or ``no_choice``; anything else fails validation. The decision
  records that the tie-break ran (reasoning) and whether it chose (``tie_break_applied``).
* ``summarize``: one plain sentence (non-empty, at most 300 characters, no markup) or None.

Nothing a model returns is used as Cypher, a label or a property name: only as validated values.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

from taxo.core.errors import InvalidAnswer
from taxo.core.text import norm
from taxo.engine.decide import specialize
from taxo.engine.extract.sentences import SentenceRef, has_primary_sections, is_primary, sentences_of
from taxo.engine.llm.budget import Budget
from taxo.engine.llm.prompts import parse_messages, skills_messages, summary_messages, tie_break_messages
from taxo.engine.llm.provider import Provider, Request
from taxo.engine.llm.schemas import NO_CHOICE, SkillsOut, SummaryOut, parse_out, strict_schema, tie_break_out
from taxo.engine.models.decision import RoleDecision, RoleRef
from taxo.engine.models.run import LlmCall
from taxo.engine.models.signals import RoleScore, Signals
from taxo.engine.models.skills import NewSkillCandidate, SkillExtraction
from taxo.engine.parse.model import Domain, Education, Experience, JDType, Location, ParsedJD, WorkMode
from taxo.engine.parse.title import clean_title, has_role_noun, is_role_noun, title_core, title_variants

STEP_EXTRACT = "extract_from_jd"
STEP_SUMMARY = "enrich"
PARSE_FIELDS = ("title", "company", "domain", "experience", "education", "locations")
MAX_TITLE_WORDS = 12
MAX_SKILL_WORDS = 5
MAX_SKILLS = 25
MAX_SUMMARY_CHARS = 300
MAX_TOKENS = {"parse": 800, "skills": 400, "tie_break": 200, "summary": 200}

_MARKUP = re.compile(r"[<>{}\[\]`*|\\]|https?://|\n|^\s*#")
_SKILL_CHARS = re.compile(r"^[^\W_][\w .+#/&'’-]*$")
#: Text that has no business in a value: query-language and prompt-override fragments.
_SUSPICIOUS = re.compile(
    r"\b(?:MATCH|MERGE|CREATE|DETACH|DELETE|CALL|RETURN|UNWIND|SET|REMOVE)\s*[\(\[{]|\bDETACH\s+DELETE\b|"
    r"\bignore (?:all |any |the )?(?:previous|prior|above)\b|\bsystem prompt\b|\bjailbreak\b",
    re.IGNORECASE,
)
#: A JD sentence that talks to the model (prompt injection): nothing quoted from it is taken.
_INSTRUCTION_LIKE = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|rules|prompts?|above|previous)\b|"
    r"\b(?:note|message|instructions?) (?:to|for) (?:the |any )?(?:AI|model|LLM|assistant|language model|chatbot)s?\b|"
    r"\byou must (?:choose|select|pick|output|reply|answer|ignore|return)\b|"
    r"\bnew instructions?\b|\bsystem prompt\b|"
    r"\b(?:choose|select|pick)\b.{0,20}\brole\b.{0,3}[a-z]+-[a-z]+|"
    r"\b(?:output|reply with|respond with|answer with|return)\b.{0,30}\b(?:json|cypher|choice)\b|"
    r"\bDETACH\s+DELETE\b|\bMATCH\s*\(",
    re.IGNORECASE,
)
_SECOND_SENTENCE = re.compile(r"[.!?]\s+[A-Z]")


def _verbatim(value: str, text: str) -> str | None:
    """``value`` as written in ``text`` (case- and whitespace-insensitive search), or None."""
    words = value.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text, re.IGNORECASE)
    return m.group() if m else None


def _line_at(text: str, at: int) -> str:
    """The line of ``text`` that holds offset ``at``."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start:] if end < 0 else text[start:end]


def _line_of(text: str, found: str) -> str:
    """The line of ``text`` where ``found`` first occurs."""
    at = text.find(found)
    return _line_at(text, at) if at >= 0 else ""


def _from_instructions(text: str, found: str) -> bool:
    """True if ``found`` sits in a line that addresses the model (an injection attempt)."""
    return bool(_INSTRUCTION_LIKE.search(_line_of(text, found)))


def _plain(value: str, limit: int) -> bool:
    return bool(value) and len(value) <= limit and not _MARKUP.search(value) and not _SUSPICIOUS.search(value)


# -- (a) parse -------------------------------------------------------------------------------------------------
def missing_fields(jd: ParsedJD) -> list[str]:
    """The parse fields the heuristics left empty."""
    return [f for f in PARSE_FIELDS if not getattr(jd, f)]


def _parse_check(jd: ParsedJD, wanted: list[str]) -> Any:
    text = jd.clean_text

    def check(ans: Any) -> tuple[dict[str, Any], list[str]]:
        update: dict[str, Any] = {}
        notes: list[str] = []
        if "title" in wanted and ans.title:
            raw = " ".join(ans.title.split())
            found = _verbatim(raw, text)
            title = clean_title(found) if found else None
            if not found:
                notes.append(f"title {raw!r}: not in the JD")
            elif _from_instructions(text, found):
                notes.append(f"title {raw!r}: quoted from an instruction-like line")
            elif (
                not title or len(title.split()) > MAX_TITLE_WORDS or not _plain(title, 150) or not has_role_noun(title)
            ):
                notes.append(f"title {raw!r}: not a plausible job title")
            else:
                update.update(
                    title=title, title_source="llm", title_aliases=title_variants(title), title_core=title_core(title)
                )
        if "company" in wanted and ans.company:
            raw = " ".join(ans.company.split())
            found = _verbatim(raw, text)
            if not found:
                notes.append(f"company {raw!r}: not in the JD")
            elif _from_instructions(text, found):
                notes.append(f"company {raw!r}: quoted from an instruction-like line")
            elif len(found.split()) > 10 or not _plain(found, 120):
                notes.append(f"company {raw!r}: not a plausible company name")
            else:
                update["company"] = found
        if "domain" in wanted and ans.domain:
            evidence = [
                v
                for v in (_verbatim(e, text) for e in ans.domain_evidence if _plain(e, 120))
                if v and not _from_instructions(text, v)
            ]
            if evidence:
                update["domain"] = Domain(name=ans.domain, evidence=list(dict.fromkeys(evidence))[:5]).model_dump()
            else:
                notes.append(f"domain {ans.domain!r}: no evidence found in the JD")
        if "experience" in wanted and ans.experience:
            e = ans.experience
            quote = _verbatim(e.quote, text) if _plain(e.quote, 400) else None
            quote = None if quote and _from_instructions(text, quote) else quote
            years = [y for y in (e.min_years, e.max_years) if y is not None]
            if not quote:
                notes.append("experience: quote not in the JD")
            elif (
                not years
                or any(not 0 <= y <= 50 for y in years)
                or (e.min_years is not None and e.max_years is not None and e.min_years > e.max_years)
            ):
                notes.append("experience: implausible years")
            else:
                update["experience"] = Experience(min_years=e.min_years, max_years=e.max_years, raw=quote).model_dump()
        if "education" in wanted and ans.education:
            items = []
            for ed in ans.education[:5]:
                quote = _verbatim(ed.quote, text) if _plain(ed.quote, 400) else None
                quote = None if quote and _from_instructions(text, quote) else quote
                if not quote or (ed.field is not None and not _plain(ed.field, 120)):
                    notes.append(f"education {ed.quote[:60]!r}: not in the JD")
                    continue
                items.append(
                    Education(level=ed.level, field=ed.field, requirement=ed.requirement, raw=quote).model_dump()
                )
            if items:
                update["education"] = items
        if "locations" in wanted and ans.locations:
            locs = []
            for loc in ans.locations[:5]:
                quote = _verbatim(loc.quote, text) if _plain(loc.quote, 300) else None
                quote = None if quote and _from_instructions(text, quote) else quote
                parts = {k: getattr(loc, k) for k in ("city", "state", "country")}
                places = {k: (_verbatim(v, text) if _plain(v, 80) else None) if v else None for k, v in parts.items()}
                absent = [v for k, v in parts.items() if v and not places[k]]
                if not quote or absent or not (any(places.values()) or loc.work_mode):
                    why = (
                        f"{', '.join(absent)} not in the JD"
                        if absent
                        else ("quote not in the JD" if not quote else "no place or work mode")
                    )
                    notes.append(f"location {loc.quote[:60]!r}: {why}")
                    continue
                locs.append(
                    Location(
                        **places, work_mode=WorkMode(loc.work_mode) if loc.work_mode else None, raw=quote
                    ).model_dump()
                )
            if locs:
                update["locations"] = locs
        return update, notes

    return check


def improve_parse(
    provider: Provider, budget: Budget, jd: ParsedJD, *, step: str = STEP_EXTRACT
) -> tuple[ParsedJD, list[LlmCall]]:
    """Fill the fields the heuristics left empty (never overwrite one they found)."""
    if jd.jd_type != JDType.PASS:
        return jd, []
    wanted = missing_fields(jd)
    if not wanted:
        return jd, []
    out = parse_out()
    messages = parse_messages(strict_schema(out), jd.text_hash, jd.clean_text, wanted)
    outcome = provider.request(
        Request("parse", step, messages, out, _parse_check(jd, wanted), MAX_TOKENS["parse"]), budget
    )
    if not outcome.value:
        return jd, outcome.calls
    return ParsedJD.model_validate({**jd.model_dump(), **outcome.value}), outcome.calls


# -- (b) skills ------------------------------------------------------------------------------------------------
def _known_forms(extraction: SkillExtraction) -> set[str]:
    forms = {norm(c.text) for c in extraction.candidates}
    for s in extraction.skills:
        forms |= {
            norm(s.text),
            norm(s.name),
            *(norm(m.surface) for m in s.mentions),
            *(norm(m.alias) for m in s.mentions),
        }
    forms |= {norm(t) for t in (*extraction.rejected_ambiguous, *extraction.in_title_phrases)}
    return forms


def _locate_term(term: str, refs: list[SentenceRef]) -> tuple[SentenceRef, int, int] | None:
    """The first word-bounded occurrence of ``term`` in a searched sentence (exact case first)."""
    pattern = r"(?<![\w.+#])" + re.escape(term) + r"(?![\w+#]|\.\w)"
    for flags in (0, re.IGNORECASE):
        rx = re.compile(pattern, flags)
        for ref in refs:
            m = rx.search(ref.text)
            if m:
                return ref, ref.start + m.start(), ref.start + m.end()
    return None


def _skills_check(jd: ParsedJD, extraction: SkillExtraction, stoplist: Collection[str], known: Collection[str]) -> Any:
    refs = sentences_of(jd)
    structured = has_primary_sections(jd)
    covered = [(m.start, m.end, s.name) for s in extraction.skills for m in s.mentions]
    extracted = _known_forms(extraction)
    aliases = {norm(k) for k in known}
    taken = extracted | aliases
    stop = {norm(w) for w in stoplist}

    def check(ans: SkillsOut) -> tuple[list[NewSkillCandidate], list[str]]:
        out: list[NewSkillCandidate] = []
        notes: list[str] = []
        seen: set[str] = set()
        for raw in ans.skills[:MAX_SKILLS]:
            term = " ".join(str(raw).split()).strip(" ,;:.")
            key = norm(term)
            if not term or key in seen:
                continue
            seen.add(key)
            if (
                len(term) > 60
                or len(term.split()) > MAX_SKILL_WORDS
                or not _SKILL_CHARS.match(term)
                or _SUSPICIOUS.search(term)
                or key.isdigit()
                or len(key) < 2
            ):
                notes.append(f"{term[:60]!r}: not a skill-like term")
                continue
            if key in stop or all(w in stop for w in key.split()):
                notes.append(f"{term!r}: stop-listed")
                continue
            where = _locate_term(term, refs)
            if where is None:
                notes.append(f"{term!r}: not in the JD")
                continue
            if key in extracted:
                notes.append(f"{term!r}: already extracted")
                continue
            if key in aliases:
                notes.append(f"{term!r}: a known alias the matcher did not accept here")
                continue
            ref, start, end = where
            if _INSTRUCTION_LIKE.search(ref.text) or _INSTRUCTION_LIKE.search(_line_at(jd.clean_text, start)):
                notes.append(f"{term!r}: quoted from an instruction-like sentence")
                continue
            if is_role_noun(term.split()[-1]):
                notes.append(f"{term!r}: a job title, not a skill")
                continue
            hit = next((name for s, e, name in covered if start < e and end > s), None)
            if hit:
                notes.append(f"{term!r}: overlaps the extracted skill {hit}")
                continue
            surface = jd.clean_text[start:end]
            if norm(surface) in taken:
                notes.append(f"{term!r}: already extracted")
                continue
            out.append(
                NewSkillCandidate(
                    text=surface,
                    reason="llm",
                    start=start,
                    end=end,
                    sentence=ref.text,
                    section=ref.section,
                    primary=is_primary(ref, structured),
                )
            )
            taken.add(norm(surface))
        return out, notes

    return check


def extra_skills(
    provider: Provider,
    budget: Budget,
    jd: ParsedJD,
    extraction: SkillExtraction,
    stoplist: Collection[str],
    *,
    known: Collection[str] = (),
    step: str = STEP_EXTRACT,
) -> tuple[SkillExtraction, list[LlmCall]]:
    """Candidates beyond the alias gazetteer, appended after the offline ones (``reason="llm"``).

    ``stoplist``: generic words never to accept (``Taxonomy.stoplist``); ``known``: normalised surface forms
    to skip as well (e.g. ``Taxonomy.skill_alias_map`` keys: the matcher had its reasons not to take them).
    """
    if jd.jd_type != JDType.PASS:
        return extraction, []
    found = [s.name for s in extraction.skills] + [c.text for c in extraction.candidates]
    messages = skills_messages(strict_schema(SkillsOut), jd.text_hash, jd.clean_text, list(dict.fromkeys(found))[:80])
    check = _skills_check(jd, extraction, stoplist, known)
    outcome = provider.request(Request("skills", step, messages, SkillsOut, check, MAX_TOKENS["skills"]), budget)
    if not outcome.value:
        return extraction, outcome.calls
    merged = SkillExtraction.model_validate(
        {
            **extraction.model_dump(),
            "candidates": [*extraction.model_dump()["candidates"], *(c.model_dump() for c in outcome.value)],
        }
    )
    return merged, outcome.calls


# -- (c) tie-break ---------------------------------------------------------------------------------------------
def tie_candidates(decision: RoleDecision, signals: Signals, *, margin: float = 0.05, limit: int = 4) -> list[RoleRef]:
    """The roles the tie is between: the colliding roles (ALIAS_COLLISION), or the combined ranking's top
    roles within ``margin`` (at least the top two) for DOMAIN."""
    if decision.case == "ALIAS_COLLISION" and decision.collision:
        return list({r.slug: r for r in decision.collision}.values())[:limit]
    ranking = signals.combined
    if len(ranking) < 2:
        return []
    top = ranking[0].score
    close = [r for i, r in enumerate(ranking[:limit]) if i < 2 or top - r.score <= margin]
    return [RoleRef(slug=r.slug, display_name=r.display_name) for r in close]


def _evidence(slug: str, signals: Signals) -> dict[str, Any]:
    def of(items: list[RoleScore]) -> RoleScore | None:
        return next((r for r in items if r.slug == slug), None)

    ev: dict[str, Any] = {}
    if (c := of(signals.combined)) is not None:
        ev["combined_score"] = round(c.score, 3)
    if (a := of(signals.alias)) is not None:
        ev["title_alias"] = a.alias
    if (k := of(signals.kra)) is not None and k.kra_matches:
        ev["matching_duties"] = [{"jd_sentence": m.sentence, "role_duty": m.kra_text} for m in k.kra_matches[:2]]
    if (s := of(signals.skill)) is not None and s.matched_skills:
        ev["matching_skills"] = s.matched_skills[:12]
    return ev


def _base_role(decision: RoleDecision) -> str | None:
    if decision.specialization is not None:
        return decision.specialization.from_role.slug
    return decision.role.slug if decision.role else None


def break_tie(
    provider: Provider,
    budget: Budget,
    decision: RoleDecision,
    signals: Signals,
    jd: ParsedJD,
    *,
    skills: list[Any] | None = None,
    tax: Any = None,
    book: Any = None,
    margin: float = 0.05,
    step: str = STEP_EXTRACT,
) -> tuple[RoleDecision, list[LlmCall]]:
    """Let the model choose among the tied roles when the rules asked for it.

    Choosing the rules' own pick (before specialisation) keeps the decision and marks it applied; choosing
    another candidate makes it the role, re-running the specialisation rules for it when ``tax``, ``book`` and
    ``skills`` are given (else the role is taken as it is). ``no_choice`` or a failure keep the rules' pick.
    """
    if decision.tie_break != "llm" or decision.role is None:
        return decision, []
    candidates = tie_candidates(decision, signals, margin=margin)
    if len(candidates) < 2:
        return decision, []
    slugs = tuple(c.slug for c in candidates)
    out = tie_break_out(slugs)
    shown = [{"slug": c.slug, "name": c.display_name, "evidence": _evidence(c.slug, signals)} for c in candidates]
    messages = tie_break_messages(strict_schema(out), jd.text_hash, jd.clean_text, shown)

    def check(ans: Any) -> tuple[str, list[str]]:
        if ans.choice != NO_CHOICE and ans.choice not in slugs:  # the schema already forbids it
            raise InvalidAnswer([f"choice: {ans.choice!r} is not a candidate"])
        return ans.choice, []

    outcome = provider.request(Request("tie_break", step, messages, out, check, MAX_TOKENS["tie_break"]), budget)
    names = ", ".join(slugs)
    base = _base_role(decision)
    if outcome.value is None:
        note = f" LLM tie-break among [{names}] gave no usable answer ({outcome.status}); the rules' pick stands."
        return decision.model_copy(update={"reasoning": decision.reasoning + note}), outcome.calls
    if outcome.value == NO_CHOICE:
        note = f" LLM tie-break among [{names}] made no choice; the rules' pick stands."
        return decision.model_copy(update={"reasoning": decision.reasoning + note}), outcome.calls
    chosen = outcome.value
    if chosen == base:
        note = f" LLM tie-break among [{names}] confirmed {chosen}."
        return decision.model_copy(
            update={"reasoning": decision.reasoning + note, "tie_break_applied": True}
        ), outcome.calls
    ref = next(c for c in candidates if c.slug == chosen)
    combined = {r.slug: r.score for r in signals.combined}
    updated = decision.model_copy(
        update={
            "role": ref,
            "confidence": round(min(1.0, max(0.0, combined.get(chosen, decision.confidence))), 4),
            "specialization": None,
            "specialization_rule_id": None,
            "tie_break_applied": True,
            "reasoning": decision.reasoning + f" LLM tie-break among [{names}] chose {chosen} instead of {base}.",
        }
    )
    if tax is not None and book is not None and skills is not None and chosen in tax.roles:
        updated = specialize(updated, chosen, skills, signals, tax, book)
    return RoleDecision.model_validate(updated.model_dump()), outcome.calls


# -- (d) summary -----------------------------------------------------------------------------------------------
def _summary_check(ans: SummaryOut) -> tuple[str, list[str]]:
    text = " ".join(ans.summary.split()).strip().strip("\"'“”‘’").strip()
    errors = []
    if not text:
        errors.append("summary: empty")
    elif len(text) > MAX_SUMMARY_CHARS:
        errors.append(f"summary: {len(text)} characters, at most {MAX_SUMMARY_CHARS}")
    if _MARKUP.search(ans.summary.strip()) or _SUSPICIOUS.search(text):
        errors.append("summary: markup, code or instructions are not allowed; plain prose only")
    if _SECOND_SENTENCE.search(text):
        errors.append("summary: exactly one sentence")
    if errors:
        raise InvalidAnswer(errors)
    if text[-1] not in ".!?":
        text += "."
    return text[:MAX_SUMMARY_CHARS], []


def summarize(
    provider: Provider,
    budget: Budget,
    category: str,
    sentences: Iterable[str],
    *,
    jd_hash: str,
    step: str = STEP_SUMMARY,
    max_sentences: int = 12,
) -> tuple[str | None, list[LlmCall]]:
    """One sentence on the nature of the work (category name + the JD's responsibility/work sentences)."""
    chosen = [" ".join(s.split()) for s in sentences if s and s.strip()][:max_sentences]
    if not chosen or not category:
        return None, []
    messages = summary_messages(strict_schema(SummaryOut), jd_hash, category, chosen)
    outcome = provider.request(
        Request("summary", step, messages, SummaryOut, _summary_check, MAX_TOKENS["summary"]), budget
    )
    return outcome.value, outcome.calls
