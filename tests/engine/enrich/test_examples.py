"""On the five examples (and this suite's fixtures): every field is present and names its source, every
quote is verbatim JD text, and clusters only use dimensions under the chosen role."""

from __future__ import annotations

import numpy as np
import pytest

from taxo.app.runs import RunService
from taxo.engine.enrich import CROSS_CUTTING, Enrichment, enrich
from taxo.engine.enrich.text import work_sentences
from taxo.engine.models.enrichment import Sources
from taxo.engine.pipeline import kra_sentences
from taxo.rules import RuleBook
from tests.conftest import EXAMPLES
from tests.engine.enrich.conftest import OWN, Enriched

ALL = (*EXAMPLES, *OWN)
FIELDS = ("nature_of_work", "tech_stack_maturity", "ai_index", "kra_description")


def quotes(e: Enrichment) -> list[str]:
    """Every piece of text the enrichment presents as the JD's own words."""
    out: list[str] = []
    n = e.nature_of_work
    if n.quote:
        out.append(n.quote)
    out += n.summary_sentences
    out += [f.quote for f in e.ai_index.factors if f.quote]
    out += [i.sentence for i in e.evidence if i.sentence]
    out += [i.mention for i in e.evidence]
    if e.kra_description.source == "jd":
        out += e.kra_description.sentences
    return out


@pytest.mark.parametrize("name", ALL)
def test_every_field_is_present_and_names_its_source(enriched: dict[str, Enriched], name: str) -> None:
    e = enriched[name].enrichment
    assert set(Sources.model_fields) == {*FIELDS, "evidence", "skill_clusters"}
    for field in FIELDS:
        value = getattr(e, field)
        assert value is not None
        assert value.source in ("jd", "role_baseline")
        assert getattr(e.sources, field) == value.source
    assert e.sources.evidence == "jd" and e.sources.skill_clusters == "jd"
    assert e.tech_stack_maturity.reasoning and e.ai_index.reasoning
    assert e.ai_index.rule_id.startswith("AI.") and e.ai_index.rules_version
    assert [f.name for f in e.ai_index.factors] == [
        "title_match",
        "has_ai_skill",
        "ai_skill_primary",
        "ai_skill_secondary",
        "on_ai_team",
        "builds_ai_products",
    ]
    assert all(f.evidence for f in e.ai_index.factors)
    assert e.sparse.rule_id.startswith("SPARSE.jd.")
    assert {f.field for f in e.sparse.fields} == set(FIELDS)
    for f in e.sparse.fields:
        assert f.fell_back == (f.sparse and e.sparse.baseline_available)
        assert getattr(e.sources, f.field) == ("role_baseline" if f.fell_back else "jd")


@pytest.mark.parametrize("name", ALL)
def test_every_quote_is_verbatim_jd_text(enriched: dict[str, Enriched], name: str) -> None:
    run = enriched[name]
    for q in quotes(run.enrichment):
        assert q and q in run.clean_text, q
    n = run.enrichment.nature_of_work
    if n.source == "jd" and n.category is not None:
        assert n.quote is not None and n.summary
    if n.source == "role_baseline":
        assert n.quote is None  # a baseline has no JD text to quote


@pytest.mark.parametrize("name", ALL)
def test_clusters_use_only_dimensions_under_the_chosen_role(enriched: dict[str, Enriched], name: str) -> None:
    run = enriched[name]
    e, tax = run.enrichment, run.tax
    decision = run.record.extract.decision if run.record.extract else None
    role = decision.role.slug if decision and decision.role else None
    assert (e.role.slug if e.role else None) == role
    allowed = tax.roles[role].dimensions if role else frozenset()
    named = [c for c in e.skill_clusters if not c.cross_cutting]
    assert all(c.dimension in allowed for c in named)
    assert all(c.skills for c in e.skill_clusters)
    cross = [c for c in e.skill_clusters if c.cross_cutting]
    assert len(cross) <= 1 and (not cross or e.skill_clusters[-1] is cross[0])
    if cross:
        assert cross[0].dimension is None and cross[0].dimension_name == CROSS_CUTTING
    # every matched skill is in a cluster; a skill is cross-cutting exactly when no dimension of it is under the role
    clustered = {s.slug for c in e.skill_clusters for s in c.skills}
    assert clustered == {i.canonical_slug for i in e.evidence}
    for i in e.evidence:
        under = set(tax.skills[i.canonical_slug].dimensions) & allowed
        in_cross = any(s.slug == i.canonical_slug for c in cross for s in c.skills)
        assert in_cross == (not under)
        assert {c.dimension for c in named if any(s.slug == i.canonical_slug for s in c.skills)} == under
    if role is None:
        assert named == [] and any("NEW_ROLE" in n for n in e.notes)


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_examples_are_not_labelled_sparse(enriched: dict[str, Enriched], name: str) -> None:
    """The old system called every one of these "SPARSE JD"; they are rich JDs, and every field is the JD's."""
    e = enriched[name].enrichment
    assert not e.sparse.is_sparse and e.sparse.rule_id == "SPARSE.jd.enough"
    assert e.sparse.reasons == []
    assert all(getattr(e.sources, f) == "jd" for f in FIELDS)
    assert e.evidence, "skills matched in the JD"
    assert e.tech_stack_maturity.label is not None and e.tech_stack_maturity.skills
    assert e.nature_of_work.category is not None and e.nature_of_work.summary_method == "extractive"
    assert e.kra_description.text and e.kra_description.sentences


