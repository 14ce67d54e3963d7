"""Build the role catalog: ``seeds/roles/<slug>.yaml`` and ``seeds/role-alias-ambiguity.yaml``.

Inputs
    ``seeds/curated/roles/<slug>.yaml``       one curated role per file (format: ``seeds/curated/README.md``)
    ``seeds/curated/role-alias-ambiguity.yaml``  role aliases shared by several roles on purpose
    ``<data>/onet/``                          O*NET 29.3: occupations, task statements, alternate and reported titles
    ``<data>/esco/occupations_en.csv``        ESCO 1.1.1 occupations (preferred label -> URI)
    ``<data>/esco_onet_crosswalk/``           official ESCO-O*NET crosswalk (O*NET-SOC code -> ESCO URIs)

What the build adds to the curated files
    * O*NET codes are checked against ``Occupation Data.txt``.
    * ``kras`` entries of the form ``{onet: <Task ID>}`` get the task text from ``Task Statements.txt`` (source
      ``onet:29.3``, ``ref`` = Task ID); the task must belong to one of the role's O*NET codes.
    * ESCO occupations are given by preferred label and resolved to URIs; each must be linked to one of the role's
      O*NET codes by the crosswalk, unless listed under ``esco_outside_crosswalk`` with a reason.
    * An alias that O*NET lists as an alternate or reported title of one of the role's codes gets source
      ``onet:29.3``; every other alias is ``curated``.
    * Every generated role is validated with ``RoleSeed``; KRA texts must be unique across the catalog and shared
      aliases must match ``role-alias-ambiguity.yaml`` exactly.

The output is deterministic: the same inputs give byte-identical files.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taxo.core.errors import SeedError
from taxo.core.text import norm
from taxo.graph.seeds.models import AmbiguousRoleAlias, RoleSeed
from taxo.seeds.build.common import CURATED, ONET_SOURCE, dump_yaml, load_yaml, read_csv, read_tsv

ROLE_KEYS = {
    "slug",
    "name",
    "family",
    "parent",
    "description",
    "onet_soc",
    "esco",
    "esco_outside_crosswalk",
    "aliases",
    "kras",
    "dimensions",
}
REQUIRED_KEYS = {"slug", "name", "family", "description", "onet_soc", "aliases", "kras", "dimensions"}
AMBIGUITY = "role-alias-ambiguity.yaml"
_PAREN = re.compile(r"^(?P<main>.+?)\s*\((?P<inner>[^()]+)\)$")


@dataclass(frozen=True)
class SourceData:
    """The parts of O*NET and ESCO the role build needs, indexed for lookup."""

    occupations: dict[str, str]  # O*NET-SOC code -> title
    tasks: dict[str, tuple[str, str]]  # Task ID -> (O*NET-SOC code, task text)
    titles: dict[str, frozenset[str]]  # O*NET-SOC code -> normalised alternate and reported titles
    esco_uri: dict[str, str]  # ESCO preferred label -> occupation URI
    crosswalk: dict[str, frozenset[str]]  # O*NET-SOC code -> ESCO occupation URIs


# --------------------------------------------------------------------------------------------- source data


def _title_forms(title: str) -> set[str]:
    """Normalised forms of an O*NET title: "QA Engineer (Quality Assurance Engineer)" gives both parts."""
    forms = {norm(title)}
    m = _PAREN.match(title.strip())
    if m:
        forms |= {norm(m["main"]), norm(m["inner"])}
    return forms


def _crosswalk_skip(path: Path) -> int:
    """Number of preamble lines before the crosswalk's header row (the row starting with ``O*NET Id``)."""
    with path.open(encoding="utf-8-sig") as fh:
        for i, line in enumerate(fh):
            if line.startswith("O*NET Id,"):
                return i
    raise SeedError(f"{path}: no header row starting with 'O*NET Id'")


def load_source_data(data: Path) -> SourceData:
    """Read the O*NET, ESCO and crosswalk tables used by the role build."""
    onet = data / "onet"
    occupations = {r["O*NET-SOC Code"]: r["Title"] for r in read_tsv(onet / "Occupation Data.txt")}
    tasks = {r["Task ID"]: (r["O*NET-SOC Code"], r["Task"].strip()) for r in read_tsv(onet / "Task Statements.txt")}
    titles: dict[str, set[str]] = defaultdict(set)
    for r in read_tsv(onet / "Alternate Titles.txt"):
        titles[r["O*NET-SOC Code"]] |= _title_forms(r["Alternate Title"])
    for r in read_tsv(onet / "Sample of Reported Titles.txt"):
        titles[r["O*NET-SOC Code"]] |= _title_forms(r["Reported Job Title"])

    csv.field_size_limit(1 << 30)  # ESCO cells exceed the default limit
    esco_uri = {r["preferredLabel"]: r["conceptUri"] for r in read_csv(data / "esco" / "occupations_en.csv")}
    cw_path = data / "esco_onet_crosswalk" / "esco_onet_crosswalk_v1_sep2022.csv"
    crosswalk: dict[str, set[str]] = defaultdict(set)
    for r in read_csv(cw_path, skip=_crosswalk_skip(cw_path)):
        crosswalk[r["O*NET Id"].strip()].add(r["ESCO or ISCO URI"].strip())
    return SourceData(
        occupations=occupations,
        tasks=tasks,
        titles={k: frozenset(v) for k, v in titles.items()},
        esco_uri=esco_uri,
        crosswalk={k: frozenset(v) for k, v in crosswalk.items()},
    )


