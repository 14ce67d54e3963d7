"""The SkillSpan converter on hand-made SkillSpan-shaped files (CI has no copy of the real data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.convert_skillspan import (
    ConversionError,
    bio_ranges,
    build_text,
    convert,
    derive_title,
    load_role_map,
    load_title_labels,
    main,
    role_field_of,
)

ROLE_MAP = """
so_roles:
  Backend Developer:
    roles: [backend-engineer, java-backend-developer]
    reason: generic backend plus Java
  Frontend Developer:
    roles: [frontend-engineer]
    reason: literal
fields:
  "Backend Developer": [Backend Developer]
  "Frontend Developer": [Frontend Developer]
  "Backend Developer Frontend Developer": [Backend Developer, Frontend Developer]
"""

TITLE_LABELS = """
train-tech-2:
  kind: override
  field: Frontend Developer
  roles: [java-backend-developer, backend-engineer]
  reason: Java Developer title, Java EE text; the Frontend field is wrong.
train-house-3:
  kind: house
  new_role: true
  reason: Hotel housekeeping.
dev-tech-1:
  kind: no_field
  title: Senior Dev
  roles: [backend-engineer]
  reason: Generic backend posting.
"""

TAXONOMY = frozenset({"backend-engineer", "java-backend-developer", "frontend-engineer"})


def sentence(source: str, idx: int, tokens: str, knowledge: str | None = None, skill: str | None = None) -> dict:
    toks = tokens.split(" ")
    return {
        "idx": idx,
        "tokens": toks,
        "tags_knowledge": (knowledge or " ".join("O" * len(toks))).split(" "),
        "tags_skill": (skill or " ".join("O" * len(toks))).split(" "),
        "source": source,
    }


TRAIN = [
    # train-tech-1: header inlined in the first line (Role: Backend Developer), Java and Spring Boot in the body
    sentence(
        "tech",
        1,
        "Senior Java Developer <ORGANIZATION> <LOCATION> Date posted: 2021-01-01 Job type: Full-time "
        "Role: Backend Developer Industry: Banking Technologies java",
        knowledge="O O O O O O O O O O O O O O O O O B",
    ),
    sentence("tech", 1, "You know Java and Spring Boot .", knowledge="O O B O B I O"),
    sentence("tech", 1, "Work in a team .", skill="B I I I O"),
    # train-tech-2: "Role:" on its own sentence, inconsistent with the title -> title_labels override
    sentence("tech", 2, "Java Developer <ORGANIZATION>"),
    sentence("tech", 2, "Role:"),
    sentence("tech", 2, "Frontend Developer"),
    sentence("tech", 2, "Java EE and JSF .", knowledge="B I O B O"),
    # train-house-3: a house posting, first line is prose, no title
    sentence("house", 3, "We need a housekeeper with English .", knowledge="O O O O O B O"),
]
DEV = [
    # dev-tech-1: no Role field, labelled; title overridden by the label
    sentence("tech", 1, "Senior Dev ( m/f/d ) <ORGANIZATION>"),
    sentence("tech", 1, "Python and SQL .", knowledge="B O B O"),
]


def posting(pid: str, split: str, source: str, idx: int, rows: list[dict], role: str | None) -> dict:
    sentences = [" ".join(r["tokens"]) for r in rows if (r["source"], r["idx"]) == (source, idx)]
    return {
        "posting_id": pid,
        "split": split,
        "source": source,
        "idx": idx,
        "title_line": sentences[0],
        "so_role_field": role,
        "so_technologies_field": None,
        "sentences": sentences,
    }


def write_data(root: Path, train: list[dict] = TRAIN, dev: list[dict] = DEV) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    postings = [
        posting("train-tech-1", "train", "tech", 1, train, None),
        posting("train-tech-2", "train", "tech", 2, train, "Frontend Developer"),
        posting("train-house-3", "train", "house", 3, train, None),
        posting("dev-tech-1", "dev", "tech", 1, dev, None),
    ]
    (root / "train.json").write_text("".join(json.dumps(r) + "\n" for r in train), encoding="utf-8")
    (root / "dev.json").write_text("".join(json.dumps(r) + "\n" for r in dev), encoding="utf-8")
    (root / "postings.jsonl").write_text("".join(json.dumps(p) + "\n" for p in postings), encoding="utf-8")
    return root


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "role_map.yaml").write_text(ROLE_MAP, encoding="utf-8")
    (tmp_path / "title_labels.yaml").write_text(TITLE_LABELS, encoding="utf-8")
    (tmp_path / "roles.tsv").write_text(
        "slug\tdisplay_name\tfamily\tonet_soc_hint\n" + "".join(f"{s}\tX\tx\t1\n" for s in sorted(TAXONOMY)),
        encoding="utf-8",
    )
    return {"data": write_data(tmp_path / "data"), "dir": tmp_path}


def run(setup: dict[str, Path], labels_yaml: str | None = None, role_map_yaml: str | None = None) -> list[dict]:
    if labels_yaml is not None:
        (setup["dir"] / "title_labels.yaml").write_text(labels_yaml, encoding="utf-8")
    if role_map_yaml is not None:
        (setup["dir"] / "role_map.yaml").write_text(role_map_yaml, encoding="utf-8")
    return convert(
        setup["data"],
        load_role_map(setup["dir"] / "role_map.yaml"),
        load_title_labels(setup["dir"] / "title_labels.yaml"),
        TAXONOMY,
    )


def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


# -- building blocks ---------------------------------------------------------------------------------


def test_build_text_offsets() -> None:
    text, offsets = build_text([["Java", "and", "Go"], ["SQL", "."]])
    assert text == "Java and Go\nSQL ."
    assert offsets == [[(0, 4), (5, 8), (9, 11)], [(12, 15), (16, 17)]]


def test_bio_ranges_including_orphan_inside() -> None:
    assert bio_ranges(["B", "I", "O", "I", "I", "B"]) == [(0, 2), (3, 5), (5, 6)]
    with pytest.raises(ConversionError):
        bio_ranges(["B", "X"])


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Front-end Developer", "Front-end Developer"),
        ("Senior QA Engineer ( m/f/d ) <ORGANIZATION>", "Senior QA Engineer ( m/f/d )"),
        ("Principal DevOps Engineer - <ORGANIZATION> <ADDRESS>", "Principal DevOps Engineer"),
        ("Android Engineer ( m/f/x ) onsite ( in <LOCATION> ) <ORGANIZATION>", "Android Engineer ( m/f/x ) onsite"),
        ("<ORGANIZATION> Cloud - SRE ( <ORGANIZATION> )", "<ORGANIZATION> Cloud - SRE"),
        ("iOS Developer <ORGANIZATION> Date posted: 2021-03-12 Role: Mobile Developer", "iOS Developer"),
        ("<ORGANIZATION> <ORGANIZATION>", None),
    ],
)
def test_derive_title(line: str, title: str | None) -> None:
    assert derive_title(line) == title
    if title is not None:
        assert line.startswith(title)


def test_role_field_sentence_and_inline_forms() -> None:
    assert role_field_of(["x", "Role:", "QA/Test Developer", "Industry:"]) == "QA/Test Developer"
    inline = (
        "T <ORGANIZATION> Job type: Full-time Experience level: Senior Role: DevOps System Administrator Industry: X"
    )
    assert role_field_of([inline]) == "DevOps System Administrator"
    # "Role:" in prose outside the header is not the field
    assert role_field_of(["The Role: This role will be responsible for QA ."]) is None


def test_role_map_split_and_union() -> None:
    from eval.convert_skillspan import RoleMap

    rm = RoleMap(
        {"Backend Developer": ("be", "java"), "Frontend Developer": ("fe", "react")},
        {"Backend Developer Frontend Developer": ("Backend Developer", "Frontend Developer")},
    )
    assert rm.split("Backend Developer Frontend Developer") == ("Backend Developer", "Frontend Developer")
    assert rm.roles_for("Backend Developer Frontend Developer") == ("be", "fe", "java", "react")  # primaries first
    with pytest.raises(ConversionError):
        rm.split("Backend Developer Game Developer")
    with pytest.raises(ConversionError):
        rm.roles_for("Backend Developer")  # not listed under `fields`


# -- the conversion ----------------------------------------------------------------------------------


def test_offsets_slice_to_span_text(setup: dict[str, Path]) -> None:
    records = run(setup)
    assert [r["id"] for r in records] == ["train-tech-1", "train-tech-2", "train-house-3", "dev-tech-1"]
    for r in records:
        for s in r["skills"]:
            assert r["text"][s["start"] : s["end"]] == s["text"]
        for s in r["body_skills"]:
            assert r["body"][s["start"] : s["end"]] == s["text"]
    r = by_id(records)["train-tech-1"]
    line1 = r["text"].split("\n")[0]
    assert r["text"].startswith(line1 + "\nYou know Java and Spring Boot .\nWork in a team .")
    spans = [(s["text"], s["label"]) for s in r["skills"]]
    assert spans == [
        ("java", "KNOWLEDGE"),
        ("Java", "KNOWLEDGE"),
        ("Spring Boot", "KNOWLEDGE"),
        ("Work in a team", "SKILL"),
    ]
    java = r["skills"][1]
    assert (java["start"], java["end"]) == (len(line1) + 1 + len("You know "), len(line1) + 1 + len("You know Java"))


def test_body_removes_title_and_shifts_offsets(setup: dict[str, Path]) -> None:
    records = by_id(run(setup))
    r = records["train-tech-1"]
    assert r["title"] == "Senior Java Developer"
    shift = len("Senior Java Developer ")
    assert r["body"] == r["text"][shift:]
    assert r["body"].startswith("<ORGANIZATION> <LOCATION> Date posted:")
    assert [(s["start"] + shift, s["end"] + shift, s["text"]) for s in r["body_skills"]] == [
        (s["start"], s["end"], s["text"]) for s in r["skills"]
    ]
    r2 = records["train-tech-2"]
    assert r2["title"] == "Java Developer"
    assert r2["body"].startswith("<ORGANIZATION>\nRole:\n")
    house = records["train-house-3"]
    assert house["title"] is None and house["body"] == house["text"]
    assert house["body_skills"] == house["skills"]
    dev = records["dev-tech-1"]
    assert dev["title"] == "Senior Dev"  # the label's title wins over the derived one
    assert dev["body"] == "( m/f/d ) <ORGANIZATION>\nPython and SQL ."


def test_spans_in_the_title_are_not_in_the_body(setup: dict[str, Path]) -> None:
    train = [dict(TRAIN[0])] + TRAIN[1:]
    train[0]["tags_knowledge"] = ["O", "B"] + ["O"] * (len(train[0]["tokens"]) - 2)  # "Java" in the title
    write_data(setup["data"], train=train)
    r = by_id(run(setup))["train-tech-1"]
    assert r["skills"][0]["text"] == "Java" and r["skills"][0]["start"] == len("Senior ")
    assert "Java" not in [s["text"] for s in r["body_skills"] if s["start"] < 5]
    assert len(r["body_skills"]) == len(r["skills"]) - 1


def test_role_mapping_and_overrides(setup: dict[str, Path]) -> None:
    records = by_id(run(setup))
    assert records["train-tech-1"]["roles"] == ["backend-engineer", "java-backend-developer"]
    assert (records["train-tech-1"]["new_role"], records["train-tech-1"]["role_gold_source"]) == (
        False,
        "so_role_field",
    )
    # the field says Frontend Developer; the reviewed label overrides it
    assert records["train-tech-2"]["roles"] == ["java-backend-developer", "backend-engineer"]
    assert records["train-tech-2"]["role_gold_source"] == "title_review"
    assert records["train-house-3"]["roles"] is None and records["train-house-3"]["new_role"] is True
    assert records["dev-tech-1"]["roles"] == ["backend-engineer"]
    assert set(records["dev-tech-1"]) == {
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
    }


def test_unjudged_label_gives_null_gold(setup: dict[str, Path]) -> None:
    labels = TITLE_LABELS.replace(
        "dev-tech-1:\n  kind: no_field\n  title: Senior Dev\n  roles: [backend-engineer]\n"
        "  reason: Generic backend posting.",
        "dev-tech-1:\n  kind: unjudged\n  reason: Too little text to judge.",
    )
    r = by_id(run(setup, labels_yaml=labels))["dev-tech-1"]
    assert (r["roles"], r["new_role"], r["role_gold_source"]) == (None, False, None)


def test_deterministic_output(setup: dict[str, Path]) -> None:
    out1, out2 = setup["dir"] / "a.jsonl", setup["dir"] / "b.jsonl"
    common = [
        "--data",
        str(setup["data"]),
        "--role-map",
        str(setup["dir"] / "role_map.yaml"),
        "--title-labels",
        str(setup["dir"] / "title_labels.yaml"),
        "--roles-tsv",
        str(setup["dir"] / "roles.tsv"),
    ]
    assert main([*common, "--out", str(out1)]) == 0
    assert main([*common, "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    lines = out1.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["id"] == "train-tech-1"


@pytest.mark.parametrize(
    ("labels_yaml", "message"),
    [
        (
            TITLE_LABELS.replace(
                "train-house-3:\n  kind: house\n  new_role: true\n  reason: Hotel housekeeping.\n", ""
            ),
            "no Role field and no entry",
        ),
        (TITLE_LABELS + "train-tech-99:\n  kind: no_field\n  new_role: true\n  reason: x\n", "unknown postings"),
        (
            TITLE_LABELS + "train-tech-1:\n  kind: narrow\n  field: Backend Developer\n  roles: [frontend-engineer]\n"
            "  reason: x\n",
            "subset",
        ),
        (
            TITLE_LABELS
            + "train-tech-1:\n  kind: override\n  field: DevOps\n  roles: [backend-engineer]\n  reason: x\n",
            "Role is",
        ),
        (TITLE_LABELS + "train-tech-1:\n  kind: no_field\n  roles: [backend-engineer]\n  reason: x\n", "no_field"),
        (TITLE_LABELS.replace("roles: [backend-engineer]", "roles: [ghost-role]"), "not in the taxonomy"),
        (TITLE_LABELS.replace("title: Senior Dev", "title: Junior Dev"), "not a prefix"),
    ],
)
def test_conversion_errors(setup: dict[str, Path], labels_yaml: str, message: str) -> None:
    with pytest.raises(ConversionError, match=message):
        run(setup, labels_yaml=labels_yaml)


def test_label_file_validation(tmp_path: Path) -> None:
    path = tmp_path / "labels.yaml"
    for bad in (
        "p:\n  kind: house\n  reason: no decision\n",
        "p:\n  kind: narrow\n  roles: [a]\n  reason: narrow without field\n",
        "p:\n  kind: house\n  new_role: true\n",
        "p:\n  kind: weird\n  new_role: true\n  reason: x\n",
        "p:\n  kind: house\n  new_role: true\n  reason: x\n  colour: red\n",
    ):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ConversionError):
            load_title_labels(path)


def test_unknown_role_value_is_refused(setup: dict[str, Path]) -> None:
    train = list(TRAIN)
    train[5] = sentence("tech", 2, "Game Developer")
    write_data(setup["data"], train=train)
    postings = [json.loads(line) for line in (setup["data"] / "postings.jsonl").read_text().splitlines()]
    postings[1]["so_role_field"] = "Game Developer"
    (setup["data"] / "postings.jsonl").write_text("".join(json.dumps(p) + "\n" for p in postings))
    labels = TITLE_LABELS.replace("field: Frontend Developer", "field: Game Developer")
    with pytest.raises(ConversionError, match="not listed"):
        run(setup, labels_yaml=labels)


def test_misaligned_postings_are_refused(setup: dict[str, Path]) -> None:
    postings = [json.loads(line) for line in (setup["data"] / "postings.jsonl").read_text().splitlines()]
    postings[0]["sentences"][1] = "You know Go ."
    (setup["data"] / "postings.jsonl").write_text("".join(json.dumps(p) + "\n" for p in postings))
    with pytest.raises(ConversionError, match="differ"):
        run(setup)
