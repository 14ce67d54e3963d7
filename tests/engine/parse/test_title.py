"""Job titles: first-line cleaning, labelled and sentence titles, and alias-lookup variants."""

from __future__ import annotations

import pytest

from taxo.engine.parse import title_variants
from taxo.engine.parse.title import clean_title, first_line_title, strip_seniority, title_core, title_from_sentence

# Real first lines of Stack Overflow postings (SkillSpan) and the title they should give.
FIRST_LINES = [
    ("Senior QA Engineer ( m/f/d ) <ORGANIZATION>", "Senior QA Engineer"),
    ("Front End Developer - React Nodejs TypeScript", "Front End Developer - React Nodejs TypeScript"),
    (
        "Full Stack Java Developer ( Top Secret Clearance ) <ORGANIZATION> <ADDRESS> <ADDRESS> <LOCATION>",
        "Full Stack Java Developer (Top Secret Clearance)",
    ),
    (
        "( Sen. ) Backend Engineer at <ORGANIZATION> - The Mobile Wallet 50 mio users ( full-time ) <ORGANIZATION>",
        "(Sen.) Backend Engineer",
    ),
    (
        "Site Reliability Engineer ( SRE ) ( JoinOCI-SDE ) <ORGANIZATION> <ORGANIZATION>",
        "Site Reliability Engineer (SRE) (JoinOCI-SDE)",
    ),
    ("Java Backend Engineer with Integration Expertise", "Java Backend Engineer with Integration Expertise"),
    ("FULL STACK SOFTWARE DEVELOPER ( M/F/D )", "Full Stack Software Developer"),
    ("Senior Fullstack Engineer ( m/f/d ) - OMS", "Senior Fullstack Engineer - OMS"),
    ("Head of IT ( m/f/d )", "Head of IT"),
    (
        "Senior Python Developer ( m//f/d ) with Kubernetes-Focus for Monitoring-Company <ORGANIZATION>",
        "Senior Python Developer with Kubernetes-Focus for Monitoring-Company",
    ),
    (
        "Senior Frontend Developer | React JS Developer f/m/x <ORGANIZATION> <LOCATION>",
        "Senior Frontend Developer | React JS Developer",
    ),
    (
        "<ORGANIZATION> Cloud Services - Site Reliability Engineer Kubernetes ( <ORGANIZATION> <LOCATION> 2021",
        "Site Reliability Engineer Kubernetes",
    ),
    ("Senior . NET SW Engineer", "Senior .NET SW Engineer"),
    (
        "Technical Lead Developer <ORGANIZATION> <ADDRESS> <LOCATION> - <LOCATION> Date posted: 2020-12-21 Likes: 0",
        "Technical Lead Developer",
    ),
    ("Bioinformatician - COVID Data Analysis", "Bioinformatician - COVID Data Analysis"),
    (
        "SENIOR BPMN CAMUNDA JAVA SOFTWARE DEVELOPER ( M/F/D ) <ORGANIZATION>",
        "Senior BPMN Camunda Java Software Developer",
    ),
]


@pytest.mark.parametrize(("line", "expected"), FIRST_LINES)
def test_first_line_titles(line: str, expected: str) -> None:
    assert first_line_title(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "This job is with American Express, an inclusive employer and a member of myGwork.",
        "We are looking for a Partner Success Manager ( PSM ) to manage our partners",
        "Do you want to be the Knowledge Management Consultant ensuring local content?",
        "As Account Security Manager in <ORGANIZATION> your primary role is being the point of contact",
        "Software Engineering",
        "Description",
        "About Us",
        "Human Resource Management <ORGANIZATION> You now have the unique opportunity to join",
    ],
)
def test_lines_that_are_not_titles(line: str) -> None:
    assert first_line_title(line) is None


