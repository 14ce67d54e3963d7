"""The parser on hand-made edge cases: rejections, HTML, bullets, no title, explicit title, determinism."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from taxo.engine.parse import parse_jd
from taxo.engine.parse.model import JDType, RejectReason, SectionKind, WorkMode

from .conftest import EXAMPLES_DIR, assert_verbatim, read_fixture

K = SectionKind
SHORT_JD = (
    "Java Developer\n\nResponsibilities\n- Build REST services with Spring Boot\n- Review code\n\n"
    "Requirements\n- 3+ years of Java experience\n- Good knowledge of SQL and Docker"
)


def test_empty_and_whitespace_are_rejected_as_empty() -> None:
    for text in ("", "   ", "\n\t \r\n", "\u00a0\u200b"):
        jd = parse_jd(text)
        assert jd.jd_type == JDType.REJECT
        assert jd.reject_reason == RejectReason.EMPTY, repr(text)
        assert jd.reject_detail


def test_markup_without_text_is_empty() -> None:
    jd = parse_jd("<html><body><p>&nbsp;</p><br/></body></html>")
    assert jd.reject_reason == RejectReason.EMPTY


def test_too_short() -> None:
    jd = parse_jd("Senior Java Developer wanted. Apply now!")
    assert jd.reject_reason == RejectReason.TOO_SHORT
    assert "6 words" in jd.reject_detail
    assert jd.clean_text == "Senior Java Developer wanted. Apply now!"
    assert parse_jd("one two three", min_words=2).reject_reason != RejectReason.TOO_SHORT


def test_ten_megabytes_is_rejected_as_too_long_before_any_work() -> None:
    text = ("We are looking for a developer with Python experience. " * 200_000)[:10_000_000]
    jd = parse_jd(text)
    assert jd.jd_type == JDType.REJECT
    assert jd.reject_reason == RejectReason.TOO_LONG
    assert "10,000,000" in jd.reject_detail
    assert jd.clean_text == "" and jd.sections == []
    assert len(jd.text_hash) == 16


def test_max_chars_is_a_parameter() -> None:
    assert parse_jd(SHORT_JD, max_chars=50).reject_reason == RejectReason.TOO_LONG
    assert parse_jd(SHORT_JD).jd_type == JDType.PASS


def test_short_real_jd_passes() -> None:
    jd = parse_jd(SHORT_JD)
    assert jd.jd_type == JDType.PASS
    assert jd.title == "Java Developer"
    assert [s.kind for s in jd.sections] == [K.META, K.RESPONSIBILITIES, K.REQUIREMENTS]


def test_german_jd_is_not_english() -> None:
    jd = parse_jd(read_fixture("german_jd.txt"))
    assert jd.reject_reason == RejectReason.NOT_ENGLISH
    assert "English" in jd.reject_detail


def test_chinese_jd_is_not_english() -> None:
    jd = parse_jd(read_fixture("chinese_jd.txt"))
    assert jd.reject_reason == RejectReason.NOT_ENGLISH
    assert "Latin" in jd.reject_detail


def test_recipe_and_news_are_not_job_descriptions() -> None:
    for name in ("recipe.txt", "news.txt"):
        jd = parse_jd(read_fixture(name))
        assert jd.reject_reason == RejectReason.NOT_A_JOB_DESCRIPTION, name
        assert jd.clean_text  # kept, so a caller can show what was refused


def test_html_input() -> None:
    jd = parse_jd(read_fixture("html_jd.html"))
    assert jd.jd_type == JDType.PASS
    assert "<" not in jd.clean_text and "&amp;" not in jd.clean_text and "&nbsp;" not in jd.clean_text
    assert "color: red" not in jd.clean_text  # <style> content dropped
    assert (jd.title, jd.title_source) == ("Data Engineer", "first_line")
    assert jd.company == "Globex"
    [responsibilities] = jd.responsibilities
    assert responsibilities.bullets == [
        "Design and build batch & streaming pipelines with Spark and Kafka",
        "Own the data model of our warehouse (Snowflake)",
        "Work closely with analysts and product managers",
    ]
    assert jd.must_have[0].bullets[0] == "3+ years of experience with Python and SQL"
    assert jd.nice_to_have[0].sentences == [
        "Experience with dbt is a plus.",
        "AWS Certified Data Analytics – Specialty",
    ]
    assert (jd.salary.min_amount, jd.salary.max_amount, jd.salary.currency, jd.salary.period) == (
        120_000,
        150_000,
        "USD",
        "year",
    )
    assert jd.urls == ["https://globex.example.com/jobs/42"]
    assert jd.certifications == ["AWS Certified Data Analytics – Specialty"]
    assert jd.experience.min_years == 3
    assert_verbatim(jd)


def test_stack_overflow_placeholders_survive() -> None:
    text = (
        "Senior QA Engineer ( m/f/d ) <ORGANIZATION>\n<ADDRESS> <ADDRESS> <LOCATION>\n"
        "Job type:\nFull-time\nRole:\nQA/Test Developer\n"
        "Job description\nIn order to support our growth we are looking for a Senior QA Engineer to join "
        "our team at <ORGANIZATION> .\nRequirements\nAt least 5 years of experience in Java or Kotlin .\n"
        "Good understanding of Agile methodologies and <b>Continuous Delivery</b> &amp; testing ."
    )
    jd = parse_jd(text)
    assert "<ORGANIZATION>" in jd.clean_text and "<ADDRESS>" in jd.clean_text and "<b>" not in jd.clean_text
    assert (jd.title, jd.title_source) == ("Senior QA Engineer", "first_line")  # not the "Role:" category
    assert jd.company is None
    assert jd.experience.min_years == 5
    assert jd.sections[0].kind == K.META
    assert jd.sections[0].text.startswith("Senior QA Engineer ( m/f/d ) <ORGANIZATION>\n<ADDRESS>")
    assert jd.sections[0].text.endswith("Role:\nQA/Test Developer")
    assert [s.kind for s in jd.sections[1:]] == [K.INTRO, K.REQUIREMENTS]
    assert_verbatim(jd)


def test_every_bullet_kind() -> None:
    jd = parse_jd(read_fixture("bullets_jd.txt"))
    assert jd.responsibilities[0].bullets == [
        "Design REST services",
        "Review pull requests",
        "Write unit tests",
        "Deploy to Kubernetes",
        "Monitor production systems",
        "Improve observability",
    ]
    assert jd.must_have[0].bullets == [
        "Experience with Go",
        "Experience with PostgreSQL",
        "Three years of backend development experience",
        "Knowledge of Docker",
        "Good communication skills",
        "Fluent English",
    ]
    assert jd.responsibilities[0].sentences == jd.responsibilities[0].bullets
    assert jd.experience.min_years == 3
    assert_verbatim(jd)


def test_no_title_anywhere_still_passes() -> None:
    jd = parse_jd(read_fixture("no_title_jd.txt"))
    assert jd.jd_type == JDType.PASS
    assert jd.title is None and jd.title_source is None and jd.title_aliases == []
    assert [s.kind for s in jd.sections] == [K.INTRO, K.RESPONSIBILITIES, K.REQUIREMENTS]
    assert jd.experience.min_years == 4
    assert jd.education[0].field == "Computer Science"


def test_title_from_a_sentence_without_a_title_line() -> None:
    text = read_fixture("no_title_jd.txt").replace(
        "You will work", "We are seeking a highly motivated Senior Backend Engineer who will work"
    )
    jd = parse_jd(text)
    assert (jd.title, jd.title_source) == ("Senior Backend Engineer", "sentence")
    assert jd.title_aliases == ["Senior Backend Engineer", "Backend Engineer"]


def test_explicit_title_overrides_everything() -> None:
    jd = parse_jd(SHORT_JD, title="  Staff   Platform Engineer ")
    assert (jd.title, jd.title_source) == ("Staff Platform Engineer", "explicit")
    assert jd.title_aliases == ["Staff Platform Engineer", "Platform Engineer"]
    assert parse_jd(SHORT_JD, title="   ").title_source == "first_line"
    labelled = (EXAMPLES_DIR / "mumbai-swe.txt").read_text(encoding="utf-8")
    assert parse_jd(labelled, title="Full Stack Developer").title == "Full Stack Developer"


def test_explicit_title_lets_a_terse_jd_through() -> None:
    text = "Build our mobile apps. You will work with designers. " * 3 + "Kotlin and Swift required."
    assert parse_jd(text).reject_reason == RejectReason.NOT_A_JOB_DESCRIPTION
    assert parse_jd(text, title="Mobile Developer").jd_type == JDType.PASS


def test_work_mode_from_labelled_field_not_benefits() -> None:
    text = SHORT_JD + "\n\nLocation: Bangalore, India (Hybrid)\n\nBenefits\n- Remote work allowance\n- Gym"
    jd = parse_jd(text)
    [location] = jd.locations
    assert (location.city, location.state, location.country, location.work_mode) == (
        "Bengaluru",
        "Karnataka",
        "India",
        WorkMode.HYBRID,
    )
    remote_only = parse_jd(SHORT_JD + "\n\nThis role is fully remote.")
    assert [(loc.city, loc.work_mode) for loc in remote_only.locations] == [(None, WorkMode.REMOTE)]


def test_deterministic() -> None:
    for text in [SHORT_JD, read_fixture("html_jd.html"), (EXAMPLES_DIR / "amex-pyspark.txt").read_text()]:
        first, second = parse_jd(text), parse_jd(text)
        assert first == second
        assert first.model_dump_json() == second.model_dump_json()


def test_control_characters_and_lone_surrogates_do_not_break_it() -> None:
    text = SHORT_JD.replace("Review code", "Review\x00 code \ud800") + "\r\n\x0c\ufeff"
    jd = parse_jd(text)
    assert jd.jd_type == JDType.PASS
    assert "\ud800" not in jd.clean_text and "\x00" not in jd.clean_text
    jd.model_dump_json()  # serialisable


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list("•·-*–▪o1.a):\n <>&;#")), max_size=400))
def test_never_raises_on_any_string(text: str) -> None:
    jd = parse_jd(text, min_words=3)
    assert jd.jd_type in (JDType.PASS, JDType.REJECT)
    if jd.jd_type == JDType.PASS:
        assert_verbatim(jd)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Responsibilities",
                "Requirements:",
                "• Build APIs in Go.",
                "Nice to have",
                "- 5+ years of Java",
                "We are looking for a Senior Data Engineer to join us.",
                "Qualifications Bachelor's degree in CS.",
                "Acme is an equal opportunity employer.",
                "Location - Pune",
                "Salary: ₹12-18 LPA",
                "",
                "o Kafka",
                "1. Docker",
                "ABOUT US",
                "Our mission is to help teams ship.",
                "Experience with AWS is a plus.",
            ]
        ),
        min_size=8,
        max_size=30,
    )
)
def test_jd_shaped_text_keeps_invariants(lines: list[str]) -> None:
    jd = parse_jd("\n".join(lines), min_words=5)
    if jd.jd_type == JDType.PASS:
        assert_verbatim(jd)


KEYWORD_JD = """Position: Data Engineer
Location: Hyderabad / Bangalore
Experience: 4-7 years
CTC: 12-18 LPA
Mandatory Skills: Python, PySpark, SQL, Airflow, AWS Glue, Redshift, S3, Lambda, Databricks, Delta Lake
Good to have: Kafka, Snowflake, dbt"""


def test_terse_labelled_keyword_jd() -> None:
    jd = parse_jd(KEYWORD_JD)
    assert jd.jd_type == JDType.PASS
    assert (jd.title, jd.title_source) == ("Data Engineer", "labelled")
    assert [(loc.city, loc.state) for loc in jd.locations] == [("Hyderabad", "Telangana"), ("Bengaluru", "Karnataka")]
    assert (jd.experience.min_years, jd.experience.max_years) == (4, 7)
    assert (jd.salary.min_amount, jd.salary.max_amount, jd.salary.currency) == (1_200_000, 1_800_000, "INR")
    assert jd.technologies[:3] == ["Python", "PySpark", "SQL"]
    assert [s.kind for s in jd.sections] == [K.META, K.TECHNOLOGIES, K.NICE_TO_HAVE]
    assert jd.nice_to_have[0].text == "Kafka, Snowflake, dbt"
    assert_verbatim(jd)


def test_title_on_the_line_after_its_label() -> None:
    jd = parse_jd("Job Title:\nSenior Analyst\n\n" + SHORT_JD.split("\n", 1)[1])
    assert (jd.title, jd.title_source) == ("Senior Analyst", "labelled")


def test_a_heading_on_the_first_line_is_not_a_title() -> None:
    jd = parse_jd("About the Data Engineer role\n" + read_fixture("no_title_jd.txt"))
    assert jd.title is None
