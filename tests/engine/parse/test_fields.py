"""Field extractors: experience, education, salary, locations, company, domain, certifications, URLs."""

from __future__ import annotations

import pytest

from taxo.engine.parse.company import find_company
from taxo.engine.parse.domain import find_domain
from taxo.engine.parse.education import education_in
from taxo.engine.parse.experience import find_experience, years_in
from taxo.engine.parse.headings import heading_kind, inline_headings
from taxo.engine.parse.locations import find_locations, parse_places
from taxo.engine.parse.mentions import find_certifications, find_urls, technology_entries
from taxo.engine.parse.model import WorkMode
from taxo.engine.parse.salary import salary_in


@pytest.mark.parametrize(
    ("sentence", "low", "high", "raw"),
    [
        (
            "7-10+ years of software development experience and leading teams",
            7,
            10,
            "7-10+ years of software development experience",
        ),
        ("3+ years of experience with a solid foundation in computer science", 3, None, "3+ years of experience"),
        (
            "Minimum 1 years of relevant experience in Software Development.",
            1,
            None,
            "Minimum 1 years of relevant experience",
        ),
        ("At least 5 years of combined experience in Java", 5, None, "At least 5 years of combined experience"),
        ("5 to 8 years of backend development", 5, 8, "5 to 8 years"),
        ("five years of experience in Go", 5, None, "five years of experience"),
        ("Experience: 3-5 yrs", 3, 5, "3-5 yrs"),
    ],
)
def test_years(sentence: str, low: float, high: float | None, raw: str) -> None:
    found = years_in(sentence)
    assert (found.min_years, found.max_years, found.raw) == (low, high, raw)
    assert found.raw in sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "A 3-year PhD position is available",
        "The company is over 10 years old",
        "We have been around for 20 years",
    ],
)
def test_not_years_of_experience(sentence: str) -> None:
    assert years_in(sentence, strict=True) is None


def test_headline_experience_is_the_largest_requirement() -> None:
    found = find_experience(["4+ years of PySpark", "7-10+ years of software development experience"], [])
    assert (found.min_years, found.max_years) == (7, 10)
    fallback = find_experience([], ["Our 40 years of experience in drilling", "You bring 2+ years of Java"])
    assert fallback.min_years == 2


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Bachelor’s degree in engineering or computer science or equivalent OR Master’s in Computer Applications.",
            [
                ("Bachelor's", "engineering or computer science or equivalent", "required"),
                ("Master's", "Computer Applications", "required"),
            ],
        ),
        (
            "Bachelor’s/Master’s/PhD with work or research experience in computer science or related field.",
            [(level, "computer science or related field", "required") for level in ("Bachelor's", "Master's", "PhD")],
        ),
        (
            "A bachelor's degree in computer science or related technology field is preferred.",
            [("Bachelor's", "computer science or related technology field", "preferred")],
        ),
        (
            "Bachelor's Degree in Computer Science or related technical field AND 7+ years experience "
            "OR equivalent experience.",
            [("Bachelor's", "Computer Science or related technical field", "required")],
        ),
        (
            "Qualification- Graduate (computer science or related degree)",
            [("Graduate", "computer science or related degree", "required")],
        ),
        (
            "Master of Science in Statistics preferred; Bachelor of Science in Mathematics required.",
            [("Master's", "Statistics", "preferred"), ("Bachelor's", "Mathematics", "required")],
        ),
        (
            "A degree in Computer Science or related fields or equivalent practical experience",
            [(None, "Computer Science or related fields", "required")],
        ),
        (
            "PhD in Physics, Diploma in Engineering or High school diploma",
            [("PhD", "Physics", "required"), ("Diploma", "Engineering", "required"), ("High school", None, "required")],
        ),
        ("Certified Scrum Master with MBA", [("Master's", None, "required")]),
        ("Scrum Master experience is required", []),
    ],
)
def test_education(sentence: str, expected: list[tuple]) -> None:
    found = education_in(sentence)
    assert [(e.level, e.field, e.requirement) for e in found] == expected
    assert all(e.raw == sentence.strip() for e in found)


def test_education_in_a_nice_to_have_block_is_preferred() -> None:
    [entry] = education_in("Master's degree in Data Science", preferred_block=True)
    assert entry.requirement == "preferred"


@pytest.mark.parametrize(
    ("line", "low", "high", "currency", "period", "raw"),
    [
        ("$120,000 - $150,000 per year", 120_000, 150_000, "USD", "year", "$120,000 - $150,000 per year"),
        ("CTC: ₹12-18 LPA", 1_200_000, 1_800_000, "INR", "year", "₹12-18 LPA"),
        ("Salary €60k–75k plus bonus", 60_000, 75_000, "EUR", None, "€60k–75k"),
        ("Compensation: £75k - 85k | Equity", 75_000, 85_000, "GBP", None, "£75k - 85k"),
        ("Hourly rate is £7.50 for a basic week", 7.5, None, "GBP", "hour", "£7.50"),
        ("Pay: 45.000 EUR per year", 45_000, None, "EUR", "year", "45.000 EUR per year"),
        ("Salary: 50,000 - 60,000", 50_000, 60_000, None, None, "50,000 - 60,000"),
    ],
)
def test_salary(line: str, low, high, currency, period, raw) -> None:
    found = salary_in(line)
    assert (found.min_amount, found.max_amount, found.currency, found.period, found.raw) == (
        low,
        high,
        currency,
        period,
        raw,
    )