# --------------------------------------------------------------------------------------------- one role


def _fail(path: Path, msg: str) -> SeedError:
    return SeedError(f"{path}: {msg}")


def _check_keys(raw: Any, path: Path) -> dict[str, Any]:
    """The curated mapping, with unknown or missing keys reported."""
    if not isinstance(raw, dict):
        raise _fail(path, "expected a mapping")
    unknown = set(raw) - ROLE_KEYS
    missing = REQUIRED_KEYS - set(raw)
    if unknown:
        raise _fail(path, f"unknown keys {sorted(unknown)}")
    if missing:
        raise _fail(path, f"missing keys {sorted(missing)}")
    if raw["slug"] != path.stem:
        raise _fail(path, f"slug '{raw['slug']}' must equal the file name '{path.stem}'")
    return raw


def _onet_codes(raw: dict[str, Any], src: SourceData, path: Path) -> list[str]:
    codes = [str(c) for c in raw["onet_soc"]]
    for code in codes:
        if code not in src.occupations:
            raise _fail(path, f"O*NET-SOC code {code} is not in Occupation Data.txt")
    return codes


def _esco_uris(raw: dict[str, Any], codes: list[str], src: SourceData, path: Path) -> list[str]:
    """ESCO labels -> URIs; crosswalk-linked ones first, then the declared exceptions, in curated order."""
    linked = set().union(*(src.crosswalk.get(c, frozenset()) for c in codes))
    outside = raw.get("esco_outside_crosswalk") or {}
    uris: list[str] = []
    for label in raw.get("esco") or []:
        uri = src.esco_uri.get(label)
        if uri is None:
            raise _fail(path, f"ESCO occupation '{label}' not found in occupations_en.csv")
        if uri not in linked:
            hint = "list it under esco_outside_crosswalk with a reason"
            raise _fail(path, f"ESCO occupation '{label}' is not linked to {codes} by the crosswalk; {hint}")
        uris.append(uri)
    for label, reason in outside.items():
        uri = src.esco_uri.get(label)
        if uri is None:
            raise _fail(path, f"ESCO occupation '{label}' not found in occupations_en.csv")
        if not str(reason or "").strip():
            raise _fail(path, f"esco_outside_crosswalk '{label}' needs a reason")
        if uri in linked:
            raise _fail(path, f"ESCO occupation '{label}' is linked by the crosswalk; list it under esco")
        uris.append(uri)
    if len(set(uris)) != len(uris):
        raise _fail(path, "an ESCO occupation is listed twice")
    return uris


def _aliases(raw: dict[str, Any], codes: list[str], src: SourceData, path: Path) -> list[Any]:
    """Aliases with provenance: bare strings stay curated, O*NET titles of the role's codes get onet:29.3."""
    onet_titles = set().union(*(src.titles.get(c, frozenset()) for c in codes))
    seen = {norm(raw["name"])}
    out: list[Any] = []
    for entry in raw["aliases"]:
        alias = {"text": entry} if isinstance(entry, str) else dict(entry)
        key = norm(alias["text"])
        if key in seen:
            raise _fail(path, f"alias '{alias['text']}' repeats the name or another alias")
        seen.add(key)
        if key in onet_titles:
            alias["source"] = ONET_SOURCE
        out.append(alias["text"] if set(alias) == {"text"} else alias)
    return out


def _kras(raw: dict[str, Any], codes: list[str], src: SourceData, path: Path) -> list[dict[str, str]]:
    """Curated KRA strings and O*NET task references, resolved in curated order."""
    out: list[dict[str, str]] = []
    for entry in raw["kras"]:
        if isinstance(entry, str):
            out.append({"text": entry, "source": "curated"})
            continue
        task_id = str(entry.get("onet", "")) if isinstance(entry, dict) else ""
        if task_id not in src.tasks:
            raise _fail(path, f"KRA {entry!r}: expected a text or {{onet: <Task ID>}} of an existing O*NET task")
        code, text = src.tasks[task_id]
        if code not in codes:
            raise _fail(path, f"O*NET task {task_id} belongs to {code}, not to the role's codes {codes}")
        out.append({"text": text, "source": ONET_SOURCE, "ref": task_id})
    return out