@pytest.mark.parametrize(
    ("title", "variants"),
    [
        ("Senior QA Engineer ( m/f/d ) <ORGANIZATION>", ["Senior QA Engineer", "QA Engineer"]),
        (
            "Front End Developer - React Nodejs TypeScript",
            ["Front End Developer - React Nodejs TypeScript", "Front End Developer"],
        ),
        (
            "Full Stack Java Developer ( Top Secret Clearance )",
            ["Full Stack Java Developer (Top Secret Clearance)", "Full Stack Java Developer"],
        ),
        (
            "( Sen. ) Backend Engineer at <ORGANIZATION> - The Mobile Wallet",
            ["(Sen.) Backend Engineer", "Backend Engineer"],
        ),
        (
            "Site Reliability Engineer ( SRE ) ( JoinOCI-SDE )",
            ["Site Reliability Engineer (SRE) (JoinOCI-SDE)", "Site Reliability Engineer", "SRE"],
        ),
        (
            "Java Backend Engineer with Integration Expertise",
            ["Java Backend Engineer with Integration Expertise", "Java Backend Engineer"],
        ),
        ("FULL STACK SOFTWARE DEVELOPER ( M/F/D )", ["Full Stack Software Developer"]),
        (
            "Senior Fullstack Engineer ( m/f/d ) - OMS",
            ["Senior Fullstack Engineer - OMS", "Senior Fullstack Engineer", "Fullstack Engineer"],
        ),
        ("Head of IT ( m/f/d )", ["Head of IT"]),
        ("Frontend/Backend Developer", ["Frontend/Backend Developer", "Frontend Developer", "Backend Developer"]),
        (
            "Senior UI/UX Designer",
            [
                "Senior UI/UX Designer",
                "UI/UX Designer",
                "Senior UI Designer",
                "UI Designer",
                "Senior UX Designer",
                "UX Designer",
            ],
        ),
        (
            "Quality Assurance (QA) Engineer",
            ["Quality Assurance (QA) Engineer", "Quality Assurance Engineer", "QA Engineer"],
        ),
        ("Software Engineer II", ["Software Engineer II", "Software Engineer"]),
        ("Sr. Data Engineer, Level 3", ["Sr. Data Engineer, Level 3", "Data Engineer"]),
        ("Lead Java Software Engineer", ["Lead Java Software Engineer", "Java Software Engineer"]),
        ("Software Engineering Lead", ["Software Engineering Lead"]),
        ("Principal Engineer eCommerce", ["Principal Engineer eCommerce", "Principal Engineer"]),
        ("Research Software Engineers", ["Research Software Engineers", "Research Software Engineer"]),
        (
            "Staff Specialist or Medical Consultant",
            ["Staff Specialist or Medical Consultant", "Staff Specialist", "Medical Consultant"],
        ),
        ("Backend Engineer (Remote)", ["Backend Engineer (Remote)", "Backend Engineer"]),
        ("Marketing Intern", ["Marketing Intern"]),
    ],
)
def test_title_variants(title: str, variants: list[str]) -> None:
    assert title_variants(title) == variants


def test_variants_are_unique_and_never_empty() -> None:
    for title, _ in FIRST_LINES:
        variants = title_variants(title)
        assert variants and all(variants)
        assert len({v.casefold() for v in variants}) == len(variants)
    assert title_variants("   ") == []


def test_clean_title() -> None:
    assert clean_title("Android Engineer ( m/f/x ) onsite or remote ( in <LOCATION> ) <ORGANIZATION>") == (
        "Android Engineer onsite or remote"
    )
    assert clean_title("Frontend Engineer (all genders)") == "Frontend Engineer"
    assert clean_title("Java Developer – Full-time job – <LOCATION>") == "Java Developer – Full-time job"
    assert clean_title("<ORGANIZATION>") is None


def test_strip_seniority_keeps_the_role() -> None:
    assert strip_seniority("Senior Associate") == "Associate"
    assert strip_seniority("Lead") == "Lead"
    assert strip_seniority("Junior Intern") == "Intern"
    assert strip_seniority("Entry-level Graduate Analyst") == "Analyst"


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "We are looking for an innovative, experienced, and talented senior software engineer "
            "who will work closely",
            "Senior Software Engineer",
        ),
        ("We are looking for an experienced software engineer to join our Backend team.", "Software Engineer"),
        (
            "Are you a self-driven Embedded Software Engineer with a high degree of knowledge?",
            "Embedded Software Engineer",
        ),
        (
            "<ORGANIZATION> is looking for a Lead Integration Developer to play an important role",
            "Lead Integration Developer",
        ),
        ("We are looking for a Partner Success Manager ( PSM ) to manage relationships", "Partner Success Manager"),
        ("A position as senior researcher is vacant at the department", "Senior Researcher"),
        ("We are hiring a full-time Site Reliability Engineer (SRE) in Berlin.", "Site Reliability Engineer"),
        ("We are looking for engineers who are passionate about solving complex problems", None),
        ("We are looking for highly motivated and self-driven individuals who are passionate", None),
        ("As a world leader in diabetes care we offer our employees opportunities", None),
        ("We want to be the market leader in digital payments.", None),
    ],
)
def test_title_from_sentence(sentence: str, title: str | None) -> None:
    assert title_from_sentence(sentence) == title


@pytest.mark.parametrize(
    ("title", "core"),
    [
        ("Senior Fullstack Engineer ( m/f/d ) - OMS", "Fullstack Engineer"),
        ("Site Reliability Engineer ( SRE ) ( JoinOCI-SDE )", "Site Reliability Engineer"),
        ("( Sen. ) Backend Engineer", "Backend Engineer"),
        ("Senior UI/UX Designer", "UI/UX Designer"),
        ("Head of IT ( m/f/d )", "Head of IT"),
        ("Principal Engineer eCommerce", "Principal Engineer"),  # "Engineer" alone names no role
        ("Research Software Engineers", "Research Software Engineer"),
        ("Front End Developer - React Nodejs TypeScript", "Front End Developer"),
    ],
)
def test_title_core(title: str, core: str) -> None:
    assert title_core(title) == core
    assert core in title_variants(title)
