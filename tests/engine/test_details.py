"""Step 2 (extract-details) normalisation on the seeded graph: exact name, stored alias, case/format variant,
nearest alias by embedding above the threshold, and unknown terms below it (derived metadata, and only
dimensions that pass the threshold — never a fallback).

Vectors come from a small embedder with HashEmbedder's interface and vectors, except that chosen terms are
placed at a chosen similarity to a chosen vector, so each threshold is crossed on purpose.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pytest

from taxo.app.runs import RunService
from taxo.core.embeddings import HashEmbedder
from taxo.core.text import loose, norm
from taxo.engine.details import extract_details
from taxo.engine.models.details import SkillDetail
from taxo.engine.models.skills import MatchType, NewSkillCandidate, SkillExtraction
from taxo.engine.parse.model import SectionKind
from taxo.engine.skill_meta import SHAPE_META
from taxo.engine.taxonomy import Taxonomy
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.graph.schema import Label
from taxo.rules import RuleBook


class PlacedEmbedder:
    """HashEmbedder's vectors, except for placed terms: at similarity ``s`` ((1 + cos) / 2) to a target."""

    def __init__(self) -> None:
        self._inner = HashEmbedder()
        self.dimension = self._inner.dimension
        self.model_id = self._inner.model_id  # as the graph's: the pipeline refuses another model
        self._placed: dict[str, np.ndarray] = {}

    def place(self, term: str, target: np.ndarray | None, similarity: float = 0.5) -> np.ndarray:
        """Put ``term`` at ``similarity`` to ``target`` (None: a random direction, far from everything)."""
        rng = np.random.default_rng(zlib.crc32(term.encode()))
        noise = rng.standard_normal(self.dimension)
        if target is None:
            v = noise
        else:
            t = np.asarray(target, dtype=np.float64)
            t /= np.linalg.norm(t)
            u = noise - (noise @ t) * t  # a dense direction orthogonal to the target
            u /= np.linalg.norm(u)
            cos = 2.0 * similarity - 1.0
            v = cos * t + np.sqrt(1.0 - cos * cos) * u
        v = (v / np.linalg.norm(v)).astype(np.float32)
        self._placed[term] = v
        return v

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        hashed = self._inner.encode(list(texts))
        return np.stack([self._placed.get(t, h) for t, h in zip(texts, hashed, strict=True)])


@pytest.fixture(scope="module")
def placed(seeded_template: FalkorDBStore, rulebook: RuleBook) -> tuple[RunService, PlacedEmbedder, Taxonomy]:
    """A pipeline over the shared seeded graph (used read-only) with the placing embedder."""
    embedder = PlacedEmbedder()
    pipeline = RunService(seeded_template, embedder, rulebook)
    return pipeline, embedder, pipeline.taxonomy.get()


def _owner(tax: Taxonomy, alias: str) -> str:
    [owner] = tax.skill_alias_map[norm(alias)]
    return owner


def _distinct_alias(pipeline: RunService, tax: Taxonomy, slug: str) -> tuple[str, np.ndarray]:
    """An alias of ``slug`` whose stored vector is its own nearest alias and nobody else's (hash vectors of
    one-word aliases often coincide), with that vector: a target the k-NN index finds unambiguously."""
    texts = sorted({a.text for a in tax.aliases_of(slug)}, key=lambda t: (-len(t.split()), t))
    vectors = HashEmbedder().encode(texts)  # the seeded graph was embedded with HashEmbedder
    for text, v, hits in zip(texts, vectors, pipeline.store.knn(Label.ALIAS, vectors, 2), strict=True):
        if (
            tax.skill_alias_map.get(norm(text)) == {slug}
            and hits[0].id == f"skill:{norm(text)}"
            and hits[0].similarity > 0.9999
            and hits[1].similarity < 0.99
        ):
            return text, v
    raise AssertionError(f"no alias of {slug} has a distinct vector")


def _by_input(details: list[SkillDetail]) -> dict[str, SkillDetail]:
    return {d.input_skill: d for d in details}


