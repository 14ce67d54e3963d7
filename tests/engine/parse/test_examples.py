"""The parser on the five example JDs of the system taxo replaces (tests/fixtures/examples)."""

from __future__ import annotations

import pytest

from taxo.engine.parse.model import JDType, ParsedJD, SectionKind, WorkMode

from .conftest import EXAMPLE_NAMES, assert_verbatim

K = SectionKind


def kinds(jd: ParsedJD) -> list[SectionKind]:
    return [s.kind for s in jd.sections]


def section(jd: ParsedJD, heading: str):
    return next(s for s in jd.sections if s.heading == heading)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_passes_with_verbatim_pieces(examples: dict[str, ParsedJD], name: str) -> None:
    jd = examples[name]
    assert jd.jd_type == JDType.PASS and jd.reject_reason is None
    assert len(jd.text_hash) == 16
    assert jd.word_count > 100
    assert_verbatim(jd)


def test_amex_sections(examples: dict[str, ParsedJD]) -> None:
    jd = examples["amex-pyspark"]
    assert kinds(jd) == [
        K.ABOUT_COMPANY,
        K.INTRO,
        K.RESPONSIBILITIES,
        K.REQUIREMENTS,
        K.NICE_TO_HAVE,
        K.NICE_TO_HAVE,
        K.LEGAL,
        K.BENEFITS,
        K.LEGAL,
    ]
    [responsibilities] = jd.responsibilities
    assert responsibilities.heading == "Key Responsibilities"
    assert len(responsibilities.bullets) == 8
    assert responsibilities.bullets[0].startswith("Responsible for designing system solutions")
    assert not any(b.startswith("•") for b in responsibilities.bullets)
    assert responsibilities.source_marker.first_words == "Responsible for designing system solutions,"
    assert responsibilities.source_marker.last_words == "meet our long-term business goals."
    [must] = jd.must_have
    assert must.heading == "Must Have Qualifications" and len(must.bullets) == 6
    assert [s.heading for s in jd.nice_to_have] == ["Good To Have Qualifications", "Preferred Additional"]
    assert len(jd.nice_to_have[1].bullets) == 5
    # The equal-opportunity paragraph after "Preferred Additional" is split off as legal text.
    assert not any("equal opportunity" in s.text for s in jd.nice_to_have)
    legal = [s for s in jd.sections if s.kind == K.LEGAL]
    assert all(s.text.startswith("American Express is an equal opportunity employer") for s in legal)
    assert "background verification check" in legal[-1].text
    benefits = section(jd, "Benefits")
    assert benefits.kind == K.BENEFITS and len(benefits.bullets) == 9


def test_amex_fields(examples: dict[str, ParsedJD]) -> None:
    jd = examples["amex-pyspark"]
    assert (jd.title, jd.title_source) == ("Senior Software Engineer", "sentence")
    assert jd.title_aliases == ["Senior Software Engineer", "Software Engineer"]
    assert jd.title_core == "Software Engineer"
    assert jd.company == "American Express"
    assert jd.about_company is not None
    assert jd.about_company.text.startswith("This job is with American Express")
    assert "American Express is embarking on an exciting transformation" in jd.about_company.text
    assert jd.domain is not None and jd.domain.name == "Financial Services"
    assert (jd.experience.min_years, jd.experience.max_years) == (7, 10)
    assert jd.experience.raw == "7-10+ years of software development experience"
    assert [(e.level, e.requirement) for e in jd.education] == [("Bachelor's", "required"), ("Master's", "required")]
    assert jd.education[0].field == "engineering or computer science or equivalent"
    assert jd.education[1].field == "Computer Applications or equivalent"
    # "Flexible working model with hybrid, onsite or virtual arrangements" is a benefit, not a location.
    assert jd.locations == []
    assert jd.salary is None and jd.urls == [] and jd.certifications == []


def test_cosmosdb_inline_headings(examples: dict[str, ParsedJD]) -> None:
    jd = examples["cosmosdb"]
    [responsibilities] = jd.responsibilities
    assert responsibilities.heading == "Responsibilities"
    assert responsibilities.text.startswith("You will be responsible for building a new massive scale")
    assert responsibilities.text.endswith("solve the challenges that come along the way.")
    [must] = jd.must_have
    assert must.heading == "Qualifications"
    assert must.text.startswith("Bachelor’s/Master’s/PhD with work or research experience")
    assert must.text.endswith("debugging and analytical skills.")
    assert kinds(jd)[-1] == K.LEGAL
    assert jd.sections[-1].text.startswith("Microsoft is an equal opportunity employer.")
    assert "reasonable accommodation" in jd.sections[-1].text
    intro = [s for s in jd.sections if s.kind == K.INTRO]
    assert any(s.text.startswith("We are looking for highly motivated") for s in intro)