def resolve_role(path: Path, src: SourceData) -> dict[str, Any]:
    """One curated role file -> the generated role mapping (validated with ``RoleSeed``)."""
    raw = _check_keys(load_yaml(path), path)
    codes = _onet_codes(raw, src, path)
    role: dict[str, Any] = {"slug": raw["slug"], "name": raw["name"], "family": raw["family"]}
    if raw.get("parent"):
        role["parent"] = raw["parent"]
    role |= {
        "description": " ".join(str(raw["description"]).split()),
        "onet_soc": codes,
        "esco": _esco_uris(raw, codes, src, path),
        "aliases": _aliases(raw, codes, src, path),
        "kras": _kras(raw, codes, src, path),
        "dimensions": list(raw["dimensions"]),
        "source": "curated",
    }
    try:
        RoleSeed.model_validate(role)
    except Exception as exc:  # pydantic.ValidationError, reported with the file
        raise _fail(path, f"generated role is invalid: {exc}") from None
    return role


# --------------------------------------------------------------------------------------------- catalog


def _check_dimensions(roles: list[dict[str, Any]], curated: Path) -> None:
    known = {d["slug"] for d in load_yaml(curated / "dimensions.yaml")}
    for r in roles:
        for d in r["dimensions"]:
            if d not in known:
                raise SeedError(f"role '{r['slug']}': unknown dimension '{d}'")
        if len(set(r["dimensions"])) != len(r["dimensions"]):
            raise SeedError(f"role '{r['slug']}': a dimension is listed twice")


def _check_parents(roles: list[dict[str, Any]]) -> None:
    slugs = {r["slug"] for r in roles}
    for r in roles:
        parent = r.get("parent")
        if parent is not None and (parent not in slugs or parent == r["slug"]):
            raise SeedError(f"role '{r['slug']}': parent '{parent}' is not another role of the catalog")


def _check_kras_unique(roles: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    for r in roles:
        for k in r["kras"]:
            key = norm(k["text"])
            if key in owner:
                raise SeedError(f"role '{r['slug']}': KRA '{k['text']}' is also a KRA of '{owner[key]}'")
            owner[key] = r["slug"]


def _alias_text(alias: Any) -> str:
    return alias if isinstance(alias, str) else alias["text"]


def _check_ambiguity(roles: list[dict[str, Any]], declared: list[AmbiguousRoleAlias]) -> None:
    """Shared aliases must be declared, and every declaration must match the roles that carry the alias."""
    carriers: dict[str, set[str]] = defaultdict(set)
    for r in roles:
        for text in [r["name"], *(_alias_text(a) for a in r["aliases"])]:
            carriers[norm(text)].add(r["slug"])
    declared_roles = {norm(a.text): set(a.roles) for a in declared}
    if len(declared_roles) != len(declared):
        raise SeedError(f"{AMBIGUITY}: an alias is declared twice")
    for key, slugs in sorted(carriers.items()):
        if len(slugs) > 1 and declared_roles.get(key) != slugs:
            listed = sorted(declared_roles.get(key, set()))
            raise SeedError(f"alias '{key}' is carried by {sorted(slugs)} but declared for {listed} in {AMBIGUITY}")
    for key, slugs in declared_roles.items():
        if carriers.get(key, set()) != slugs:
            carried = sorted(carriers.get(key, set()))
            raise SeedError(f"{AMBIGUITY}: '{key}' is declared for {sorted(slugs)} but carried by {carried}")


def _read_ambiguity(path: Path) -> list[AmbiguousRoleAlias]:
    raw = load_yaml(path) or []
    return [AmbiguousRoleAlias.model_validate(item) for item in raw]


def build(data: Path, seeds: Path, header: str) -> None:
    """Generate ``seeds/roles/*.yaml`` and ``seeds/role-alias-ambiguity.yaml`` from the curated role files."""
    src = load_source_data(data)
    roles = [resolve_role(p, src) for p in sorted((CURATED / "roles").glob("*.yaml"))]
    if not roles:
        raise SeedError(f"{CURATED / 'roles'}: no curated role files")
    _check_dimensions(roles, CURATED)
    _check_parents(roles)
    _check_kras_unique(roles)
    ambiguity = _read_ambiguity(CURATED / AMBIGUITY)
    _check_ambiguity(roles, ambiguity)

    out_dir = seeds / "roles"
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = {f"{r['slug']}.yaml" for r in roles}
    for stale in sorted(out_dir.glob("*.yaml")):
        if stale.name not in wanted:
            stale.unlink()
    for r in roles:
        role_header = f"{header}\nSource: seeds/curated/roles/{r['slug']}.yaml" if header else ""
        dump_yaml(r, out_dir / f"{r['slug']}.yaml", role_header)
    amb_header = f"{header}\nSource: seeds/curated/{AMBIGUITY}" if header else ""
    dump_yaml([a.model_dump() for a in ambiguity], seeds / AMBIGUITY, amb_header)
