"""Read and check the seed files: every problem names the file, the entry and what is wrong."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from taxo.core.errors import SeedError
from taxo.core.text import norm
from taxo.graph.seeds.models import AmbiguousRoleAlias, DimensionSeed, Manifest, RoleSeed, SkillSeed

M = TypeVar("M", bound=BaseModel)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class SeedBundle:
    """All seed content, validated and cross-checked."""

    root: Path
    version: str
    manifest: Manifest
    roles: list[RoleSeed]
    dimensions: list[DimensionSeed]
    skills: list[SkillSeed]
    ambiguous_role_aliases: list[AmbiguousRoleAlias]
    stoplist: frozenset[str]
    origin: dict[str, str] = field(default_factory=dict)  # "kind:slug" -> relative file path

    def role_alias_roles(self) -> dict[str, set[str]]:
        """Normalised role alias (names included) -> slugs of the roles that carry it."""
        out: dict[str, set[str]] = defaultdict(set)
        for r in self.roles:
            for text in [r.name, *(a.text for a in r.aliases)]:
                out[norm(text)].add(r.slug)
        return out

    def declared_ambiguous(self) -> dict[str, set[str]]:
        """Normalised alias -> the roles it is declared to be shared by."""
        return {norm(a.text): set(a.roles) for a in self.ambiguous_role_aliases}


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise SeedError(f"{path}: not valid YAML: {exc}") from None


def _entry_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("slug") or raw.get("text"), str):
        return str(raw.get("slug") or raw.get("text"))
    return f"#{index}"


def _validate[M: BaseModel](model: type[M], raw: Any, path: Path, entry: str) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(entry)"
        raise SeedError(f"{path}: entry '{entry}': {loc}: {first['msg']}") from None


def _validate_list[M: BaseModel](model: type[M], path: Path) -> list[M]:
    raw = _load_yaml(path)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SeedError(f"{path}: expected a YAML list of entries")
    return [_validate(model, item, path, _entry_name(item, i)) for i, item in enumerate(raw)]


def read_seeds(root: Path, *, check_aliases: bool = True) -> SeedBundle:
    """Load every seed file under ``root`` and check references; raise ``SeedError`` on the first problem.

    ``check_aliases=False`` reads files whose aliases collide (for ``taxo seeds diff``, which reports them).
    """
    root = Path(root)
    if not (root / "manifest.yaml").is_file():
        raise SeedError(f"{root}: not a seed directory (no manifest.yaml)")
    files = sorted(p for p in root.rglob("*.yaml") if "build" not in p.relative_to(root).parts)
    digest = hashlib.sha256()
    for p in files:
        digest.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() + b"\0")

    manifest = _validate(Manifest, _load_yaml(root / "manifest.yaml"), root / "manifest.yaml", "manifest")
    origin: dict[str, str] = {}

    def rel(p: Path) -> str:
        return str(p.relative_to(root))

    def claim(kind: str, slug: str, path: Path) -> None:
        key = f"{kind}:{slug}"
        if key in origin:
            raise SeedError(f"{path}: entry '{slug}': duplicate {kind} slug (also in {origin[key]})")
        origin[key] = rel(path)

    dimensions = _validate_list(DimensionSeed, root / "dimensions.yaml")
    for d in dimensions:
        claim("dimension", d.slug, root / "dimensions.yaml")

    roles: list[RoleSeed] = []
    for path in sorted((root / "roles").glob("*.yaml")):
        role = _validate(RoleSeed, _load_yaml(path), path, path.stem)
        if role.slug != path.stem:
            raise SeedError(f"{path}: entry '{role.slug}': slug must equal the file name '{path.stem}'")
        claim("role", role.slug, path)
        roles.append(role)

    skills: list[SkillSeed] = []
    for path in sorted((root / "skills").glob("*.yaml")):
        for s in _validate_list(SkillSeed, path):
            claim("skill", s.slug, path)
            skills.append(s)

    amb_path = root / "role-alias-ambiguity.yaml"
    ambiguous = _validate_list(AmbiguousRoleAlias, amb_path) if amb_path.exists() else []
    stop_path = root / "stoplist.yaml"
    stop_raw = _load_yaml(stop_path) if stop_path.exists() else {"words": []}
    if not isinstance(stop_raw, dict) or not isinstance(stop_raw.get("words"), list):
        raise SeedError(f"{stop_path}: expected a mapping with a 'words' list")
    stoplist = frozenset(norm(str(w)) for w in stop_raw["words"])

    bundle = SeedBundle(root, digest.hexdigest()[:16], manifest, roles, dimensions, skills, ambiguous, stoplist, origin)
    _check_references(bundle)
    if check_aliases:
        _check_aliases(bundle)
    return bundle


def _check_references(b: SeedBundle) -> None:
    dims = {d.slug for d in b.dimensions}
    role_slugs = {r.slug for r in b.roles}
    for r in b.roles:
        path = b.root / b.origin[f"role:{r.slug}"]
        for d in r.dimensions:
            if d not in dims:
                raise SeedError(f"{path}: entry '{r.slug}': unknown dimension '{d}'")
        if r.parent is not None and r.parent not in role_slugs:
            raise SeedError(f"{path}: entry '{r.slug}': unknown parent role '{r.parent}'")
    for s in b.skills:
        path = b.root / b.origin[f"skill:{s.slug}"]
        for d in s.dimensions:
            if d not in dims:
                raise SeedError(f"{path}: entry '{s.slug}': unknown dimension '{d}'")
    amb_path = b.root / "role-alias-ambiguity.yaml"
    for a in b.ambiguous_role_aliases:
        for slug in a.roles:
            if slug not in role_slugs:
                raise SeedError(f"{amb_path}: entry '{a.text}': unknown role '{slug}'")


def _check_aliases(b: SeedBundle) -> None:
    """Role aliases may be shared only where declared; skill aliases never; no stop-listed skill."""
    declared = b.declared_ambiguous()
    for text, slugs in b.role_alias_roles().items():
        if len(slugs) > 1 and not slugs <= declared.get(text, set()):
            first = sorted(slugs)[0]
            path = b.root / b.origin[f"role:{first}"]
            raise SeedError(
                f"{path}: entry '{first}': alias '{text}' is shared by roles {sorted(slugs)} "
                "but not declared in role-alias-ambiguity.yaml"
            )
    owner: dict[str, str] = {}
    for s in b.skills:
        path = b.root / b.origin[f"skill:{s.slug}"]
        for text in {norm(s.name), *(norm(a.text) for a in s.aliases)}:
            if text in b.stoplist:
                raise SeedError(f"{path}: entry '{s.slug}': '{text}' is a stop-listed generic word, not a skill")
            if text in owner and owner[text] != s.slug:
                raise SeedError(f"{path}: entry '{s.slug}': alias '{text}' already belongs to skill '{owner[text]}'")
            owner[text] = s.slug
