"""The alias review of the skill catalogue (seeds/curated/SKILLS.md, "Alias review") and the coverage it added.

An alias must mean the same thing as its skill: no opposites, no generic English phrases that merely occur near
the skill, no job titles, no sibling concepts or products. Spoken languages and industry domains are skills
that need context, because each of their names is also an adjective of nationality or a company description.
"""

from __future__ import annotations

import pytest

from taxo.core.text import loose, norm
from taxo.graph.seeds.models import Nature
from taxo.graph.seeds.reader import SeedBundle

# (surface form, skill it must NOT name): wrong aliases found by the first evaluation and the review after it.
NOT_ALIASES = [
    ("tightly coupled", "loose-coupling"),
    ("tight coupling", "loose-coupling"),
    ("proof of concept", "technical-due-diligence"),
    ("technology and product roadmap", "product-roadmapping"),
    ("technology roadmap", "product-roadmapping"),
    ("process flow diagrams", "bpmn"),
    ("designing system solutions", "system-design"),
    ("ongoing production support", "application-support"),
    ("system processing flows", "data-flow-diagrams"),
    ("leading teams of engineers", "engineering-management"),
    ("functional specifications", "requirements-gathering"),
    ("business requirements", "requirements-gathering"),
    ("authorization", "authentication"),
    ("authz", "authentication"),
    ("edge computing", "internet-of-things"),
    ("HITECH", "gdpr"),
    ("HIPAA", "gdpr"),
    ("separation of concerns", "solid-principles"),
    ("random forest", "gradient-boosting"),
    ("layered architecture", "clean-architecture"),
    ("file systems", "lvm"),
    ("patch management", "wsus"),
    ("functional safety", "misra-c"),
    ("asynchronous communication", "asynchronous-programming"),
    ("video conferencing", "google-meet"),
    ("Nexus Repository", "jfrog-artifactory"),
    ("Superset", "metabase"),
    ("MSTest", "nunit"),
    ("Dynamic analysis software", "static-code-analysis"),
]

# Generic phrases that name no skill at all (they were aliases before the review).
GENERIC_PHRASES = [
    "proof of concept",
    "designing systems",
    "leading teams",
    "team leadership",
    "direct reports",
    "technical specifications",
    "cost optimization",
    "development environments",
    "data centers",
    "complex systems",
    "feedback loops",
    "release cycles",
    "optimization techniques",
    "and analysis",
]

# Job titles are roles, not skills.
TITLES = [
    "data engineer",
    "data scientist",
    "engineering manager",
    "product owner",
    "business analyst",
    "technical writer",
    "solution architect",
    "enterprise architect",
    "agile coach",
    "Scrum Master",
    "tech lead",
    "delivery lead",
    "CTO",
    "Salesforce Developer",
    "SOC analyst",
]

SPOKEN = [
    "English",
    "German",
    "French",
    "Spanish",
    "Dutch",
    "Italian",
    "Portuguese",
    "Polish",
    "Japanese",
    "Mandarin Chinese",
    "Hindi",
    "Arabic",
    "Russian",
    "Swedish",
    "Danish",
    "Norwegian",
    "Finnish",
]

LANGUAGE_ROLES = {
    "it-support-engineer",
    "technical-writer",
    "business-analyst",
    "product-manager",
    "project-manager",
    "scrum-master",
    "sap-consultant",
    "erp-consultant",
    "solutions-architect",
}


def _owner(bundle: SeedBundle) -> dict[str, str]:
    """Loose key of every name and alias -> skill slug."""
    return {loose(t): s.slug for s in bundle.skills for t in [s.name, *(a.text for a in s.aliases)]}


@pytest.mark.parametrize(("text", "slug"), NOT_ALIASES)
def test_wrong_aliases_are_gone(seed_bundle: SeedBundle, text: str, slug: str) -> None:
    assert _owner(seed_bundle).get(loose(text)) != slug, f"'{text}' must not name {slug}"


def test_generic_phrases_and_titles_are_not_skill_forms(seed_bundle: SeedBundle) -> None:
    owner = _owner(seed_bundle)
    for text in GENERIC_PHRASES + TITLES:
        assert loose(text) not in owner, (text, owner.get(loose(text)))


def test_split_concepts_are_skills_of_their_own(seed_bundle: SeedBundle) -> None:
    """Aliases that meant something else moved to skills that mean it."""
    owner = _owner(seed_bundle)
    expected = {
        "process flow diagrams": "process-modeling",
        "authorization": "authorization",
        "edge computing": "edge-computing",
        "random forest": "decision-trees",
        "n-tier architecture": "n-tier-architecture",
        "file systems": "file-systems",
        "patch management": "patch-management",
        "functional safety": "functional-safety",
        "HIPAA": "hipaa",
        "trunk-based development": "branching-strategies",
        "technology roadmap": "technical-strategy",
        "Nexus Repository": "sonatype-nexus",
        "system administration": "system-administration",
        "proofs of concept": None,
        "reverse proxy": "proxy-servers",
        "Superset": "apache-superset",
    }
    for text, slug in expected.items():
        assert owner.get(loose(text)) == slug, (text, owner.get(loose(text)), slug)


def test_computer_science_is_a_skill_not_a_stop_word(seed_bundle: SeedBundle) -> None:
    by_slug = {s.slug: s for s in seed_bundle.skills}
    assert by_slug["computer-science"].nature is Nature.CONCEPT
    assert norm("Computer Science") not in seed_bundle.stoplist


@pytest.mark.parametrize("name", SPOKEN)
def test_spoken_languages_need_proficiency_context(seed_bundle: SeedBundle, name: str) -> None:
    """ "German company" or "French bank" must not count: every language needs context such as "fluent"."""
    skill = next((s for s in seed_bundle.skills if s.name == name), None)
    assert skill is not None, f"no spoken-language skill '{name}'"
    assert skill.nature is Nature.DOMAIN  # not LANGUAGE: that nature means a programming language
    assert skill.dimensions == ["spoken-languages"]
    assert skill.needs_context
    assert {"fluent", "native", "spoken", "written", "C1"} <= set(skill.context)
    for alias in skill.aliases:
        if len(alias.text.split()) == 1:
            assert alias.needs_context, (name, alias.text)


def test_spoken_languages_sit_under_client_facing_roles(seed_bundle: SeedBundle) -> None:
    holders = {r.slug for r in seed_bundle.roles if "spoken-languages" in r.dimensions}
    assert holders == LANGUAGE_ROLES
    assert "spoken-languages" in {d.slug for d in seed_bundle.dimensions}


def test_industry_domains_need_context(seed_bundle: SeedBundle) -> None:
    """ "Financial Services" or "Gaming" also describe the employer; only context makes them a requirement."""
    industries = [s for s in seed_bundle.skills if "industry-domains" in s.dimensions]
    names = {s.name for s in industries}
    assert {"Financial Services", "Banking", "FinTech", "Healthcare", "Gaming", "Retail", "Consulting"} <= names
    for s in industries:
        assert s.nature is Nature.DOMAIN and s.needs_context and "industry" in s.context, s.slug
        if s.dimensions == ["industry-domains"]:  # pure domains; E-commerce also has platform aliases (Hybris)
            assert all(a.needs_context for a in s.aliases), s.slug
