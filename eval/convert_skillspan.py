"""Convert the SkillSpan development data (train + dev) into taxo's eval JSONL format.

    python -m eval.convert_skillspan --data /work/shared/data/skillspan_dev --out eval/data/skillspan_dev.jsonl

Input (see the data's README): ``train.json`` / ``dev.json`` hold one pre-tokenised sentence per line with
BIO tags for two span layers (``tags_knowledge``, ``tags_skill``); ``postings.jsonl`` groups the same
sentences into postings, in the same order, with the posting's Stack Overflow "Role:" field where present.

Output: one posting per line, the format of ``eval/README.md``. Text is rebuilt deterministically: the
tokens of a sentence joined by one space, the sentences joined by ``"\\n"``; span offsets are character
offsets into that text, taken from the BIO tags (so ``text[start:end]`` is exactly the tokens of the span).

Role gold comes from the posting's Role field mapped through ``eval/role_map.yaml``, unless
``eval/title_labels.yaml`` has a reviewed label for the posting, which wins. Every posting must end up
with a decision; the converter fails loudly on anything it cannot place (an unknown Role value, a
posting with neither field nor label, a label for a posting that does not exist, a slug not in the
taxonomy), so the committed file never silently drifts from the reviewed YAML.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

EVAL_DIR = Path(__file__).resolve().parent
REPO_ROOT = EVAL_DIR.parent
DEFAULT_ROLE_MAP = EVAL_DIR / "role_map.yaml"
DEFAULT_TITLE_LABELS = EVAL_DIR / "title_labels.yaml"
DEFAULT_ROLES_TSV = REPO_ROOT / "seeds" / "curated" / "required-roles.tsv"
SPLITS = ("train", "dev")
LAYERS = (("KNOWLEDGE", "tags_knowledge"), ("SKILL", "tags_skill"))
LABEL_KINDS = ("narrow", "override", "no_field", "house", "unjudged")

# The SO Jobs header, when it was not split into sentences, is one line such as
# "... Job type: Full-time Experience level: Senior Role: Backend Developer Industry: ... Technologies ...".
_HEADER_MARKERS = ("Job type:", "Date posted:")
_INLINE_ROLE = re.compile(
    r"(?:^| )Role: (?P<value>.+?)(?= Industry:| Technologies| Company size:| Company type:"
    r"| Job description| Compensation:| Location options:| Job type:| Experience level:|$)"
)
_PLACEHOLDER = re.compile(r"^<[A-Z]+>$")
# Tokens that cannot end a title once it is cut before the organisation/location placeholders.
_TITLE_TRAILERS = frozenset({"-", "–", "—", "|", "/", ":", "(", "at", "in", "@", ","})


class ConversionError(ValueError):
    """The input or the reviewed YAML does not allow a faithful conversion."""


# --------------------------------------------------------------------------------------------------
# Reviewed inputs
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleMap:
    """SO role names -> acceptable slugs, and every known raw Role value with its split."""

    so_roles: Mapping[str, tuple[str, ...]]
    fields: Mapping[str, tuple[str, ...]]

    def split(self, value: str) -> tuple[str, ...]:
        """Split a raw Role value into SO role names, greedily, longest name first.

        >>> RoleMap({"DevOps": ("d",), "System Administrator": ("s",)}, {}).split("DevOps System Administrator")
        ('DevOps', 'System Administrator')
        """
        names = sorted(self.so_roles, key=len, reverse=True)
        rest, parts = value.strip(), []
        while rest:
            for name in names:
                if rest == name or rest.startswith(name + " "):
                    parts.append(name)
                    rest = rest[len(name) :].lstrip()
                    break
            else:
                raise ConversionError(f"Role value {value!r}: cannot split {rest!r} into known SO role names")
        return tuple(parts)

    def roles_for(self, value: str) -> tuple[str, ...]:
        """The union of the slug sets of the SO roles in a raw Role value, primary slugs first."""
        if value not in self.fields:
            raise ConversionError(f"Role value {value!r} is not listed under `fields` in the role map; review it")
        parts = self.split(value)
        if parts != self.fields[value]:
            raise ConversionError(f"Role value {value!r} splits as {parts}, the role map lists {self.fields[value]}")
        sets = [self.so_roles[name] for name in parts]
        ordered = [s[0] for s in sets] + [slug for s in sets for slug in s[1:]]
        return tuple(dict.fromkeys(ordered))


@dataclass(frozen=True)
class TitleLabel:
    """A reviewed role decision for one posting (see eval/title_labels.yaml)."""

    kind: str
    reason: str
    roles: tuple[str, ...] | None = None
    new_role: bool = False
    field: str | None = None
    title: str | None = None
    has_title: bool = False  # True when the entry sets `title` (possibly to null)


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ConversionError(f"{where}: expected a non-empty list of strings, got {value!r}")
    if len(set(value)) != len(value):
        raise ConversionError(f"{where}: duplicate entries in {value!r}")
    return tuple(value)


def load_role_map(path: Path = DEFAULT_ROLE_MAP) -> RoleMap:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("so_roles"), dict):
        raise ConversionError(f"{path}: expected a mapping with `so_roles` and `fields`")
    so_roles: dict[str, tuple[str, ...]] = {}
    for name, entry in data["so_roles"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("reason"), str) or not entry["reason"].strip():
            raise ConversionError(f"{path}: so_roles.{name} needs `roles` and a `reason`")
        so_roles[str(name)] = _str_list(entry.get("roles"), f"{path}: so_roles.{name}.roles")
    fields = {
        str(value): _str_list(parts, f"{path}: fields.{value}") for value, parts in (data.get("fields") or {}).items()
    }
    role_map = RoleMap(so_roles, fields)
    for value, parts in fields.items():
        unknown = [p for p in parts if p not in so_roles]
        if unknown:
            raise ConversionError(f"{path}: fields.{value} uses unknown SO roles {unknown}")
        if role_map.split(value) != parts:
            raise ConversionError(f"{path}: fields.{value} does not split as listed")
    return role_map


def load_title_labels(path: Path = DEFAULT_TITLE_LABELS) -> dict[str, TitleLabel]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ConversionError(f"{path}: expected a mapping of posting id -> label")
    labels: dict[str, TitleLabel] = {}
    for pid, entry in data.items():
        where = f"{path}: {pid}"
        if not isinstance(entry, dict):
            raise ConversionError(f"{where}: expected a mapping")
        unknown = set(entry) - {"kind", "field", "roles", "new_role", "title", "reason"}
        if unknown:
            raise ConversionError(f"{where}: unknown keys {sorted(unknown)}")
        kind, reason = entry.get("kind"), entry.get("reason")
        if kind not in LABEL_KINDS:
            raise ConversionError(f"{where}: kind must be one of {LABEL_KINDS}, got {kind!r}")
        if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
            raise ConversionError(f"{where}: needs a one-line `reason`")
        roles = None if entry.get("roles") is None else _str_list(entry["roles"], f"{where}.roles")
        new_role = entry.get("new_role", False)
        if not isinstance(new_role, bool):
            raise ConversionError(f"{where}: new_role must be true or false")
        if kind == "unjudged":
            if roles is not None or new_role:
                raise ConversionError(f"{where}: an unjudged posting has no roles and new_role false")
        elif roles is None and not new_role:
            raise ConversionError(f"{where}: give `roles`, `new_role: true`, or kind `unjudged`")
        title = entry.get("title")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            raise ConversionError(f"{where}: title must be a non-empty string or null")
        field = entry.get("field")
        if kind in ("narrow", "override") and not isinstance(field, str):
            raise ConversionError(f"{where}: a {kind} label must quote the posting's Role `field`")
        if kind not in ("narrow", "override") and field is not None:
            raise ConversionError(f"{where}: only narrow/override labels have a `field`")
        labels[str(pid)] = TitleLabel(
            kind=kind,
            reason=reason.strip(),
            roles=roles,
            new_role=new_role,
            field=field,
            title=title,
            has_title="title" in entry,
        )
    return labels


def load_taxonomy_slugs(path: Path = DEFAULT_ROLES_TSV) -> frozenset[str]:
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return frozenset(row["slug"] for row in csv.DictReader(fh, delimiter="\t"))


# --------------------------------------------------------------------------------------------------
# Text, spans, titles
# --------------------------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def bio_ranges(tags: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` of the spans in a BIO sequence; an ``I`` without a ``B`` opens a span.

    >>> bio_ranges(["O", "B", "I", "O", "B", "B", "I"])
    [(1, 3), (4, 5), (5, 7)]
    """
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for i, tag in enumerate(tags):
        head = tag[:1]
        if head == "B" or (head == "I" and start is None):
            if start is not None:
                ranges.append((start, i))
            start = i
        elif head != "I":
            if head != "O":
                raise ConversionError(f"unknown BIO tag {tag!r}")
            if start is not None:
                ranges.append((start, i))
            start = None
    if start is not None:
        ranges.append((start, len(tags)))
    return ranges


