"""The typed record a job description parses into (step 1's first stage)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JDType(StrEnum):
    """Whether the text is processed (``pass``) or refused (``reject``, with a reason)."""

    PASS = "pass"
    REJECT = "reject"


class RejectReason(StrEnum):
    """Why a text is not processed."""

    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_ENGLISH = "not_english"
    NOT_A_JOB_DESCRIPTION = "not_a_job_description"


class SectionKind(StrEnum):
    """What a block of the JD is about; decides how its sentences are used."""

    INTRO = "intro"  # text before the first heading that is not about the company
    ABOUT_COMPANY = "about_company"
    RESPONSIBILITIES = "responsibilities"
    REQUIREMENTS = "requirements"  # must-have qualifications and skills
    NICE_TO_HAVE = "nice_to_have"  # preferred, bonus, good to have
    TECHNOLOGIES = "technologies"  # an explicit list: "Technologies:", "Tech stack:", "Key skills:"
    EDUCATION = "education"
    BENEFITS = "benefits"
    LEGAL = "legal"  # equal-opportunity and similar boilerplate
    META = "meta"  # labelled fields such as "Location:", "Job type:", "Experience level:"
    OTHER = "other"


class SourceMarker(_Model):
    """Where a block sits in the JD: its first and last words, verbatim."""

    first_words: str
    last_words: str


class Section(_Model):
    """A block of the JD under one heading (or none)."""

    kind: SectionKind
    heading: str | None = Field(None, description="the heading as written, if there was one")
    text: str = Field(description="the block's text, verbatim from the cleaned JD")
    bullets: list[str] = Field(default_factory=list, description="bullet items, bullet characters removed")
    sentences: list[str] = Field(default_factory=list, description="the block split into sentences")
    word_count: int = 0
    source_marker: SourceMarker | None = None


class Experience(_Model):
    """Years of experience asked for."""

    min_years: float | None = None
    max_years: float | None = None
    raw: str


class Education(_Model):
    """A degree or qualification asked for."""

    level: str | None = Field(None, description="e.g. Bachelor's, Master's, PhD, Diploma")
    field: str | None = Field(None, description="e.g. Computer Science or related")
    requirement: str = Field("required", pattern=r"^(required|preferred)$")
    raw: str


class WorkMode(StrEnum):
    """Where the work happens."""

    ONSITE = "onsite"
    REMOTE = "remote"
    HYBRID = "hybrid"


class Location(_Model):
    """A place of work."""

    city: str | None = None
    state: str | None = None
    country: str | None = None
    work_mode: WorkMode | None = None
    raw: str


class Salary(_Model):
    """Pay, as stated."""

    min_amount: float | None = None
    max_amount: float | None = None
    currency: str | None = None
    period: str | None = Field(None, description="year, month, day or hour")
    raw: str


class Domain(_Model):
    """The business domain of the employer (e.g. Financial Services) and the words that showed it."""

    name: str
    evidence: list[str] = Field(default_factory=list)


class ParsedJD(_Model):
    """Everything the parser reads from a JD. Offline and deterministic: same text, same record."""

    jd_type: JDType
    reject_reason: RejectReason | None = None
    reject_detail: str | None = None
    text_hash: str = Field(description="sha256 (16 hex) of the original text")
    clean_text: str = Field("", description="the text after HTML and bullet clean-up; offsets refer to it")
    title: str | None = None
    title_source: str | None = Field(None, description="explicit | labelled | first_line | sentence")
    title_aliases: list[str] = Field(default_factory=list, description="title variants for alias lookup")
    title_core: str | None = Field(
        None, description="the role the title names, without seniority and qualifiers: 'Fullstack Engineer'"
    )
    company: str | None = None
    about_company: Section | None = None
    domain: Domain | None = None
    experience: Experience | None = None
    education: list[Education] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    responsibilities: list[Section] = Field(default_factory=list)
    must_have: list[Section] = Field(default_factory=list)
    nice_to_have: list[Section] = Field(default_factory=list)
    technologies: list[str] = Field(default_factory=list, description="entries of an explicit technology list")
    certifications: list[str] = Field(default_factory=list)
    salary: Salary | None = None
    urls: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list, description="every block, in order")
    word_count: int = 0
