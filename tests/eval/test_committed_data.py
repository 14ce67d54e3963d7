"""The committed eval file eval/data/skillspan_dev.jsonl: well-formed, in the taxonomy, in step with the YAML."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from eval.convert_skillspan import (
    DEFAULT_ROLE_MAP,
    DEFAULT_TITLE_LABELS,
    decide_role,
    derive_title,
    load_role_map,
    load_title_labels,
    role_field_of,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "eval" / "data" / "skillspan_dev.jsonl"
ROLES_TSV = ROOT / "seeds" / "curated" / "required-roles.tsv"
KEYS = [
    "id",
    "source",
    "split",
    "title",
    "text",
    "body",
    "skills",
    "body_skills",
    "roles",
    "new_role",
    "role_gold_source",
]


@cache
def records() -> tuple[dict[str, Any], ...]:
    with DATA.open(encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh)


@cache
def taxonomy() -> frozenset[str]:
    with ROLES_TSV.open(encoding="utf-8", newline="") as fh:
        return frozenset(row["slug"] for row in csv.DictReader(fh, delimiter="\t"))


def test_shape_and_counts() -> None:
    rs = records()
    assert len(rs) == 198
    assert len({r["id"] for r in rs}) == 198
    assert all(list(r) == KEYS for r in rs)
    assert Counter((r["split"], r["source"]) for r in rs) == {
        ("train", "tech"): 80,
        ("train", "house"): 60,
        ("dev", "tech"): 29,
        ("dev", "house"): 29,
    }
    assert DATA.read_text(encoding="utf-8").endswith("\n")


def test_every_span_slices_to_its_text() -> None:
    for r in records():
        assert r["skills"], r["id"]
        for key, text in (("skills", r["text"]), ("body_skills", r["body"])):
            spans = r[key]
            assert spans == sorted(spans, key=lambda s: (s["start"], s["end"], s["label"])), r["id"]
            for s in spans:
                assert s["label"] in ("KNOWLEDGE", "SKILL"), r["id"]
                assert 0 <= s["start"] < s["end"] <= len(text), (r["id"], s)
                assert text[s["start"] : s["end"]] == s["text"], (r["id"], s)
                assert s["text"] == s["text"].strip() and s["text"], (r["id"], s)


def test_body_is_the_text_after_the_title() -> None:
    for r in records():
        shift = len(r["text"]) - len(r["body"])
        assert r["text"][shift:] == r["body"], r["id"]
        if r["title"] is None:
            assert shift == 0, r["id"]
        else:
            assert r["text"].startswith(r["title"]) and r["title"].strip() == r["title"], r["id"]
            assert r["text"][len(r["title"]) : shift].strip() == "", r["id"]
        expected = [
            {**s, "start": s["start"] - shift, "end": s["end"] - shift} for s in r["skills"] if s["start"] >= shift
        ]
        assert r["body_skills"] == expected, r["id"]


def test_tech_postings_have_titles() -> None:
    for r in records():
        if r["source"] == "tech":
            assert r["title"], r["id"]
            tokens = r["title"].split(" ")
            words = [i for i, t in enumerate(tokens) if not re.fullmatch(r"<[A-Z]+>", t)]
            assert words and not any(re.fullmatch(r"<[A-Z]+>", t) for t in tokens[words[0] :]), r["title"]


def test_every_role_slug_is_in_the_taxonomy() -> None:
    slugs = taxonomy()
    for r in records():
        for slug in r["roles"] or ():
            assert slug in slugs, (r["id"], slug)
    for name, roles in load_role_map().so_roles.items():
        assert set(roles) <= slugs, name


def test_every_posting_has_a_label_decision() -> None:
    labels = load_title_labels()
    for r in records():
        assert r["roles"] is None or (r["roles"] and len(set(r["roles"])) == len(r["roles"])), r["id"]
        assert isinstance(r["new_role"], bool)
        if r["roles"] is None and not r["new_role"]:
            # no gold: only by an explicit, reasoned "unjudged" label
            assert r["role_gold_source"] is None, r["id"]
            assert labels[r["id"]].kind == "unjudged" and labels[r["id"]].reason, r["id"]
        else:
            assert r["role_gold_source"] in ("so_role_field", "title_review"), r["id"]
        assert (r["role_gold_source"] == "so_role_field") == (r["id"] not in labels), r["id"]


def test_committed_file_is_in_step_with_the_reviewed_yaml() -> None:
    """Re-derive titles and role gold from the committed text and the YAML files (no source data needed)."""
    role_map = load_role_map(DEFAULT_ROLE_MAP)
    labels = load_title_labels(DEFAULT_TITLE_LABELS)
    assert set(labels) <= {r["id"] for r in records()}
    for r in records():
        sentences = r["text"].split("\n")
        label = labels.get(r["id"])
        if label is not None and label.has_title:
            title = label.title
        else:
            title = derive_title(sentences[0]) if r["source"] == "tech" else None
        assert r["title"] == title, r["id"]
        gold = decide_role(r["id"], r["source"], role_field_of(sentences), role_map, labels)
        assert r["roles"] == (None if gold.roles is None else list(gold.roles)), r["id"]
        assert (r["new_role"], r["role_gold_source"]) == (gold.new_role, gold.source), r["id"]


@pytest.mark.parametrize("source", ["tech", "house"])
def test_role_gold_coverage_by_source(source: str) -> None:
    rs = [r for r in records() if r["source"] == source]
    assert all(r["roles"] or r["new_role"] for r in rs)
    if source == "tech":
        assert sum(r["role_gold_source"] == "so_role_field" for r in rs) >= 15
        assert sum(bool(r["roles"]) for r in rs) >= 100
    else:
        assert sum(r["new_role"] and not r["roles"] for r in rs) >= 60  # mostly outside the tech taxonomy
