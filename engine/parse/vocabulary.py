"""The parser's word lists (``vocabulary.yaml``), read once and compiled.

Example: ``vocab().role_nouns`` contains ``"engineer"``; ``vocab().heading_kind["key skills"]`` is
``"requirements"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


def normalize_phrase(text: str) -> str:
    """Lower case, '&' -> 'and', curly quotes -> "'", other punctuation -> space, spaces collapsed.

    Example: ``normalize_phrase("Roles & Responsbilities:")`` -> ``"roles and responsbilities"``.
    """
    text = text.lower().replace("’", "'").replace("‘", "'").replace("&", " and ")
    text = re.sub(r"[^\w' ]+", " ", text)
    return " ".join(text.split()).strip("' ")


def _any(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


@dataclass(frozen=True)
class Vocabulary:
    """Compiled view of ``vocabulary.yaml``."""

    heading_kind: dict[str, str]
    inline_headings: tuple[str, ...]
    heading_keywords: tuple[tuple[str, tuple[str, ...]], ...]
    heading_keywords_with_colon: tuple[tuple[str, tuple[str, ...]], ...]
    meta_labels: frozenset[str]
    title_labels: tuple[str, ...]
    meta_lines: frozenset[str]
    legal: re.Pattern[str]
    about_cues: re.Pattern[str]
    role_cues: re.Pattern[str]
    plus_cues: re.Pattern[str]
    english_words: frozenset[str]
    foreign_words: frozenset[str]
    job_cues: tuple[re.Pattern[str], ...]
    role_nouns: frozenset[str]
    role_noun_suffixes: tuple[str, ...]
    role_noun_suffix_exceptions: frozenset[str]
    seniority_words: frozenset[str]
    title_adjectives: frozenset[str]
    title_ed_words: frozenset[str]
    title_cues: re.Pattern[str]
    title_cues_capitalised: re.Pattern[str]
    generic_role_words: frozenset[str]
    gender_tags: re.Pattern[str]
    acronyms: frozenset[str]
    acronym_spellings: dict[str, str]
    education_levels: tuple[tuple[str, re.Pattern[str]], ...]
    preferred_cues: re.Pattern[str]
    certifications: tuple[re.Pattern[str], ...]
    certification_stopwords: frozenset[str]
    currencies: dict[str, str]
    salary_periods: tuple[tuple[str, re.Pattern[str]], ...]
    salary_cues: re.Pattern[str]
    work_modes: tuple[tuple[str, re.Pattern[str]], ...]
    work_mode_sentences: re.Pattern[str]
    countries: dict[str, str]  # any spelling, lower case -> canonical name
    states: dict[str, tuple[str, str]]  # spelling, lower case -> (state, country)
    cities: dict[str, tuple[str, str | None, str]]  # spelling, lower case -> (city, state, country)
    domains: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]


def _load(data: dict[str, Any]) -> Vocabulary:
    heading_kind = {normalize_phrase(p): kind for kind, phrases in data["heading_phrases"].items() for p in phrases}
    countries = {c.lower(): c for c in data["countries"]}
    countries.update({k.lower(): v for k, v in data["country_names"].items()})
    states = {s.lower(): (s, country) for country, names in data["states"].items() for s in names}
    cities: dict[str, tuple[str, str | None, str]] = {c.lower(): (c, st, co) for c, (st, co) in data["cities"].items()}
    for alias, name in data["city_names"].items():
        cities[alias.lower()] = cities[name.lower()]
    return Vocabulary(
        heading_kind=heading_kind,
        inline_headings=tuple(sorted(data["inline_heading_phrases"], key=len, reverse=True)),
        heading_keywords=tuple(
            (kind, tuple(normalize_phrase(k) for k in keys)) for kind, keys in data["heading_keywords"]
        ),
        heading_keywords_with_colon=tuple(
            (kind, tuple(normalize_phrase(k) for k in keys)) for kind, keys in data["heading_keywords_with_colon"]
        ),
        meta_labels=frozenset(normalize_phrase(x) for x in data["meta_labels"]),
        title_labels=tuple(normalize_phrase(x) for x in data["title_labels"]),
        meta_lines=frozenset(x.lower() for x in data["meta_lines"]),
        legal=_any(data["legal_patterns"]),
        about_cues=_any(data["about_cues"]),
        role_cues=_any(data["role_cues"]),
        plus_cues=_any(data["plus_cues"]),
        english_words=frozenset(data["english_function_words"]),
        foreign_words=frozenset(data["foreign_function_words"]) - frozenset(data["english_function_words"]),
        job_cues=tuple(re.compile(p, re.IGNORECASE) for p in data["job_cues"]),
        role_nouns=frozenset(data["role_nouns"]),
        role_noun_suffixes=tuple(data["role_noun_suffixes"]),
        role_noun_suffix_exceptions=frozenset(data["role_noun_suffix_exceptions"]),
        seniority_words=frozenset(w.lower() for w in data["seniority_words"]),
        title_adjectives=frozenset(data["title_adjectives"]),
        title_ed_words=frozenset(data["title_ed_words"]),
        title_cues=_any(data["title_cues"]),
        title_cues_capitalised=_any(data["title_cues_capitalised"]),
        generic_role_words=frozenset(data["generic_role_words"]),
        gender_tags=_any(data["gender_tag_patterns"]),
        acronyms=frozenset(data["acronyms"]),
        acronym_spellings=dict(data["acronym_spellings"]),
        education_levels=tuple((level, _any(p)) for level, p in data["education_levels"].items()),
        preferred_cues=_any(data["preferred_cues"]),
        certifications=tuple(re.compile(p) for p in data["certification_patterns"]),
        certification_stopwords=frozenset(data["certification_stopwords"]),
        currencies=dict(data["currencies"]),
        salary_periods=tuple((period, _any(p)) for period, p in data["salary_periods"].items()),
        salary_cues=_any([rf"\b{c}\b" for c in data["salary_cues"]]),
        work_modes=tuple((mode, _any(p)) for mode, p in data["work_modes"].items()),
        work_mode_sentences=_any(data["work_mode_sentences"]),
        countries=countries,
        states=states,
        cities=cities,
        domains=tuple(
            (name, tuple(re.compile(p, re.IGNORECASE) for p in patterns)) for name, patterns in data["domains"].items()
        ),
    )


@cache
def vocab() -> Vocabulary:
    """The vocabulary, loaded and compiled on first use."""
    with VOCABULARY_FILE.open(encoding="utf-8") as handle:
        return _load(yaml.safe_load(handle))