def test_cosmosdb_fields(examples: dict[str, ParsedJD]) -> None:
    jd = examples["cosmosdb"]
    assert jd.title is None and jd.title_source is None and jd.title_aliases == [] and jd.title_core is None
    assert jd.company == "Microsoft"  # "join the Azure Cosmos DB team" names a team
    assert jd.about_company.text.startswith("Azure Cosmos DB is Microsoft’s next generation")
    assert jd.domain is not None and jd.domain.name == "Cloud Computing / Software"
    assert (jd.experience.min_years, jd.experience.max_years) == (8, None)
    assert jd.experience.raw == "8+ years of experience"
    assert [e.level for e in jd.education] == ["Bachelor's", "Master's", "PhD"]
    assert {e.field for e in jd.education} == {"computer science or related field"}
    assert all(e.requirement == "required" for e in jd.education)


def test_m365_inline_headings_and_bullets(examples: dict[str, ParsedJD]) -> None:
    jd = examples["m365"]
    assert kinds(jd) == [K.ABOUT_COMPANY, K.RESPONSIBILITIES, K.REQUIREMENTS, K.LEGAL]
    assert jd.about_company.heading == "Overview"
    assert jd.about_company.text.startswith("We, in the M365Core org at Microsoft")
    [responsibilities] = jd.responsibilities
    assert len(responsibilities.bullets) == 5
    assert responsibilities.bullets[0].startswith("Customer Requirements: Partner with stakeholders")
    # "Customer Requirements:" inside a bullet is not a heading; "Qualifications" + "Required
    # Qualifications:" are two headings in a row, the first one empty.
    [must] = jd.must_have
    assert must.heading == "Required Qualifications"
    assert must.bullets[1] == "OR equivalent experience."
    assert must.bullets[-1] == "Demonstrated problem-solving, coding and debugging skills."
    assert jd.sections[-1].text.startswith("#M365Core This position will be open")


def test_m365_fields(examples: dict[str, ParsedJD]) -> None:
    jd = examples["m365"]
    assert jd.title is None
    assert jd.company == "Microsoft"
    assert (jd.experience.min_years, jd.experience.raw) == (7, "7+ years technical engineering experience")
    [education] = jd.education
    assert (education.level, education.field) == ("Bachelor's", "Computer Science or related technical field")
    assert education.requirement == "required"  # "OR equivalent experience" keeps it required


def test_mumbai_labelled_fields(examples: dict[str, ParsedJD]) -> None:
    jd = examples["mumbai-swe"]
    assert (jd.title, jd.title_source) == ("Software Engineer", "labelled")
    assert kinds(jd) == [K.META, K.REQUIREMENTS, K.RESPONSIBILITIES]
    assert jd.must_have[0].heading == "Key Skills"
    assert jd.responsibilities[0].heading == "Roles & Responsbilities"  # typo tolerated
    assert len(jd.responsibilities[0].sentences) == 6
    [location] = jd.locations
    assert (location.city, location.state, location.country, location.raw) == (
        "Mumbai",
        "Maharashtra",
        "India",
        "Mumbai",
    )
    assert (jd.experience.min_years, jd.experience.max_years) == (1, None)
    assert jd.experience.raw == "Minimum 1 years of relevant experience"
    assert [(e.level, e.requirement) for e in jd.education] == [("Graduate", "required"), ("Bachelor's", "preferred")]
    assert jd.education[1].field == "computer science or related technology field"


def test_mumbai_missing_space_sentences(examples: dict[str, ParsedJD]) -> None:
    sentences = examples["mumbai-swe"].must_have[0].sentences
    assert sentences[0] == "A bachelor's degree in computer science or related technology field is preferred."
    assert sentences[1] == "Minimum 1 years of relevant experience in Software Development."


def test_php_games(examples: dict[str, ParsedJD]) -> None:
    jd = examples["php-games"]
    assert (jd.title, jd.title_source) == ("Software Engineer", "sentence")
    assert kinds(jd) == [K.INTRO, K.META, K.RESPONSIBILITIES, K.REQUIREMENTS]
    assert len(jd.responsibilities[0].bullets) == 7
    [must] = jd.must_have
    assert must.heading == "Experience & Education Required" and len(must.bullets) == 12
    [location] = jd.locations
    assert (location.city, location.state, location.country) == ("Gurgaon", "Haryana", "India")
    assert location.work_mode == WorkMode.ONSITE  # from "Work from Office"
    assert (jd.experience.min_years, jd.experience.max_years) == (3, None)
    assert jd.education == []
    assert jd.domain is not None and jd.domain.name == "Gaming"
    assert jd.company is None