def test_evidence_lists_each_skill_once_with_its_mention(enriched: dict[str, Enriched]) -> None:
    for name in ALL:
        run = enriched[name]
        slugs = [i.canonical_slug for i in run.enrichment.evidence]
        assert len(slugs) == len(set(slugs)), name
        assert all(s in run.tax.skills for s in slugs)
        assert all(i.mention.casefold() in run.clean_text.casefold() for i in run.enrichment.evidence)


def test_enrichment_is_deterministic_and_round_trips_as_json(
    enriched: dict[str, Enriched], enrich_pipeline: RunService, rulebook: RuleBook
) -> None:
    run = enriched["php-games"]
    assert run.record.extract is not None
    again = enrich(run.record.extract, run.record.details, run.tax, enrich_pipeline.embedder, rulebook)
    assert again.model_dump_json() == run.enrichment.model_dump_json()
    assert Enrichment.model_validate_json(run.enrichment.model_dump_json()) == run.enrichment


def test_step_one_sentence_vectors_are_reused(
    enriched: dict[str, Enriched], enrich_pipeline: RunService, rulebook: RuleBook
) -> None:
    """Passing step 1's sentences and vectors gives the same result and embeds nothing already embedded."""
    run = enriched["amex-pyspark"]
    ex = run.record.extract
    assert ex is not None
    sentences = kra_sentences(ex.jd, int(rulebook.params("extraction")["max_sentences"]))
    vectors = enrich_pipeline.embedder.encode(sentences)

    class Counting:
        model_id, dimension = enrich_pipeline.embedder.model_id, enrich_pipeline.embedder.dimension
        texts: list[str] = []

        def encode(self, texts: list[str]) -> np.ndarray:
            Counting.texts += list(texts)
            return enrich_pipeline.embedder.encode(texts)

    got = enrich(ex, run.record.details, run.tax, Counting(), rulebook, vectors, sentences=sentences)
    assert got.model_dump_json() == run.enrichment.model_dump_json()
    assert not set(Counting.texts) & set(sentences)
    assert set(work_sentences(ex.jd)) <= set(sentences)  # the responsibilities are step 1's KRA sentences


def test_a_rejected_jd_has_no_enrichment(enrich_pipeline: RunService, rulebook: RuleBook) -> None:
    record = enrich_pipeline.run("too short", read_only=True)
    assert record.extract is not None and record.extract.rejected
    with pytest.raises(ValueError, match="rejected"):
        enrich(record.extract, None, enrich_pipeline.taxonomy.get(), enrich_pipeline.embedder, rulebook)


def test_summarizer_hook_and_text_rendering(
    enriched: dict[str, Enriched], enrich_pipeline: RunService, rulebook: RuleBook
) -> None:
    from taxo.engine.enrich.render import lines

    run = enriched["php-games"]
    assert run.record.extract is not None
    seen: list[tuple[str, list[str]]] = []

    def summarizer(category: str, sentences: list[str]) -> str:
        seen.append((category, sentences))
        return "Builds and scales the game's backend services."

    e = enrich(
        run.record.extract, run.record.details, run.tax, enrich_pipeline.embedder, rulebook, summarizer=summarizer
    )
    assert e.nature_of_work.summary_method == "llm" and e.nature_of_work.summary.startswith("Builds")
    assert e.nature_of_work.quote == run.enrichment.nature_of_work.quote  # the quote stays the JD's words
    assert seen and seen[0][0] == e.nature_of_work.category_name
    text = "\n".join(lines(run.enrichment))
    for part in ("Nature of work:", "Tech stack maturity:", "AI index:", "Skill clusters", "KRA description"):
        assert part in text
    sparse = "\n".join(lines(enriched["sparse-python"].enrichment))
    assert "SPARSE JD" in sparse and "(role baseline)" in sparse and "[" not in sparse
