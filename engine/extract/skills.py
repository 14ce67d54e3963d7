"""Extract the graph's skills from a parsed JD, with evidence, primary flags and new-skill candidates."""

from __future__ import annotations

from collections import defaultdict

from taxo.core.text import norm
from taxo.engine.extract.candidates import find_candidates
from taxo.engine.extract.context import accept_ambiguous
from taxo.engine.extract.matcher import Hit, resolve_overlaps, skill_matcher
from taxo.engine.extract.sentences import has_primary_sections, is_primary, sentences_of
from taxo.engine.extract.title_phrases import in_title_phrase
from taxo.engine.extract.tokens import tokenize
from taxo.engine.models.skills import ExtractedSkill, MatchType, Mention, SkillExtraction
from taxo.engine.parse.model import ParsedJD, SectionKind
from taxo.engine.taxonomy import Taxonomy


def _match_type(surface: str, hit: Hit, skill_name: str) -> MatchType:
    if surface == skill_name:
        return MatchType.EXACT
    if surface == hit.alias:
        return MatchType.ALIAS
    return MatchType.CASEFOLD


def extract_skills(jd: ParsedJD, tax: Taxonomy, context_window: int) -> SkillExtraction:
    """Every canonical skill named in the JD (ambiguous aliases only with context), and candidates.

    Example: "Experience with Go and Kafka" yields Go (accepted next to Kafka) and Apache Kafka.
    """
    refs = sentences_of(jd)
    structured = has_primary_sections(jd)
    tech_norms = {norm(t) for t in jd.technologies}
    found: dict[str, list[tuple[Hit, Mention, bool]]] = defaultdict(list)
    rejected: list[str] = []
    titled: list[str] = []
    covered: list[tuple[int, int]] = []
    for ref in refs:
        hits = skill_matcher(tax).find(ref.text)
        if not hits:
            continue
        tokens = tokenize(ref.text)
        anchors = [h for h in hits if not h.ambiguous]
        in_list = ref.section == SectionKind.TECHNOLOGIES or norm(ref.text) in tech_norms
        accepted: list[tuple[Hit, str]] = []
        for h in hits:
            if not h.ambiguous:
                accepted.append((h, "unambiguous"))
            elif (
                why := accept_ambiguous(h, tokens, anchors, tax.skills[h.skill], context_window, in_list)
            ) is not None:
                accepted.append((h, why))
            else:
                rejected.append(h.surface)
        reasons = {id(h): why for h, why in accepted}
        for h in resolve_overlaps([h for h, _ in accepted]):
            if in_title_phrase(h, tokens):
                titled.append(h.surface)
                continue
            start = ref.start + h.start
            covered.append((start, ref.start + h.end))
            mention = Mention(
                surface=h.surface,
                sentence=ref.text,
                section=ref.section,
                start=start,
                end=ref.start + h.end,
                alias=h.alias,
                accepted_by=reasons[id(h)],
            )
            found[h.skill].append((h, mention, is_primary(ref, structured)))
    skills = []
    for skill_id, items in found.items():
        info = tax.skills[skill_id]
        first_hit, first, _ = items[0]
        skills.append(
            ExtractedSkill(
                text=first.surface,
                canonical_slug=skill_id,
                name=info.name,
                primary=any(p for _, _, p in items),
                match=_match_type(first.surface, first_hit, info.name),
                mentions=[m for _, m, _ in items],
            )
        )
    skills.sort(key=lambda s: (not s.primary, s.mentions[0].start))
    known = set(tax.skill_alias_map)
    candidates = find_candidates(refs, jd.technologies, covered, known, set(tax.stoplist), structured)
    return SkillExtraction(
        skills=skills,
        candidates=candidates,
        rejected_ambiguous=sorted(set(rejected)),
        in_title_phrases=sorted(set(titled)),
    )