def build_text(sentences: Sequence[Sequence[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Join tokens with one space and sentences with a newline; return the text and each token's offsets."""
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for s, tokens in enumerate(sentences):
        if s:
            parts.append("\n")
            pos += 1
        sentence_offsets = []
        for t, token in enumerate(tokens):
            if t:
                parts.append(" ")
                pos += 1
            parts.append(token)
            sentence_offsets.append((pos, pos + len(token)))
            pos += len(token)
        offsets.append(sentence_offsets)
    return "".join(parts), offsets


def derive_title(first_line: str) -> str | None:
    """The job title at the start of a tech posting's first line, as a prefix of that line.

    Stack Overflow Jobs pages start with the title, then the organisation/address placeholders and, in
    some postings, the whole header ("Date posted: ..."). The title is the line up to " Date posted:",
    cut before the first placeholder token that follows a real word, without dangling separators.

    >>> derive_title("Senior QA Engineer ( m/f/d ) <ORGANIZATION>")
    'Senior QA Engineer ( m/f/d )'
    >>> derive_title("Full Stack Engineer at <ORGANIZATION> <LOCATION> - <LOCATION> Date posted: 2021-01-08")
    'Full Stack Engineer'
    """
    tokens = first_line.split(" ")
    for i in range(len(tokens) - 1):
        if tokens[i] == "Date" and tokens[i + 1] == "posted:":
            tokens = tokens[:i]
            break
    seen_word = False
    for i, token in enumerate(tokens):
        if _PLACEHOLDER.match(token):
            if seen_word:
                tokens = tokens[:i]
                break
        elif token:
            seen_word = True
    while tokens and (tokens[-1] in _TITLE_TRAILERS or not tokens[-1]):
        tokens.pop()
    title = " ".join(tokens)
    return title if any(not _PLACEHOLDER.match(t) for t in tokens) else None


def role_field_of(sentences: Sequence[str]) -> str | None:
    """The posting's SO "Role:" value: a "Role:" sentence followed by the value, or inline in the header."""
    for i, sentence in enumerate(sentences):
        if sentence.strip() == "Role:" and i + 1 < len(sentences):
            return sentences[i + 1].strip()
    for sentence in sentences:
        if any(marker in sentence for marker in _HEADER_MARKERS):
            match = _INLINE_ROLE.search(sentence)
            if match:
                return match.group("value").strip()
    return None


# --------------------------------------------------------------------------------------------------
# Conversion
# --------------------------------------------------------------------------------------------------


def group_sentences(rows: Iterable[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Consecutive sentence rows with the same (source, idx) form one posting."""
    return [list(group) for _, group in itertools.groupby(rows, key=lambda r: (r["source"], r["idx"]))]


@dataclass(frozen=True)
class RoleGold:
    roles: tuple[str, ...] | None
    new_role: bool
    source: str | None


def decide_role(
    posting_id: str,
    source: str,
    field: str | None,
    role_map: RoleMap,
    labels: Mapping[str, TitleLabel],
) -> RoleGold:
    label = labels.get(posting_id)
    if label is None:
        if field is None:
            raise ConversionError(f"{posting_id}: no Role field and no entry in title_labels.yaml")
        return RoleGold(role_map.roles_for(field), False, "so_role_field")
    where = f"title_labels.yaml: {posting_id}"
    if label.kind in ("narrow", "override"):
        if field is None:
            raise ConversionError(f"{where}: kind {label.kind} but the posting has no Role field")
        if label.field != field:
            raise ConversionError(f"{where}: field {label.field!r} but the posting's Role is {field!r}")
        field_roles = role_map.roles_for(field)
        if label.kind == "narrow" and (
            label.new_role or label.roles is None or not set(label.roles) <= set(field_roles)
        ):
            raise ConversionError(f"{where}: a narrow label must be a subset of the field's set {field_roles}")
    elif label.kind == "no_field" and (field is not None or source != "tech"):
        raise ConversionError(f"{where}: kind no_field is for tech postings without a Role field")
    elif label.kind == "house" and source != "house":
        raise ConversionError(f"{where}: kind house on a {source} posting")
    if label.kind == "unjudged":
        return RoleGold(None, False, None)
    return RoleGold(label.roles, label.new_role, "title_review")


def _span(text: str, start: int, end: int, label: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end], "label": label}


def convert_posting(
    posting: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    role_map: RoleMap,
    labels: Mapping[str, TitleLabel],
    taxonomy: frozenset[str] | None = None,
) -> dict[str, Any]:
    """One eval record from a posting and its BIO sentence rows."""
    pid = posting["posting_id"]
    token_lists = [list(r["tokens"]) for r in rows]
    sentences = [" ".join(tokens) for tokens in token_lists]
    if posting.get("sentences") is not None and list(posting["sentences"]) != sentences:
        raise ConversionError(f"{pid}: postings.jsonl sentences differ from the BIO tokens")
    text, offsets = build_text(token_lists)

    skills: list[dict[str, Any]] = []
    for label_name, key in LAYERS:
        layer: list[dict[str, Any]] = []
        for row, sentence_offsets in zip(rows, offsets, strict=True):
            tags = row[key]
            if len(tags) != len(row["tokens"]):
                raise ConversionError(f"{pid}: {key} and tokens differ in length")
            for i, j in bio_ranges(tags):
                layer.append(_span(text, sentence_offsets[i][0], sentence_offsets[j - 1][1], label_name))
        expected = posting.get(f"{label_name.lower()}_spans")
        if expected is not None and [s["text"] for s in layer] != list(expected):
            raise ConversionError(f"{pid}: decoded {label_name} spans differ from postings.jsonl")
        skills.extend(layer)
    skills.sort(key=lambda s: (s["start"], s["end"], s["label"]))

    label = labels.get(pid)
    if label is not None and label.has_title:
        title = label.title
    elif posting["source"] == "tech" and sentences:
        title = derive_title(sentences[0])
    else:
        title = None
    if title is not None and not text.startswith(title):
        raise ConversionError(f"{pid}: title {title!r} is not a prefix of the posting text")
    body_start = 0
    if title is not None:
        body_start = len(title)
        while body_start < len(text) and text[body_start] in " \n":
            body_start += 1
    body = text[body_start:]
    # Spans inside (or straddling) the title are not part of the body; none do in SkillSpan.
    body_skills = [
        {**s, "start": s["start"] - body_start, "end": s["end"] - body_start}
        for s in skills
        if s["start"] >= body_start
    ]

    field = role_field_of(sentences)
    so_field = posting.get("so_role_field")
    if so_field is not None and so_field.strip() != field:
        raise ConversionError(f"{pid}: so_role_field {so_field!r} but the text says {field!r}")
    gold = decide_role(pid, posting["source"], field, role_map, labels)
    if taxonomy is not None and gold.roles is not None:
        unknown = [slug for slug in gold.roles if slug not in taxonomy]
        if unknown:
            raise ConversionError(f"{pid}: role slugs not in the taxonomy: {unknown}")

    return {
        "id": pid,
        "source": posting["source"],
        "split": posting["split"],
        "title": title,
        "text": text,
        "body": body,
        "skills": skills,
        "body_skills": body_skills,
        "roles": None if gold.roles is None else list(gold.roles),
        "new_role": gold.new_role,
        "role_gold_source": gold.source,
    }


def convert(
    data_dir: Path,
    role_map: RoleMap,
    labels: Mapping[str, TitleLabel],
    taxonomy: frozenset[str] | None = None,
) -> list[dict[str, Any]]:
    """All postings of ``postings.jsonl`` (its order), converted; checks the alignment with the BIO files."""
    data_dir = Path(data_dir)
    postings = read_jsonl(data_dir / "postings.jsonl")
    rows_by_id: dict[str, Sequence[Mapping[str, Any]]] = {}
    for split in SPLITS:
        groups = group_sentences(read_jsonl(data_dir / f"{split}.json"))
        split_postings = [p for p in postings if p["split"] == split]
        if len(groups) != len(split_postings):
            raise ConversionError(f"{split}: {len(groups)} sentence groups but {len(split_postings)} postings")
        for posting, group in zip(split_postings, groups, strict=True):
            if (posting["source"], posting["idx"]) != (group[0]["source"], group[0]["idx"]):
                raise ConversionError(f"{posting['posting_id']}: out of step with {split}.json")
            rows_by_id[posting["posting_id"]] = group
    unknown_labels = sorted(set(labels) - set(rows_by_id))
    if unknown_labels:
        raise ConversionError(f"title_labels.yaml has labels for unknown postings: {unknown_labels}")
    return [convert_posting(p, rows_by_id[p["posting_id"]], role_map, labels, taxonomy) for p in postings]


def dumps_record(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def write_jsonl(records: Iterable[Mapping[str, Any]], out: Path) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(dumps_record(r) + "\n" for r in records), encoding="utf-8")


def summarize(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts for the README and the run log: role gold by source, new_role, set sizes, spans."""
    by_source: Counter[str] = Counter()
    gold_by: Counter[tuple[str, str]] = Counter()
    new_role: Counter[str] = Counter()
    set_sizes: Counter[int] = Counter()
    spans: Counter[tuple[str, str]] = Counter()
    for r in records:
        by_source[r["source"]] += 1
        gold_by[(r["source"], str(r["role_gold_source"]))] += 1
        if r["new_role"]:
            new_role[r["source"] + (" (with roles)" if r["roles"] else "")] += 1
        if r["roles"]:
            set_sizes[len(r["roles"])] += 1
        for s in r["skills"]:
            spans[(r["source"], s["label"])] += 1
    return {
        "postings": dict(sorted(by_source.items())),
        "role_gold_source": {f"{s}/{g}": n for (s, g), n in sorted(gold_by.items())},
        "new_role": dict(sorted(new_role.items())),
        "role_set_sizes": dict(sorted(set_sizes.items())),
        "spans": {f"{s}/{label}": n for (s, label), n in sorted(spans.items())},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="SkillSpan dir: postings.jsonl, train/dev.json")
    parser.add_argument("--out", type=Path, required=True, help="eval JSONL to write")
    parser.add_argument("--role-map", type=Path, default=DEFAULT_ROLE_MAP)
    parser.add_argument("--title-labels", type=Path, default=DEFAULT_TITLE_LABELS)
    parser.add_argument("--roles-tsv", type=Path, default=DEFAULT_ROLES_TSV, help="taxonomy slugs to check against")
    args = parser.parse_args(argv)
    try:
        taxonomy = load_taxonomy_slugs(args.roles_tsv) if args.roles_tsv.exists() else None
        records = convert(args.data, load_role_map(args.role_map), load_title_labels(args.title_labels), taxonomy)
    except ConversionError as exc:
        print(f"convert_skillspan: {exc}", file=sys.stderr)
        return 1
    write_jsonl(records, args.out)
    print(json.dumps({"out": str(args.out), **summarize(records)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