@pytest.mark.parametrize(
    "line",
    [
        "We raised $5M in funding last year",
        "5% company matching",
        "2-3 years of experience",
        "Founded in 2015",
    ],
)
def test_not_salary(line: str) -> None:
    assert salary_in(line) is None


def test_places() -> None:
    assert parse_places("Gurgaon, Haryana") == [("Gurgaon", "Haryana", "India")]
    assert parse_places("Bangalore / Hyderabad") == [
        ("Bengaluru", "Karnataka", "India"),
        ("Hyderabad", "Telangana", "India"),
    ]
    assert parse_places("Mumbai, Pune, Delhi") == [
        ("Mumbai", "Maharashtra", "India"),
        ("Pune", "Maharashtra", "India"),
        ("Delhi", "Delhi", "India"),
    ]
    assert parse_places("Austin, TX, USA") == [("Austin", "Texas", "United States")]
    assert parse_places("Springfield") == [("Springfield", None, None)]
    assert parse_places("Remote Visa sponsor Paid relocation") == []
    assert parse_places("<LOCATION> <LOCATION>") == []


def test_locations_from_labelled_fields_title_and_sentences() -> None:
    [loc] = find_locations(["Job Location: Gurgaon, Haryana\nWork from Office"], None, [])
    assert (loc.city, loc.country, loc.work_mode, loc.raw) == ("Gurgaon", "India", WorkMode.ONSITE, "Gurgaon, Haryana")
    [loc] = find_locations(["Location options:\nRemote Visa sponsor Paid relocation"], None, [])
    assert (loc.city, loc.work_mode) == (None, WorkMode.REMOTE)
    [loc] = find_locations([], "Backend Engineer (Remote)", [])
    assert loc.work_mode == WorkMode.REMOTE
    [loc] = find_locations([], None, ["The position is based in London and offers hybrid working."])
    assert (loc.city, loc.country) == ("London", "United Kingdom")
    assert find_locations([], "Android Engineer onsite or remote", []) == []  # two modes: unclear
    assert find_locations([], None, ["Flexible working model with hybrid, onsite or virtual arrangements"]) == []


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("This job is with American Express, an inclusive employer.", "American Express"),
        ("Microsoft is an equal opportunity employer. All qualified applicants ...", "Microsoft"),
        ("Offer of employment with Acme Corp is conditioned upon checks.", "Acme Corp"),
        ("Intro.\nAt Globex, we build analytics tools.", "Globex"),
        ("Company: Initech\nRole: Developer", "Initech"),
        ("Joining the Azure Cosmos DB team is a fantastic opportunity.", None),
        ("Equal Opportunity Employer We are an equal opportunity employer.", None),
        ("At <ORGANIZATION>, we build things.", None),
    ],
)
def test_company(text: str, company: str | None) -> None:
    assert find_company(text) == company


def test_domain() -> None:
    found = find_domain("deliver payment products and world-class cardmember experiences to our cardmember base")
    assert found.name == "Financial Services"
    assert found.evidence == ["cardmember"]
    assert find_domain("components that run the game").name == "Gaming"
    assert find_domain("We build software.") is None
    assert find_domain("a hospital chain with a bank") is None  # a tie is unclear


def test_certifications_urls_and_technologies() -> None:
    assert find_certifications(
        [
            "AWS Certified Solutions Architect – Associate or PMP preferred",
            "Scrum Master certification is a plus; CompTIA Security+ and CKA welcome",
            "Relevant AWS certification",
            "Any certification",
        ]
    ) == [
        "AWS Certified Solutions Architect – Associate",
        "PMP",
        "Scrum Master certification",
        "CompTIA Security+",
        "CKA",
        "AWS certification",
    ]
    assert find_urls("Apply at https://acme.com/jobs/1. See www.acme.com, or https://acme.com/jobs/1") == [
        "https://acme.com/jobs/1",
        "www.acme.com",
    ]
    assert technology_entries("docker agile selenium circleci jenkins") == [
        "docker",
        "agile",
        "selenium",
        "circleci",
        "jenkins",
    ]
    assert technology_entries("• Languages: Java, Python\n• Kafka & Spark") == ["Java", "Python", "Kafka", "Spark"]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Key Responsibilities", "responsibilities"),
        ("Roles & Responsbilities", "responsibilities"),
        ("Must Have Qualifications", "requirements"),
        ("Good To Have Qualifications", "nice_to_have"),
        ("Preferred Additional", "nice_to_have"),
        ("Key Skills", "requirements"),
        ("Experience & Education Required", "requirements"),
        ("What we offer", "benefits"),
        ("REQUIREMENTS:", "requirements"),
        ("**Nice to have**", "nice_to_have"),
        ("Job description", "content"),
        ("About Acme", "about_company"),
        ("About the role", "content"),
        ("Tech Stack", "technologies"),
        ("Education", "education"),
        ("Equal Opportunity", "legal"),
        ("Bonus points", "nice_to_have"),
        ("Salary and Bonus", "benefits"),
        ("Docker and Kubernetes", None),
        ("Experience with Kafka", None),
    ],
)
def test_heading_kinds(heading: str, kind: str | None) -> None:
    assert heading_kind(heading) == kind


def test_inline_headings() -> None:
    line = "We build things. Responsibilities You will build. Qualifications Required Qualifications: • BSc"
    found = [(line[h.start : h.end], h.kind) for h in inline_headings(line)]
    assert found == [
        ("Responsibilities", "responsibilities"),
        ("Qualifications", "requirements"),
        ("Required Qualifications", "requirements"),
    ]
    assert inline_headings("• Customer Requirements: Partner with teams. Requirements gathering is key.") == []