def _assert_known(d: SkillDetail, tax: Taxonomy, slug: str) -> None:
    """A detail normalised to ``slug``: its metadata, stored aliases and exactly its linked dimensions."""
    skill = tax.skills[slug]
    assert d.tag == "in_db" and d.canonical is not None and d.canonical.slug == slug
    assert (d.canonical.display_name, d.canonical.category, d.canonical.nature) == (
        skill.name,
        skill.category,
        skill.nature,
    )
    assert d.aliases_in_db == sorted({a.text for a in tax.aliases_of(slug)})
    assert [x.slug for x in d.dimensions] == [x for x in skill.dimensions if x in tax.dimensions]
    assert all(x.via == "link" for x in d.dimensions) and d.new_skill_meta is None
    for x in d.dimensions:
        assert {r.slug for r in x.roles} == set(tax.dimensions[x.slug].roles)


def _expected_vector_dimensions(tax: Taxonomy, v: np.ndarray, params: dict[str, float]) -> list[tuple[str, float]]:
    """Brute force over every dimension: the nearest few at or above the threshold."""
    sims = sorted((((1.0 + float(np.dot(v, dv))) / 2.0, d) for d, dv in tax.dimension_vectors.items()), reverse=True)
    return [(d, s) for s, d in sims[: int(params["dimension_vector_max"])] if s >= params["dimension_vector_threshold"]]


def test_exact_alias_and_case_or_format_variants_reach_their_skill(placed) -> None:
    pipeline, _, tax = placed
    text = (
        "Backend Engineer\n\nResponsibilities\n"
        "• Build event pipelines on Apache Kafka and keep our data in Postgres.\n"
        "• Package the services with spring boot and write Node-JS tooling.\n\n"
        "Requirements\n• Three years of backend development in production.\n"
    )
    record = pipeline.run(text, read_only=True)
    assert record.details is not None
    got = _by_input(record.details.skills)

    exact = got["Apache Kafka"]  # the canonical name as written
    [kafka] = [s for s in tax.skills.values() if s.name == "Apache Kafka"]
    assert exact.matched_via == MatchType.EXACT and exact.pending_alias is None
    _assert_known(exact, tax, kafka.id)

    alias = got["Postgres"]  # a stored alias, not the name
    assert norm(tax.skills[_owner(tax, "Postgres")].name) != norm("Postgres")
    assert alias.matched_via == MatchType.ALIAS and alias.pending_alias is None
    _assert_known(alias, tax, _owner(tax, "Postgres"))

    case = got["spring boot"]  # a stored alias up to case: a known form, nothing to review
    assert case.matched_via == MatchType.CASEFOLD and case.pending_alias is None
    _assert_known(case, tax, _owner(tax, "Spring Boot"))

    fmt = got["Node-JS"]  # up to format only: the new spelling is queued as a pending alias
    assert norm("Node-JS") not in tax.skill_alias_map
    [node] = tax.skill_alias_map[loose("Node-JS")]
    assert fmt.matched_via == MatchType.CASEFOLD and fmt.pending_alias == "Node-JS"
    _assert_known(fmt, tax, node)
    assert record.details.unmatched_skills == []

    # A candidate the step-1 matcher did not take (e.g. from the LLM) is looked up exactly, then loosely.
    candidates = [
        NewSkillCandidate(
            text=t, reason="technology_list", sentence=f"We use {t}.", section=SectionKind.REQUIREMENTS, primary=True
        )
        for t in ("KAFKA", "Node_JS")
    ]
    result = extract_details(
        "r", None, SkillExtraction(skills=[], candidates=candidates), tax, {}, pipeline.book.params("extraction")
    )
    got = _by_input(result.skills)
    assert got["KAFKA"].matched_via == MatchType.CASEFOLD and got["KAFKA"].pending_alias is None
    _assert_known(got["KAFKA"], tax, _owner(tax, "Kafka"))
    assert got["Node_JS"].matched_via == MatchType.CASEFOLD and got["Node_JS"].pending_alias == "Node_JS"
    _assert_known(got["Node_JS"], tax, node)
    assert all(d.similarity is None for d in result.skills)


