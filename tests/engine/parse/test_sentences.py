"""Sentence splitting and bullets: every piece is a verbatim substring of the text."""

from __future__ import annotations

import pytest

from taxo.engine.parse import split_sentences
from taxo.engine.parse.bullets import bullet_spans


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "A bachelor's degree is preferred.Minimum 1 years of relevant experience.",
            ["A bachelor's degree is preferred.", "Minimum 1 years of relevant experience."],
        ),
        (
            "Experience with Node.js and ASP.NET. Knowledge of .NET Core 3.1 is a plus.",
            ["Experience with Node.js and ASP.NET.", "Knowledge of .NET Core 3.1 is a plus."],
        ),
        (
            "Use NoSQL stores, e.g. HBase, i.e. column stores. Must be a U.S. Citizen. Reports to the Sr. Manager.",
            [
                "Use NoSQL stores, e.g. HBase, i.e. column stores.",
                "Must be a U.S. Citizen.",
                "Reports to the Sr. Manager.",
            ],
        ),
        (
            "Python 3.10 or later. Version 2.7 is not supported!",
            ["Python 3.10 or later.", "Version 2.7 is not supported!"],
        ),
        (
            "Know AWS, GCP, Azure, etc. Experience with Terraform.",
            ["Know AWS, GCP, Azure, etc.", "Experience with Terraform."],
        ),
        ("Do you like Go? Apply now.", ["Do you like Go?", "Apply now."]),
        (
            "Visit www.Example.com and Microsoft.Extensions.Logging docs.",
            ["Visit www.Example.com and Microsoft.Extensions.Logging docs."],
        ),
        ("Senior . NET SW Engineer wanted .", ["Senior . NET SW Engineer wanted ."]),
        (
            "We are looking for a Supply Chain Consultant\nwho will improve planning.\nNext line",
            ["We are looking for a Supply Chain Consultant\nwho will improve planning.", "Next line"],
        ),
        ("• Design APIs. Write tests.\n• Review code", ["Design APIs.", "Write tests.", "Review code"]),
        (
            "Responsibilities • Customer: Partner with teams. • Design: Lead reviews.",
            ["Responsibilities", "Customer: Partner with teams.", "Design: Lead reviews."],
        ),
        ("skills. #M365Core This position will be open.", ["skills.", "#M365Core This position will be open."]),
        ("", []),
        (" • \n - ", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
    assert all(s in text for s in sentences)


def test_bullet_kinds_and_markers_removed() -> None:
    text = "• one\n· two\n- three\n* four\n– five\n▪ six\no seven\no eight\n1. nine\n2) ten\na) eleven\n(b) twelve"
    items = [text[s:e] for s, e in bullet_spans(text)]
    assert items == ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def test_not_bullets() -> None:
    assert bullet_spans("-starter with drive\n2021 was a good year\nNode.js rocks") == []
    # a single line starting with "o " is a word, not a bullet
    assert bullet_spans("o Java\nis what we use") == []


def test_wrapped_bullet_and_inline_bullets() -> None:
    text = "• Build services that\nscale to millions\n• Own them\nBenefits include: • Gym • Lunch"
    items = [text[s:e] for s, e in bullet_spans(text)]
    assert items == ["Build services that\nscale to millions", "Own them", "Gym", "Lunch"]