def test_vector_threshold_decides_between_a_known_skill_and_a_new_one(placed) -> None:
    pipeline, embedder, tax = placed
    params = pipeline.book.params("extraction")
    skill_thr, meta_thr = params["skill_vector_threshold"], params["derive_meta_threshold"]
    assert meta_thr < skill_thr - 0.02  # room for a term between the two thresholds

    owner = _owner(tax, "Apache Kafka")
    _, target = _distinct_alias(pipeline, tax, owner)

    embedder.place("ZorblaxDB", target, skill_thr + 0.02)
    below = embedder.place("BlorbStream", target, skill_thr - 0.02)
    far = embedder.place("FrobNet", None)
    dimension = next(d for d in sorted(tax.dimension_vectors) if tax.dimensions[d].roles)
    near_dim = embedder.place(
        "GlimmerOps", tax.dimension_vectors[dimension], params["dimension_vector_threshold"] + 0.05
    )
    text = (
        "Platform Engineer\n\nResponsibilities\n"
        "• Operate the ZorblaxDB and BlorbStream clusters that carry our product's traffic.\n"
        "• Extend our internal FrobNet and GlimmerOps tools for the delivery teams.\n\n"
        "Requirements\n• Three years of running distributed systems in production.\n"
    )
    record = pipeline.run(text, read_only=True)
    assert record.details is not None
    got = _by_input(record.details.skills)
    candidates = {c.text for c in record.extract.skills.candidates}  # type: ignore[union-attr]
    assert candidates >= {"ZorblaxDB", "BlorbStream", "FrobNet", "GlimmerOps"}

    joined = got["ZorblaxDB"]  # nearest alias above the threshold: that alias's skill
    assert joined.matched_via == MatchType.VECTOR
    assert joined.similarity == pytest.approx(skill_thr + 0.02, abs=2e-3)
    assert joined.pending_alias == "ZorblaxDB"  # a new spelling of a known skill, for review
    _assert_known(joined, tax, owner)

    new = {t: got[t] for t in ("BlorbStream", "FrobNet", "GlimmerOps")}
    for term, d in new.items():
        assert d.matched_via == MatchType.NEW and d.tag == "new" and d.canonical is None, term
        assert d.new_skill_meta is not None and d.similarity is None and d.pending_alias is None
    assert set(record.details.unmatched_skills) == set(new)

    # just below the skill threshold but close to it: new, with the nearest skill's metadata
    meta, skill = new["BlorbStream"].new_skill_meta, tax.skills[owner]
    assert meta.derived_from == owner
    for field in ("category", "subcategory", "nature", "volatility", "lifespan"):
        if getattr(skill, field):
            assert getattr(meta, field) == getattr(skill, field), field
    # far from everything: metadata from the term's shape, and no dimension at all
    category, subcategory, nature, volatility, lifespan = SHAPE_META["camel_case"]
    assert new["FrobNet"].new_skill_meta.model_dump() == {
        "category": category,
        "subcategory": subcategory,
        "nature": nature,
        "volatility": volatility,
        "lifespan": lifespan,
        "derived_from": "shape",
    }
    assert _expected_vector_dimensions(tax, far, params) == [] and new["FrobNet"].dimensions == []

    # dimensions of a new skill: exactly the nearest ones that pass the threshold, with their roles
    for term, v in (("BlorbStream", below), ("FrobNet", far), ("GlimmerOps", near_dim)):
        expected = _expected_vector_dimensions(tax, v, params)
        dims = new[term].dimensions
        assert [x.slug for x in dims] == [d for d, _ in expected], term
        for x, (_, s) in zip(dims, expected, strict=True):
            assert x.via == "vector" and x.similarity == pytest.approx(s, abs=2e-3)
            assert x.similarity >= params["dimension_vector_threshold"]
            assert {r.slug for r in x.roles} == set(tax.dimensions[x.slug].roles)
    assert dimension in {x.slug for x in new["GlimmerOps"].dimensions}
    assert {r.slug for r in record.details.candidate_roles} >= set(tax.dimensions[dimension].roles)


def test_vector_match_onto_a_skill_already_named_adds_no_second_entry(placed) -> None:
    pipeline, embedder, tax = placed
    params = pipeline.book.params("extraction")
    postgres = _owner(tax, "Postgres")
    _, target = _distinct_alias(pipeline, tax, postgres)
    embedder.place("PostgrezQL", target, params["skill_vector_threshold"] + 0.03)
    record = pipeline.run(
        "Database Engineer\n\nResponsibilities\n• Tune Postgres and migrate our PostgrezQL "
        "fork for the product teams.\n\nRequirements\n• Five years of database work.\n",
        read_only=True,
    )
    assert record.details is not None
    assert "PostgrezQL" in {c.text for c in record.extract.skills.candidates}  # type: ignore[union-attr]
    entries = [d for d in record.details.skills if d.canonical and d.canonical.slug == postgres]
    assert [d.input_skill for d in entries] == ["Postgres"]
    assert "PostgrezQL" not in record.details.unmatched_skills
